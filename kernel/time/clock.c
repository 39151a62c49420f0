/*
 * clock.c - the kernel's clocks (timer.h): CLOCK_MONOTONIC counts the
 * TSC from its value at clock_init() (boot); CLOCK_REALTIME adds that to
 * the CMOS clock's reading at the same moment. The TSC rate comes from the
 * timer calibration, so clock_init() runs after timer_init().
 * Invariant: CLOCK_MONOTONIC never goes backwards (the TSC is assumed
 * invariant and the one running CPU's is used).
 */
#include "arch/x86_64/timer.h"
#include "arch/x86_64/io.h"
#include "dev/rtc.h"
#include "log.h"

#define NSEC_PER_SEC 1000000000ULL

static u64 boot_tsc;
static s64 boot_unix_seconds;

void clock_init(void)
{
	boot_tsc = rdtsc();
	boot_unix_seconds = rtc_read_unix_time();
	if (boot_unix_seconds < 0) {
		pr_warn("clock: the CMOS clock is unreadable; CLOCK_REALTIME starts at 1970\n");
		boot_unix_seconds = 0;
	}
	pr_info("clock: CMOS time %ld seconds since 1970\n", boot_unix_seconds);
}

static struct timespec from_ns(u64 ns)
{
	return (struct timespec){ (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };
}

struct timespec clock_monotonic(void) { return from_ns(tsc_to_ns(rdtsc() - boot_tsc)); }

struct timespec clock_realtime(void)
{
	struct timespec t = clock_monotonic();
	t.tv_sec += boot_unix_seconds;
	return t;
}
