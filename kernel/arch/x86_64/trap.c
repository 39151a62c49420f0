/*
 * trap.c - trap_dispatch(), the C side of every interrupt and exception.
 * Exceptions raised in ring 0 are kernel bugs: they end in a crash report
 * (crash.c). Exceptions raised in ring 3 become Linux's signal for them,
 * which the task side (trap.h's ops, set by proc/fault.c) acts on. Device
 * interrupts go to the handler registered for their vector.
 * Invariant: runs with interrupts off (all gates are interrupt gates) and
 * returns only when the interrupted code may safely resume. Everything but
 * NMIs and the TLB-shootdown and reschedule IPIs runs under the kernel lock
 * (arch/x86_64/klock.h), taken here and dropped on the way out: entirely when
 * going back to ring 3, one level when going back to kernel code.
 * Written once at boot, before other CPUs run tasks (task_ops; test_hook, by
 * the in-kernel tests on the boot CPU); read-only after, also by the NMI
 * path.
 */
#include "arch/x86_64/trap.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/extable.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/smp.h"
#include "arch/x86_64/tlb.h"
#include "arch/x86_64/klock.h"
#include "mm/vm.h"
#include "uapi/signal.h"
#include "log.h"
#include "errno.h"
#include "crash.h"

extern irq_handler_t irq_handlers[256];

static const struct trap_task_ops *task_ops;
static trap_hook_t test_hook;

void trap_set_task_ops(const struct trap_task_ops *ops) { task_ops = ops; }

void trap_set_test_hook(trap_hook_t hook) { test_hook = hook; }

void trap_first_return(struct regs *r)
{
	if (task_ops)
		task_ops->return_to_user(r);
	klock_exit_to_user(); /* held since the switch to this new task */
}

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

static void dispatch(struct regs *r)
{
	unsigned vector = (unsigned)r->vector;
	int sig = vector < VEC_EXCEPTIONS ? exception_signal(vector) : 0;

	/* A page fault on a user address, from ring 3 or from a user-copy
	 * helper, is first a request to fill the page (demand paging). When
	 * that cannot be done, Linux's signal says why (mm/mmap.h): out of
	 * memory kills (the OOM killer's SIGKILL), a file page past the end
	 * of the file is SIGBUS, anything else SIGSEGV. */
	if (vector == VEC_PAGE_FAULT && task_ops && read_cr2() < USER_TOP) {
		int err = task_ops->page_fault(read_cr2(), r->error_code);
		if (err == 0)
			return;
		if (err == -ENOMEM)
			sig = SIGKILL;
		else if (err == -EIO)
			sig = SIGBUS;
	}
	if (vector < VEC_EXCEPTIONS && regs_from_user(r) && vector != VEC_NMI &&
	    vector != VEC_MACHINE_CHECK) {
		task_ops->user_fault(r, sig, vector == VEC_PAGE_FAULT ? read_cr2() : 0);
		task_ops->return_to_user(r);
		return;
	}
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
		task_ops->return_to_user(r);
}

void trap_dispatch(struct regs *r)
{
	unsigned vector = (unsigned)r->vector;

	/* Another CPU crashed and asks this one to stop (smp_stop_others),
	 * or asks it to run a function (smp_nmi_call). */
	if (vector == VEC_NMI && smp_nmi_handle(r))
		return;
	/* No lock: the CPU holding it may be waiting for this very answer. */
	if (vector == VEC_NMI || vector == VEC_IPI_TLB || vector == VEC_IPI_RESCHED) {
		if (vector == VEC_NMI)
			dispatch(r); /* an NMI nobody asked for: a crash report */
		else
			irq_handlers[vector](r); /* EOI first */
		/* A reschedule IPI that interrupted ring 3 is a kick
		 * (sched_kick): the usual way back, where signals and stops
		 * are seen, under the lock. Only after the EOI: while 0xF2 is
		 * in service the LAPIC holds back 0xF1 and 0xF2, the TLB
		 * shootdown and the lock's own wake-up, and the lock's holder
		 * may be waiting for one of them. */
		if (vector == VEC_IPI_RESCHED && regs_from_user(r)) {
			klock_enter();
			task_ops->return_to_user(r);
			klock_exit_to_user();
		}
		return;
	}
	if (regs_from_user(r) && vector == VEC_PAGE_FAULT) {
		/* Wait with interrupts on; an interrupt nested meanwhile could
		 * only change CR2 by a fault of its own, but keep it anyway. */
		u64 cr2 = read_cr2();
		klock_enter();
		write_cr2(cr2);
	} else if (regs_from_user(r)) {
		klock_enter();
	} else {
		klock_acquire();
	}
	dispatch(r);
	if (regs_from_user(r))
		klock_exit_to_user();
	else
		klock_release();
}
