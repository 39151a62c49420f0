/*
 * mu-sig.h - what the signal tests of user/musl (mu-sig-*.c) share: one
 * line per check (user/tests/check.h's convention: "what: ok", "what:
 * -EINTR", or "...: FAIL"), and sections. Each part of a test runs in a
 * child of its own with a deadline, so that a kernel that never delivers,
 * stops or continues anything ends that part with a FAIL line ("no end
 * after N s", "killed by signal N") instead of hanging the program or
 * taking the other parts with it. Invariant: the report carries no pid,
 * address or time, only ok/FAIL and values that are the same on every run.
 */
#ifndef MINOS_MU_SIG_H
#define MINOS_MU_SIG_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tests/outcome.h"

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

/* How a child ended ("exit N", "signal N"), compared with want. */
static inline void check_child(const char *what, pid_t pid, const char *want)
{
	char got[64];

	child_ended(pid, got, sizeof(got));
	if (!outcome_matches(what, got, want))
		failures++;
}

/* Installs fn as sig's SA_SIGINFO handler, with flags and an empty mask. */
static inline void on_siginfo(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa = { .sa_sigaction = fn, .sa_flags = SA_SIGINFO | flags };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Names for the errors these tests expect (musl has no strerrorname_np). */
static const char *errno_name(int e)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" },   { ESRCH, "ESRCH" },   { EINTR, "EINTR" },
		{ ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
		{ EFAULT, "EFAULT" }, { EINVAL, "EINVAL" }, { ENOSYS, "ENOSYS" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	return "another error";
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

/* A child that sleeps ms milliseconds, sends sig to the caller and
 * exits; then, if rescue_fd >= 0, another rescue_ms later, writes one
 * byte to rescue_fd, so that a reader the signal did not interrupt still
 * returns. Returns the child's pid. */
static inline pid_t signal_later(long ms, int sig, int rescue_fd, long rescue_ms)
{
	pid_t target = getpid();
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		sleep_ms(ms);
		kill(target, sig);
		if (rescue_fd >= 0) {
			sleep_ms(rescue_ms);
			if (write(rescue_fd, "r", 1) != 1)
				_exit(2);
		}
		_exit(0);
	}
	return pid;
}

/* Ends a signal_later() child, whether or not it is done. */
static inline void stop_helper(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
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
static inline void sig_test_start(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

static inline int sig_test_exit(void)
{
	if (failures)
		printf("%d check(s) failed\n", failures);
	return failures ? 1 : 0;
}

#endif
