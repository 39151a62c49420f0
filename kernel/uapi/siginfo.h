/*
 * uapi/siginfo.h - siginfo_t as the x86-64 kernel writes it for a signal
 * handler, rt_sigtimedwait and rt_sigqueueinfo (include/uapi/asm-generic/
 * siginfo.h): 128 bytes, three ints, then the union of the fields each
 * kind of signal fills, 8-byte aligned at offset 16; and the si_code
 * values. Invariant: the layout is Linux's byte for byte (the static
 * assertions check the offsets a C library reads).
 */
#ifndef MINOS_UAPI_SIGINFO_H
#define MINOS_UAPI_SIGINFO_H

/* si_code for signals any sender may send (negative ones come from a
 * process and may be forged by rt_sigqueueinfo; positive from the kernel). */
#define SI_USER 0        /* kill(2) */
#define SI_KERNEL 0x80   /* the kernel itself (some faults, alarm) */
#define SI_QUEUE (-1)    /* rt_sigqueueinfo(2), sigqueue(3) */
#define SI_TIMER (-2)    /* POSIX timers */
#define SI_TKILL (-6)    /* tkill(2), tgkill(2) */

/* SIGILL */
#define ILL_ILLOPC 1
#define ILL_ILLOPN 2
/* SIGFPE */
#define FPE_INTDIV 1
#define FPE_INTOVF 2
#define FPE_FLTDIV 3
#define FPE_FLTOVF 4
#define FPE_FLTUND 5
#define FPE_FLTRES 6
#define FPE_FLTINV 7
/* SIGSEGV */
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
/* SIGBUS */
#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define BUS_OBJERR 3
/* SIGTRAP */
#define TRAP_BRKPT 1
#define TRAP_TRACE 2
/* SIGCHLD */
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

#define SIGINFO_SIZE 128

struct kernel_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	union {
		char pad[SIGINFO_SIZE - 16];
		struct { /* kill, tkill, tgkill */
			int pid;
			unsigned int uid;
		} kill;
		struct { /* POSIX timers */
			int tid;
			int overrun;
			unsigned long value;
		} timer;
		struct { /* rt_sigqueueinfo */
			int pid;
			unsigned int uid;
			unsigned long value;
		} rt;
		struct { /* SIGCHLD */
			int pid;
			unsigned int uid;
			int status;
			long utime, stime;
		} chld;
		struct { /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
			unsigned long addr;
			short addr_lsb;
		} fault;
	} u __attribute__((aligned(8)));
};

_Static_assert(sizeof(struct kernel_siginfo) == SIGINFO_SIZE, "siginfo is 128 bytes");
_Static_assert(__builtin_offsetof(struct kernel_siginfo, u) == 16, "the union at 16");
_Static_assert(__builtin_offsetof(struct kernel_siginfo, u.chld.status) == 24, "si_status");
_Static_assert(__builtin_offsetof(struct kernel_siginfo, u.chld.utime) == 32, "si_utime");

#endif
