/*
 * lab-sigframe - the signals lab, part 1 (docs/labs/signals.md): the frame
 * a handler is entered on, checked from inside the handler, which then
 * ends its process with _exit() instead of returning: nothing here needs
 * rt_sigreturn. Each case runs in a child: kill(2) by a raw SYSCALL with
 * known registers, DF, MXCSR, x87 control word and xmm0 (lab-sigframe.asm);
 * a write to an unmapped page (SIGSEGV, with the fault's siginfo, trapno,
 * err and cr2); kill with SA_ONSTACK on an alternate stack whose top is
 * not 16-byte aligned; an alternate stack the kernel cannot write, and a
 * nested frame that would run off the bottom of the alternate stack (both
 * SIGSEGV, no handler). Expected: the handout's specification, which is
 * Linux's; the same binary passes on the reference Linux, whose larger
 * XSAVE image changes where things lie but none of what is checked.
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
#include <uapi/siginfo.h>
#include <uapi/signal.h>

#include "check.h"
#include "sigcontext-regs.h"
#include "outcome.h"

#define SIGSET_BYTES 8
#define BIT(sig) (1UL << ((sig) - 1))
#define FL_IF (1UL << 9)  /* Intel SDM vol. 1, 3.4.3 */
#define FL_DF (1UL << 10)
#define MXCSR_DEFAULT 0x1f80 /* Intel SDM vol. 1, 10.2.3.3 */
#define FCW_DEFAULT 0x037f   /* Intel SDM vol. 1, 8.1.5 (after FNINIT) */
#define FX_FCW 0             /* offsets in the FXSAVE image (vol. 1, 10.5.1) */
#define FX_XMM0 160
#define FX_LEGACY_SIZE 512   /* the FXSAVE part; Linux's XSAVE image is larger */
#define REDZONE 128          /* the x86-64 psABI's red zone */
#define TRAP_PF 14           /* Intel SDM vol. 3A, 6.15 */
#define PF_WRITE_USER 6      /* page-fault error code: write, user, not present */
#define FAULT_ADDR 8         /* lab-sigframe.asm */
#define PAGE 4096

/* The registers lf_raise loads: all but RAX (the call), RCX and R11
 * (SYSCALL's own) and RSP. */
#define RAISE_LOADED (0xffffu & ~((1u << RAX) | (1u << RCX) | (1u << R11) | (1u << RSP)))

extern unsigned long lf_in_gpr[16], lf_in_xmm0[2], lf_raise_rsp;
extern unsigned int lf_in_mxcsr;
extern unsigned short lf_in_fcw;
extern unsigned long h_rax, h_rsp, h_flags, h_mxcsr, h_fcw, h_xmm0[2];
extern const char lf_after_syscall[], lf_fault_insn[];
void lf_raise(void);
void lf_fault(void);
void lf_handler(void);
void lf_restorer(void);

enum lf_case { CASE_KILL, CASE_FAULT, CASE_ALTSTACK, CASE_NO_HANDLER, CASE_NESTED };
static enum lf_case lf_case;
static const char *case_name;

/* A 64 KiB area for the alternate stacks, 64-byte aligned: the stacks lie
 * in its upper half, so that what lies below them is writable memory. */
#define AREA_SIZE 65536
static unsigned char alt_area[AREA_SIZE] __attribute__((aligned(64)));
static unsigned long alt_sp, alt_size;

static void install(int sig, unsigned long flags)
{
	struct kernel_sigaction sa = {
		.handler = (unsigned long)lf_handler,
		.flags = SA_SIGINFO | SA_RESTORER | flags,
		.restorer = (unsigned long)lf_restorer,
	};
	if (sys(__NR_rt_sigaction, sig, (long)&sa, 0, SIGSET_BYTES) != 0) {
		printf("%s: rt_sigaction(%d): FAIL\n", case_name, sig);
		_exit(1);
	}
}

static void set_altstack(unsigned long sp, unsigned long size)
{
	struct kernel_sigaltstack ss = { .ss_sp = sp, .ss_flags = 0, .ss_size = size };
	alt_sp = sp;
	alt_size = size;
	if (sys(__NR_sigaltstack, (long)&ss, 0) != 0) {
		printf("%s: sigaltstack: FAIL\n", case_name);
		_exit(1);
	}
}

/* "case: what: ok" or "case: what: FAIL". */
static void ck(const char *what, int ok)
{
	char line[160];
	snprintf(line, sizeof(line), "%s: %s", case_name, what);
	check(line, ok);
}

static void ck_result(const char *what, long got, long want)
{
	char line[160];
	snprintf(line, sizeof(line), "%s: %s", case_name, what);
	check_result(line, got, want);
}

static void ck_regs(const char *what, unsigned mask, const unsigned long *got,
		    const unsigned long *want)
{
	char line[160];
	snprintf(line, sizeof(line), "%s: %s", case_name, what);
	check_regs(line, mask, got, want);
}

