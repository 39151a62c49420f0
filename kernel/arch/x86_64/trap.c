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
#include "arch/x86_64/cpu.h"
#include "proc/task.h"
#include "mm/mmap.h"
#include "proc/signal.h"
#include "log.h"
#include "errno.h"
#include "crash.h"

extern irq_handler_t irq_handlers[256];

static trap_hook_t test_hook;

void trap_set_test_hook(trap_hook_t hook) { test_hook = hook; }

void trap_dispatch(struct regs *r);

/* The signal Linux sends for each exception raised in ring 3
 * (arch/x86/kernel/traps.c). */
static int exception_signal(unsigned vector)
{
	switch (vector) {
	case VEC_DIVIDE_ERROR:
	case VEC_X87_FPU:
	case VEC_SIMD_FP:
		return SIGFPE;
	case VEC_DEBUG:
	case VEC_BREAKPOINT:
		return SIGTRAP;
	case VEC_INVALID_OPCODE:
	case VEC_DEVICE_NOT_AVAILABLE:
		return SIGILL;
	case VEC_SEGMENT_NOT_PRESENT:
	case VEC_STACK_FAULT:
	case VEC_ALIGNMENT_CHECK:
		return SIGBUS;
	default: /* #PF, #GP, #OF, #BR, #TS, #CP... */
		return SIGSEGV;
	}
}

/* A fault in ring 3 ends the program with sig, with one line in the
 * kernel log. */
static __noreturn void user_fault(struct regs *r, int sig)
{
	struct task *t = current_task();

	kprintf("MinOS: pid %d (%s): %s (%s) at rip 0x%lx, rsp 0x%lx, error 0x%lx", t->pid,
		t->name, exception_name((unsigned)r->vector), exception_mnemonic((unsigned)r->vector),
		r->rip, r->rsp, r->error_code);
	if (r->vector == VEC_PAGE_FAULT)
		kprintf(", address 0x%lx", read_cr2());
	kprintf(": %s\n", signal_name(sig));
	t->regs = r;
	task_kill(sig);
}

void trap_dispatch(struct regs *r)
{
	unsigned vector = (unsigned)r->vector;
	int sig = vector < VEC_EXCEPTIONS ? exception_signal(vector) : 0;

	/* A page fault on a user address, from ring 3 or from a user-copy
	 * helper, is first a request to fill the page (demand paging). When
	 * that cannot be done, Linux's signal says why (mm/mmap.h): out of
	 * memory kills (the OOM killer's SIGKILL), a file page past the end
	 * of the file is SIGBUS, anything else SIGSEGV. */
	if (vector == VEC_PAGE_FAULT && current_task() && current_task()->mm &&
	    read_cr2() < USER_TOP) {
		int err = mm_fault(current_task()->mm, read_cr2(), r->error_code);
		if (err == 0)
			return;
		if (err == -ENOMEM)
			sig = SIGKILL;
		else if (err == -EIO)
			sig = SIGBUS;
	}
	if (vector < VEC_EXCEPTIONS && regs_from_user(r) && vector != VEC_NMI &&
	    vector != VEC_MACHINE_CHECK)
		user_fault(r, sig);
	if (vector < VEC_EXCEPTIONS) {
		/* A kernel exception is survivable only at an instruction
		 * listed for it (the user-copy helpers, probes). */
		if (extable_fixup(r))
			return;
		if (test_hook && test_hook(r))
			return;
		crash_report_exception(r);
	}

	irq_handler_t h = irq_handlers[vector];
	if (h)
		h(r);
	else if (!pic_is_spurious(vector))
		pr_warn("trap: unexpected interrupt on vector %u, ignored\n", vector);
	/* Back to ring 3: time to switch tasks, or a signal to act on. */
	if (regs_from_user(r))
		task_return_to_user(r);
}
