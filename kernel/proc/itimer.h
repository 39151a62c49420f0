/*
 * itimer.h - the interval timers every task has (ITIMER_REAL, _VIRTUAL,
 * _PROF) and the CPU time it has used: the state lives in struct task
 * (itimer_*, utime_ticks, stime_ticks), set by syscall/sys_itimer.c;
 * itimer.c counts and watches them at every tick.
 */
#ifndef MINOS_PROC_ITIMER_H
#define MINOS_PROC_ITIMER_H

#include "types.h"

/* Subscribes the deadline check to the timer tick (time/tick.h). */
void itimer_init(void);
/* CLOCK_MONOTONIC in nanoseconds: the clock the deadlines are on. */
u64 itimer_now_ns(void);

#endif
