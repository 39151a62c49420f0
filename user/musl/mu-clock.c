/*
 * mu-clock - musl's clock_gettime, gettimeofday and time in a static
 * program: musl finds __vdso_clock_gettime (version LINUX_2.6) through
 * AT_SYSINFO_EHDR on its first clock call and uses it from then on.
 * Checks that the results agree with the raw system calls (each lies
 * between two syscall readings taken around it; monotonic time never goes
 * back), that errors keep the syscall's errno, and that the calls really
 * enter the vDSO: in a child that has unmapped it, each of the three kills
 * the child with SIGSEGV. Clock values are never printed. Expected: the
 * reference Linux's results (musl uses Linux's vDSO the same way).
 * `mu-clock strace` shows that no clock call reaches the kernel: it runs
 * `strace -c -o FILE mu-clock calls` (MinOS's /bin/strace, or the host's)
 * and looks for clock_gettime, gettimeofday and time among the counted
 * calls; `mu-clock calls` makes only library clock calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tests/outcome.h"

#define SAMPLES 2000
#define PAGE 4096UL
#define CALLS 1000

static int failures;

static void check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAIL");
	failures += !ok;
}

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }
static long long us(struct timeval t) { return t.tv_sec * 1000000LL + t.tv_usec; }

static void agree(void)
{
	int rt = 1, mono = 1, back = 0, tv_ok = 1, t_ok = 1;
	struct timespec last = { 0, 0 };

	for (int i = 0; i < SAMPLES; i++) {
		struct timespec a, v, b;
		syscall(SYS_clock_gettime, CLOCK_REALTIME, &a);
		rt &= clock_gettime(CLOCK_REALTIME, &v) == 0;
		syscall(SYS_clock_gettime, CLOCK_REALTIME, &b);
		rt &= ns(a) <= ns(v) && ns(v) <= ns(b);

		syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a);
		mono &= clock_gettime(CLOCK_MONOTONIC, &v) == 0;
		syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
		mono &= ns(a) <= ns(v) && ns(v) <= ns(b);
		back |= ns(v) < ns(last);
		last = v;

		struct timeval ta, tv, tb;
		syscall(SYS_gettimeofday, &ta, NULL);
		tv_ok &= gettimeofday(&tv, NULL) == 0;
		syscall(SYS_gettimeofday, &tb, NULL);
		tv_ok &= us(ta) <= us(tv) && us(tv) <= us(tb);

		long sa = syscall(SYS_time, NULL);
		time_t stored = -1, st = time(&stored);
		long sb = syscall(SYS_time, NULL);
		t_ok &= sa <= st && st <= sb && stored == st;
	}
	check("clock_gettime(CLOCK_REALTIME) lies between syscall readings", rt);
	check("clock_gettime(CLOCK_MONOTONIC) lies between syscall readings", mono);
	check("clock_gettime(CLOCK_MONOTONIC) never goes back", !back);
	check("gettimeofday lies between syscall readings", tv_ok);
	check("time lies between syscall readings and is stored", t_ok);
}

static void errors(void)
{
	struct timespec t;

	errno = 0;
	check("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) succeeds",
	      clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) == 0);
	check("clock_gettime(10): -1, EINVAL", clock_gettime(10, &t) == -1 && errno == EINVAL);
	errno = 0;
	check("clock_gettime(-1): -1, EINVAL", clock_gettime(-1, &t) == -1 && errno == EINVAL);
	errno = 0;
	check("clock_gettime(CLOCK_THREAD_CPUTIME_ID, NULL): -1, EFAULT",
	      clock_gettime(CLOCK_THREAD_CPUTIME_ID, NULL) == -1 && errno == EFAULT);
}

/* Library clock calls only: each would be a system call without the vDSO. */
static int calls(void)
{
	struct timespec t;
	struct timeval tv;
	int bad = 0;

	for (int i = 0; i < CALLS; i++) {
		bad |= clock_gettime(CLOCK_MONOTONIC, &t) | clock_gettime(CLOCK_REALTIME, &t);
		bad |= clock_gettime(CLOCK_MONOTONIC_COARSE, &t) | gettimeofday(&tv, NULL);
		bad |= time(NULL) < 0;
	}
	return bad ? 1 : 0;
}

/* Runs `strace -c -o FILE self calls` and reads the counts strace wrote:
 * one row per call name, the name last. */
static int under_strace(const char *self)
{
	char file[64], text[8192], exe[4096];
	int status;

	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		self = exe; /* Linux: the harness's argv[0] may not be a path */
	}
	snprintf(file, sizeof(file), "/tmp/mu-clock-strace.%d", (int)getpid());
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execlp("strace", "strace", "-c", "-o", file, self, "calls", (char *)NULL);
		_exit(127);
	}
	check("strace ran the calls", pid > 0 && waitpid(pid, &status, 0) == pid &&
					      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	int fd = open(file, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, text, sizeof(text) - 1);
	if (fd >= 0)
		close(fd);
	unlink(file);
	check("strace -c wrote its table", n > 0);
	if (n <= 0)
		return failures ? 1 : 0;
	text[n] = 0;
	int counted = 0, clock_calls = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *name = strrchr(line, ' ');
		name = name ? name + 1 : line;
		counted += strcmp(name, "execve") == 0;
		clock_calls += strcmp(name, "clock_gettime") == 0 ||
			       strcmp(name, "gettimeofday") == 0 || strcmp(name, "time") == 0;
	}
	check("the table counts the program's execve", counted == 1);
	check("no clock_gettime, gettimeofday or time reached the kernel", clock_calls == 0);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "calls") == 0)
		return calls();
	if (argc > 1 && strcmp(argv[1], "strace") == 0)
		return under_strace(argv[0]);

	agree();
	errors();
	vdso_print_unmapped_calls();
	return failures ? 1 : 0;
}
