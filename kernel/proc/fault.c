/*
 * fault.c - the task side of traps (fault.h), called by trap_dispatch()
 * through the ops it registers: a page fault at a user address asks the
 * running task's memory for the page (demand paging), an exception that
 * stands in ring 3 ends the task with its signal, and every return to
 * ring 3 goes through task_return_to_user().
 * Invariant: runs inside trap_dispatch(), with interrupts off.
 */
#include "proc/fault.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "mm/mmap.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/cpu.h"
#include "log.h"
#include "errno.h"

/* No task, or one without an address space (the boot, before the first
 * program), has no user memory to fill: the fault stands (-EFAULT). */
static int fault_page(u64 addr, u64 error_code)
{
	struct task *t = current_task();

	if (!t || !t->mm)
		return -EFAULT;
	return mm_fault(t->mm, addr, error_code);
}

/* A fault in ring 3 ends the program with sig, with one line in the
 * kernel log. */
static __noreturn void fault_kill(struct regs *r, int sig)
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

static const struct trap_task_ops fault_ops = {
	.page_fault = fault_page,
	.user_fault = fault_kill,
	.return_to_user = task_return_to_user,
};

void fault_init(void) { trap_set_task_ops(&fault_ops); }
