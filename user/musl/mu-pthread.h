/*
 * mu-pthread.h - what the pthread signal tests (mu-thread-sigshare,
 * mu-thread-times) share: a handler that records which thread ran it,
 * one call to install it, one to block or unblock a signal in the calling
 * thread, and the step/done flags by which a main thread and another
 * hand each other turns.
 * Invariant: every section (a child process of its own, mu-check.h's
 * section()) starts with the flags at 0 and no handler installed.
 */
#ifndef MINOS_MU_PTHREAD_H
#define MINOS_MU_PTHREAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>

#include "mu-check.h"

static inline long gettid_raw(void) { return syscall(SYS_gettid); }

static atomic_int step;         /* what the main thread told the other to do */
static atomic_int done;         /* the other thread's answer */
static atomic_long handler_tid; /* the thread a handler ran in */
static atomic_int handled;

static void on_signal(int sig)
{
	(void)sig;
	handler_tid = gettid_raw();
	handled++;
}

static inline void set_handler(int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(sig, &sa, NULL);
}

/* Blocks (SIG_BLOCK) or unblocks (SIG_UNBLOCK) sig in the calling thread. */
static inline void block(int how, int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	pthread_sigmask(how, &s, NULL);
}

#endif
