/*
 * mu-usr1.h - a SIGUSR1 handler that only counts, for the tests that
 * check whether and how often a handler ran around a blocking call
 * (mu-futex-wait, mu-poll-signal).
 * Invariant: only the handler adds to usr1_handled; a test may set it
 * back to 0 between parts.
 */
#ifndef MINOS_MU_USR1_H
#define MINOS_MU_USR1_H

#include <signal.h>

static volatile int usr1_handled;

static inline void on_usr1(int sig)
{
	(void)sig;
	usr1_handled++;
}

/* SIGUSR1 runs on_usr1 with sa_flags flags (0 or SA_RESTART). */
static inline void install_usr1(int flags)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
}

#endif
