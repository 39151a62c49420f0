/*
 * sig-regs - a signal handler's entry state, and the registers of the
 * interrupted code across it (sig-regs.asm does the register-exact part).
 * The handler is entered with RDI = the signal, RSI = &siginfo, RDX =
 * &ucontext = RSP + 8, the restorer as its return address, (RSP + 8) a
 * multiple of 16 whatever the interrupted RSP, DF clear, and a fresh FPU
 * state (MXCSR 0x1f80, x87 control word 0x37f); its ucontext holds the
 * interrupted registers, RIP, RSP, flags, segments, mask and FPU state.
 * After the handler, which clobbers every register it can, sets DF and
 * loads other MXCSR and x87 control values, the interrupted code finds all
 * of its general registers (RAX = kill's result, RCX and R11 aside for a
 * SYSCALL), xmm0-15, MXCSR, the x87 control word, DF and its red zone as
 * they were. Signals come from kill(2) by a raw SYSCALL, with the stack at
 * four alignments, and from UD2 (SIGILL, its handler steps over it).
 * Expected: the reference Linux's results.
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <minos_proc.h>
#include <minos_rawcall.h>
#include <uapi/signal.h> /* the kernel's struct sigaction */

#include "check.h"
#include "sigcontext-regs.h"

#define SIGSET_BYTES 8
#define FL_DF (1UL << 10) /* Intel SDM vol. 1, 3.4.3 */
#define UC_SIGCONTEXT_SS 0x2 /* arch/x86/include/uapi/asm/ucontext.h */
#define UC_STRICT_RESTORE_SS 0x4
#define MXCSR_DEFAULT 0x1f80 /* Intel SDM vol. 1, 10.2.3.3 */
#define FCW_DEFAULT 0x037f   /* Intel SDM vol. 1, 8.1.5 (after FNINIT) */
#define UCONTEXT_SIZE 304    /* Linux's struct ucontext on x86-64 */
#define SI_USER 0
#define ILL_ILLOPN 2
#define TRAP_UD 6

/* The rest of struct sigcontext, in 8-byte slots. */
enum { SC_RIP = 16, SC_EFLAGS, SC_SEGS, SC_ERR, SC_TRAPNO, SC_OLDMASK, SC_CR2, SC_FPSTATE };

extern unsigned long sr_in_gpr[16], sr_in_xmm[32], sr_redzone_fill;
extern unsigned int sr_in_mxcsr;
extern unsigned short sr_in_fcw;
extern unsigned long sr_out_gpr[16], sr_out_xmm[32], sr_out_flags, sr_out_redzone[16];
extern unsigned long sr_raise_rsp;
extern unsigned int sr_out_mxcsr;
extern unsigned short sr_out_fcw;
extern unsigned long h_count, h_rdi, h_rsi, h_rdx, h_rsp, h_ret, h_flags;
extern unsigned long h_uc_flags, h_uc_sigmask, h_mcontext[32], h_siginfo[2], h_fp_xmm[32];
extern unsigned int h_mxcsr, h_fp_mxcsr;
extern unsigned short h_fcw;

void sr_raise(long how, long misalign, long pid, long sig);
void sr_handler(int sig, void *info, void *uc);
void sr_restorer(void);
extern const char sr_after_syscall[], sr_ud2[];

static void install(int sig)
{
	struct kernel_sigaction sa = {
		.handler = (unsigned long)sr_handler,
		.flags = SA_SIGINFO | SA_RESTORER,
		.restorer = (unsigned long)sr_restorer,
	};
	check_result(sig == SIGUSR1 ? "rt_sigaction(SIGUSR1)" : "rt_sigaction(SIGILL)",
		     sys(__NR_rt_sigaction, sig, (long)&sa, 0, SIGSET_BYTES), 0);
}

static void check_xmm(const char *what, const unsigned long *got)
{
	char bad[128] = "";
	for (int i = 0; i < 16; i++)
		if (got[2 * i] != sr_in_xmm[2 * i] || got[2 * i + 1] != sr_in_xmm[2 * i + 1])
			snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad), " xmm%d", i);
	if (bad[0]) {
		printf("%s: FAIL (differ:%s)\n", what, bad);
		check_failures++;
	} else {
		printf("%s: ok\n", what);
	}
}

static void fill_inputs(void)
{
	for (int i = 0; i < 16; i++)
		sr_in_gpr[i] = 0x0101010101010101UL * (i + 1) ^ 0x8000000000000000UL;
	for (int i = 0; i < 32; i++)
		sr_in_xmm[i] = 0x1111000000000000UL + 0x10001UL * (i + 1);
	sr_in_mxcsr = MXCSR_DEFAULT | 0x6000; /* round toward zero */
	sr_in_fcw = FCW_DEFAULT | 0x0c00;     /* the same for x87 */
	sr_redzone_fill = 0x5a5a5a5a5a5a5a5aUL;
}

