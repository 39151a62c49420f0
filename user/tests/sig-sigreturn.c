/*
 * sig-sigreturn - rt_sigreturn(2) called directly on a forged frame, as an
 * attacker would: the kernel must take from the frame only what a user
 * may set. Each case runs in a child; the parent prints how the child
 * ended ("exit 0" when the frame took it to its landing place and what it
 * found there was right, "signal N" when the kernel refused the frame)
 * and the child prints what it observed. Cases: a valid frame (every
 * register, RAX as rt_sigreturn's result, the mask without SIGKILL and
 * SIGSTOP); the kernel's CS; a bogus SS with and without
 * UC_STRICT_RESTORE_SS; RFLAGS with IOPL 3, NT, VM, AC, DF, CF and IF
 * clear (which bits survive is printed), and with TF; a non-canonical
 * RIP, one in the kernel half, one unmapped; an all-zero frame; FPU state
 * absent (the registers start afresh), valid, unmapped or in the kernel
 * half; the frame itself unmapped or in the kernel half; uc_stack valid
 * (it becomes the alternate stack) or invalid (ignored); RAX =
 * -ERESTARTSYS. `sig-sigreturn mxcsr` runs one more case apart, an FXSAVE
 * image with reserved MXCSR bits, whose expected result is the
 * hardware's (see mxcsr_case()).
 * The frame's layout is Linux's rt_sigframe (arch/x86/include/uapi/asm/
 * sigcontext.h, ucontext.h). Expected: the reference Linux's results.
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <minos_proc.h>
#include <minos_rawcall.h>
#include <uapi/signal.h>

#include "check.h"
#include "sigcontext-regs.h"
#include "outcome.h"

#define SIGSET_BYTES 8
#define BIT(sig) (1UL << ((sig) - 1))
#define SS_DISABLE 2
#define UC_STRICT_RESTORE_SS 0x4 /* arch/x86/include/uapi/asm/ucontext.h */
#define ERESTARTSYS 512          /* include/linux/errno.h, never seen by users */
#define SIGRETURN_RETURNED 100   /* ss_sigreturn's status (sig-sigreturn.asm) */

/* RFLAGS bits (Intel SDM vol. 1, 3.4.3). */
#define FL_CF (1UL << 0)
#define FL_FIXED (1UL << 1)
#define FL_PF (1UL << 2)
#define FL_ZF (1UL << 6)
#define FL_TF (1UL << 8)
#define FL_IF (1UL << 9)
#define FL_DF (1UL << 10)
#define FL_OF (1UL << 11)
#define FL_IOPL (3UL << 12)
#define FL_NT (1UL << 14)
#define FL_VM (1UL << 17)
#define FL_AC (1UL << 18)
#define FL_ID (1UL << 21)

#define FX_MXCSR 24 /* offsets in the FXSAVE image (Intel SDM vol. 1, 10.5.1) */
#define FX_XMM0 160
#define MXCSR_DEFAULT 0x1f80

/* Linux's struct sigcontext (64-bit), struct ucontext and rt_sigframe. */
struct sigcontext64 {
	unsigned long r8, r9, r10, r11, r12, r13, r14, r15;
	unsigned long rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	unsigned short cs, gs, fs, ss;
	unsigned long err, trapno, oldmask, cr2, fpstate, reserved1[8];
};
struct ucontext64 {
	unsigned long uc_flags, uc_link;
	struct {
		unsigned long ss_sp;
		int ss_flags, pad;
		unsigned long ss_size;
	} uc_stack;
	struct sigcontext64 mc;
	unsigned long uc_sigmask;
};
struct rt_sigframe64 {
	unsigned long pretcode;
	struct ucontext64 uc;
	unsigned char siginfo[128];
};
_Static_assert(sizeof(struct sigcontext64) == 256, "Linux's struct sigcontext");
_Static_assert(sizeof(struct ucontext64) == 304, "Linux's struct ucontext");
_Static_assert(sizeof(struct rt_sigframe64) == 440, "Linux's struct rt_sigframe");

