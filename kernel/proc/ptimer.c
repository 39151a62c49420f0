/*
 * ptimer.c - POSIX timers (ptimer.h): a task's table of timers, allocated
 * at its first timer_create, and their expiry at each tick. An expiry
 * sends the timer's signal (SI_TIMER: si_tid the timer's id, si_overrun,
 * si_value) and rearms it with its interval; the periods a tick covers
 * beyond the first are counted as overruns. Invariant: expires_ns is 0
 * exactly when a timer is disarmed; the table is the process's, in its
 * leader; timers are not inherited by fork and end with execve and the
 * process's end, as on Linux.
 */
#include "proc/ptimer.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "mm/heap.h"
#include "time/clock.h"
#include "uapi/time.h"

#define NSEC_PER_SEC 1000000000ULL

u64 ptimer_now_ns(int clock)
{
	struct timespec now = clock == CLOCK_REALTIME ? clock_realtime() : clock_monotonic();
	return (u64)now.tv_sec * NSEC_PER_SEC + (u64)now.tv_nsec;
}

void ptimer_tick(struct task *t)
{
	if (!t->timers) /* a leader's; released when its group ends */
		return;
	for (int id = 0; id < PTIMER_MAX; id++) {
		struct ptimer *p = &t->timers[id];
		if (!p->used || !p->expires_ns)
			continue;
		u64 now = ptimer_now_ns(p->clock);
		if (now < p->expires_ns)
			continue;
		p->overrun = 0;
		if (p->interval_ns) {
			u64 late = (now - p->expires_ns) / p->interval_ns;
			p->overrun = late > 0x7fffffff ? 0x7fffffff : (int)late;
			p->expires_ns += (late + 1) * p->interval_ns;
		} else {
			p->expires_ns = 0;
		}
		if (p->signo) {
			/* SI_TIMER's fields lie where kill's pid and uid do. */
			struct sig_info info = { .code = SI_TIMER, .pid = id, .uid = (u32)p->overrun,
						 .addr = p->value };
			struct task *thread = p->tid ? task_by_pid(p->tid) : NULL;
			if (!p->tid)
				signal_send_process(t, p->signo, &info);
			else if (thread && thread->tgid == t->tgid) /* gone: no signal */
				signal_send_info(thread, p->signo, &info);
		}
	}
}

void ptimer_release(struct task *t)
{
	kfree(t->timers);
	t->timers = NULL;
}
