/*
 * mu-proc-fd - /proc/self/fd and /proc/self/fdinfo: the listing after
 * open, dup and close; each link's text (a file under /tmp by its path,
 * after a rename, after unlink with " (deleted)", a directory, /dev/null,
 * a pipe, a socket, an epoll instance) and mode; fdinfo's pos and flags;
 * and open("/proc/self/fd/N"), which opens the same inode afresh.
 * Compared with the reference Linux; no pid or inode number is printed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static void say(const char *what, long r)
{
	if (r < 0)
		printf("%s: %s\n", what, strerror(errno));
	else
		printf("%s: %ld\n", what, r);
}

static void show_link(int fd)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0) {
		printf("fd %d: %s\n", fd, strerror(errno));
		return;
	}
	buf[n] = 0;
	struct stat l, s, f;
	lstat(path, &l);
	int same = stat(path, &s) == 0 && fstat(fd, &f) == 0 && s.st_ino == f.st_ino &&
		   s.st_dev == f.st_dev;
	/* Kernel-made names carry an inode number: show their kind only. */
	char *bracket = strchr(buf, '[');
	if (bracket && strncmp(buf, "anon_inode:", 11) == 0) {
		printf("fd %d: \"%s\" mode %o\n", fd, buf, (unsigned)l.st_mode);
		return;
	}
	if (bracket && buf[0] != '/') {
		unsigned long ino = strtoul(bracket + 1, NULL, 10);
		bracket[1] = 0;
		printf("fd %d: %s...] mode %o, number is fstat's: %s\n", fd, buf,
		       (unsigned)l.st_mode, ino == (unsigned long)f.st_ino ? "yes" : "no");
		return;
	}
	printf("fd %d: \"%s\" mode %o, stat is fstat: %s\n", fd, buf, (unsigned)l.st_mode,
	       same ? "yes" : "no");
}

static void listing(const char *what)
{
	DIR *d = opendir("/proc/self/fd");
	int seen[256] = { 0 }, max = -1;
	struct dirent *e;
	printf("%s:", what);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.') {
			printf(" %s(%d)", e->d_name, e->d_type);
			continue;
		}
		int n = atoi(e->d_name);
		if (n < 256) {
			seen[n] = e->d_type;
			if (n > max)
				max = n;
		}
	}
	for (int i = 0; i <= max; i++)
		if (seen[i])
			printf(" %d(%d)", i, seen[i]);
	printf(" (the listing's own: %d)\n", dirfd(d));
	closedir(d);
}

