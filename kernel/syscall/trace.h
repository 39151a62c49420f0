/*
 * trace.h - what is left of the kernel's own strace: nothing. strace is a
 * user program on ptrace(2) (user/bin/strace/, docs/strace.md); the
 * kernel formats no lines. These empty hooks only keep the calls that
 * kernel/proc/task.c still makes valid until they are removed there.
 * Invariant: task->trace is always NULL.
 */
#ifndef MINOS_SYSCALL_TRACE_H
#define MINOS_SYSCALL_TRACE_H

struct task;

static inline void trace_fork(struct task *parent, struct task *child)
{
	(void)parent;
	(void)child;
}
static inline void trace_signals(struct task *t) { (void)t; }
static inline void trace_task_end(struct task *t) { (void)t; }
static inline void trace_start_init(struct task *t) { (void)t; }

#endif