/* What every frame must be, whatever raised the signal. */
static void check_frame(int sig, unsigned long info, unsigned long ucp)
{
	const struct kernel_ucontext *uc = (const void *)ucp;
	unsigned long fp = uc->uc_mcontext.fpstate;

	ck("rdx points at the ucontext, at rsp + 8", ucp == h_rsp + 8);
	ck("rsi points at the siginfo, just above the ucontext",
	   info == ucp + sizeof(struct kernel_ucontext));
	ck("(rsp + 8) % 16 == 0, as after a call", (h_rsp + 8) % 16 == 0);
	ck("the return address is sa_restorer",
	   *(const unsigned long *)h_rsp == (unsigned long)lf_restorer);
	ck_result("si_signo", ((const struct kernel_siginfo *)info)->si_signo, sig);
	ck("rax is 0 in the handler", h_rax == 0);
	ck("DF is clear in the handler", (h_flags & FL_DF) == 0);
	ck("MXCSR in the handler is the default", h_mxcsr == MXCSR_DEFAULT);
	ck("x87 control word in the handler is the default", h_fcw == FCW_DEFAULT);
	ck("xmm0 in the handler is zero", h_xmm0[0] == 0 && h_xmm0[1] == 0);
	ck("fpstate is 64-byte aligned, above the siginfo",
	   fp != 0 && fp % 64 == 0 && fp >= info + sizeof(struct kernel_siginfo));
	ck("uc_mcontext: rsp is the interrupted one", uc->uc_mcontext.rsp == lf_raise_rsp);
	ck("uc_mcontext: cs and ss are the program's",
	   uc->uc_mcontext.cs == user_cs() && uc->uc_mcontext.ss == user_ss());
	ck("uc_mcontext: eflags has IF", (uc->uc_mcontext.eflags & FL_IF) != 0);
	ck("uc_flags has UC_SIGCONTEXT_SS and UC_STRICT_RESTORE_SS",
	   (uc->uc_flags & (UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS)) ==
		   (UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS));
	ck("uc_link is 0", uc->uc_link == 0);
}

/* After a kill by lf_raise: the registers, flags and FPU it loaded. */
static void check_kill(unsigned long info, unsigned long ucp)
{
	const struct kernel_ucontext *uc = (const void *)ucp;
	const struct kernel_siginfo *si = (const void *)info;
	const unsigned char *fx = (const void *)uc->uc_mcontext.fpstate;
	unsigned short fcw;
	unsigned int mxcsr;
	unsigned long xmm0[2];

	ck_result("si_code (SI_USER)", si->si_code, SI_USER);
	ck("si_pid is the sender", si->u.kill.pid == sys(__NR_getpid));
	ck("the frame lies below the red zone",
	   info + sizeof(*si) <= lf_raise_rsp - REDZONE &&
		   uc->uc_mcontext.fpstate + FX_LEGACY_SIZE <= lf_raise_rsp - REDZONE);
	ck_regs("uc_mcontext: the registers kill was made with", RAISE_LOADED,
		   &uc->uc_mcontext.r8, lf_in_gpr);
	ck_result("uc_mcontext: rax (kill's result)", (long)uc->uc_mcontext.rax, 0);
	ck("uc_mcontext: rip is after the syscall",
	   uc->uc_mcontext.rip == (unsigned long)lf_after_syscall);
	ck("uc_mcontext: eflags has DF", (uc->uc_mcontext.eflags & FL_DF) != 0);
	ck("uc_sigmask is the mask before (SIGUSR2)", uc->uc_sigmask == BIT(SIGUSR2));
	ck("uc_mcontext: oldmask is the mask before", uc->uc_mcontext.oldmask == BIT(SIGUSR2));
	ck("uc_stack: SS_DISABLE (no alternate stack)", uc->uc_stack.ss_flags == SS_DISABLE);
	memcpy(&fcw, fx + FX_FCW, sizeof(fcw));
	memcpy(&mxcsr, fx + FXSAVE_MXCSR, sizeof(mxcsr));
	memcpy(xmm0, fx + FX_XMM0, sizeof(xmm0));
	ck("fpstate: MXCSR is the interrupted one", mxcsr == lf_in_mxcsr);
	ck("fpstate: x87 control word is the interrupted one", fcw == lf_in_fcw);
	ck("fpstate: xmm0 is the interrupted one",
	   xmm0[0] == lf_in_xmm0[0] && xmm0[1] == lf_in_xmm0[1]);
}

