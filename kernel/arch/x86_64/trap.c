/*
 * trap.c - trap_dispatch(), the C side of every interrupt and exception.
 * Exceptions raised in ring 0 are kernel bugs: they end in a crash report
 * (panic.c). Device interrupts go to the handler registered for their
 * vector. Invariant: runs with interrupts off (all gates are interrupt
 * gates) and returns only when the interrupted code may safely resume.
 */
#include "arch/x86_64/idt.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/extable.h"
#include "log.h"
#include "crash.h"

extern irq_handler_t irq_handlers[256];

static trap_hook_t test_hook;

void trap_set_test_hook(trap_hook_t hook) { test_hook = hook; }

void trap_dispatch(struct regs *r);

void trap_dispatch(struct regs *r)
{
	unsigned vector = (unsigned)r->vector;

	if (vector < VEC_EXCEPTIONS) {
		/* Nothing runs in ring 3 yet: every exception is the kernel's.
		 * It is survivable only at an instruction listed for it. */
		if (extable_fixup(r))
			return;
		if (test_hook && test_hook(r))
			return;
		crash_report_exception(r);
	}

	irq_handler_t h = irq_handlers[vector];
	if (h) {
		h(r);
		return;
	}
	if (pic_is_spurious(vector))
		return;
	pr_warn("trap: unexpected interrupt on vector %u, ignored\n", vector);
}
