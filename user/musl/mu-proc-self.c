/*
 * mu-proc-self - /proc/self as programs read it: the modes of its files,
 * the exe, cwd and root links (their text, and that following one
 * reaches the inode itself), cmdline and environ bytes after an execve
 * with chosen strings, the fields of stat and statm and how they relate,
 * status's keys and the values that are the same on every run, and the
 * errors of making, removing and renaming names under /proc. Compared
 * with the reference Linux: everything printed is deterministic there.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static void say_errno(const char *what, long r)
{
	if (r < 0)
		printf("%s: %s\n", what, strerror(errno));
	else
		printf("%s: ok (%ld)\n", what, r);
}

static void show_mode(const char *path)
{
	struct stat st;
	if (lstat(path, &st)) {
		printf("%s: %s\n", path, strerror(errno));
		return;
	}
	printf("%s: %06o uid %d gid %d\n", path, (unsigned)st.st_mode, (int)st.st_uid,
	       (int)st.st_gid);
}

static void show_link(const char *path)
{
	char buf[512];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0) {
		printf("readlink %s: %s\n", path, strerror(errno));
		return;
	}
	buf[n] = 0;
	printf("readlink %s: \"%s\" (%zd)\n", path, buf, n);
}

static long read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	long total = 0, n;
	while ((n = read(fd, buf + total, size - 1 - (size_t)total)) > 0)
		total += n;
	close(fd);
	buf[total] = 0;
	return total;
}

/* Bytes as a C string: NULs as \0. */
static void show_bytes(const char *what, const char *b, long n)
{
	printf("%s (%ld): \"", what, n);
	for (long i = 0; i < n; i++) {
		if (b[i] == 0)
			printf("\\0");
		else if (b[i] >= 32 && b[i] < 127)
			putchar(b[i]);
		else
			printf("\\x%02x", (unsigned char)b[i]);
	}
	printf("\"\n");
}

static void modes(void)
{
	static const char *const names[] = { "stat", "status", "statm", "maps", "cmdline",
					     "environ", "mem", "exe", "cwd", "root",
					     "fd", "fdinfo", "task" };
	char path[64];
	show_mode("/proc/self");
	show_mode("/proc/self/");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "/proc/self/%s", names[i]);
		show_mode(path);
	}
	/* The thread's own directory, named by its tid (not printed). */
	struct stat st;
	snprintf(path, sizeof(path), "/proc/self/task/%d", getpid());
	printf("task/TID: %s\n", lstat(path, &st) ? strerror(errno) : "there");
	printf("task/TID mode: %06o\n", (unsigned)st.st_mode);
	snprintf(path, sizeof(path), "/proc/self/task/%d/fd", getpid());
	printf("task/TID/fd mode: %06o\n", lstat(path, &st) ? 0 : (unsigned)st.st_mode);
	char buf[256];
	snprintf(path, sizeof(path), "/proc/self/task/%d/exe", getpid());
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	printf("task/TID/exe: %.*s\n", n > 0 ? (int)n : 0, buf);
}

