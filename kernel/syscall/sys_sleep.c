/*
 * sys_sleep.c - nanosleep(2) and clock_nanosleep(2). The sleep ends at
 * the first timer tick after the deadline (10 ms granularity). A signal
 * that must be acted on ends it early: the time left goes to *rem (for a
 * relative sleep), and after a handler the call returns -EINTR; when no
 * handler runs (the signal stopped the task, or is ignored by the time it
 * is looked at) the sleep goes on to the same deadline through
 * restart_syscall(2), as on Linux. Errors as Linux: tv_nsec outside
 * [0, 999999999] or a negative tv_sec is -EINVAL; an unknown clock is
 * -EINVAL (CPU-time clocks: -ENOTSUP... Linux gives -EINVAL for the
 * thread clock, and MinOS answers -EINVAL for both); unreadable *req or
 * unwritable *rem is -EFAULT.
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "proc/wait.h"
#include "proc/signal.h"
#include "mm/uaccess.h"
#include "time/clock.h"
#include "uapi/time.h"
#include "errno.h"

#define NSEC_PER_SEC 1000000000LL

static s64 to_ns(struct timespec t) { return t.tv_sec * NSEC_PER_SEC + t.tv_nsec; }

static s64 now_ns(int clock)
{
	return to_ns(clock == CLOCK_REALTIME ? clock_realtime() : clock_monotonic());
}

static long sleep_restart(struct restart_block *rb);

static long sleep_until(int clock, s64 deadline, struct timespec __user *rem)
{
	for (;;) {
		s64 now = now_ns(clock);
		if (now >= deadline)
			return 0;
		if (signal_pending()) {
			if (rem) {
				s64 left = deadline - now;
				struct timespec r = { left / NSEC_PER_SEC, left % NSEC_PER_SEC };
				if (put_user_bytes(rem, &r, sizeof(r)))
					return -EFAULT;
			}
			struct task *t = current_task();
			t->restart = (struct restart_block){ .fn = sleep_restart, .clock = clock,
							     .deadline_ns = deadline,
							     .rem = (u64)rem };
			return -ERESTART_RESTARTBLOCK;
		}
		wait_sleep(&tick_queue); /* woken every timer tick */
	}
}

static long sleep_restart(struct restart_block *rb)
{
	return sleep_until(rb->clock, rb->deadline_ns, (struct timespec __user *)rb->rem);
}

static long do_sleep(int clock, int flags, const struct timespec __user *req,
		     struct timespec __user *rem)
{
	struct timespec r;
	if (get_user_bytes(&r, req, sizeof(r)))
		return -EFAULT;
	if (r.tv_sec < 0 || r.tv_nsec < 0 || r.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	s64 ns = r.tv_sec > (INT64_MAX / NSEC_PER_SEC) - 1 ? INT64_MAX / 2 : to_ns(r);
	if (flags & TIMER_ABSTIME)
		return sleep_until(clock, ns, NULL);
	return sleep_until(clock, now_ns(clock) + ns, rem);
}

long sys_nanosleep(const struct timespec __user *req, struct timespec __user *rem)
{
	return do_sleep(CLOCK_MONOTONIC, 0, req, rem);
}

long sys_clock_nanosleep(int clock, int flags, const struct timespec __user *req,
			 struct timespec __user *rem)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		break;
	default:
		return -EINVAL;
	}
	if (flags & ~TIMER_ABSTIME)
		return -EINVAL;
	return do_sleep(clock == CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC, flags, req, rem);
}

/* restart_syscall(2): the call a signal interrupted goes on (a sleep is
 * the only kind); without one, -EINTR, as Linux's do_no_restart_syscall. */
long sys_restart_syscall(void)
{
	struct task *t = current_task();
	struct restart_block rb = t->restart;

	t->restart.fn = NULL;
	return rb.fn ? rb.fn(&rb) : -EINTR;
}
