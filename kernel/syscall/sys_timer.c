/*
 * sys_timer.c - POSIX timers: timer_create(2), timer_settime(2),
 * timer_gettime(2), timer_getoverrun(2), timer_delete(2), on the table
 * proc/ptimer.c keeps. Errors as Linux: an unknown clock, notification or
 * signal, a bad timer id, flags other than TIMER_ABSTIME, or a timespec
 * outside [0, 999999999] ns is -EINVAL; no free timer is -EAGAIN; bad
 * pointers -EFAULT. Unlike Linux, the CPU-time clocks and CLOCK_*_ALARM
 * are -EINVAL. Timers are the process's (the leader's table): any thread
 * may set, read or delete one another made. SIGEV_THREAD_ID names a
 * thread of the caller's process (-EINVAL otherwise), which alone gets
 * the signal; the others go to the process.
 */
#include "syscall/syscall.h"
#include "proc/ptimer.h"
#include "proc/task.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "uapi/time.h"
#include "errno.h"

#define NSEC_PER_SEC 1000000000ULL

/* struct sigevent (include/uapi/asm-generic/siginfo.h): 64 bytes. */
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2
#define SIGEV_THREAD_ID 4

struct kernel_sigevent {
	u64 sigev_value;
	int sigev_signo;
	int sigev_notify;
	int sigev_tid; /* SIGEV_THREAD_ID */
	int pad[11];
};

struct itimerspec {
	struct timespec it_interval;
	struct timespec it_value;
};

static struct ptimer *timer_of(struct task *t, int id)
{
	t = t->group_leader;
	if (!t->timers || id < 0 || id >= PTIMER_MAX || !t->timers[id].used)
		return NULL;
	return &t->timers[id];
}

long sys_timer_create(int clock, const struct kernel_sigevent __user *uev, int __user *uid)
{
	struct task *self = current_task();
	struct task *t = self->group_leader; /* the process's table */
	struct kernel_sigevent ev = { .sigev_signo = SIGALRM, .sigev_notify = SIGEV_SIGNAL };
	struct task *target;
	int id;

	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME)
		return -EINVAL;
	if (uev && get_user_bytes(&ev, uev, sizeof(ev)))
		return -EFAULT;
	switch (ev.sigev_notify) {
	case SIGEV_SIGNAL | SIGEV_THREAD_ID:
		target = task_by_pid(ev.sigev_tid);
		if (!target || target->tgid != self->tgid || target->state == TASK_ZOMBIE)
			return -EINVAL;
		/* fall through */
	case SIGEV_SIGNAL:
	case SIGEV_THREAD:
		if (ev.sigev_signo < 1 || ev.sigev_signo > NSIG)
			return -EINVAL;
		break;
	case SIGEV_NONE:
		ev.sigev_signo = 0;
		break;
	default:
		return -EINVAL;
	}
	if (!t->timers && !(t->timers = kzalloc(PTIMER_MAX * sizeof(struct ptimer))))
		return -ENOMEM;
	for (id = 0; id < PTIMER_MAX && t->timers[id].used; id++)
		;
	if (id == PTIMER_MAX)
		return -EAGAIN;
	if (put_user_bytes(uid, &id, sizeof(id)))
		return -EFAULT;
	t->timers[id] = (struct ptimer){
		.used = true,
		.clock = clock == CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC,
		.signo = ev.sigev_signo,
		.tid = ev.sigev_notify == (SIGEV_SIGNAL | SIGEV_THREAD_ID) ? ev.sigev_tid : 0,
		/* Without a sigevent, si_value is the timer's id (Linux). */
		.value = uev ? ev.sigev_value : (u64)id,
	};
	return 0;
}

static bool timespec_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long)NSEC_PER_SEC;
}

static u64 ns_of(const struct timespec *ts)
{
	return (u64)ts->tv_sec * NSEC_PER_SEC + (u64)ts->tv_nsec;
}

static struct timespec ts_of(u64 ns)
{
	return (struct timespec){ (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };
}

static struct itimerspec current_of(const struct ptimer *p)
{
	struct itimerspec v = { 0 };
	if (p->expires_ns) {
		u64 now = ptimer_now_ns(p->clock);
		v.it_value = ts_of(p->expires_ns > now ? p->expires_ns - now : 1);
		v.it_interval = ts_of(p->interval_ns);
	}
	return v;
}

long sys_timer_settime(int id, int flags, const struct itimerspec __user *unew,
		       struct itimerspec __user *uold)
{
	struct ptimer *p = timer_of(current_task(), id);
	struct itimerspec v;

	if (get_user_bytes(&v, unew, sizeof(v)))
		return -EFAULT;
	if (!p || (flags & ~TIMER_ABSTIME) || !timespec_valid(&v.it_value) ||
	    !timespec_valid(&v.it_interval))
		return -EINVAL;
	struct itimerspec old = current_of(p);
	u64 value = ns_of(&v.it_value);
	if (!value) {
		p->expires_ns = 0;
	} else {
		u64 at = (flags & TIMER_ABSTIME) ? value : ptimer_now_ns(p->clock) + value;
		p->expires_ns = at ? at : 1;
	}
	p->interval_ns = value ? ns_of(&v.it_interval) : 0;
	p->overrun = 0;
	if (uold && put_user_bytes(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_timer_gettime(int id, struct itimerspec __user *ucur)
{
	struct ptimer *p = timer_of(current_task(), id);
	if (!p)
		return -EINVAL;
	struct itimerspec v = current_of(p);
	return put_user_bytes(ucur, &v, sizeof(v)) ? -EFAULT : 0;
}

long sys_timer_getoverrun(int id)
{
	struct ptimer *p = timer_of(current_task(), id);
	return p ? p->overrun : -EINVAL;
}

long sys_timer_delete(int id)
{
	struct ptimer *p = timer_of(current_task(), id);
	if (!p)
		return -EINVAL;
	*p = (struct ptimer){ 0 };
	return 0;
}
