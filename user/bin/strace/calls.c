/*
 * calls.c - the table of every system call's name and signature, generated
 * by scripts/gen-syscalls from kernel/syscall/syscall_64.tbl into
 * build/gen/user/strace_calls.h, and the lookups the tracer makes in it.
 * Invariant: the table is the kernel's own, so a name shown is the name
 * the kernel dispatches.
 */
#include <string.h>

#include "args.h"

#include <strace_calls.h>

const struct call_info *call_lookup(u64 nr)
{
	if (nr >= STRACE_NR_CALLS || !strace_call_table[nr].name)
		return NULL;
	return &strace_call_table[nr];
}

long call_number(const char *name)
{
	for (long n = 0; n < STRACE_NR_CALLS; n++)
		if (strace_call_table[n].name && !strcmp(strace_call_table[n].name, name))
			return n;
	return -1;
}

long call_count(void) { return STRACE_NR_CALLS; }
