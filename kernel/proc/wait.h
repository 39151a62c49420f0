/*
 * wait.h - sleeping until something happens (data in a pipe, input on the
 * terminal, a child's death, time passing).
 *
 * A task that must wait calls wait_event(wq, condition): it sleeps on the
 * queue and re-checks the condition each time it is woken. Whoever
 * changes the condition calls wake_up(wq), which makes every sleeper
 * runnable. wait_event_interruptible() also gives up, with -ERESTARTSYS,
 * when a signal is pending that must be acted on (the caller returns it;
 * on the way back to user mode it becomes -EINTR or a restart of the
 * call, errno.h).
 * Invariant: called with interrupts off, never from an interrupt handler
 * (which may only wake_up).
 */
#ifndef MINOS_PROC_WAIT_H
#define MINOS_PROC_WAIT_H

#include "types.h"

struct task;

struct wait_queue {
	struct task *sleepers; /* linked through task.wait_next */
};

void wait_sleep(struct wait_queue *wq);
void wake_up(struct wait_queue *wq);
/* Wakes one task wherever it sleeps (a signal for it arrived). */
void wake_task(struct task *t);
/* True when the current task has a signal it must act on. */
bool signal_pending(void);

/* As wait_sleep(), but also woken at the first timer tick at or after
 * deadline_ns (CLOCK_MONOTONIC, ns), without waking at the ticks before
 * it: for calls that wait for an event or a timeout (poll, select,
 * epoll_wait). The caller re-checks its clock and its condition. */
void wait_sleep_until(struct wait_queue *wq, u64 deadline_ns);

/* Woken at every timer tick: for sleeps measured in time and for polling,
 * whose sleepers re-check their clock or condition each time. */
extern struct wait_queue tick_queue;
/* Subscribes tick_queue to the timer tick (time/tick.h). */
void wait_init(void);

#define wait_event(wq, cond)                                                 \
	do {                                                                 \
		while (!(cond))                                              \
			wait_sleep(wq);                                      \
	} while (0)

#define wait_event_interruptible(wq, cond)                                   \
	({                                                                   \
		int r_ = 0;                                                  \
		while (!(cond)) {                                            \
			if (signal_pending()) {                              \
				r_ = -ERESTARTSYS;                           \
				break;                                       \
			}                                                    \
			wait_sleep(wq);                                      \
		}                                                            \
		r_;                                                          \
	})

#endif