static void links(void)
{
	struct stat a, b;
	show_link("/proc/self/exe");
	show_link("/proc/self/root");
	mkdir("/tmp/pp-dir", 0755);
	if (chdir("/tmp/pp-dir"))
		printf("chdir: %s\n", strerror(errno));
	show_link("/proc/self/cwd");
	int fd = open("file", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	say_errno("write in cwd", write(fd, "abc", 3));
	close(fd);
	stat(".", &a);
	stat("/proc/self/cwd", &b);
	printf("cwd link reaches the directory: %s\n", a.st_ino == b.st_ino ? "yes" : "no");
	char buf[16] = { 0 };
	say_errno("read /proc/self/cwd/file", read_file("/proc/self/cwd/file", buf, sizeof(buf)));
	printf("its text: %s\n", buf);
	rename("/tmp/pp-dir", "/tmp/pp-moved");
	show_link("/proc/self/cwd");
	if (chdir("/proc/self/cwd"))
		printf("chdir /proc/self/cwd: %s\n", strerror(errno));
	stat(".", &b);
	printf("chdir through the link: %s\n", a.st_ino == b.st_ino ? "same" : "other");
	unlink("/tmp/pp-moved/file");
	rmdir("/tmp/pp-moved");
	show_link("/proc/self/cwd");
	char cwd[64];
	printf("getcwd in a removed directory: %s\n", getcwd(cwd, sizeof(cwd)) ? cwd : strerror(errno));
	chdir("/");
	fd = open("/proc/self/exe", O_RDONLY);
	memset(buf, 0, sizeof(buf));
	say_errno("read exe", read(fd, buf, 4));
	printf("exe starts with ELF: %s\n", memcmp(buf, "\177ELF", 4) == 0 ? "yes" : "no");
	close(fd);
	stat("/proc/self/exe", &a);
	stat("/bin/mu-proc-self", &b);
	printf("exe is the program: %s\n", a.st_ino == b.st_ino ? "yes" : "no");
	struct stat r;
	stat("/proc/self/root", &r);
	stat("/", &b);
	printf("root is /: %s\n", r.st_ino == b.st_ino ? "yes" : "no");
}

static void cmdline_environ(char **argv)
{
	static char buf[8192];
	long n = read_file("/proc/self/cmdline", buf, sizeof(buf));
	show_bytes("cmdline", buf, n);
	n = read_file("/proc/self/environ", buf, sizeof(buf));
	show_bytes("environ", buf, n);
	/* Byte by byte, from an offset. */
	int fd = open("/proc/self/cmdline", O_RDONLY);
	char c[4];
	lseek(fd, 2, SEEK_SET);
	printf("cmdline at 2: %ld '%c'\n", (long)read(fd, c, 1), c[0]);
	close(fd);

	/* stat: 52 fields, and how they relate to what the program knows. */
	n = read_file("/proc/self/stat", buf, sizeof(buf));
	char *close_paren = strrchr(buf, ')');
	int fields = 2;
	unsigned long long f[64] = { 0 };
	char state = '?';
	if (close_paren) {
		char *p = close_paren + 2;
		state = *p;
		fields++;
		p += 1;
		while (*p == ' ') {
			f[fields + 1] = strtoull(p + 1, &p, 10);
			fields++;
		}
	}
	printf("stat fields: %d, ends with newline: %s, state %c\n", fields,
	       n > 0 && buf[n - 1] == '\n' ? "yes" : "no", state);
	printf("stat pid is getpid: %s\n", atoi(buf) == getpid() ? "yes" : "no");
	printf("stat comm: %.*s\n", (int)(strchr(buf, ')') - strchr(buf, '(') + 1), strchr(buf, '('));
	printf("stat ppid is getppid: %s\n", (long)f[4] == getppid() ? "yes" : "no");
	printf("stat num_threads: %llu\n", f[20]);
	printf("stat rsslim: %llu\n", f[25]);
	printf("stat exit_signal: %llu\n", f[38]);
	printf("stat arg_start is argv[0]: %s\n", f[48] == (unsigned long)argv[0] ? "yes" : "no");
	printf("stat env_start is environ[0]: %s\n",
	       environ[0] && f[50] == (unsigned long)environ[0] ? "yes" : "no");
	printf("stat arg_end - arg_start: %llu\n", f[49] - f[48]);
	printf("stat env_end - env_start: %llu\n", f[51] - f[50]);
	printf("stat start_brk <= sbrk(0): %s\n", f[47] && f[47] <= (unsigned long)sbrk(0) ? "yes" : "no");
	printf("stat startstack above arg_start: %s\n", f[28] && f[28] < f[48] ? "below" : "not below");
	unsigned long vsize = f[23], rss = f[24];
	char sm[256];
	read_file("/proc/self/statm", sm, sizeof(sm));
	unsigned long s[7] = { 0 };
	int k = sscanf(sm, "%lu %lu %lu %lu %lu %lu %lu", &s[0], &s[1], &s[2], &s[3], &s[4], &s[5],
		       &s[6]);
	printf("statm fields: %d\n", k);
	printf("statm size * 4096 is vsize: %s\n", s[0] * 4096 == vsize ? "yes" : "no");
	printf("statm resident is rss: %s\n", s[1] == rss ? "yes" : "no");
	printf("statm resident <= size: %s, lib %lu, dt %lu\n", s[1] <= s[0] ? "yes" : "no", s[4],
	       s[6]);
}

static void status(void)
{
	static char buf[8192];
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGUSR2, SIG_IGN);
	signal(SIGTERM, (void (*)(int))status);
	raise(SIGUSR1);
	read_file("/proc/self/status", buf, sizeof(buf));
	printf("status keys:");
	for (char *line = buf; *line;) {
		char *nl = strchr(line, '\n');
		char *colon = strchr(line, ':');
		if (colon && (!nl || colon < nl))
			printf(" %.*s", (int)(colon - line), line);
		if (!nl)
			break;
		line = nl + 1;
	}
	printf("\n");
	static const char *const keep[] = { "Name:", "Umask:", "State:", "Uid:", "Gid:",
					    "Threads:", "SigPnd:", "ShdPnd:", "SigBlk:", "SigIgn:",
					    "SigCgt:", "VmLck:", "VmPin:", "VmSwap:", "HugetlbPages:",
					    "CoreDumping:", "NoNewPrivs:", "Seccomp:" };
	for (char *line = buf; *line;) {
		char *nl = strchr(line, '\n');
		for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
			if (strncmp(line, keep[i], strlen(keep[i])) == 0)
				printf("%.*s\n", nl ? (int)(nl - line) : (int)strlen(line), line);
		if (!nl)
			break;
		line = nl + 1;
	}
	char want[64];
	snprintf(want, sizeof(want), "\nTgid:\t%d\n", getpid());
	printf("status Tgid is getpid: %s\n", strstr(buf, want) ? "yes" : "no");
	snprintf(want, sizeof(want), "\nPPid:\t%d\n", getppid());
	printf("status PPid is getppid: %s\n", strstr(buf, want) ? "yes" : "no");
	char *rss = strstr(buf, "\nVmRSS:\t");
	printf("status has VmRSS in kB: %s\n", rss && strstr(rss, " kB\n") ? "yes" : "no");
}