__attribute__((noreturn)) void lf_handler_c(long sig, unsigned long info, unsigned long ucp);
__attribute__((noreturn)) void lf_handler_c(long sig, unsigned long info, unsigned long ucp)
{
	const struct kernel_ucontext *uc = (const void *)ucp;
	const struct kernel_siginfo *si = (const void *)info;

	switch (lf_case) {
	case CASE_KILL:
		ck_result("rdi is the signal number", sig, SIGUSR1);
		check_frame(SIGUSR1, info, ucp);
		check_kill(info, ucp);
		break;
	case CASE_FAULT:
		ck_result("rdi is the signal number", sig, SIGSEGV);
		check_frame(SIGSEGV, info, ucp);
		ck_result("si_code (SEGV_MAPERR)", si->si_code, SEGV_MAPERR);
		ck("si_addr is the address written", si->u.fault.addr == FAULT_ADDR);
		ck("uc_mcontext: rip is the faulting write",
		   uc->uc_mcontext.rip == (unsigned long)lf_fault_insn);
		ck_result("uc_mcontext: trapno (#PF)", (long)uc->uc_mcontext.trapno, TRAP_PF);
		ck_result("uc_mcontext: err (a write in ring 3)", (long)uc->uc_mcontext.err,
			  PF_WRITE_USER);
		ck("uc_mcontext: cr2 is the address written", uc->uc_mcontext.cr2 == FAULT_ADDR);
		break;
	case CASE_ALTSTACK:
		ck_result("rdi is the signal number", sig, SIGUSR1);
		check_frame(SIGUSR1, info, ucp);
		ck("the frame lies on the alternate stack",
		   h_rsp >= alt_sp && uc->uc_mcontext.fpstate + FX_LEGACY_SIZE <= alt_sp + alt_size);
		ck("uc_stack is the alternate stack",
		   uc->uc_stack.ss_sp == alt_sp && uc->uc_stack.ss_size == alt_size &&
			   uc->uc_stack.ss_flags == 0);
		break;
	case CASE_NO_HANDLER:
		ck("no handler runs", 0);
		break;
	case CASE_NESTED:
		if (sig == SIGUSR1) {
			/* A second frame below this one does not fit. */
			sys(__NR_kill, sys(__NR_getpid), SIGUSR2);
			printf("%s: SIGUSR2 was not delivered: FAIL\n", case_name);
			_exit(4);
		}
		printf("%s: the nested handler ran: FAIL\n", case_name);
		_exit(3);
	}
	_exit(check_failures ? 1 : 0);
}

/* In a child: the case's setup, then the raise. */
static __attribute__((noreturn)) void run_child(enum lf_case c)
{
	unsigned long usr2 = BIT(SIGUSR2);

	check_failures = 0;
	lf_in_gpr[RDI] = sys(__NR_getpid); /* kill's arguments */
	lf_in_gpr[RSI] = SIGUSR1;
	switch (c) {
	case CASE_KILL:
		install(SIGUSR1, 0);
		sys(__NR_rt_sigprocmask, SIG_BLOCK, (long)&usr2, 0, SIGSET_BYTES);
		lf_raise();
		break;
	case CASE_FAULT:
		install(SIGSEGV, 0);
		lf_fault();
		break;
	case CASE_ALTSTACK:
		install(SIGUSR1, SA_ONSTACK);
		/* A top 13 bytes past a multiple of 16: the frame must align. */
		set_altstack((unsigned long)alt_area + AREA_SIZE / 2, 8192 + 13);
		lf_raise();
		break;
	case CASE_NO_HANDLER: {
		/* An alternate stack the kernel cannot write: read-only. */
		long p = sys(__NR_mmap, 0, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p < 0 && p >= -4095) {
			printf("%s: mmap: FAIL\n", case_name);
			_exit(1);
		}
		install(SIGUSR1, SA_ONSTACK);
		set_altstack((unsigned long)p, 2 * PAGE);
		lf_raise();
		break;
	}
	case CASE_NESTED:
		install(SIGUSR1, SA_ONSTACK);
		install(SIGUSR2, SA_ONSTACK);
		set_altstack((unsigned long)alt_area + AREA_SIZE / 2, MINSIGSTKSZ);
		lf_raise();
		break;
	}
	printf("%s: the signal was not delivered: FAIL\n", case_name);
	_exit(2);
}

/* Runs a case in a child; `want` is how the child must end: "exit 0"
 * (its handler ran and found everything right) or "signal 11". */
static void run_case(const char *name, enum lf_case c, const char *want)
{
	char got[48];

	case_name = name;
	lf_case = c;
	pid_t pid = fork();
	if (pid == 0)
		run_child(c);
	child_ended(pid, got, sizeof(got));
	if (!outcome_matches(name, got, want))
		check_failures++;
}

int main(void)
{
	for (int i = 0; i < 16; i++)
		lf_in_gpr[i] = 0x0101010101010101UL * (i + 1) ^ 0x8000000000000000UL;
	lf_in_xmm0[0] = 0x1111222233334444UL;
	lf_in_xmm0[1] = 0x5555666677778888UL;
	lf_in_mxcsr = MXCSR_DEFAULT | 0x6000; /* round toward zero */
	lf_in_fcw = FCW_DEFAULT | 0x0c00;     /* the same for x87 */

	run_case("kill", CASE_KILL, "exit 0");
	run_case("page fault", CASE_FAULT, "exit 0");
	run_case("alternate stack", CASE_ALTSTACK, "exit 0");
	run_case("read-only alternate stack", CASE_NO_HANDLER, "signal 11");
	run_case("nested frame off the alternate stack", CASE_NESTED, "signal 11");
	return check_exit();
}
