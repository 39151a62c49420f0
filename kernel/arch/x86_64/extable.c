/*
 * extable.c - looks a faulting RIP up in the exception fixup table that the
 * linker gathers from every __ex_table section (linker.ld). The table is
 * small and searched linearly.
 */
#include "arch/x86_64/extable.h"

extern const struct extable_entry __ex_table_start[], __ex_table_end[];

bool extable_fixup(struct regs *r)
{
	for (const struct extable_entry *e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->insn == r->rip) {
			r->rip = e->fixup;
			return true;
		}
	}
	return false;
}
