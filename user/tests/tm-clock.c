/*
 * tm-clock - clock_gettime(2), clock_getres(2), gettimeofday(2) and
 * time(2) through raw calls: the result of each for the clock ids both
 * Linux and MinOS have and for ids neither has, -EFAULT for pointers the
 * kernel cannot write (NULL, the kernel half, read-only data, a timespec
 * running into an unmapped page), the id checked before the pointer, and
 * facts about the readings that hold on any machine: monotonic clocks do
 * not go back, coarse clocks lag their fine ones, each real-time call's
 * result lies between two clock_gettime readings taken around it, the
 * time is after 2020. Clock values themselves
 * are never printed. Expected: a run on the reference Linux.
 *
 * Left out on purpose: CLOCK_REALTIME_ALARM and CLOCK_BOOTTIME_ALARM (8
 * and 9: Linux has them only with a wake-up RTC), negative ids Linux reads
 * as CPU clocks of existing processes (-6 is the caller's own), and the
 * coarse clocks' resolution, which is the kernel's tick (Linux's HZ).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <uapi/time.h>
#include <unistd.h>

#include "check.h"

#define CLOCK_TAI 11 /* include/uapi/linux/time.h */
#define PAGE 4096UL
#define NSEC_PER_SEC 1000000000L
#define NSEC_PER_USEC 1000L
#define NSEC_PER_MSEC 1000000L
#define UNIX_2020_01_01 1577836800L
#define READS 1000
#define KERNEL_ADDR 0xffffffff80000000UL

/* Nonzero, so it is placed in .rodata: the kernel may not write there. */
static const struct timespec ro_ts = { 1, 1 };

