/*
 * sys_sleep.c - nanosleep(2) and clock_nanosleep(2). The sleep ends at
 * the first timer tick after the deadline (10 ms granularity); a signal
 * that must be acted on ends it early with -EINTR and, for a relative
 * sleep, the time left in *rem. Errors as Linux: tv_nsec outside
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

static long sleep_until(int clock, s64 deadline, struct timespec __user *rem)
{
	for (;;) {
		s64 now = to_ns(clock == CLOCK_REALTIME ? clock_realtime() : clock_monotonic());
		if (now >= deadline)
			return 0;
		if (signal_pending()) {
			if (rem) {
				s64 left = deadline - now;
				struct timespec r = { left / NSEC_PER_SEC, left % NSEC_PER_SEC };
				if (put_user_bytes(rem, &r, sizeof(r)))
					return -EFAULT;
			}
			return -EINTR;
		}
		wait_sleep(&tick_queue); /* woken every timer tick */
	}
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
	s64 now = to_ns(clock == CLOCK_REALTIME ? clock_realtime() : clock_monotonic());
	return sleep_until(clock, now + ns, rem);
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
