/*
 * init - the first process of the reference Linux (scripts/linux-ref): it
 * prepares the machine as MinOS's own boot leaves it (/dev, /proc, the
 * loopback interface up, an empty /tmp), runs every test of /oracle/batch
 * one after the other, and reports each on the second serial port
 * (/dev/ttyS1, raw), then powers the machine off.
 *
 * Invariants: a test starts with no other process alive and an empty
 * /tmp, its environment is MinOS's for its first process (HOME=/,
 * PATH=/bin, TERM=linux) unless the batch gives one, and nothing it does
 * can stop the batch: a test that outlives its timeout is killed with
 * every process it made (kill(-1), which spares only pid 1). The first
 * instruction executed is oracle_entry's RDTSC, so the time of the first
 * ring-3 instruction after boot is exact (make bench under -icount).
 *
 * The batch, one directive a line (scripts/linux-ref writes it):
 *   test ID          starts a test (ID: letters, digits, '-', '.')
 *   arg WORD         one argument, the program first (the rest of the line)
 *   env NAME=VALUE   one environment string (none: MinOS's three)
 *   stdin PATH       standard input (default /dev/null)
 *   stdout PATH      standard output (default: captured and reported)
 *   timeout SECONDS  (default 60)
 *   collect PATH     a file whose contents are reported after the run
 *   run              runs the test described since "test"
 * Each report is "@@oracle ID FIELD LENGTH\n" then LENGTH bytes then
 * "\n"; FIELD is stdout, stderr, status ("exit N", "signal N",
 * "timeout N" or "error TEXT"), seconds, file:PATH, or for the batch
 * itself (ID "-") first-tsc, then done.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_ARGS 64
#define MAX_ENV 32
#define MAX_COLLECT 4
#define MAX_OUTPUT (1 << 20) /* 15 times the largest test output; the rest is read and dropped */

unsigned long long oracle_first_tsc;

/* The entry point (-e oracle_entry): the TSC first, then the C library's
 * _start as if it had been entered directly (RDX = 0: no exit handler). */
__asm__(".text\n"
	".globl oracle_entry\n"
	"oracle_entry:\n"
	"	rdtsc\n"
	"	mov %eax, oracle_first_tsc(%rip)\n"
	"	mov %edx, oracle_first_tsc+4(%rip)\n"
	"	xor %edx, %edx\n"
	"	jmp _start\n");

static int report_fd = -1;

struct test {
	char id[128];
	char *argv[MAX_ARGS + 1];
	int argc;
	char *envp[MAX_ENV + 1];
	int envc;
	char stdin_path[256];
	char stdout_path[256];
	char collect[MAX_COLLECT][256];
	int ncollect;
	int timeout;
};

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void report(const char *id, const char *field, const char *data, size_t n)
{
	char head[384];
	int h = snprintf(head, sizeof(head), "@@oracle %s %s %zu\n", id, field, n);
	write_all(report_fd, head, (size_t)h);
	write_all(report_fd, data, n);
	write_all(report_fd, "\n", 1);
}

static void reportf(const char *id, const char *field, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	report(id, field, text, n < 0 ? 0 : (size_t)n);
}

/* A message on the console (ttyS0), which the host keeps as a log. */
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("oracle-init: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void power_off(void)
{
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static void setup_machine(void)
{
	mkdir("/dev", 0755);
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	mkdir("/tmp", 01777);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) < 0)
		say("mount /dev: %s", strerror(errno));
	if (mount("proc", "/proc", "proc", 0, NULL) < 0)
		say("mount /proc: %s", strerror(errno));
	if (mount("sysfs", "/sys", "sysfs", 0, NULL) < 0)
		say("mount /sys: %s", strerror(errno));

	/* The loopback interface, up (connect to 127.0.0.1 fails without). */
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0 ||
	    (ifr.ifr_flags |= IFF_UP, ioctl(s, SIOCSIFFLAGS, &ifr) < 0))
		say("lo up: %s", strerror(errno));
	/* And it is: up and running, as MinOS's lo is from boot. */
	memset(&ifr.ifr_flags, 0, sizeof(ifr.ifr_flags));
	if (s >= 0 && (ioctl(s, SIOCGIFFLAGS, &ifr) < 0 ||
		       (ifr.ifr_flags & (IFF_UP | IFF_RUNNING)) != (IFF_UP | IFF_RUNNING)))
		say("lo is not up: flags %#x", (unsigned short)ifr.ifr_flags);
	if (s >= 0)
		close(s);

	/* Reports go to the second serial port, byte for byte. */
	report_fd = open("/dev/ttyS1", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (report_fd < 0) {
		say("open /dev/ttyS1: %s", strerror(errno));
		power_off();
	}
	struct termios t;
	if (tcgetattr(report_fd, &t) == 0) {
		cfmakeraw(&t);
		cfsetospeed(&t, B115200);
		tcsetattr(report_fd, TCSANOW, &t);
	}
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (ftw->level > 0)
		remove(path);
	return 0;
}

