/*
 * fault.c - the task side of traps (fault.h), called by trap_dispatch()
 * through the ops it registers: a page fault at a user address asks the
 * running task's memory for the page (demand paging), an exception that
 * stands in ring 3 becomes its signal with Linux's siginfo (a handler gets
 * it, or the task ends with one line in the kernel log), and every return
 * to ring 3 goes through task_return_to_user().
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

/* What Linux's siginfo says for each exception (arch/x86/kernel/traps.c,
 * arch/x86/mm/fault.c); SI_KERNEL where Linux uses force_sig() alone. */
static struct sig_info fault_info(const struct regs *r, int sig, u64 addr)
{
	struct task *t = current_task();
	struct sig_info info = { .code = SI_KERNEL };

	switch (r->vector) {
	case VEC_PAGE_FAULT:
		info.addr = addr;
		if (sig == SIGBUS)
			info.code = BUS_ADRERR;
		else
			info.code = t->mm && vma_find(t->mm, addr) ? SEGV_ACCERR : SEGV_MAPERR;
		break;
	case VEC_DIVIDE_ERROR:
		info.code = FPE_INTDIV;
		info.addr = r->rip;
		break;
	case VEC_INVALID_OPCODE:
		info.code = ILL_ILLOPN;
		info.addr = r->rip;
		break;
	case VEC_DEBUG:
		info.code = TRAP_TRACE;
		info.addr = r->rip;
		break;
	case VEC_ALIGNMENT_CHECK:
		info.code = BUS_ADRALN;
		break;
	}
	return info;
}

/* A fault in ring 3: the signal goes to the handler the program set up,
 * unless it is blocked, ignored or has none; then the program ends, with
 * one line in the kernel log. A tracee's fault (a single step's SIGTRAP
 * among them) is made pending in every case: its tracer sees it first, in
 * a signal-delivery stop. */
static void fault_signal(struct regs *r, int sig, u64 addr)
{
	struct task *t = current_task();
	const struct kernel_sigaction *ka = &t->sig.action[sig];

	t->regs = r;
	t->sig.fault_error = r->error_code;
	t->sig.fault_trapno = r->vector;
	if (r->vector == VEC_PAGE_FAULT)
		t->sig.fault_cr2 = addr;
	if (sig != SIGKILL && (t->pt.tracer || (ka->handler != SIG_DFL && ka->handler != SIG_IGN &&
						 !(t->sig.blocked & SIG_BIT(sig))))) {
		struct sig_info info = fault_info(r, sig, addr);
		signal_force(sig, &info);
		return;
	}
	kprintf("MinOS: pid %d (%s): %s (%s) at rip 0x%lx, rsp 0x%lx, error 0x%lx", t->pid,
		t->name, exception_name((unsigned)r->vector), exception_mnemonic((unsigned)r->vector),
		r->rip, r->rsp, r->error_code);
	if (r->vector == VEC_PAGE_FAULT)
		kprintf(", address 0x%lx", addr);
	kprintf(": %s\n", signal_name(sig));
	task_kill(sig);
}

static const struct trap_task_ops fault_ops = {
	.page_fault = fault_page,
	.user_fault = fault_signal,
	.return_to_user = task_return_to_user,
};

void fault_init(void) { trap_set_task_ops(&fault_ops); }
