/*
 * mu-sock.h - what the socket tests of user/musl (mu-sock-*.c, mu-unix-*.c)
 * share: one line per check ("what: ok", "what: -ENOTSOCK", "what: 5", or
 * "...: FAIL"), Linux's error names, and sections that run in a child with
 * a deadline so that a call that blocks forever ends its section with a
 * FAIL line instead of hanging the run. Invariant: the report carries no
 * pid, inode number, address or time, only values equal on every run.
 */
#ifndef MINOS_MU_SOCK_H
#define MINOS_MU_SOCK_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failures;

static inline void check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAIL");
	if (!ok)
		failures++;
}

static inline void check_eq(const char *what, long got, long want)
{
	if (got == want) {
		printf("%s: %ld\n", what, got);
	} else {
		printf("%s: %ld, expected %ld: FAIL\n", what, got, want);
		failures++;
	}
}

static const char *errno_name(int e)
{
#define N(x) { x, #x }
	static const struct {
		int e;
		const char *name;
	} names[] = {
		N(EPERM), N(ENOENT), N(ESRCH), N(EINTR), N(ENXIO), N(EBADF), N(EAGAIN), N(ENOMEM), N(EACCES),
		N(EFAULT), N(EEXIST), N(ENOTDIR), N(EISDIR), N(EINVAL), N(EMFILE), N(ENOTTY),
		N(ESPIPE), N(EPIPE), N(EDOM), N(ENAMETOOLONG), N(ENOSYS), N(ENOTSOCK),
		N(EDESTADDRREQ), N(EMSGSIZE), N(EPROTOTYPE), N(ENOPROTOOPT), N(EPROTONOSUPPORT),
		N(ESOCKTNOSUPPORT), N(EOPNOTSUPP), N(EPFNOSUPPORT), N(EAFNOSUPPORT),
		N(EADDRINUSE), N(EADDRNOTAVAIL), N(ENETDOWN), N(ENETUNREACH), N(ECONNABORTED),
		N(ECONNRESET), N(ENOBUFS), N(EISCONN), N(ENOTCONN), N(ESHUTDOWN),
		N(ETOOMANYREFS), N(ETIMEDOUT), N(ECONNREFUSED), N(EALREADY), N(EINPROGRESS),
	};
#undef N
	static char other[32];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(other, sizeof(other), "errno %d", e);
	return other;
}

/* A libc call's result: -1 with errno want ("what: -ENOTSOCK"). */
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

/* A call's result as Linux gives it: the value, or -ENAME. Printed, not
 * judged here: the comparison with the reference Linux judges it. */
static inline void show(const char *what, long ret)
{
	if (ret == -1)
		printf("%s: -%s\n", what, errno_name(errno));
	else
		printf("%s: %ld\n", what, ret);
}

static inline long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static inline void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&t, NULL);
}

/* Runs fn in a child and waits at most seconds for it; the child's exit
 * status carries how many of its checks failed. */
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
	} else if (WIFSIGNALED(status)) {
		printf("%s: killed by signal %d: FAIL\n", name, WTERMSIG(status));
		failures++;
	} else {
		failures += WEXITSTATUS(status);
	}
}

static inline void sock_test_start(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

static inline int sock_test_exit(void)
{
	if (failures)
		printf("%d check(s) failed\n", failures);
	return failures ? 1 : 0;
}

#endif