/* Ends every process but this one, reaps them, and empties /tmp. */
static void clean_slate(void)
{
	kill(-1, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	nftw("/tmp", remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void child(const struct test *t, int out_fd)
{
	setsid();
	int in = open(t->stdin_path, O_RDONLY);
	int out = t->stdout_path[0] ? open(t->stdout_path, O_WRONLY) : out_fd;
	int err = open("/oracle/stderr", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (in < 0 || out < 0 || err < 0)
		_exit(126);
	dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	static const char *const minos_env[] = { "HOME=/", "PATH=/bin", "TERM=linux", NULL };
	chdir("/");
	execve(t->argv[0], t->argv, t->envc ? t->envp : (char *const *)minos_env);
	dprintf(2, "oracle-init: execve %s: %s\n", t->argv[0], strerror(errno));
	_exit(127);
}

static char *read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	*len = 0;
	if (fd < 0)
		return NULL;
	size_t cap = 4096;
	char *buf = malloc(cap);
	for (;;) {
		if (*len == cap)
			buf = realloc(buf, cap *= 2);
		ssize_t r = read(fd, buf + *len, cap - *len);
		if (r <= 0)
			break;
		*len += (size_t)r;
	}
	close(fd);
	return buf;
}

static void run_test(struct test *t)
{
	static char out[MAX_OUTPUT];
	size_t len = 0;
	int p[2];

	t->argv[t->argc] = NULL;
	t->envp[t->envc] = NULL;
	if (t->argc == 0) {
		reportf(t->id, "status", "error no program");
		return;
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		reportf(t->id, "status", "error pipe: %s", strerror(errno));
		return;
	}
	double start = now(), deadline = start + t->timeout;
	pid_t pid = fork();
	if (pid < 0) {
		reportf(t->id, "status", "error fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0)
		child(t, p[1]);
	close(p[1]);

	/* Standard output until every writer has closed it, then the exit. */
	int status = 0, timed_out = 0, open_end = 1;
	for (;;) {
		int left_ms = (int)((deadline - now()) * 1000);
		if (left_ms <= 0) {
			timed_out = 1;
			break;
		}
		if (open_end) {
			struct pollfd pfd = { .fd = p[0], .events = POLLIN };
			if (poll(&pfd, 1, left_ms) <= 0)
				continue;
			static char drop[65536];
			ssize_t r = len < sizeof(out) ? read(p[0], out + len, sizeof(out) - len)
						      : read(p[0], drop, sizeof(drop));
			if (r > 0) {
				len += len < sizeof(out) ? (size_t)r : 0;
				continue;
			}
			if (r < 0 && errno == EINTR)
				continue;
			open_end = 0;
			continue;
		}
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		struct timespec pause_ = { 0, 5 * 1000 * 1000 };
		nanosleep(&pause_, NULL);
	}
	double seconds = now() - start;
	close(p[0]);

	report(t->id, "stdout", out, len);
	size_t elen;
	char *err = read_file("/oracle/stderr", &elen);
	report(t->id, "stderr", err ? err : "", elen);
	free(err);
	for (int i = 0; i < t->ncollect; i++) {
		size_t flen;
		char *data = read_file(t->collect[i], &flen);
		char field[300];
		snprintf(field, sizeof(field), "file:%s", t->collect[i]);
		if (data)
			report(t->id, field, data, flen);
		free(data);
	}
	if (timed_out)
		reportf(t->id, "status", "timeout %d", t->timeout);
	else if (WIFSIGNALED(status))
		reportf(t->id, "status", "signal %d", WTERMSIG(status));
	else
		reportf(t->id, "status", "exit %d", WEXITSTATUS(status));
	reportf(t->id, "seconds", "%.3f", seconds);
	clean_slate();
}

static void run_batch(FILE *f)
{
	static struct test t;
	char line[4096];
	int in_test = 0;

	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		char *arg = strchr(line, ' ');
		if (arg)
			*arg++ = '\0';
		else
			arg = line + strlen(line);
		if (!strcmp(line, "test")) {
			memset(&t, 0, sizeof(t));
			snprintf(t.id, sizeof(t.id), "%s", arg);
			strcpy(t.stdin_path, "/dev/null");
			t.timeout = 60;
			in_test = 1;
		} else if (!in_test || line[0] == '#' || line[0] == '\0') {
			continue;
		} else if (!strcmp(line, "arg") && t.argc < MAX_ARGS) {
			t.argv[t.argc++] = strdup(arg);
		} else if (!strcmp(line, "env") && t.envc < MAX_ENV) {
			t.envp[t.envc++] = strdup(arg);
		} else if (!strcmp(line, "stdin")) {
			snprintf(t.stdin_path, sizeof(t.stdin_path), "%s", arg);
		} else if (!strcmp(line, "stdout")) {
			snprintf(t.stdout_path, sizeof(t.stdout_path), "%s", arg);
		} else if (!strcmp(line, "timeout")) {
			t.timeout = atoi(arg) > 0 ? atoi(arg) : 60;
		} else if (!strcmp(line, "collect") && t.ncollect < MAX_COLLECT) {
			snprintf(t.collect[t.ncollect++], sizeof(t.collect[0]), "%s", arg);
		} else if (!strcmp(line, "run")) {
			run_test(&t);
			for (int i = 0; i < t.argc; i++)
				free(t.argv[i]);
			for (int i = 0; i < t.envc; i++)
				free(t.envp[i]);
			in_test = 0;
		} else {
			reportf(t.id, "status", "error bad batch line: %s", line);
			in_test = 0;
		}
	}
}

int main(void)
{
	setup_machine();
	reportf("-", "first-tsc", "%llu", oracle_first_tsc);
	FILE *batch = fopen("/oracle/batch", "r");
	if (!batch) {
		reportf("-", "status", "error /oracle/batch: %s", strerror(errno));
	} else {
		run_batch(batch);
		fclose(batch);
	}
	report("-", "done", "", 0);
	if (fsync(report_fd) < 0 && errno != EINVAL)
		say("fsync ttyS1: %s", strerror(errno));
	tcdrain(report_fd);
	power_off();
}
