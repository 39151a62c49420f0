/*
 * vdso_clock.c - the vDSO's clocks: __vdso_clock_gettime,
 * __vdso_gettimeofday and __vdso_time, computed in ring 3 from the clock
 * page with the kernel's own formula (time/vvar.h). Served here:
 * CLOCK_REALTIME, CLOCK_MONOTONIC and their coarse variants; every other
 * id (the CPU-time clocks, the aliases, bad ids) makes the real
 * clock_gettime(2), so its results and errors are the kernel's.
 * Invariant: no writable data and nothing to relocate (the kernel copies
 * these bytes as they are); the clock page is reached PC-relatively.
 */
#include <asm/unistd_64.h>

#include "time/vvar.h"
#include "vdso_syscall.h"

#define VDSO_EXPORT __attribute__((visibility("default")))
#define NSEC_PER_USEC 1000

/* One page below the image's first byte (vdso.lds): where the kernel
 * maps the clock page. Not declared const: the compiler may assume that a
 * const object never changes and hoist its loads out of the retry loop. */
extern struct vvar_page vdso_vvar __attribute__((visibility("hidden")));

VDSO_EXPORT int __vdso_clock_gettime(int id, struct timespec *ts);
VDSO_EXPORT int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz);
VDSO_EXPORT long __vdso_time(long *t);

int __vdso_clock_gettime(int id, struct timespec *ts)
{
	switch (id) {
	case CLOCK_REALTIME:
		vvar_clock_read(&vdso_vvar.clock, true, false, ts);
		return 0;
	case CLOCK_MONOTONIC:
		vvar_clock_read(&vdso_vvar.clock, false, false, ts);
		return 0;
	case CLOCK_REALTIME_COARSE:
		vvar_clock_read(&vdso_vvar.clock, true, true, ts);
		return 0;
	case CLOCK_MONOTONIC_COARSE:
		vvar_clock_read(&vdso_vvar.clock, false, true, ts);
		return 0;
	default:
		return (int)vdso_syscall2(__NR_clock_gettime, id, (long)ts);
	}
}

/* The time zone is UTC, {0, 0}, as the system call reports it. */
int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz)
{
	if (tv) {
		struct timespec now;
		vvar_clock_read(&vdso_vvar.clock, true, false, &now);
		tv->tv_sec = now.tv_sec;
		tv->tv_usec = now.tv_nsec / NSEC_PER_USEC;
	}
	if (tz) {
		tz->tz_minuteswest = 0;
		tz->tz_dsttime = 0;
	}
	return 0;
}

long __vdso_time(long *t)
{
	struct timespec now;

	vvar_clock_read(&vdso_vvar.clock, true, false, &now);
	if (t)
		*t = now.tv_sec;
	return now.tv_sec;
}