static void clear_records(void)
{
	h_count = h_rdi = h_rsi = h_rdx = h_rsp = h_ret = h_flags = 0;
	h_uc_flags = h_uc_sigmask = h_fp_mxcsr = h_mxcsr = h_fcw = 0;
	memset(h_mcontext, 0, sizeof(h_mcontext));
	memset(h_siginfo, 0, sizeof(h_siginfo));
	memset(h_fp_xmm, 0, sizeof(h_fp_xmm));
	memset(sr_out_gpr, 0, sizeof(sr_out_gpr));
	memset(sr_out_xmm, 0, sizeof(sr_out_xmm));
	memset(sr_out_redzone, 0, sizeof(sr_out_redzone));
}

static void line(char *buf, size_t size, const char *prefix, const char *what)
{
	snprintf(buf, size, "%s: %s", prefix, what);
}

/* The registers a raise by SYSCALL loads: all but RAX, RCX, R11 (and
 * RDI, RSI, which carry kill's arguments and are checked separately). */
#define KILL_LOADED ((1u << R8) | (1u << R9) | (1u << R10) | (1u << R12) | (1u << R13) | \
		     (1u << R14) | (1u << R15) | (1u << RBP) | (1u << RBX) | (1u << RDX))
#define ALL_BUT_RSP (0xffffu & ~(1u << RSP))

/* One raise and everything about it; `full` adds the checks that do
 * not depend on the stack's alignment. */
static void raise_and_check(const char *p, long how, long misalign, int full)
{
	char w[160];
	long pid = sys(__NR_getpid);
	int sig = how ? SIGILL : SIGUSR1;
	unsigned long want[16];
	int redzone_ok = 1;

	clear_records();
	sr_raise(how, misalign, pid, sig);
	memcpy(want, sr_in_gpr, sizeof(want));
	if (!how) {
		want[RDI] = pid;
		want[RSI] = SIGUSR1;
		want[RAX] = 0;
	}
	want[RSP] = sr_raise_rsp;

	line(w, sizeof(w), p, "the handler ran once");
	check(w, h_count == 1);
	line(w, sizeof(w), p, "the handler's stack: (rsp + 8) % 16 == 0");
	check(w, (h_rsp + 8) % 16 == 0);
	for (int i = 0; i < 16; i++)
		redzone_ok &= sr_out_redzone[i] == sr_redzone_fill;
	line(w, sizeof(w), p, "the red zone below rsp is left alone");
	check(w, redzone_ok);
	line(w, sizeof(w), p, "registers after the handler");
	check_regs(w, how ? ALL_BUT_RSP : KILL_LOADED | (1u << RDI) | (1u << RSI), sr_out_gpr,
		   want);
	line(w, sizeof(w), p, "rsp after the handler");
	check(w, sr_out_gpr[RSP] == sr_raise_rsp);
	if (!how) {
		line(w, sizeof(w), p, "rax after the handler (kill's result)");
		check_result(w, sr_out_gpr[RAX], 0);
	}
	line(w, sizeof(w), p, "xmm0-xmm15 after the handler");
	check_xmm(w, sr_out_xmm);
	line(w, sizeof(w), p, "DF set again after the handler");
	check(w, (sr_out_flags & FL_DF) != 0);
	line(w, sizeof(w), p, "MXCSR after the handler");
	check(w, sr_out_mxcsr == sr_in_mxcsr);
	line(w, sizeof(w), p, "x87 control word after the handler");
	check(w, sr_out_fcw == sr_in_fcw);
	if (!full)
		return;

	line(w, sizeof(w), p, "rdi is the signal number");
	check(w, h_rdi == (unsigned long)sig);
	line(w, sizeof(w), p, "rsi points at the siginfo: si_signo");
	check_result(w, (int)h_siginfo[0], sig);
	line(w, sizeof(w), p, "rsi points at the siginfo: si_code");
	check_result(w, (int)h_siginfo[1], how ? ILL_ILLOPN : SI_USER);
	line(w, sizeof(w), p, "rdx points at the ucontext, at rsp + 8");
	check(w, h_rdx == h_rsp + 8);
	line(w, sizeof(w), p, "the siginfo follows the ucontext (Linux's rt_sigframe)");
	check(w, h_rsi == h_rdx + UCONTEXT_SIZE);
	line(w, sizeof(w), p, "the return address is the restorer");
	check(w, h_ret == (unsigned long)sr_restorer);
	line(w, sizeof(w), p, "the frame lies below the red zone");
	check(w, h_count == 1 && h_rsi + 128 <= sr_raise_rsp - 128 &&
		 h_mcontext[SC_FPSTATE] + 512 <= sr_raise_rsp - 128);
	line(w, sizeof(w), p, "DF clear in the handler");
	check(w, h_count == 1 && (h_flags & FL_DF) == 0);
	line(w, sizeof(w), p, "MXCSR in the handler is the default");
	check(w, h_mxcsr == MXCSR_DEFAULT);
	line(w, sizeof(w), p, "x87 control word in the handler is the default");
	check(w, h_fcw == FCW_DEFAULT);

	/* The ucontext: what a handler may read (and change). */
	unsigned long uc_want[16];
	memcpy(uc_want, want, sizeof(uc_want));
	line(w, sizeof(w), p, "ucontext: the interrupted registers");
	check_regs(w, how ? 0xffffu : KILL_LOADED | (1u << RDI) | (1u << RSI) | (1u << RSP) |
				       (1u << RAX),
		   h_mcontext, uc_want);
	line(w, sizeof(w), p, "ucontext: rip");
	check(w, h_mcontext[SC_RIP] == (unsigned long)(how ? sr_ud2 : sr_after_syscall));
	line(w, sizeof(w), p, "ucontext: eflags has DF set");
	check(w, (h_mcontext[SC_EFLAGS] & FL_DF) != 0);
	line(w, sizeof(w), p, "ucontext: cs");
	check(w, (h_mcontext[SC_SEGS] & 0xffff) == user_cs());
	line(w, sizeof(w), p, "ucontext: ss (UC_SIGCONTEXT_SS)");
	check(w, (h_mcontext[SC_SEGS] >> 48) == user_ss());
	line(w, sizeof(w), p, "ucontext: uc_flags has UC_SIGCONTEXT_SS and UC_STRICT_RESTORE_SS");
	check(w, (h_uc_flags & (UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS)) ==
			 (UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS));
	line(w, sizeof(w), p, "ucontext: uc_sigmask is the mask before (SIGUSR2)");
	check(w, h_uc_sigmask == 1UL << (SIGUSR2 - 1));
	line(w, sizeof(w), p, "ucontext: oldmask is the mask before");
	check(w, h_mcontext[SC_OLDMASK] == 1UL << (SIGUSR2 - 1));
	if (how) {
		line(w, sizeof(w), p, "ucontext: trapno (#UD)");
		check_result(w, h_mcontext[SC_TRAPNO], TRAP_UD);
		line(w, sizeof(w), p, "ucontext: err");
		check_result(w, h_mcontext[SC_ERR], 0);
	}
	line(w, sizeof(w), p, "ucontext: fpstate is 64-byte aligned");
	check(w, h_mcontext[SC_FPSTATE] != 0 && h_mcontext[SC_FPSTATE] % 64 == 0);
	line(w, sizeof(w), p, "fpstate: MXCSR is the interrupted one");
	check(w, h_fp_mxcsr == sr_in_mxcsr);
	line(w, sizeof(w), p, "fpstate: xmm0-xmm15 are the interrupted ones");
	check_xmm(w, h_fp_xmm);

	unsigned long mask = ~0UL;
	sys(__NR_rt_sigprocmask, SIG_BLOCK, 0, (long)&mask, SIGSET_BYTES);
	line(w, sizeof(w), p, "the mask after the handler is the one before");
	check(w, mask == 1UL << (SIGUSR2 - 1));
}

