/*
 * mu-check.h - how the musl test programs (user/musl/mu-*.c) report: one
 * line per check ("what: ok", "what: 3", "what: -EINTR", or "...: FAIL",
 * user/tests/check.h's convention), the count of failures in the exit
 * status, and sections, each part of a test in a child of its own with a
 * deadline, so a kernel that never answers ends that part with a FAIL
 * line ("no end after N s", "killed by signal N") instead of hanging the
 * program. Invariant: the report carries no pid, address or time, only
 * ok/FAIL and values that are the same on every run and on Linux.
 */
#ifndef MINOS_MU_CHECK_H
#define MINOS_MU_CHECK_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <uapi/minos_stats.h>

static int failures;

static inline void check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAIL");
	if (!ok)
		failures++;
}

/* A value that must equal want; printed, as it is the same on every run. */
static inline void check_eq(const char *what, long got, long want)
{
	if (got == want) {
		printf("%s: %ld\n", what, got);
	} else {
		printf("%s: %ld, expected %ld: FAIL\n", what, got, want);
		failures++;
	}
}

/* Names for the errors these tests expect (musl has no strerrorname_np). */
static const char *errno_name(int e)
{
#define N(x) { x, #x }
	static const struct {
		int e;
		const char *name;
	} names[] = {
		N(EPERM), N(ENOENT), N(ESRCH), N(EINTR), N(ENXIO), N(E2BIG), N(EBADF), N(ECHILD), N(EAGAIN), N(ENOMEM),
		N(EACCES),
		N(EFAULT), N(EEXIST), N(ENOTDIR), N(EISDIR), N(EINVAL), N(EMFILE), N(ENOTTY),
		N(ESPIPE), N(EPIPE), N(EDOM), N(ENAMETOOLONG), N(ENOSYS), N(ENOTSOCK),
		N(EDESTADDRREQ), N(EMSGSIZE), N(EPROTOTYPE), N(ENOPROTOOPT), N(EPROTONOSUPPORT),
		N(ESOCKTNOSUPPORT), N(EOPNOTSUPP), N(EPFNOSUPPORT), N(EAFNOSUPPORT),
		N(EADDRINUSE), N(EADDRNOTAVAIL), N(ENETDOWN), N(ENETUNREACH), N(ECONNABORTED),
		N(ECONNRESET), N(ENOBUFS), N(EISCONN), N(ENOTCONN), N(ESHUTDOWN),
		N(ETOOMANYREFS), N(ETIMEDOUT), N(EDEADLK), N(EOVERFLOW), N(ETXTBSY), N(ECONNREFUSED), N(EALREADY), N(EINPROGRESS),
	};
#undef N
	static char other[32];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(other, sizeof(other), "errno %d", e);
	return other;
}

/* A libc call's result: -1 with errno want ("what: -EINTR"). */
static inline void check_errno(const char *what, long ret, int want)
{
	if (ret == -1 && errno == want) {
		printf("%s: -%s\n", what, errno_name(want));
		return;
	}
	if (ret == -1)
		printf("%s: -%s, expected -%s: FAIL\n", what, errno_name(errno), errno_name(want));
	else
		printf("%s: %ld, expected -%s: FAIL\n", what, ret, errno_name(want));
	failures++;
}

static inline long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Sleeps ms milliseconds, whatever signals arrive meanwhile. */
static inline void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
	while (nanosleep(&t, &t) == -1 && errno == EINTR)
		;
}

/* MinOS's free pages and live processes, from its own call minos_stats
 * (<uapi/minos_stats.h>): 1, or 0 on Linux, which has no such call, so a
 * test checks its counters balance on MinOS alone. */
static inline int minos_counts(unsigned long *pages, unsigned long *procs)
{
	struct minos_stats st;
	if (syscall(NR_MINOS_STATS, &st, sizeof(st), MINOS_STATS_PAGES) != 0)
		return 0;
	*pages = st.free_mem;
	*procs = st.procs;
	return 1;
}

/* MinOS only: a FAIL line for each count that did not come back (so the
 * output is Linux's when nothing leaks). */
static inline void check_balance(unsigned long pages0, unsigned long procs0,
				 unsigned long pages1, unsigned long procs1)
{
	if (procs1 != procs0) {
		printf("task slots: %lu before, %lu after: FAIL\n", procs0, procs1);
		failures++;
	}
	if (pages1 != pages0) {
		printf("free pages: %lu before, %lu after: FAIL\n", pages0, pages1);
		failures++;
	}
}

/* The calling process's threads, as /proc/self/task lists them; -1 if it
 * cannot be read. */
static inline int count_tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	int n = 0;
	struct dirent *e;
	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Waits (at most 10 s) until process pid sleeps, as /proc/PID/stat's
 * state says (blocked in a call the test is waiting for it to reach). */
static inline void wait_asleep(int pid)
{
	char name[64], text[256];
	snprintf(name, sizeof(name), "/proc/%d/stat", pid);
	for (int i = 0; i < 1000; i++) {
		int fd = open(name, O_RDONLY);
		long n = fd >= 0 ? read(fd, text, sizeof(text) - 1) : -1;
		close(fd);
		if (n > 0) {
			text[n] = 0;
			char *p = strrchr(text, ')');
			if (p && p[1] == ' ' && p[2] == 'S')
				return;
		}
		sleep_ms(10);
	}
	printf("process never slept: FAIL\n");
	failures++;
}

/* Runs fn in a child with the default dispositions and an empty mask,
 * and waits at most seconds for it. fn's checks print their own lines;
 * the child's exit status carries how many failed. */
static inline void section(const char *name, void (*fn)(void), int seconds)
{
	long deadline = now_ms() + seconds * 1000L;
	int status;
	pid_t pid, got;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		failures = 0;
		fn();
		fflush(stdout);
		_exit(failures > 100 ? 100 : failures);
	}
	if (pid < 0) {
		printf("%s: fork failed: FAIL\n", name);
		failures++;
		return;
	}
	while ((got = waitpid(pid, &status, WNOHANG)) == 0 && now_ms() < deadline)
		sleep_ms(10);
	if (got == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		printf("%s: no end after %d s: FAIL\n", name, seconds);
		failures++;
	} else if (got != pid) {
		printf("%s: waitpid failed: FAIL\n", name);
		failures++;
	} else if (WIFSIGNALED(status)) {
		printf("%s: killed by signal %d: FAIL\n", name, WTERMSIG(status));
		failures++;
	} else {
		failures += WEXITSTATUS(status);
	}
}

/* The line buffering every test needs: its lines reach the pipe in
 * order, and none is left in a buffer that fork copies. */
static inline void check_start(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/* main's return value: 0, or 1 after saying how many checks failed. */
static inline int check_exit(void)
{
	if (failures)
		printf("%d check(s) failed\n", failures);
	return failures ? 1 : 0;
}

#endif
