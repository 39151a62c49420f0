/*
 * lab_trace.c - the trace lab (docs/labs/trace.md): trace(mask), number 1026,
 * and the dispatcher's hook that logs "PID: syscall NAME -> RESULT" for each
 * call N < 64 whose mask bit is set. Invariants: fork copies the mask, execve
 * keeps it; the hook only prints. Apart from strace; LAB regions: scripts/mklab.
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "log.h"
#include "errno.h"

/* Bits of the mask: one per system call number below this. */
#define LAB_TRACE_BITS 64

long sys_trace(u64 mask)
{
	/* LAB trace BEGIN: store the mask in the current task; return 0 */
	current_task()->trace_mask = mask;
	return 0;
	/* LAB trace STUB: (void)mask; */
	/* LAB trace STUB: return -ENOSYS; */
	/* LAB trace END */
}

void lab_trace_syscall_exit(u64 nr, long ret)
{
	/* LAB trace BEGIN: print "PID: syscall NAME -> RESULT" when bit nr of the mask is set */
	struct task *t = current_task();

	if (nr >= LAB_TRACE_BITS || !(t->trace_mask & (1ULL << nr)))
		return;
	const char *name = syscall_names[nr];
	kprintf("%d: syscall %s -> %ld\n", t->pid, name ? name : "?", ret);
	/* LAB trace STUB: (void)nr; */
	/* LAB trace STUB: (void)ret; */
	/* LAB trace END */
}