extern unsigned char ss_land_stack[];
extern unsigned long l_gpr[16], l_flags, l_cs, l_ss, l_xmm0[2];
extern unsigned int l_mxcsr;
void ss_land(void);
__attribute__((noreturn)) void ss_sigreturn(void *uc, const void *xmm0);

static struct rt_sigframe64 frame __attribute__((aligned(64)));
static unsigned char fx_image[512] __attribute__((aligned(64)));
static const unsigned long xmm0_before[2] = { 0x0123456789abcdefUL, 0xfedcba9876543210UL };
static const unsigned long xmm0_image[2] = { 0x1111222233334444UL, 0x5555666677778888UL };
static unsigned char alt_stack[65536] __attribute__((aligned(16)));

/* What the landing place checks and prints for the current case. */
enum land_check { LAND_REGS, LAND_MASK, LAND_FLAGS, LAND_SS, LAND_FP_INIT, LAND_FP_IMAGE,
		  LAND_RAX, LAND_ALTSTACK };
static enum land_check land_check;
static const char *case_name;

static unsigned long slot(int i)
{
	return 0x1000000000000000UL * ((i % 7) + 1) + 0x0101010101UL * (i + 1);
}

/* A frame that lands at ss_land with every register set: the base that
 * each case spoils in one way. */
static void valid_frame(void)
{
	unsigned long *regs = &frame.uc.mc.r8;

	memset(&frame, 0, sizeof(frame));
	for (int i = 0; i < 16; i++)
		regs[i] = slot(i);
	frame.uc.mc.rax = 42;
	frame.uc.mc.rsp = (unsigned long)(ss_land_stack + 8192);
	frame.uc.mc.rip = (unsigned long)ss_land;
	frame.uc.mc.eflags = FL_FIXED | FL_IF;
	frame.uc.mc.cs = user_cs();
	frame.uc.mc.ss = user_ss();
	frame.uc.uc_stack.ss_flags = SS_DISABLE;
}

__attribute__((noreturn)) void ss_landed(void);
__attribute__((noreturn)) void ss_landed(void)
{
	char what[160];

	switch (land_check) {
	case LAND_REGS: {
		snprintf(what, sizeof(what), "%s: every register as forged", case_name);
		check_regs(what, 0xffffu, l_gpr, &frame.uc.mc.r8);
		snprintf(what, sizeof(what), "%s: rax (rt_sigreturn's result)", case_name);
		check_result(what, l_gpr[RAX], 42);
		snprintf(what, sizeof(what), "%s: cs and ss are the user's", case_name);
		check(what, l_cs == user_cs() && l_ss == user_ss());
		break;
	}
	case LAND_MASK: {
		unsigned long m = 0;
		sys(__NR_rt_sigprocmask, SIG_BLOCK, 0, (long)&m, SIGSET_BYTES);
		snprintf(what, sizeof(what), "%s: the mask after is SIGUSR1 only", case_name);
		check(what, m == BIT(SIGUSR1));
		break;
	}
	case LAND_FLAGS:
		printf("%s: rflags after: 0x%lx\n", case_name, l_flags);
		break;
	case LAND_SS:
		snprintf(what, sizeof(what), "%s: ss is the user's after", case_name);
		check(what, l_ss == user_ss());
		break;
	case LAND_FP_INIT:
		snprintf(what, sizeof(what), "%s: xmm0 is zero after", case_name);
		check(what, l_xmm0[0] == 0 && l_xmm0[1] == 0);
		printf("%s: mxcsr after: 0x%x\n", case_name, l_mxcsr);
		break;
	case LAND_FP_IMAGE:
		snprintf(what, sizeof(what), "%s: xmm0 is the image's after", case_name);
		check(what, l_xmm0[0] == xmm0_image[0] && l_xmm0[1] == xmm0_image[1]);
		printf("%s: mxcsr after: 0x%x\n", case_name, l_mxcsr);
		break;
	case LAND_ALTSTACK: {
		struct { unsigned long sp; int flags, pad; unsigned long size; } now;
		sys(__NR_sigaltstack, 0, (long)&now);
		snprintf(what, sizeof(what), "%s: the alternate stack after", case_name);
		if (frame.uc.uc_stack.ss_flags == SS_DISABLE || frame.uc.uc_stack.ss_size == 0)
			check(what, now.flags == SS_DISABLE);
		else
			check(what, now.flags == 0 && now.sp == frame.uc.uc_stack.ss_sp &&
					    now.size == frame.uc.uc_stack.ss_size);
		break;
	}
	case LAND_RAX:
		snprintf(what, sizeof(what), "%s: rax after", case_name);
		check_result(what, (long)l_gpr[RAX], -ERESTARTSYS);
		break;
	}
	_exit(check_failures ? 1 : 0);
}

