/*
 * signal.c - signals: kill, killpg and raise, sigaction (with the restorer
 * every x86-64 handler returns through), signal, sigprocmask, sigpending,
 * sigsuspend and the sigset functions. Invariant: sigaction always installs the restorer
 * (SA_RESTORER), as Linux x86-64 requires of a C library.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <unistd.h>

#include "internal.h"

int kill(pid_t pid, int sig)
{
	return (int)SYSCALL_RET(__NR_kill, pid, sig, 0);
}

int raise(int sig)
{
	return kill(getpid(), sig);
}

int killpg(pid_t pgrp, int sig)
{
	if (pgrp < 0) {
		errno = EINVAL;
		return -1;
	}
	return kill(-pgrp, sig);
}

/*
 * The restorer a handler returns into: the kernel pushed its address as
 * the handler's return address, with the signal frame (ucontext) above it;
 * rt_sigreturn(2) reads that frame back. It never returns; ud2 traps if a
 * kernel ever lets it.
 */
#define STR_(x) #x
#define STR(x) STR_(x)
void __minc_restore_rt(void);
__asm__(".text\n"
	".globl __minc_restore_rt\n"
	".type __minc_restore_rt, @function\n"
	"__minc_restore_rt:\n"
	"\tmovl $" STR(__NR_rt_sigreturn) ", %eax\n"
	"\tsyscall\n"
	"\tud2\n"
	".size __minc_restore_rt, . - __minc_restore_rt\n");

int sigaction(int sig, const struct sigaction *restrict act,
	      struct sigaction *restrict old)
{
	struct kernel_sigaction k, ko;
	long r;

	if (act) {
		k.handler = (unsigned long)act->sa_handler;
		k.flags = (unsigned long)(unsigned int)act->sa_flags | SA_RESTORER;
		k.restorer = (unsigned long)__minc_restore_rt;
		k.mask = act->sa_mask;
	}
	r = __syscall6(__NR_rt_sigaction, sig, act ? (long)&k : 0,
		       old ? (long)&ko : 0, sizeof(sigset_t), 0, 0);
	if (__syscall_ret(r) < 0)
		return -1;
	if (old) {
		old->sa_handler = (sighandler_t)ko.handler;
		old->sa_mask = ko.mask;
		old->sa_flags = (int)(unsigned int)ko.flags;
		old->sa_restorer = (void (*)(void))ko.restorer;
	}
	return 0;
}

sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART };
	struct sigaction old;

	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
	return (int)SYSCALL4_RET(__NR_rt_sigprocmask, how, set, old,
				 sizeof(sigset_t));
}

int sigpending(sigset_t *set)
{
	return (int)SYSCALL_RET(__NR_rt_sigpending, set, sizeof(sigset_t), 0);
}

int sigsuspend(const sigset_t *mask)
{
	return (int)SYSCALL_RET(__NR_rt_sigsuspend, mask, sizeof(sigset_t), 0);
}

static bool sig_valid(int sig)
{
	if (sig < 1 || sig > NSIG) {
		errno = EINVAL;
		return false;
	}
	return true;
}

int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	*set = ~0UL;
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (!sig_valid(sig))
		return -1;
	*set |= 1UL << (sig - 1);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (!sig_valid(sig))
		return -1;
	*set &= ~(1UL << (sig - 1));
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (!sig_valid(sig))
		return -1;
	return (*set >> (sig - 1)) & 1;
}