static void readonly(void)
{
	say_errno("creat /proc/self/new", open("/proc/self/new", O_CREAT | O_WRONLY, 0644));
	say_errno("creat /proc/new", open("/proc/new", O_CREAT | O_WRONLY, 0644));
	say_errno("creat O_EXCL /proc/self/stat",
		  open("/proc/self/stat", O_CREAT | O_EXCL | O_WRONLY, 0644));
	say_errno("creat /proc/self/fd/77", open("/proc/self/fd/77", O_CREAT | O_WRONLY, 0644));
	say_errno("mkdir /proc/self/x", mkdir("/proc/self/x", 0755));
	say_errno("mkdir /proc/x", mkdir("/proc/x", 0755));
	say_errno("mkdir /proc/self/fd", mkdir("/proc/self/fd", 0755));
	say_errno("mkdir /proc/self/fd/x", mkdir("/proc/self/fd/x", 0755));
	say_errno("unlink /proc/self/stat", unlink("/proc/self/stat"));
	say_errno("unlink /proc/self/nothing", unlink("/proc/self/nothing"));
	say_errno("unlink /proc/self/fd/0", unlink("/proc/self/fd/0"));
	say_errno("unlink /proc/self/fd", unlink("/proc/self/fd"));
	say_errno("rmdir /proc/self/fd", rmdir("/proc/self/fd"));
	say_errno("rmdir /proc/self/stat", rmdir("/proc/self/stat"));
	say_errno("symlink /proc/self/l", symlink("/x", "/proc/self/l"));
	say_errno("rename stat to stat2", rename("/proc/self/stat", "/proc/self/stat2"));
	say_errno("rename nothing to x", rename("/proc/self/nothing", "/proc/self/x"));
	say_errno("rename stat to /tmp", rename("/proc/self/stat", "/tmp/pp-stat"));
	close(open("/tmp/pp-file", O_CREAT | O_WRONLY, 0644));
	say_errno("rename /tmp file into /proc", rename("/tmp/pp-file", "/proc/self/pp"));
	unlink("/tmp/pp-file");
	int fd = open("/proc/self/stat", O_WRONLY);
	say_errno("open stat O_WRONLY", fd < 0 ? -1 : 0);
	if (fd >= 0) {
		say_errno("write stat", write(fd, "x", 1));
		close(fd);
	}
	fd = open("/proc/self/cmdline", O_RDWR);
	say_errno("open cmdline O_RDWR", fd < 0 ? -1 : 0);
	if (fd >= 0) {
		say_errno("write cmdline", write(fd, "x", 1));
		close(fd);
	}
	say_errno("truncate status", truncate("/proc/self/status", 0));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		/* Again with chosen strings: cmdline and environ show them. */
		char *args[] = { argv[0], "run", "two words", "", "end", NULL };
		char *env[] = { "A=1", "EMPTY=", "PATH=/bin", NULL };
		execve("/proc/self/exe", args, env);
		printf("execve /proc/self/exe: %s\n", strerror(errno));
		return 1;
	}
	modes();
	links();
	cmdline_environ(argv);
	status();
	readonly();
	return 0;
}