/* Runs rt_sigreturn in a child with RSP at uc_at, or at the current
 * `frame`'s ucontext when uc_at is NULL; checks how the child ended. */
static void run_case(const char *name, enum land_check lc, void *uc_at, const char *want)
{
	char got[48];

	case_name = name;
	land_check = lc;
	pid_t pid = fork();
	if (pid == 0) {
		check_failures = 0;
		ss_sigreturn(uc_at ? uc_at : &frame.uc, xmm0_before);
	}
	int status = child_ended(pid, got, sizeof(got));
	if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == SIGRETURN_RETURNED)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), " (rt_sigreturn returned)");
	if (!outcome_matches(name, got, want))
		check_failures++;
}

static void fill_fx_image(unsigned int mxcsr)
{
	__asm__ volatile("fxsave64 %0" : "=m"(fx_image));
	memcpy(fx_image + FX_XMM0, xmm0_image, sizeof(xmm0_image));
	memcpy(fx_image + FX_MXCSR, &mxcsr, sizeof(mxcsr));
	memset(fx_image + 464, 0, 512 - 464); /* no XSAVE extension: FXSAVE only */
}

/* `sig-sigreturn mxcsr`: a frame whose FXSAVE image has reserved MXCSR
 * bits. The SDM has FXRSTOR raise #GP for them (vol. 2A, FXRSTOR), and
 * Linux then refuses the frame with SIGSEGV (fpu/signal.c: a fault other
 * than #PF while restoring is fatal); QEMU's TCG loads them instead, so
 * the reference Linux cannot give this answer (tests/user.tests). */
