/*
 * sys_itimer.c - setitimer(2), getitimer(2) and alarm(2), on the timers
 * proc/itimer.c keeps: ITIMER_REAL (a deadline), ITIMER_VIRTUAL and
 * ITIMER_PROF (CPU time left, counted a tick at a time). Errors as Linux:
 * an unknown timer, a timeval with a negative field or tv_usec of a
 * million or more is -EINVAL; an unreadable or unwritable itimerval is
 * -EFAULT. The timers are the process's: kept in its leader, so every
 * thread sees and sets the same ones.
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

/* A timer's value (ns left: for REAL, until its deadline) and interval. */
static struct itimerval get_timer(const struct task *t, int which)
{
	struct itimerval v = { 0 };
	u64 left = 0, interval = 0;

	switch (which) {
	case ITIMER_REAL:
		if (t->itimer_real_ns) {
			u64 now = itimer_now_ns();
			/* Due but not yet seen by the tick: 1 us left, Linux's
			 * least for an armed timer. */
			left = t->itimer_real_ns > now ? t->itimer_real_ns - now : 1;
		}
		interval = t->itimer_real_interval_ns;
		break;
	case ITIMER_VIRTUAL:
		left = t->itimer_virt_ns, interval = t->itimer_virt_interval_ns;
		break;
	case ITIMER_PROF:
		left = t->itimer_prof_ns, interval = t->itimer_prof_interval_ns;
		break;
	}
	if (left) {
		v.it_value = from_ns(left);
		v.it_interval = from_ns(interval);
	}
	return v;
}

static void set_timer(struct task *t, int which, const struct itimerval *v)
{
	u64 value = to_ns(&v->it_value);
	u64 interval = value ? to_ns(&v->it_interval) : 0;

	switch (which) {
	case ITIMER_REAL:
		t->itimer_real_ns = value ? itimer_now_ns() + value : 0;
		t->itimer_real_interval_ns = interval;
		break;
	case ITIMER_VIRTUAL:
		t->itimer_virt_ns = value, t->itimer_virt_interval_ns = interval;
		break;
	case ITIMER_PROF:
		t->itimer_prof_ns = value, t->itimer_prof_interval_ns = interval;
		break;
	}
}

static bool known(int which)
{
	return which == ITIMER_REAL || which == ITIMER_VIRTUAL || which == ITIMER_PROF;
}

long sys_getitimer(int which, struct itimerval __user *uval)
{
	if (!known(which))
		return -EINVAL;
	struct itimerval v = get_timer(current_task()->group_leader, which);
	return put_user_bytes(uval, &v, sizeof(v)) ? -EFAULT : 0;
}

long sys_setitimer(int which, const struct itimerval __user *unew, struct itimerval __user *uold)
{
	struct task *t = current_task()->group_leader;
	struct itimerval v = { 0 };

	if (unew && get_user_bytes(&v, unew, sizeof(v)))
		return -EFAULT;
	if (!known(which))
		return -EINVAL;
	if (!timeval_valid(&v.it_value) || !timeval_valid(&v.it_interval))
		return -EINVAL;
	struct itimerval old = get_timer(t, which);
	set_timer(t, which, &v);
	if (uold && put_user_bytes(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* The seconds the previous alarm had left, rounded to the nearest, and
 * never 0 for an alarm still armed (Linux's alarm_setitimer). */
long sys_alarm(unsigned int seconds)
{
	struct task *t = current_task()->group_leader;
	struct itimerval old = get_timer(t, ITIMER_REAL);
	struct itimerval v = { .it_value = { (long)seconds, 0 } };

	set_timer(t, ITIMER_REAL, &v);
	if ((!old.it_value.tv_sec && old.it_value.tv_usec) || old.it_value.tv_usec >= 500000)
		old.it_value.tv_sec++;
	return old.it_value.tv_sec;
}
