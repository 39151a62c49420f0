/*
 * extable.h - the exception fixup table: pairs (instruction, fixup) for the
 * few kernel instructions that are allowed to fault, such as the accesses
 * inside probe_read/probe_write (and, later, the user-copy helpers). When a
 * ring-0 fault hits a listed instruction, the trap handler resumes at its
 * fixup, which reports -EFAULT, instead of crashing.
 * Invariant: only code written for it appears in the table; any other
 * ring-0 fault is still a crash.
 */
#ifndef MINOS_ARCH_EXTABLE_H
#define MINOS_ARCH_EXTABLE_H

#include "arch/x86_64/frame.h"
#include "errno.h"

struct extable_entry {
	u64 insn;
	u64 fixup;
};

/* If r->rip is listed, moves r->rip to the fixup and returns true. */
bool extable_fixup(struct regs *r);

/* Emits a table entry for local label `insn` and a fixup that sets `err`
 * to -EFAULT and resumes at label `resume`. For use inside asm(). */
#define EXTABLE_ENTRY(insn, resume, err)                                       \
	".pushsection __ex_table, \"a\"\n\t.balign 8\n\t.quad " insn ", 9f\n\t" \
	".popsection\n\t.pushsection .text.fixup, \"ax\"\n"                     \
	"9:\tmovl $-14, " err "\n\tjmp " resume "\n\t.popsection\n\t"

/* Reads or writes one byte at a kernel address that may not be mapped or
 * may forbid the access; returns 0 or -EFAULT. */
static inline int probe_read_u8(const volatile void *addr, u8 *out)
{
	int err = 0;
	u8 v = 0;
	__asm__ volatile("1:\tmovb (%[addr]), %[v]\n"
			 "2:\n\t" EXTABLE_ENTRY("1b", "2b", "%[err]")
			 : [err] "+r"(err), [v] "+q"(v)
			 : [addr] "r"(addr)
			 : "memory");
	*out = v;
	return err;
}

static inline int probe_write_u8(volatile void *addr, u8 v)
{
	int err = 0;
	__asm__ volatile("1:\tmovb %[v], (%[addr])\n"
			 "2:\n\t" EXTABLE_ENTRY("1b", "2b", "%[err]")
			 : [err] "+r"(err)
			 : [addr] "r"(addr), [v] "q"(v)
			 : "memory");
	return err;
}

#endif
