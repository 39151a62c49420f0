/*
 * sys_itimer.c - setitimer(2), getitimer(2) and alarm(2), on the
 * real-time timer proc/itimer.c keeps. Errors as Linux: a timeval with a
 * negative field or tv_usec of a million or more is -EINVAL; an unreadable
 * or unwritable itimerval is -EFAULT. ITIMER_VIRTUAL and ITIMER_PROF
 * (timers on the CPU time a process uses, which MinOS does not count) are
 * -EINVAL, unlike Linux.
 */
#include "syscall/syscall.h"
#include "proc/itimer.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "uapi/time.h"
#include "errno.h"

#define USEC_PER_SEC 1000000ULL
#define NSEC_PER_USEC 1000ULL

static bool timeval_valid(const struct timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && (u64)tv->tv_usec < USEC_PER_SEC;
}

static u64 to_ns(const struct timeval *tv)
{
	return ((u64)tv->tv_sec * USEC_PER_SEC + (u64)tv->tv_usec) * NSEC_PER_USEC;
}

/* Rounded up to the microsecond, as Linux reports the time left. */
static struct timeval from_ns(u64 ns)
{
	u64 us = (ns + NSEC_PER_USEC - 1) / NSEC_PER_USEC;
	return (struct timeval){ (long)(us / USEC_PER_SEC), (long)(us % USEC_PER_SEC) };
}

static struct itimerval current_real(const struct task *t)
{
	struct itimerval v = { 0 };
	if (t->itimer_real_ns) {
		u64 now = itimer_now_ns();
		/* Due but not yet seen by the tick: 1 us left, as Linux's
		 * minimum for an armed timer. */
		v.it_value = from_ns(t->itimer_real_ns > now ? t->itimer_real_ns - now : 1);
		v.it_interval = from_ns(t->itimer_real_interval_ns);
	}
	return v;
}

static void set_real(struct task *t, const struct itimerval *v)
{
	u64 value = to_ns(&v->it_value);
	t->itimer_real_ns = value ? itimer_now_ns() + value : 0;
	t->itimer_real_interval_ns = value ? to_ns(&v->it_interval) : 0;
}

long sys_getitimer(int which, struct itimerval __user *uval)
{
	if (which != ITIMER_REAL)
		return -EINVAL;
	struct itimerval v = current_real(current_task());
	return put_user_bytes(uval, &v, sizeof(v)) ? -EFAULT : 0;
}

long sys_setitimer(int which, const struct itimerval __user *unew, struct itimerval __user *uold)
{
	struct task *t = current_task();
	struct itimerval v = { 0 };

	if (unew && get_user_bytes(&v, unew, sizeof(v)))
		return -EFAULT;
	if (which != ITIMER_REAL)
		return -EINVAL;
	if (!timeval_valid(&v.it_value) || !timeval_valid(&v.it_interval))
		return -EINVAL;
	struct itimerval old = current_real(t);
	set_real(t, &v);
	if (uold && put_user_bytes(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* The seconds the previous alarm had left, rounded to the nearest, and
 * never 0 for an alarm still armed (Linux's alarm_setitimer). */
long sys_alarm(unsigned int seconds)
{
	struct task *t = current_task();
	struct itimerval old = current_real(t);
	struct itimerval v = { .it_value = { (long)seconds, 0 } };

	set_real(t, &v);
	if ((!old.it_value.tv_sec && old.it_value.tv_usec) || old.it_value.tv_usec >= 500000)
		old.it_value.tv_sec++;
	return old.it_value.tv_sec;
}
