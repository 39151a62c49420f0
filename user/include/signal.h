/*
 * signal.h - the signal numbers, sigset_t and sigaction() with glibc's
 * names, on Linux's rt_sigaction(2) ABI (kernel/uapi/signal.h). libminc's
 * sigset_t is the kernel's 64-bit mask, not glibc's 1024-bit one: a
 * program that only uses the sigset functions cannot tell. sigaction()
 * always installs libminc's restorer (SA_RESTORER), which returns from a
 * handler through rt_sigreturn(2), as every x86-64 C library must.
 */
#ifndef MINC_SIGNAL_H
#define MINC_SIGNAL_H

#include <sys/types.h>

#include <uapi/signal.h>

/* sa_flags: kernel/uapi/signal.h. */

typedef void (*sighandler_t)(int);
typedef unsigned long sigset_t; /* bit N-1 stands for signal N */
typedef struct siginfo siginfo_t; /* not defined by libminc */

/* The uapi header's SIG_DFL and SIG_IGN are the kernel's integers; C code
 * wants handler pointers, as glibc defines them. */
#undef SIG_DFL
#undef SIG_IGN
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)

struct sigaction {
	union {
		sighandler_t sa_handler;
		void (*sa_sigaction)(int, siginfo_t *, void *);
	};
	sigset_t sa_mask;
	int sa_flags;
	void (*sa_restorer)(void); /* ignored: libminc supplies its own */
};

int sigaction(int sig, const struct sigaction *restrict act,
	      struct sigaction *restrict old);
/* The old handler, or SIG_ERR. The new one stays installed after a
 * delivery and the signal is blocked while it runs (BSD semantics, as
 * glibc's signal()): sigaction with SA_RESTART. */
sighandler_t signal(int sig, sighandler_t handler);
int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old);
/* The signals blocked and waiting (rt_sigpending(2)). */
int sigpending(sigset_t *set);
/* Waits with *mask as the signal mask until a handler has run (the old
 * mask is back then), or the process ends: always -1 and EINTR
 * (rt_sigsuspend(2)). Block a signal, test what its handler sets, then
 * sigsuspend with it unblocked: it cannot arrive unseen in between. */
int sigsuspend(const sigset_t *mask);

int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);   /* -1 and EINVAL for a bad sig */
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);

int kill(pid_t pid, int sig);
int raise(int sig); /* kill(getpid(), sig): libminc has one thread */
int killpg(pid_t pgrp, int sig); /* kill(-pgrp, sig); EINVAL for pgrp < 0 */

#endif