static int mxcsr_case(void)
{
	valid_frame();
	fill_fx_image(0xffff0000u | MXCSR_DEFAULT);
	frame.uc.mc.fpstate = (unsigned long)fx_image;
	run_case("fpstate with reserved MXCSR bits set", LAND_FP_IMAGE, NULL, "signal 11");
	return check_exit();
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "mxcsr") == 0)
		return mxcsr_case();

	valid_frame();
	run_case("a valid frame", LAND_REGS, NULL, "exit 0");

	valid_frame();
	frame.uc.uc_sigmask = BIT(SIGUSR1) | BIT(SIGKILL) | BIT(SIGSTOP);
	run_case("uc_sigmask with SIGUSR1, SIGKILL and SIGSTOP", LAND_MASK, NULL, "exit 0");

	valid_frame();
	frame.uc.mc.rax = (unsigned long)-ERESTARTSYS;
	run_case("rax -ERESTARTSYS: not restarted", LAND_RAX, NULL, "exit 0");

	/* Segments: CS and SS get RPL 3; an SS that cannot be loaded is
	 * replaced unless the frame asks for strict restoring. */
	valid_frame();
	frame.uc.mc.cs = 0x10;
	run_case("cs = 0x10 (a kernel code segment)", LAND_REGS, NULL, "signal 11");
	valid_frame();
	frame.uc.mc.ss = 0x1234;
	run_case("ss = 0x1234", LAND_SS, NULL, "exit 0");
	valid_frame();
	frame.uc.mc.ss = 0;
	run_case("ss = 0", LAND_SS, NULL, "exit 0");
	valid_frame();
	frame.uc.mc.ss = 0x1234;
	frame.uc.uc_flags = UC_STRICT_RESTORE_SS;
	run_case("ss = 0x1234 with UC_STRICT_RESTORE_SS", LAND_SS, NULL, "signal 11");

	/* RFLAGS: the user may set AC OF DF TF SF ZF AF PF CF (and RF). */
	valid_frame();
	frame.uc.mc.eflags = FL_FIXED | FL_CF | FL_PF | FL_ZF | FL_DF | FL_OF | FL_IOPL | FL_NT |
			     FL_VM | FL_AC | FL_ID;
	run_case("rflags with IOPL 3, NT, VM, AC, ID, DF, OF, ZF, PF, CF and IF clear",
		 LAND_FLAGS, NULL, "exit 0");
	valid_frame();
	frame.uc.mc.eflags |= FL_TF;
	run_case("rflags with TF (a trap after one instruction)", LAND_REGS, NULL, "signal 5");

	/* RIP. */
	valid_frame();
	frame.uc.mc.rip = 1UL << 47;
	run_case("rip non-canonical (1 << 47)", LAND_REGS, NULL, "signal 11");
	valid_frame();
	frame.uc.mc.rip = 0xffffffff81000000UL;
	run_case("rip in the kernel half", LAND_REGS, NULL, "signal 11");
	valid_frame();
	frame.uc.mc.rip = 16;
	run_case("rip unmapped (16)", LAND_REGS, NULL, "signal 11");
	memset(&frame, 0, sizeof(frame));
	run_case("an all-zero frame", LAND_REGS, NULL, "signal 11");

	/* The FPU state. */
	valid_frame();
	run_case("fpstate NULL: the FPU starts afresh", LAND_FP_INIT, NULL, "exit 0");
	valid_frame();
	fill_fx_image(MXCSR_DEFAULT | 0x6000);
	frame.uc.mc.fpstate = (unsigned long)fx_image;
	run_case("fpstate a valid FXSAVE image", LAND_FP_IMAGE, NULL, "exit 0");
	valid_frame();
	frame.uc.mc.fpstate = 0x1000;
	run_case("fpstate unmapped", LAND_FP_IMAGE, NULL, "signal 11");
	valid_frame();
	frame.uc.mc.fpstate = 0xffff800000000000UL;
	run_case("fpstate in the kernel half", LAND_FP_IMAGE, NULL, "signal 11");

	/* The frame itself. */
	valid_frame();
	run_case("the frame unmapped (rsp = 16)", LAND_REGS, (void *)16, "signal 11");
	run_case("the frame in the kernel half", LAND_REGS, (void *)0xffff800000001000UL,
		 "signal 11");

	/* uc_stack: rt_sigreturn sets the alternate stack from it, and
	 * ignores what sigaltstack(2) would refuse. */
	valid_frame();
	frame.uc.uc_stack.ss_sp = (unsigned long)alt_stack;
	frame.uc.uc_stack.ss_size = sizeof(alt_stack);
	frame.uc.uc_stack.ss_flags = 0;
	run_case("uc_stack with a valid stack", LAND_ALTSTACK, NULL, "exit 0");
	valid_frame();
	frame.uc.uc_stack.ss_flags = 0;
	run_case("uc_stack with flags 0 and size 0 (ENOMEM)", LAND_ALTSTACK, NULL, "exit 0");
	valid_frame();
	frame.uc.uc_stack.ss_flags = 0x1234;
	run_case("uc_stack with flags 0x1234 (EINVAL)", LAND_ALTSTACK, NULL, "exit 0");
	return check_exit();
}