static const struct {
	const char *name;
	int id;
} clocks[] = {
	{ "CLOCK_REALTIME", CLOCK_REALTIME },
	{ "CLOCK_MONOTONIC", CLOCK_MONOTONIC },
	{ "CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID },
	{ "CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID },
	{ "CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW },
	{ "CLOCK_REALTIME_COARSE", CLOCK_REALTIME_COARSE },
	{ "CLOCK_MONOTONIC_COARSE", CLOCK_MONOTONIC_COARSE },
	{ "CLOCK_BOOTTIME", CLOCK_BOOTTIME },
	{ "CLOCK_TAI", CLOCK_TAI },
};

/* Ids no kernel here has: CLOCK_SGI_CYCLE (10), the unused 12-15, beyond
 * MAX_CLOCKS, and negative ids that name no CPU clock on Linux (-1 is a
 * per-thread clock of the invalid kind 3; INT_MIN is a process clock of
 * pid 268435455, above any pid_max). */
static const long bad_ids[] = { 10, 12, 15, 16, 1000, INT_MAX, -1, INT_MIN };

static long sys_gettime(long id, unsigned long tp)
{
	return __syscall2(__NR_clock_gettime, id, (long)tp);
}
static long sys_getres(long id, unsigned long res)
{
	return __syscall2(__NR_clock_getres, id, (long)res);
}
static long sys_gettimeofday(unsigned long tv, unsigned long tz)
{
	return __syscall2(__NR_gettimeofday, (long)tv, (long)tz);
}
static long sys_time(unsigned long t)
{
	return __syscall1(__NR_time, (long)t);
}

static long long ns(struct timespec t) { return t.tv_sec * (long long)NSEC_PER_SEC + t.tv_nsec; }

static int valid(struct timespec t) { return t.tv_sec >= 0 && t.tv_nsec >= 0 && t.tv_nsec < NSEC_PER_SEC; }

static struct timespec now(int id)
{
	struct timespec t = { -1, -1 };
	sys_gettime(id, (unsigned long)&t);
	return t;
}

static void each_clock(void)
{
	char what[96];

	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		struct timespec t = { -1, -1 }, r = { -1, -1 };

		snprintf(what, sizeof(what), "clock_gettime(%s)", clocks[i].name);
		check_result(what, sys_gettime(clocks[i].id, (unsigned long)&t), 0);
		snprintf(what, sizeof(what), "%s timespec in range", clocks[i].name);
		check(what, valid(t));
		snprintf(what, sizeof(what), "clock_getres(%s)", clocks[i].name);
		check_result(what, sys_getres(clocks[i].id, (unsigned long)&r), 0);
		snprintf(what, sizeof(what), "clock_getres(%s, NULL)", clocks[i].name);
		check_result(what, sys_getres(clocks[i].id, 0), 0);
		if (clocks[i].id == CLOCK_REALTIME_COARSE || clocks[i].id == CLOCK_MONOTONIC_COARSE) {
			/* The tick: 10 ms on MinOS, 1000 / HZ ms on Linux. */
			snprintf(what, sizeof(what), "%s resolution is a tick (0 < res <= 10 ms)",
				 clocks[i].name);
			check(what, r.tv_sec == 0 && r.tv_nsec > 0 && r.tv_nsec <= 10 * NSEC_PER_MSEC);
		} else {
			printf("%s resolution: %ld s %ld ns\n", clocks[i].name, r.tv_sec, r.tv_nsec);
		}
	}
}

static void bad_clock_ids(void)
{
	char what[96];
	struct timespec t;

	for (unsigned i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
		snprintf(what, sizeof(what), "clock_gettime(%ld)", bad_ids[i]);
		check_result(what, sys_gettime(bad_ids[i], (unsigned long)&t), -EINVAL);
		snprintf(what, sizeof(what), "clock_getres(%ld)", bad_ids[i]);
		check_result(what, sys_getres(bad_ids[i], (unsigned long)&t), -EINVAL);
		snprintf(what, sizeof(what), "clock_getres(%ld, NULL)", bad_ids[i]);
		check_result(what, sys_getres(bad_ids[i], 0), -EINVAL);
	}
	/* clockid_t is an int: only the low 32 bits of the register count. */
	check_result("clock_gettime(0x100000001 = CLOCK_MONOTONIC)",
		     sys_gettime(0x100000001L, (unsigned long)&t), 0);
	check_result("clock_gettime(0x10000000a = 10)", sys_gettime(0x10000000aL, (unsigned long)&t),
		     -EINVAL);
	/* The id is checked before the pointer. */
	check_result("clock_gettime(10, NULL)", sys_gettime(10, 0), -EINVAL);
	check_result("clock_getres(10, kernel address)", sys_getres(10, KERNEL_ADDR), -EINVAL);
}

/* Pointers the kernel cannot write; top is a page-aligned address with
 * the page below it mapped and the one above it not. */
static void bad_pointers(unsigned long top)
{
	static const struct {
		const char *name;
		unsigned long p;
	} bad[] = {
		{ "0xffffffff80000000", KERNEL_ADDR },
		{ "1 << 47", 1UL << 47 },
		{ "~0", ~0UL },
		{ "rodata", (unsigned long)&ro_ts },
	};
	char what[96];

	/* NULL is allowed everywhere except in clock_gettime. */
	check_result("clock_gettime(CLOCK_MONOTONIC, NULL)", sys_gettime(CLOCK_MONOTONIC, 0), -EFAULT);
	check_result("clock_gettime(CLOCK_REALTIME_COARSE, NULL)",
		     sys_gettime(CLOCK_REALTIME_COARSE, 0), -EFAULT);
	check("time(NULL) positive", sys_time(0) > 0);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(what, sizeof(what), "clock_gettime(CLOCK_MONOTONIC, %s)", bad[i].name);
		check_result(what, sys_gettime(CLOCK_MONOTONIC, bad[i].p), -EFAULT);
		snprintf(what, sizeof(what), "clock_gettime(CLOCK_REALTIME_COARSE, %s)", bad[i].name);
		check_result(what, sys_gettime(CLOCK_REALTIME_COARSE, bad[i].p), -EFAULT);
		snprintf(what, sizeof(what), "clock_getres(CLOCK_MONOTONIC, %s)", bad[i].name);
		check_result(what, sys_getres(CLOCK_MONOTONIC, bad[i].p), -EFAULT);
		snprintf(what, sizeof(what), "gettimeofday(%s, NULL)", bad[i].name);
		check_result(what, sys_gettimeofday(bad[i].p, 0), -EFAULT);
		snprintf(what, sizeof(what), "gettimeofday(NULL, %s)", bad[i].name);
		check_result(what, sys_gettimeofday(0, bad[i].p), -EFAULT);
		snprintf(what, sizeof(what), "time(%s)", bad[i].name);
		check_result(what, sys_time(bad[i].p), -EFAULT);
	}
	check("rodata unchanged", ro_ts.tv_sec == 1 && ro_ts.tv_nsec == 1);

	check_result("clock_gettime(CLOCK_MONOTONIC, 8 mapped + 8 unmapped bytes)",
		     sys_gettime(CLOCK_MONOTONIC, top - 8), -EFAULT);
	check_result("clock_getres(CLOCK_MONOTONIC, 8 mapped + 8 unmapped bytes)",
		     sys_getres(CLOCK_MONOTONIC, top - 8), -EFAULT);
	check_result("gettimeofday(8 mapped + 8 unmapped bytes, NULL)",
		     sys_gettimeofday(top - 8, 0), -EFAULT);
	check_result("gettimeofday(NULL, 4 mapped + 4 unmapped bytes)",
		     sys_gettimeofday(0, top - 4), -EFAULT);
	check_result("time(4 mapped + 4 unmapped bytes)", sys_time(top - 4), -EFAULT);
	check_result("time(the page above the break)", sys_time(top), -EFAULT);

	/* tv is written even when tz then fails. */
	struct timeval tv = { -1, -1 };
	check_result("gettimeofday(tv, rodata)", sys_gettimeofday((unsigned long)&tv, (unsigned long)&ro_ts),
		     -EFAULT);
	check("tv written before tz failed", tv.tv_sec > 0);
}

/* A clock read READS times never goes back. */
static void never_backwards(const char *name, int id)
{
	struct timespec prev = now(id);
	int ok = valid(prev);

	for (int i = 0; i < READS; i++) {
		struct timespec t = now(id);
		ok &= valid(t) && ns(t) >= ns(prev);
		prev = t;
	}
	char what[96];
	snprintf(what, sizeof(what), "%s non-decreasing over %d reads", name, READS);
	check(what, ok);
}

static void readings(void)
{
	never_backwards("CLOCK_MONOTONIC", CLOCK_MONOTONIC);
	never_backwards("CLOCK_MONOTONIC_COARSE", CLOCK_MONOTONIC_COARSE);
	never_backwards("CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW);
	never_backwards("CLOCK_BOOTTIME", CLOCK_BOOTTIME);
	never_backwards("CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID);

	/* A coarse clock lags its fine clock; boot time includes monotonic time. */
	struct timespec c = now(CLOCK_MONOTONIC_COARSE), f = now(CLOCK_MONOTONIC);
	check("CLOCK_MONOTONIC_COARSE <= CLOCK_MONOTONIC read after it", ns(c) <= ns(f));
	c = now(CLOCK_REALTIME_COARSE);
	f = now(CLOCK_REALTIME);
	check("CLOCK_REALTIME_COARSE <= CLOCK_REALTIME read after it", ns(c) <= ns(f));
	c = now(CLOCK_MONOTONIC);
	f = now(CLOCK_BOOTTIME);
	check("CLOCK_MONOTONIC <= CLOCK_BOOTTIME read after it", ns(c) <= ns(f));

	/* The real-time calls agree: each result lies between two readings
	 * of the clocks Linux takes it from (gettimeofday: the fine clock;
	 * time: the clock as of the last tick, CLOCK_REALTIME_COARSE). */
	struct timespec rt = now(CLOCK_REALTIME);
	check("CLOCK_REALTIME after 2020-01-01", rt.tv_sec > UNIX_2020_01_01);
	struct timeval tv = { -1, -1 };
	struct timezone tz = { -1, -1 };
	struct timespec f1 = now(CLOCK_REALTIME);
	long rc = sys_gettimeofday((unsigned long)&tv, (unsigned long)&tz);
	struct timespec f2 = now(CLOCK_REALTIME);
	check_result("gettimeofday(tv, tz)", rc, 0);
	check("tv_usec in range", tv.tv_usec >= 0 && tv.tv_usec < NSEC_PER_SEC / NSEC_PER_USEC);
	long long us = tv.tv_sec * (long long)(NSEC_PER_SEC / NSEC_PER_USEC) + tv.tv_usec;
	check("gettimeofday between two clock_gettime(CLOCK_REALTIME) reads",
	      us >= ns(f1) / NSEC_PER_USEC && us <= ns(f2) / NSEC_PER_USEC);
	check("tz written", tz.tz_minuteswest != -1 && tz.tz_dsttime != -1);
	check_result("gettimeofday(NULL, NULL)", sys_gettimeofday(0, 0), 0);

	long t = -1;
	struct timespec c1 = now(CLOCK_REALTIME_COARSE);
	long r = sys_time((unsigned long)&t);
	f2 = now(CLOCK_REALTIME);
	check("time(&t) positive", r > 0);
	check("time(&t) stores what it returns", t == r);
	check("time between clock_gettime(CLOCK_REALTIME_COARSE) and (CLOCK_REALTIME) reads",
	      r >= c1.tv_sec && r <= f2.tv_sec);
}

int main(void)
{
	each_clock();
	bad_clock_ids();
	readings();

	/* A mapped page [top - PAGE, top) with nothing mapped above it. */
	unsigned long old = (unsigned long)sbrk(0);
	unsigned long top = ((old + PAGE - 1) & ~(PAGE - 1)) + PAGE;
	if (brk((void *)top) < 0) {
		printf("brk to a page boundary: FAIL\n");
		return 1;
	}
	*(volatile char *)(top - 1) = 0; /* the page below top is really there */
	bad_pointers(top);
	brk((void *)old);
	return check_exit();
}