static void fdinfo(int fd)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	int f = open(path, O_RDONLY);
	if (f < 0) {
		printf("fdinfo %d: %s\n", fd, strerror(errno));
		return;
	}
	ssize_t n = read(f, buf, sizeof(buf) - 1);
	close(f);
	buf[n > 0 ? n : 0] = 0;
	char *pos = strstr(buf, "pos:"), *flags = strstr(buf, "flags:");
	char *mnt = strstr(buf, "mnt_id:"), *ino = strstr(buf, "\nino:");
	printf("fdinfo %d: %.*s %.*s, mnt_id and ino lines: %s\n", fd,
	       pos ? (int)strcspn(pos, "\n") : 0, pos ? pos : "",
	       flags ? (int)strcspn(flags, "\n") : 0, flags ? flags : "",
	       mnt && ino && pos == buf ? "yes" : "no");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	mkdir("/tmp/pfd", 0755);
	int a = open("/tmp/pfd/a", O_CREAT | O_RDWR | O_TRUNC, 0644);
	say("open a", a);
	say("write hello", write(a, "hello", 5));
	int b = dup(a);
	say("dup", b);
	listing("after open and dup");
	show_link(a);
	show_link(b);
	fdinfo(a);
	lseek(b, 2, SEEK_SET);
	fdinfo(a);

	/* The same inode afresh: its own offset, its own flags. */
	int again = open("/proc/self/fd/3", O_RDONLY);
	char buf[16] = { 0 };
	say("open /proc/self/fd/3", again);
	say("read it", read(again, buf, sizeof(buf) - 1));
	printf("text: %s\n", buf);
	fdinfo(again);
	show_link(again);
	close(again);

	close(a);
	listing("after close");
	int w = open("/tmp/pfd/w", O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0600);
	show_link(w);
	fdinfo(w);
	int ro = open("/tmp/pfd/a", O_RDONLY | O_NONBLOCK);
	show_link(ro);
	fdinfo(ro);

	rename("/tmp/pfd/a", "/tmp/pfd/renamed");
	show_link(b);
	int gone = open("/tmp/pfd/gone", O_CREAT | O_RDWR, 0600);
	unlink("/tmp/pfd/gone");
	show_link(gone);
	close(gone);
	unlink("/tmp/pfd/renamed");
	listing("before the kinds");

	chdir("/tmp/pfd");
	int rel = open("rel", O_CREAT | O_RDWR, 0600);
	show_link(rel);
	int dir = open("/tmp/pfd", O_RDONLY | O_DIRECTORY);
	show_link(dir);
	int dot = open(".", O_RDONLY);
	show_link(dot);
	int null = open("/dev/null", O_WRONLY);
	show_link(null);
	int path = open("/tmp/pfd/w", O_PATH);
	show_link(path);
	int p[2];
	pipe(p);
	show_link(p[0]);
	show_link(p[1]);
	fdinfo(p[0]);
	fdinfo(p[1]);
	/* A pipe's end opened again through its link: the same pipe. */
	char ppath[64], pb[8] = { 0 };
	snprintf(ppath, sizeof(ppath), "/proc/self/fd/%d", p[1]);
	int pw = open(ppath, O_WRONLY);
	say("open the write end again", pw >= 0 ? 0 : -1);
	say("write through it", write(pw, "xy", 2));
	say("read from the first read end", read(p[0], pb, sizeof(pb) - 1));
	printf("pipe text: %s\n", pb);
	snprintf(ppath, sizeof(ppath), "/proc/self/fd/%d", p[0]);
	int pr = open(ppath, O_RDONLY);
	say("open the read end again", pr >= 0 ? 0 : -1);
	say("write to the first write end", write(p[1], "zw", 2));
	memset(pb, 0, sizeof(pb));
	say("read through the new end", read(pr, pb, sizeof(pb) - 1));
	printf("pipe text: %s\n", pb);
	int prw = open(ppath, O_RDWR);
	say("open the pipe read-write", prw >= 0 ? 0 : -1);
	show_link(prw);
	close(prw);
	close(pw);
	close(pr);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	show_link(s);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	show_link(ep);
	listing("with every kind");
	show_link(1000);
	char lbuf[64];
	say("readlink fd/x", readlink("/proc/self/fd/x", lbuf, sizeof(lbuf)));
	say("readlink fd/03", readlink("/proc/self/fd/03", lbuf, sizeof(lbuf)));
	say("open fdinfo/999", open("/proc/self/fdinfo/999", O_RDONLY));
	say("open fd/ (a directory)", open("/proc/self/fd/", O_RDONLY | O_DIRECTORY) >= 0 ? 0 : -1);

	/* A write through /proc/self/fd/N reaches the same file. */
	int wr = open("/proc/self/fd/4", O_WRONLY | O_TRUNC);
	say("open fd/4 for writing, truncating", wr);
	say("write", write(wr, "new", 3));
	struct stat st;
	fstat(b, &st);
	say("size seen through b", st.st_size);
	close(wr);
	/* A shell's "> /dev/stdout" opens with O_CREAT. */
	wr = open("/proc/self/fd/4", O_WRONLY | O_CREAT | O_APPEND, 0666);
	say("open fd/4 with O_CREAT", wr >= 0 ? 0 : -1);
	close(wr);
	/* Standard output opened again by its link, as "> /dev/stdout". */
	fflush(stdout);
	int out = open("/proc/self/fd/1", O_WRONLY);
	say("open /proc/self/fd/1", out >= 0 ? 0 : -1);
	if (out >= 0)
		write(out, "a line through /proc/self/fd/1\n", 31);
	close(out);
	unlink("/tmp/pfd/w");
	unlink("/tmp/pfd/rel");
	chdir("/");
	rmdir("/tmp/pfd");
	return 0;
}
