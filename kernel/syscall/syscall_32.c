/*
 * syscall_32.c - the legacy `int 0x80` gate's side of the system-call
 * layer: Linux's i386 convention (number in EAX; arguments in EBX, ECX,
 * EDX, ESI, EDI, EBP; result in EAX) mapped onto the x86-64 handlers
 * through syscall32_table, generated from syscall_32.tbl.
 * Invariants: only the low 32 bits of RAX and of each argument register
 * count, as on Linux; an i386 number missing from the table gives -ENOSYS
 * (its slot holds sys_ni_syscall, and numbers past the table are refused).
 * A tracee resumed with PTRACE_SYSCALL stops here too, as on Linux: the
 * tracer sees the i386 number in orig_rax and may change it (-1 skips).
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "arch/x86_64/klock.h"
#include "arch/x86_64/nospec.h"
#include "errno.h"

void syscall32_dispatch(struct regs *r);

/* Called by int80_entry.asm with the frame it built; returns through
 * IRETQ, so every register but RAX comes back as the user left it. */
void syscall32_dispatch(struct regs *r)
{
	u64 nr = (u32)r->rax;
	long ret = -ENOSYS;

	klock_enter(); /* dropped on the way back to ring 3 */
	struct task *t = current_task();
	t->regs = r;
	t->sc_nr = (long)nr;
	t->sc_compat = true;
	bool stopped = false;
	if (t->pt.tracer) { /* ptrace (proc/ptrace.h) */
		t->pt.flags |= PT_SYSCALL_FRAME; /* orig_rax is r->vector */
		stopped = t->pt.flags & PT_SYSCALL_STOPS;
		if (stopped) { /* the syscall-entry stop */
			u64 changed = ptrace_syscall_entry(r);
			nr = (u32)changed;
			t->sc_nr = (long)(int)changed;
		}
	}
	if (stopped && (int)nr == -1) {
		ret = (long)r->rax; /* skipped by the tracer: its RAX stands */
	} else if (nr < NR32_SYSCALLS) {
		nr &= nospec_index_mask(nr, NR32_SYSCALLS); /* Spectre v1 */
		ret = syscall32_table[nr]((u32)r->rbx, (u32)r->rcx, (u32)r->rdx, (u32)r->rsi,
					  (u32)r->rdi, (u32)r->rbp);
	}
	/* Linux stores the result sign-extended: -ENOSYS reads as
	 * 0xffffffffffffffda in RAX, and -38 in EAX. */
	r->rax = (u64)ret;
	if (t->pt.flags & PT_SYSCALL_STOPS) /* ptrace: the syscall-exit stop */
		ptrace_syscall_exit(r);
	task_return_to_user(r);
	klock_exit_to_user();
}
