/*
 * itimer.c - a task's interval timers (setitimer(2), getitimer(2),
 * alarm(2)) and the CPU time two of them count, checked at every timer
 * tick. ITIMER_REAL is a deadline on CLOCK_MONOTONIC; ITIMER_VIRTUAL and
 * ITIMER_PROF count down the CPU time the task spends in ring 3, and in
 * ring 3 or the kernel: a tick that finds the task running is charged to
 * it whole (10 ms). Expiry sends SIGALRM, SIGVTALRM or SIGPROF (si_code
 * SI_KERNEL, as Linux's) and rearms with the interval; missed periods
 * are not made up. The timers and their signals are the process's: the
 * leader's fields count the CPU time of every thread (Linux's
 * signal_struct timers).
 * Invariant: a timer's value is 0 exactly when it is off.
 */
#include "proc/itimer.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "proc/ptimer.h"
#include "time/clock.h"
#include "time/tick.h"

#define NSEC_PER_SEC 1000000000ULL

u64 itimer_now_ns(void)
{
	struct timespec now = clock_monotonic();
	return (u64)now.tv_sec * NSEC_PER_SEC + (u64)now.tv_nsec;
}

/* One tick of CPU time off a countdown timer: true when it expired
 * (then it is rearmed with its interval, or off). */
static bool count_down(u64 *left, u64 interval)
{
	if (!*left)
		return false;
	if (*left > TICK_NS) {
		*left -= TICK_NS;
		return false;
	}
	*left = interval;
	return true;
}

static void itimer_tick(void)
{
	u64 now = itimer_now_ns();
	struct task *cur = current_task();

	/* The running task pays for the tick. */
	if (cur && cur->pid && cur->state != TASK_ZOMBIE) {
		struct task *g = cur->group_leader;
		struct sig_info info = { .code = SI_KERNEL };
		bool user = tick_interrupted_user();
		if (user)
			cur->utime_ticks++;
		else
			cur->stime_ticks++;
		if (user && count_down(&g->itimer_virt_ns, g->itimer_virt_interval_ns))
			signal_send_process(g, SIGVTALRM, &info);
		if (count_down(&g->itimer_prof_ns, g->itimer_prof_interval_ns))
			signal_send_process(g, SIGPROF, &info);
	}
	/* Every CPU's tick charges its running task; the deadlines are the
	 * boot CPU's to check (time/tick.c). */
	if (this_cpu()->cpu_id != 0)
		return;
	for (struct task *t = NULL; (t = task_next(t));) {
		ptimer_tick(t);
		/* Only leaders have them; a group's end turns them off. */
		if (!t->itimer_real_ns || now < t->itimer_real_ns)
			continue;
		if (t->itimer_real_interval_ns) {
			u64 next = t->itimer_real_ns + t->itimer_real_interval_ns;
			t->itimer_real_ns = next > now ? next : now + t->itimer_real_interval_ns;
		} else {
			t->itimer_real_ns = 0;
		}
		struct sig_info info = { .code = SI_KERNEL };
		signal_send_process(t, SIGALRM, &info); /* to the process */
	}
}

void itimer_init(void) { tick_subscribe(TICK_TIMERS, itimer_tick); }
