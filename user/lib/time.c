/*
 * time.c - the clock calls of the C library: clock_gettime, gettimeofday
 * and time through the vDSO when the kernel provides one (vdso.c), else
 * through the system call; clock_getres always through the system call.
 * Invariant: both ways give the same results and errno values, since the
 * vDSO returns what the system call would (it makes the call itself for
 * the clocks it does not serve). nanosleep and sleep are here too.
 */
#include <errno.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

#include "internal.h"

int clock_gettime(clockid_t id, struct timespec *ts)
{
	const struct minc_vdso *v = __minc_vdso();
	long r = v->clock_gettime ? v->clock_gettime(id, ts)
				  : __syscall2(__NR_clock_gettime, id, (long)ts);
	return (int)__syscall_ret(r);
}

int clock_getres(clockid_t id, struct timespec *res)
{
	return (int)__syscall_ret(__syscall2(__NR_clock_getres, id, (long)res));
}

int gettimeofday(struct timeval *tv, struct timezone *tz)
{
	const struct minc_vdso *v = __minc_vdso();
	long r = v->gettimeofday ? v->gettimeofday(tv, tz)
				 : __syscall2(__NR_gettimeofday, (long)tv, (long)tz);
	return (int)__syscall_ret(r);
}

time_t time(time_t *t)
{
	const struct minc_vdso *v = __minc_vdso();
	long r = v->time ? v->time(t) : __syscall1(__NR_time, (long)t);
	return __syscall_ret(r);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)SYSCALL_RET(__NR_nanosleep, req, rem, 0);
}

unsigned int sleep(unsigned int seconds)
{
	struct timespec ts = { .tv_sec = seconds, .tv_nsec = 0 };

	if (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		return (unsigned int)ts.tv_sec + (ts.tv_nsec > 0);
	return 0;
}
