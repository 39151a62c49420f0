/*
 * sigcontext-regs.h - the general registers as the signal tests of
 * user/tests (sig-regs, sig-sigreturn, lab-sigframe, lab-sigreturn) lay
 * them out: sixteen 8-byte slots in struct sigcontext's order (Linux's
 * arch/x86/include/uapi/asm/sigcontext.h: r8 first, rsp last), their
 * names, a check that compares a set of them, and the selectors the
 * program runs with, which a frame's CS and SS must equal.
 * Include after check.h, whose counter check_regs() adds to.
 */
#ifndef MINOS_USER_TESTS_SIGCONTEXT_REGS_H
#define MINOS_USER_TESTS_SIGCONTEXT_REGS_H

#include <stdio.h>
#include <string.h>

enum { R8, R9, R10, R11, R12, R13, R14, R15, RDI, RSI, RBP, RBX, RDX, RAX, RCX, RSP };

static const char *const reg_names[16] __attribute__((unused)) = {
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
	"rdi", "rsi", "rbp", "rbx", "rdx", "rax", "rcx", "rsp",
};

/* "what: ok" when every register of mask (a bit per slot) holds want[slot]
 * in got, else "what: FAIL (differ: NAMES)". */
static inline void check_regs(const char *what, unsigned mask, const unsigned long *got,
			      const unsigned long *want)
{
	char bad[128] = "";

	for (int i = 0; i < 16; i++)
		if ((mask & (1u << i)) && got[i] != want[i])
			snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad), " %s", reg_names[i]);
	if (bad[0]) {
		printf("%s: FAIL (differ:%s)\n", what, bad);
		check_failures++;
	} else {
		printf("%s: ok\n", what);
	}
}

/* The code and stack selectors this program runs with. */
static inline unsigned short user_cs(void)
{
	unsigned short v;
	__asm__("mov %%cs, %0" : "=r"(v));
	return v;
}

static inline unsigned short user_ss(void)
{
	unsigned short v;
	__asm__("mov %%ss, %0" : "=r"(v));
	return v;
}

#endif
