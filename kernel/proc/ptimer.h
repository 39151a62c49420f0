/*
 * ptimer.h - POSIX per-process timers (timer_create(2) and its calls, in
 * syscall/sys_timer.c): up to PTIMER_MAX a process (in its leader), on CLOCK_REALTIME or
 * CLOCK_MONOTONIC, each sending its signal with si_code SI_TIMER, its id
 * and value when it expires. Checked at every timer tick (itimer.c).
 */
#ifndef MINOS_PROC_PTIMER_H
#define MINOS_PROC_PTIMER_H

#include "types.h"

#define PTIMER_MAX 8

struct ptimer {
	bool used;
	int clock;          /* CLOCK_REALTIME or CLOCK_MONOTONIC */
	int signo;          /* 0: SIGEV_NONE, no signal */
	int tid;            /* SIGEV_THREAD_ID: the thread it signals; 0: the process */
	u64 value;          /* sigev_value, the siginfo's si_value */
	u64 expires_ns;     /* on clock; 0 when disarmed */
	u64 interval_ns;
	int overrun;        /* expiries beyond the one signalled, at the last */
};

struct task;

/* The current time on a timer's clock, in ns. */
u64 ptimer_now_ns(int clock);
/* At every tick: the task's expired timers signal and rearm. */
void ptimer_tick(struct task *t);
/* The process's end and execve: its timers are deleted. */
void ptimer_release(struct task *t);

#endif
