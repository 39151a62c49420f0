/*
 * trap.h - what trap_dispatch() (trap.c) needs from outside arch/: the
 * task side of a trap, reached through calls proc/fault.c registers once
 * at boot, so that arch/ calls no subsystem above it by name; and a hook
 * that lets a kernel self-test claim a fault it caused on purpose.
 */
#ifndef MINOS_ARCH_TRAP_H
#define MINOS_ARCH_TRAP_H

#include "arch/x86_64/frame.h"

struct trap_task_ops {
	/* A page fault at a user address, raised in ring 3 or by a user-copy
	 * helper: fills the page if the running task's memory allows it
	 * (demand paging). 0 when the instruction may run again, else a
	 * negative errno (mm/mmap.h's mm_fault() says which). */
	int (*page_fault)(u64 addr, u64 error_code);
	/* An exception from ring 3 that stands: sig (Linux's signal for the
	 * exception) for the running task, with addr (CR2 for a page fault).
	 * Either its handler gets it on the way back to ring 3, or the task
	 * ends here. */
	void (*user_fault)(struct regs *r, int sig, u64 addr);
	/* Every return to ring 3 from an interrupt or exception: another
	 * task's turn, then pending signals. */
	void (*return_to_user)(struct regs *r);
};

/* Set once at boot, before the first trap from ring 3 is possible; until
 * then no page fault is taken for demand paging. */
void trap_set_task_ops(const struct trap_task_ops *ops);
/* A new task's first way to ring 3 (switch.asm): as every return, through
 * the task side, so that a signal already pending (a traced child's
 * SIGSTOP) is acted on before its first instruction. */
void trap_first_return(struct regs *r);

/* A kernel self-test may claim a ring-0 exception it caused on purpose by
 * returning true (after fixing up r); never set outside tests. */
typedef bool (*trap_hook_t)(struct regs *r);
void trap_set_test_hook(trap_hook_t hook);

#endif
