/*
 * uapi/signal.h - signal numbers and the rt_sigaction(2)/rt_sigprocmask(2)
 * ABI of x86-64 Linux (arch/x86/include/uapi/asm/signal.h): the kernel's
 * struct sigaction (handler, flags, restorer, 64-bit mask), SIG_DFL,
 * SIG_IGN, the sigprocmask "how" values and sigaltstack(2)'s stack_t.
 */
#ifndef MINOS_UAPI_SIGNAL_H
#define MINOS_UAPI_SIGNAL_H

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define SIGRTMIN 32
#define NSIG 64

#define SIG_DFL 0UL
#define SIG_IGN 1UL

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SA_RESTORER 0x04000000
/* The other sa_flags bits (asm-generic/signal-defs.h). */
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000

struct kernel_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	unsigned long mask; /* bit N-1 stands for signal N */
};

/* sigaltstack(2) (include/uapi/linux/signal.h). */
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ 2048
#define SIGSTKSZ 8192

struct kernel_sigaltstack { /* stack_t */
	unsigned long ss_sp;
	int ss_flags;
	unsigned long ss_size;
};

#endif
