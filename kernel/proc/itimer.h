/*
 * itimer.h - the real-time interval timer (ITIMER_REAL) every task has:
 * its state lives in struct task (itimer_real_ns, itimer_real_interval_ns,
 * set by syscall/sys_itimer.c); itimer.c watches the deadlines.
 */
#ifndef MINOS_PROC_ITIMER_H
#define MINOS_PROC_ITIMER_H

#include "types.h"

/* Subscribes the deadline check to the timer tick (time/tick.h). */
void itimer_init(void);
/* CLOCK_MONOTONIC in nanoseconds: the clock the deadlines are on. */
u64 itimer_now_ns(void);

#endif
