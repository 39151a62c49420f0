/*
 * itimer.c - the real-time interval timer of setitimer(2), getitimer(2)
 * and alarm(2) (ITIMER_REAL), one per task: a deadline on CLOCK_MONOTONIC
 * checked at every timer tick, whose expiry sends SIGALRM (si_code
 * SI_KERNEL, as Linux's it_real_fn) and rearms with the interval.
 * Invariant: itimer_real_ns is 0 exactly when the task's timer is off;
 * expiries are seen at tick granularity (10 ms).
 */
#include "proc/itimer.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "time/clock.h"
#include "time/tick.h"

#define NSEC_PER_SEC 1000000000ULL

u64 itimer_now_ns(void)
{
	struct timespec now = clock_monotonic();
	return (u64)now.tv_sec * NSEC_PER_SEC + (u64)now.tv_nsec;
}

static void itimer_tick(void)
{
	u64 now = itimer_now_ns();

	for (struct task *t = NULL; (t = task_next(t));) {
		if (!t->itimer_real_ns || now < t->itimer_real_ns || t->state == TASK_ZOMBIE)
			continue;
		if (t->itimer_real_interval_ns) {
			/* Missed periods are not made up: one signal. */
			u64 next = t->itimer_real_ns + t->itimer_real_interval_ns;
			t->itimer_real_ns = next > now ? next : now + t->itimer_real_interval_ns;
		} else {
			t->itimer_real_ns = 0;
		}
		signal_send(t, SIGALRM);
	}
}

void itimer_init(void) { tick_subscribe(TICK_TIMERS, itimer_tick); }
