/*
 * uapi/sigcontext.h - what an x86-64 signal frame holds, as Linux lays it
 * out (arch/x86/include/uapi/asm/sigcontext.h, asm-generic/ucontext.h):
 * struct sigcontext (the registers at the signal, 256 bytes), struct
 * ucontext around it (flags, link, the alternate stack, the registers,
 * the mask to restore) and the FXSAVE image the registers' fpstate points
 * at. A handler's third argument is a struct kernel_ucontext *.
 * Invariant: the layout is Linux's byte for byte; glibc and musl read it.
 */
#ifndef MINOS_UAPI_SIGCONTEXT_H
#define MINOS_UAPI_SIGCONTEXT_H

#include "signal.h"

struct sigcontext {
	unsigned long r8, r9, r10, r11, r12, r13, r14, r15;
	unsigned long rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp;
	unsigned long rip;
	unsigned long eflags;
	unsigned short cs, gs, fs, ss;
	unsigned long err;     /* the exception's error code */
	unsigned long trapno;  /* the exception's vector */
	unsigned long oldmask; /* the mask before the handler */
	unsigned long cr2;     /* a page fault's address */
	unsigned long fpstate; /* user address of the FXSAVE image, or 0 */
	unsigned long reserved1[8];
};

/* uc_flags (arch/x86/include/uapi/asm/ucontext.h). */
#define UC_FP_XSTATE 0x1        /* fpstate holds an XSAVE area (never here) */
#define UC_SIGCONTEXT_SS 0x2    /* sigcontext's ss is meaningful */
#define UC_STRICT_RESTORE_SS 0x4 /* rt_sigreturn restores ss as saved */

struct kernel_ucontext {
	unsigned long uc_flags;
	unsigned long uc_link;
	struct kernel_sigaltstack uc_stack;
	struct sigcontext uc_mcontext;
	unsigned long uc_sigmask; /* the 64-signal mask rt_sigreturn restores */
};

/* The FXSAVE image (Intel SDM vol. 1, 10.5.1): 512 bytes, 16-byte
 * aligned; MXCSR at byte 24, the bits FXRSTOR accepts in it at byte 28. */
#define FXSAVE_SIZE 512
#define FXSAVE_MXCSR 24
#define FXSAVE_MXCSR_MASK 28

_Static_assert(sizeof(struct sigcontext) == 256, "sigcontext is 256 bytes");
_Static_assert(sizeof(struct kernel_ucontext) == 304, "ucontext is 304 bytes");
_Static_assert(__builtin_offsetof(struct kernel_ucontext, uc_mcontext) == 40, "mcontext at 40");

#endif
