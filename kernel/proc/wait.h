/*
 * wait.h - sleeping until something happens (data in a pipe, input on the
 * terminal, time passing).
 *
 * A task that must wait calls wait_event(wq, condition): it re-checks the
 * condition every time it wakes up. Whoever changes the condition calls
 * wake_up(wq). While one task runs, waiting halts the CPU with interrupts
 * on until the next interrupt (the timer ticks 100 times a second); the
 * interface is the one a scheduler needs, so callers do not change when
 * tasks can sleep for real.
 */
#ifndef MINOS_PROC_WAIT_H
#define MINOS_PROC_WAIT_H

#include "types.h"

struct wait_queue {
	u32 waiters; /* tasks asleep here */
};

void wait_sleep(struct wait_queue *wq);
void wake_up(struct wait_queue *wq);

#define wait_event(wq, cond)                                                 \
	do {                                                                 \
		while (!(cond))                                              \
			wait_sleep(wq);                                      \
	} while (0)

#endif