/* raise_and_check in a child, so that a kernel that kills instead of
 * delivering fails these checks only. */
static void in_child(const char *p, long how, long misalign, int full)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		check_failures = 0;
		raise_and_check(p, how, misalign, full);
		_exit(check_failures);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		printf("%s: fork or wait failed: FAIL\n", p);
		check_failures++;
	} else if (WIFSIGNALED(status)) {
		printf("%s: killed by signal %d: FAIL\n", p, WTERMSIG(status));
		check_failures++;
	} else {
		check_failures += WEXITSTATUS(status);
	}
}

int main(void)
{
	unsigned long usr2 = 1UL << (SIGUSR2 - 1);
	static const long misaligns[] = { 8, 4, 1 };
	char p[64];

	fill_inputs();
	install(SIGUSR1);
	install(SIGILL);
	check_result("rt_sigprocmask: block SIGUSR2",
		     sys(__NR_rt_sigprocmask, SIG_BLOCK, (long)&usr2, 0, SIGSET_BYTES), 0);

	in_child("kill by syscall, rsp % 16 == 0", 0, 0, 1);
	for (unsigned i = 0; i < sizeof(misaligns) / sizeof(misaligns[0]); i++) {
		snprintf(p, sizeof(p), "kill by syscall, rsp %% 16 == %ld", 16 - misaligns[i]);
		in_child(p, 0, misaligns[i], 0);
	}
	in_child("ud2", 1, 0, 1);
	in_child("ud2, rsp % 16 == 8", 1, 8, 0);
	return check_exit();
}
