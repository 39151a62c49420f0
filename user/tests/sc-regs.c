/*
 * sc-regs - what SYSCALL may change, checked register by register. For
 * getpid, the invalid number 1000 and write(1, buf, 0), each with the
 * arithmetic flags and DF all set and all clear: every general register but
 * RAX, RCX and R11 keeps its value, RCX holds the address after `syscall`,
 * R11 holds RFLAGS as before the call (RF clear), and RFLAGS comes back the
 * same. Expected: the Linux ABI (Intel SDM vol. 2B SYSCALL/SYSRET; Linux
 * restores RFLAGS from R11) and a run on the reference Linux: all ok, exit 0.
 */
#include <unistd.h>
#include <sys/syscall.h>

#include "check.h"

struct probe {
	unsigned long in[16];
	unsigned long out[16];
	unsigned long flags_in;
	unsigned long flags_before;
	unsigned long flags_after;
};
_Static_assert(__builtin_offsetof(struct probe, flags_after) == 272,
	       "sc-regs.asm's offsets");

void sc_probe(struct probe *p);
extern const char sc_probe_after_syscall[];

enum { RAX, RBX, RCX, RDX, RSI, RDI, RBP, RSP, R8, R9, R10, R11, R12, R13,
       R14, R15 };
static const char *const reg_names[16] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/* RFLAGS bits (Intel SDM vol. 1, 3.4.3). */
#define FL_CF (1UL << 0)
#define FL_FIXED (1UL << 1) /* always 1 */
#define FL_PF (1UL << 2)
#define FL_AF (1UL << 4)
#define FL_ZF (1UL << 6)
#define FL_SF (1UL << 7)
#define FL_TF (1UL << 8)
#define FL_IF (1UL << 9)
#define FL_DF (1UL << 10)
#define FL_OF (1UL << 11)
#define FL_RF (1UL << 16)
#define FL_ARITH (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)
/* The bits compared: those a user sets, plus TF, IF and the fixed bit. */
#define FL_CHECKED (FL_ARITH | FL_DF | FL_TF | FL_IF | FL_FIXED)

static char write_buf[1];

static void probe_one(const char *name, long nr, int flags_set, long want_rax)
{
	struct probe p = { 0 };
	char what[96];
	int changed = 0;

	/* Distinct 64-bit values with high bits set, different per call. */
	for (int i = 0; i < 16; i++)
		p.in[i] = 0xa5a5000000000000UL ^ ((unsigned long)nr << 32) ^
			  ((unsigned long)(i + 1) * 0x01010101UL) ^
			  (flags_set ? 0x00ff000000000000UL : 0);
	p.in[RAX] = (unsigned long)nr;
	if (nr == __NR_write) { /* write(1, write_buf, 0) */
		p.in[RDI] = 1;
		p.in[RSI] = (unsigned long)write_buf;
		p.in[RDX] = 0;
	}
	p.flags_in = flags_set ? (FL_ARITH | FL_DF) : 0;

	sc_probe(&p);

	const char *tag = flags_set ? "flags set" : "flags clear";
	for (int i = 0; i < 16; i++) {
		if (i == RAX || i == RCX || i == R11)
			continue;
		if (p.out[i] != p.in[i]) {
			printf("%s [%s]: %s changed from %#lx to %#lx\n", name,
			       tag, reg_names[i], p.in[i], p.out[i]);
			changed++;
		}
	}
	snprintf(what, sizeof(what), "%s [%s]: other registers preserved", name, tag);
	check(what, !changed);

	snprintf(what, sizeof(what), "%s [%s]: rax", name, tag);
	if (nr == __NR_getpid)
		check(what, (long)p.out[RAX] == getpid());
	else
		check_result(what, (long)p.out[RAX], want_rax);

	snprintf(what, sizeof(what), "%s [%s]: rcx = address after syscall", name, tag);
	check(what, p.out[RCX] == (unsigned long)sc_probe_after_syscall);

	snprintf(what, sizeof(what), "%s [%s]: r11 = rflags before syscall", name, tag);
	check(what, (p.out[R11] & FL_CHECKED) == (p.flags_before & FL_CHECKED));

	snprintf(what, sizeof(what), "%s [%s]: r11 has RF clear", name, tag);
	check(what, !(p.out[R11] & FL_RF));

	snprintf(what, sizeof(what), "%s [%s]: rflags restored", name, tag);
	check(what, (p.flags_after & FL_CHECKED) == (p.flags_before & FL_CHECKED));

	snprintf(what, sizeof(what), "%s [%s]: flags were %s before syscall", name, tag,
		 flags_set ? "set" : "clear");
	check(what, (p.flags_before & (FL_ARITH | FL_DF)) ==
			    (flags_set ? (FL_ARITH | FL_DF) : 0) &&
			    (p.flags_before & FL_IF));
}

int main(void)
{
	for (int flags_set = 0; flags_set <= 1; flags_set++) {
		probe_one("getpid", __NR_getpid, flags_set, 0);
		probe_one("syscall 1000", 1000, flags_set, -38 /* -ENOSYS */);
		probe_one("write(1, buf, 0)", __NR_write, flags_set, 0);
	}
	return check_exit();
}
