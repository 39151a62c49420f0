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
#include "mu-check.h"

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

static inline void sig_test_start(void) { check_start(); }
static inline int sig_test_exit(void) { return check_exit(); }

#endif
