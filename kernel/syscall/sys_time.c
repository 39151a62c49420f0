/*
 * sys_time.c - the clock calls: clock_gettime(2), clock_getres(2),
 * gettimeofday(2) and time(2), read from the kernel clocks (time/clock.c).
 * Errors, as Linux: a clock id MinOS does not have is -EINVAL, checked
 * before any pointer; a result the kernel cannot write is -EFAULT. NULL is
 * allowed for clock_getres's res, both gettimeofday arguments and time's t.
 * A clock id is a C int (clockid_t): only the register's low 32 bits count.
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "time/clock.h"
#include "time/tick.h"
#include "mm/uaccess.h"
#include "uapi/time.h"
#include "errno.h"

#define NSEC_PER_SEC 1000000000L
#define NSEC_PER_USEC 1000L

/* include/uapi/linux/time.h: atomic time, kept equal to CLOCK_REALTIME as
 * on a Linux system whose NTP daemon never set the TAI offset. */
#define CLOCK_TAI 11

/* The coarse clocks advance once a timer tick, so their resolution is the
 * tick: 10 ms at TICK_HZ = 100 (Linux reports its own tick, 4 ms at
 * HZ = 250). The high-resolution clocks count TSC cycles and report 1 ns,
 * as Linux's hrtimer clocks do. */
#define TICK_NSEC (NSEC_PER_SEC / TICK_HZ)
#define HRES_NSEC 1L

/*
 * One reading of clock `id` into *ts, with its resolution in *res_ns:
 * 0, or -EINVAL for an id MinOS does not have. Left out, as Linux does
 * without the hardware: CLOCK_REALTIME_ALARM and CLOCK_BOOTTIME_ALARM (8
 * and 9, no wake-up alarm device), CLOCK_SGI_CYCLE (10), and every negative
 * id (Linux's per-process CPU clocks and posix clock descriptors).
 * CLOCK_BOOTTIME is CLOCK_MONOTONIC: MinOS never suspends. The CPU-time
 * clocks count the ticks that found the process (any of its threads,
 * task_group_times) or the thread running: they advance a tick, 10 ms,
 * at a time, but report Linux's resolution of 1 ns.
 */
static struct timespec ticks_to_ts(u64 ticks)
{
	return (struct timespec){ (long)(ticks / TICK_HZ), (long)(ticks % TICK_HZ) * TICK_NSEC };
}

static int clock_read(int id, struct timespec *ts, long *res_ns)
{
	struct task *t = current_task();
	u64 utime, stime;

	*res_ns = HRES_NSEC;
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_TAI:
		*ts = clock_realtime();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
		*ts = clock_monotonic();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		utime = stime = 0; /* no task: the kernel's own tests */
		if (t && id == CLOCK_PROCESS_CPUTIME_ID)
			task_group_times(t, &utime, &stime);
		else if (t)
			utime = t->utime_ticks, stime = t->stime_ticks;
		*ts = ticks_to_ts(utime + stime);
		return 0;
	case CLOCK_REALTIME_COARSE:
		*res_ns = TICK_NSEC;
		*ts = clock_realtime_coarse();
		return 0;
	case CLOCK_MONOTONIC_COARSE:
		*res_ns = TICK_NSEC;
		*ts = clock_monotonic_coarse();
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_clock_gettime(int which, struct timespec __user *tp)
{
	struct timespec now;
	long res_ns;
	int err = clock_read(which, &now, &res_ns);

	if (err)
		return err;
	return put_user_bytes(tp, &now, sizeof(now));
}

long sys_clock_getres(int which, struct timespec __user *res)
{
	struct timespec now;
	long res_ns;
	int err = clock_read(which, &now, &res_ns);

	if (err)
		return err;
	if (!res)
		return 0;
	struct timespec r = { 0, res_ns };
	return put_user_bytes(res, &r, sizeof(r));
}

/* The time zone is always UTC, {0, 0}: MinOS has no settimeofday(2). tv is
 * written before tz is looked at, as on Linux. */
long sys_gettimeofday(struct timeval __user *tv, struct timezone __user *tz)
{
	if (tv) {
		struct timespec now = clock_realtime();
		struct timeval v = { now.tv_sec, now.tv_nsec / NSEC_PER_USEC };
		if (put_user_bytes(tv, &v, sizeof(v)))
			return -EFAULT;
	}
	if (tz) {
		struct timezone z = { 0, 0 };
		if (put_user_bytes(tz, &z, sizeof(z)))
			return -EFAULT;
	}
	return 0;
}

/* Seconds since 1970. A result never collides with an errno: it would have
 * to lie within 4095 s of 2^64. */
long sys_time(long __user *t)
{
	long now = clock_realtime().tv_sec;

	if (t && put_user_bytes(t, &now, sizeof(now)))
		return -EFAULT;
	return now;
}
