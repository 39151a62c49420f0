/*
 * sched.h - the scheduler: round robin over runnable tasks, one run queue
 * for all CPUs, preempted by each CPU's timer every SCHED_QUANTUM ticks
 * when the task is about to return to ring 3. The kernel itself is not
 * preempted: a task gives up the CPU only when it sleeps, exits, yields,
 * or its time is up on the way back to user mode. When nothing is
 * runnable here, a CPU's idle loop halts it until an interrupt (a
 * reschedule IPI when a task becomes runnable).
 * Invariant: called with interrupts off and the kernel lock held
 * (klock.h); the run queue is also guarded by sched_lock.
 */
#ifndef MINOS_PROC_SCHED_H
#define MINOS_PROC_SCHED_H

#include "proc/task.h"

#define SCHED_QUANTUM 5 /* ticks: 50 ms */

/* Adds a task to the run queue (state becomes RUNNABLE). */
void sched_enqueue(struct task *t);
/* t has something to act on at its next way back to ring 3 (a signal, a
 * group stop): if it is running on another CPU, that CPU gets a
 * reschedule IPI, whose entry from ring 3 goes back through
 * task_return_to_user, as Linux's kick_process. Nothing otherwise. */
void sched_kick(const struct task *t);
/* Picks the next runnable task and switches to it; returns when the
 * current task runs again (unless it is a zombie, which never does). */
void schedule(void);
/* Subscribes the scheduler to the timer tick (time/tick.h), which counts
 * the running task's quantum down. */
void sched_init(void);
bool sched_need_resched(void);
/* Switches from the boot context to the first task; the boot context
 * becomes the idle loop. */
__noreturn void sched_start(struct task *first);
/* An application processor joins once sched_start has run: it takes its
 * own idle task, starts its timer and runs tasks (unless smp=park). */
__noreturn void sched_ap_start(void);

/* What the CPU did, in ticks since boot (/proc/stat, /proc/uptime): each
 * tick is counted once, as user (it interrupted ring 3), system (the
 * kernel, for a task) or idle (the idle loop); and the context switches
 * made. */
struct sched_cpu_time {
	u64 user, system, idle;
	u64 switches;
};
void sched_cpu_time(struct sched_cpu_time *out); /* all CPUs together */
void sched_cpu_time_of(unsigned cpu, struct sched_cpu_time *out);

#endif
