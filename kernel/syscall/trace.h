/*
 * trace.h - the kernel's strace facility (docs/strace.md): each call of a
 * traced task becomes a line in Linux strace's format, written to a pipe,
 * a regular file (minos_trace(2)) or the kernel log (`strace` boot flag).
 * Invariants: t->trace is NULL when not traced; a failed write ends a sink.
 */
#ifndef MINOS_SYSCALL_TRACE_H
#define MINOS_SYSCALL_TRACE_H

#include "types.h"
#include "arch/x86_64/frame.h"

struct task;
struct trace;

/* syscall_dispatch(): before the handler, and with its result. */
void trace_syscall_enter(struct regs *r);
void trace_syscall_exit(struct regs *r, long ret);

/* task_fork(): the child is traced too when the parent follows forks. */
void trace_fork(struct task *parent, struct task *child);
/* task_return_to_user(), before signals are acted on: "--- SIG... ---"
 * lines for the signal about to end the task and for SIGCHLD. */
void trace_signals(struct task *t);
/* task_finish(), first: the unfinished call ("= ?"), the fault, the end
 * ("+++ exited with N +++"); the parent learns of SIGCHLD. Then the task
 * stops writing to its sink. */
void trace_task_end(struct task *t);
/* task_start_init(): with `strace` on the command line, pid 1 and all its
 * descendants are traced to the kernel log. */
void trace_start_init(struct task *t);

/* minos_trace(2) (uapi/minos_trace.h). */
long sys_minos_trace(int fd, u64 flags);

#endif
