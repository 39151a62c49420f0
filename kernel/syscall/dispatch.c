/*
 * dispatch.c - syscall_dispatch(): from the register frame built by
 * syscall_entry.asm to the handler in the generated table, and the result
 * back into RAX.
 * Invariant: any RAX at or above NR_SYSCALLS (all 64 bits are compared, so
 * -1, -2 and 1 << 63 too) gets -ENOSYS without reading outside the table,
 * even speculatively: the index is clamped with a mask computed without a
 * branch (Spectre variant 1).
 * A tracee resumed with PTRACE_SYSCALL stops before the call (its tracer
 * may change the number, in orig_rax, and the arguments; -1 skips the call
 * and leaves RAX as the tracer set it) and after it (the tracer may change
 * the result), as on Linux.
 * Every call runs under the kernel lock (arch/x86_64/klock.h) but the few of
 * lockless(), which read only the caller's own unchanging fields.
 * Locking: syscall_slow_tasks is changed under the kernel lock
 * (proc/ptrace.c) and read without it by syscall_entry.asm, one aligned
 * 32-bit load for an unknown call number; trace_lab_seen likewise, read
 * by lockless().
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "arch/x86_64/klock.h"
#include "arch/x86_64/nospec.h"
#include "errno.h"

long sys_ni_syscall(void) { return -ENOSYS; }

/* Calls answered without the kernel lock (arch/x86_64/klock.h), so that they
 * scale with the CPUs: each reads only what no other CPU changes while
 * the caller runs (its own thread group id and thread id; the ids, which
 * are root's constants). Linux's numbers (arch/x86/entry/syscalls/
 * syscall_64.tbl). Not getppid: the parent changes when it exits. A
 * traced caller takes the long way, where its tracer sees the call; so
 * does every caller once a program has called the trace lab's trace()
 * (its lines are printed under the lock, console and all);
 * signals and preemption wait for its next entry or tick. */
#define NR_GETPID 39
#define NR_GETUID 102
#define NR_GETGID 104
#define NR_GETEUID 107
#define NR_GETEGID 108
#define NR_GETTID 186
#define NR_LAB_TRACE 1026 /* docs/labs/trace.md */

static bool trace_lab_seen; /* under the kernel lock; read without it */

static bool lockless(u64 nr, const struct task *t)
{
	if (t->pt.tracer || trace_lab_seen)
		return false;
	switch (nr) {
	case NR_GETPID:
	case NR_GETTID:
	case NR_GETUID:
	case NR_GETGID:
	case NR_GETEUID:
	case NR_GETEGID:
		return true;
	default:
		return false;
	}
}

u32 syscall_slow_tasks;

void syscall_dispatch(struct regs *r)
{
	u64 nr = r->vector; /* RAX at entry; r->rax becomes the result */
	long ret = -ENOSYS;

	struct task *t = current_task();
	if (lockless(nr, t)) {
		long ret = syscall_table[nr](r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9);
		lab_trace_syscall_exit(nr, ret);
		r->rax = (u64)ret;
		return;
	}
	klock_enter(); /* dropped on the way back to ring 3 */
	if (nr == NR_LAB_TRACE)
		trace_lab_seen = true;
	t->regs = r;
	t->sc_nr = (long)nr; /* for a restart after a signal (proc/signal.c) */
	t->sc_compat = false;
	bool stopped = false;
	if (t->pt.tracer) { /* ptrace (proc/ptrace.h) */
		t->pt.flags |= PT_SYSCALL_FRAME; /* orig_rax is r->vector */
		stopped = t->pt.flags & PT_SYSCALL_STOPS;
		if (stopped) { /* the syscall-entry stop */
			nr = ptrace_syscall_entry(r);
			t->sc_nr = (long)nr;
		}
	}
	if (nr < NR_SYSCALLS) {
		nr &= nospec_index_mask(nr, NR_SYSCALLS); /* Spectre v1 */
		ret = syscall_table[nr](r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9);
	} else if (stopped && nr == (u64)-1) {
		ret = (long)r->rax; /* skipped by the tracer: its RAX stands */
	}
	lab_trace_syscall_exit(nr, ret); /* the trace lab, docs/labs/trace.md */
	r->rax = (u64)ret;
	if (t->pt.flags & PT_SYSCALL_STOPS) { /* ptrace: the syscall-exit stop */
		r->vector = nr; /* orig_rax again, even after execve's new frame */
		ptrace_syscall_exit(r);
	}
	task_return_to_user(r);
	klock_exit_to_user();
}
