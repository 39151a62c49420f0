/*
 * lab-sigreturn - the signals lab, part 2 (docs/labs/signals.md): the FP
 * state rt_sigreturn(2) takes back from a frame, called directly on a
 * frame of the test's making (lab-sigreturn.asm). Each case runs in a
 * child; the parent prints how it ended ("exit 0": the frame took it to
 * its landing place and what it found there was right; "signal 11": the
 * kernel refused the frame). Cases: no FP state (fpstate 0: the FPU starts
 * afresh); a valid FXSAVE image (xmm0 and MXCSR come from it); an image
 * that is misaligned, has reserved MXCSR bits set, runs off the end of
 * the mapped memory, or lies in the kernel half: refused, SIGSEGV.
 * Expected: the handout's specification. The reserved MXCSR bits are the
 * hardware's answer: FXRSTOR raises #GP for them (Intel SDM vol. 2A,
 * FXRSTOR) and Linux refuses the frame; QEMU's TCG loads them, so the
 * reference Linux under TCG gives "exit 0" there (as for `sig-sigreturn
 * mxcsr`, tests/user.tests). Every other case gives the same on Linux.
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <minos_proc.h>
#include <minos_rawcall.h>
#include <uapi/mman.h>
#include <uapi/sigcontext.h>

#include "check.h"
#include "sigcontext-regs.h"
#include "outcome.h"

#define FL_FIXED (1UL << 1) /* Intel SDM vol. 1, 3.4.3 */
#define FL_IF (1UL << 9)
#define FX_XMM0 160         /* in the FXSAVE image (Intel SDM vol. 1, 10.5.1) */
#define FX_SW_RESERVED 464  /* Linux's software area, the XSAVE marker: unused */
#define MXCSR_DEFAULT 0x1f80
#define MXCSR_IMAGE (MXCSR_DEFAULT | 0x6000)   /* round toward zero */
#define MXCSR_BEFORE (MXCSR_DEFAULT | 0x2000)  /* round up */
#define MXCSR_RESERVED 0xffff0000u             /* never valid (vol. 1, 10.2.3) */
#define SIGRETURN_RETURNED 100                 /* lab-sigreturn.asm */
#define KERNEL_HALF 0xffff800000000000UL
#define PAGE 4096

extern unsigned long ls_in_xmm0[2], l_xmm0[2];
extern unsigned int ls_in_mxcsr, l_mxcsr;
void ls_land(void);
__attribute__((noreturn)) void ls_sigreturn(void *uc);

static struct kernel_ucontext uc __attribute__((aligned(64)));
static unsigned char fx_image[FXSAVE_SIZE + 64] __attribute__((aligned(64)));
static unsigned char land_rsp_area[4096] __attribute__((aligned(16)));
static const unsigned long xmm0_image[2] = { 0x1111222233334444UL, 0x5555666677778888UL };

enum land_check { LAND_FP_INIT, LAND_FP_IMAGE };
static enum land_check land_check;
static const char *case_name;

/* A frame that lands at ls_land with the FPU state `fpstate`. */
static void frame(unsigned long fpstate)
{
	memset(&uc, 0, sizeof(uc));
	uc.uc_stack.ss_flags = SS_DISABLE;
	uc.uc_mcontext.rip = (unsigned long)ls_land;
	uc.uc_mcontext.rsp = (unsigned long)(land_rsp_area + sizeof(land_rsp_area));
	uc.uc_mcontext.eflags = FL_FIXED | FL_IF;
	uc.uc_mcontext.cs = user_cs();
	uc.uc_mcontext.ss = user_ss();
	uc.uc_mcontext.fpstate = fpstate;
}

/* An FXSAVE image at p: this program's FPU state, with xmm0 and MXCSR
 * replaced. */
static unsigned long fx_at(unsigned char *p, unsigned int mxcsr)
{
	static unsigned char tmp[FXSAVE_SIZE] __attribute__((aligned(16)));

	__asm__ volatile("fxsave64 %0" : "=m"(tmp));
	memcpy(tmp + FX_XMM0, xmm0_image, sizeof(xmm0_image));
	memcpy(tmp + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
	memset(tmp + FX_SW_RESERVED, 0, FXSAVE_SIZE - FX_SW_RESERVED);
	memcpy(p, tmp, FXSAVE_SIZE);
	return (unsigned long)p;
}

__attribute__((noreturn)) void ls_landed(void);
__attribute__((noreturn)) void ls_landed(void)
{
	char what[160];

	switch (land_check) {
	case LAND_FP_INIT:
		snprintf(what, sizeof(what), "%s: xmm0 is zero after", case_name);
		check(what, l_xmm0[0] == 0 && l_xmm0[1] == 0);
		snprintf(what, sizeof(what), "%s: MXCSR is the default after", case_name);
		check(what, l_mxcsr == MXCSR_DEFAULT);
		break;
	case LAND_FP_IMAGE:
		snprintf(what, sizeof(what), "%s: xmm0 is the image's after", case_name);
		check(what, l_xmm0[0] == xmm0_image[0] && l_xmm0[1] == xmm0_image[1]);
		snprintf(what, sizeof(what), "%s: MXCSR is the image's after", case_name);
		check(what, l_mxcsr == MXCSR_IMAGE);
		break;
	}
	_exit(check_failures ? 1 : 0);
}

/* Runs rt_sigreturn on `uc` in a child; checks how the child ended. */
static void run_case(const char *name, enum land_check lc, const char *want)
{
	char got[48];

	case_name = name;
	land_check = lc;
	pid_t pid = fork();
	if (pid == 0) {
		check_failures = 0;
		ls_sigreturn(&uc);
	}
	int status = child_ended(pid, got, sizeof(got));
	if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == SIGRETURN_RETURNED)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), " (rt_sigreturn returned)");
	if (!outcome_matches(name, got, want))
		check_failures++;
}

int main(void)
{
	ls_in_xmm0[0] = 0x0123456789abcdefUL;
	ls_in_xmm0[1] = 0xfedcba9876543210UL;
	ls_in_mxcsr = MXCSR_BEFORE;

	frame(0);
	run_case("fpstate 0: the FPU starts afresh", LAND_FP_INIT, "exit 0");
	frame(fx_at(fx_image, MXCSR_IMAGE));
	run_case("fpstate a valid FXSAVE image", LAND_FP_IMAGE, "exit 0");
	frame(fx_at(fx_image + 8, MXCSR_IMAGE));
	run_case("fpstate not 16-byte aligned", LAND_FP_IMAGE, "signal 11");
	frame(fx_at(fx_image, MXCSR_IMAGE | MXCSR_RESERVED));
	run_case("fpstate with reserved MXCSR bits set", LAND_FP_IMAGE, "signal 11");

	/* An image whose last 256 bytes lie in an unmapped page. */
	long p = sys(__NR_mmap, 0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		     -1, 0);
	if (p < 0 && p >= -4095) {
		check("mmap", 0);
	} else {
		sys(__NR_munmap, p + PAGE, PAGE);
		frame(fx_at(fx_image, MXCSR_IMAGE));
		memcpy((void *)(p + PAGE - FXSAVE_SIZE / 2), fx_image, FXSAVE_SIZE / 2);
		uc.uc_mcontext.fpstate = (unsigned long)p + PAGE - FXSAVE_SIZE / 2;
		run_case("fpstate running into an unmapped page", LAND_FP_IMAGE, "signal 11");
	}
	frame(KERNEL_HALF);
	run_case("fpstate in the kernel half", LAND_FP_IMAGE, "signal 11");
	return check_exit();
}
