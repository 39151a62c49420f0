/*
 * test_time.c - self-tests of the clocks (time/clock.c) and the clock
 * calls (syscall/sys_time.c): monotonic time never goes back, real time is
 * plausible and keeps a fixed distance from monotonic time, the timer
 * ticks and the TSC agree on how fast time passes, and clock_gettime and
 * clock_getres answer for each clock id. They run under TCG on a shared
 * machine too, so a rate is checked only for gross errors (a factor of 2).
 */
#include "test/ktest.h"
#include "syscall/syscall.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "mm/pmm.h"
#include "mm/vm.h"
#include "time/clock.h"
#include "time/tick.h"
#include "lib/string.h"
#include "errno.h"

#define NSEC_PER_SEC 1000000000LL
#define NSEC_PER_TICK (NSEC_PER_SEC / TICK_HZ)
#define UNIX_2020_01_01 1577836800LL /* seconds since 1970, UTC */
#define MONOTONIC_READS 1000
#define OFFSET_SAMPLES 100
#define RATE_TICKS 30           /* 300 ms of timer interrupts */
#define WAIT_LIMIT_MS 5000      /* generous for TCG */

/* syscall_64.tbl (Linux's numbers); checked against the names below. */
#define NR_clock_gettime 228
#define NR_clock_getres 229
#define NR_time 201

/* A user page mapped into the kernel's tables while a test runs, for the
 * handlers to write to (as in test_syscall.c). */
#define TEST_USER_PAGE 0x0000000000400000ULL

static s64 ns(struct timespec t) { return t.tv_sec * NSEC_PER_SEC + t.tv_nsec; }

static bool valid_timespec(struct timespec t) { return t.tv_sec >= 0 && t.tv_nsec >= 0 && t.tv_nsec < NSEC_PER_SEC; }

/* Sleeps until n more timer ticks have passed, or the time limit. */
static void wait_ticks(u64 n)
{
	u64 end = tick_count() + n;
	u64 deadline = rdtsc() + tsc_khz() * WAIT_LIMIT_MS;
	while (tick_count() < end && rdtsc() < deadline)
		cpu_halt(); /* woken by the timer itself */
}

KTEST(clock_monotonic_never_backwards)
{
	struct timespec prev = clock_monotonic();
	unsigned backwards = 0, invalid = 0;

	KT_CHECK(valid_timespec(prev));
	for (int i = 0; i < MONOTONIC_READS; i++) {
		struct timespec now = clock_monotonic();
		if (ns(now) < ns(prev))
			backwards++;
		if (!valid_timespec(now))
			invalid++;
		prev = now;
	}
	KT_CHECK_EQ(backwards, 0);
	KT_CHECK_EQ(invalid, 0);
	/* 1000 reads take some time: the clock moved. */
	KT_CHECK(ns(prev) > 0);
}

/* Under QEMU the CMOS clock holds the host's time. */
KTEST(clock_realtime_plausible)
{
	struct timespec now = clock_realtime();
	KT_CHECK(valid_timespec(now));
	KT_CHECK(now.tv_sec > UNIX_2020_01_01);
}

/*
 * Real time is monotonic time plus a fixed offset. Each sample brackets a
 * real-time read between two monotonic reads, which bounds the offset
 * from both sides exactly (no tolerance needed): every sample's bracket,
 * taken now and after some ticks have passed, must share a common point.
 */
KTEST(clock_realtime_offset_constant)
{
	s64 lo = INT64_MIN, hi = INT64_MAX;

	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < OFFSET_SAMPLES; i++) {
			s64 m1 = ns(clock_monotonic());
			s64 r = ns(clock_realtime());
			s64 m2 = ns(clock_monotonic());
			lo = MAX(lo, r - m2);
			hi = MIN(hi, r - m1);
		}
		wait_ticks(3);
	}
	if (lo > hi)
		ktest_fail(__FILE__, __LINE__, "realtime - monotonic moved by %ld ns", lo - hi);
}

/* The timer interrupt and the TSC, each calibrated against the PIT, must
 * agree on the length of RATE_TICKS ticks within a factor of 2. */
KTEST(clock_ticks_match_monotonic)
{
	wait_ticks(1); /* start on a tick */
	u64 t0 = tick_count();
	s64 m0 = ns(clock_monotonic());
	wait_ticks(RATE_TICKS);
	u64 ticks = tick_count() - t0;
	s64 elapsed = ns(clock_monotonic()) - m0;

	KT_CHECK(ticks >= RATE_TICKS);
	s64 expect = (s64)ticks * NSEC_PER_TICK;
	if (elapsed < expect / 2 || elapsed > expect * 2)
		ktest_fail(__FILE__, __LINE__, "%lu ticks (%ld ns) took %ld ns of CLOCK_MONOTONIC",
			   ticks, expect, elapsed);
}

/* Which ids clock_getres accepts (res may be NULL); no memory is touched. */
KTEST(clock_ids)
{
	static const int valid[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
				     CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW,
				     CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE,
				     CLOCK_BOOTTIME, 11 /* CLOCK_TAI */ };
	static const s64 invalid[] = { 8, 9, 10, 12, 15, 16, 1000, -1, -6, INT32_MIN };

	KT_CHECK(strcmp(syscall_names[NR_clock_gettime], "clock_gettime") == 0);
	KT_CHECK(strcmp(syscall_names[NR_clock_getres], "clock_getres") == 0);
	KT_CHECK(strcmp(syscall_names[NR_time], "time") == 0);
	for (size_t i = 0; i < ARRAY_SIZE(valid); i++)
		KT_CHECK_EQ(syscall_table[NR_clock_getres]((u64)valid[i], 0, 0, 0, 0, 0), 0);
	for (size_t i = 0; i < ARRAY_SIZE(invalid); i++) {
		KT_CHECK_EQ(syscall_table[NR_clock_getres]((u64)invalid[i], 0, 0, 0, 0, 0), -EINVAL);
		/* The id is checked before the (here NULL) pointer. */
		KT_CHECK_EQ(syscall_table[NR_clock_gettime]((u64)invalid[i], 0, 0, 0, 0, 0), -EINVAL);
	}
	/* A clockid_t is an int: the upper half of the register is ignored. */
	KT_CHECK_EQ(syscall_table[NR_clock_getres](0x100000000ULL | CLOCK_MONOTONIC, 0, 0, 0, 0, 0), 0);
}

/* The handlers' results, written to a user page: resolutions, coarse
 * readings that lag their fine clock by less than a tick, and time(2). */
KTEST(clock_syscall_results)
{
	struct vm_space *k = vm_kernel_space();
	u64 pa = pmm_alloc_page();
	KT_CHECK(pa != 0);
	if (!pa)
		return;
	KT_CHECK_EQ(vm_map(k, TEST_USER_PAGE, pa, PAGE_SIZE, VM_USER | VM_WRITE), 0);
	struct timespec *page = phys_to_virt(pa);
	u64 user = TEST_USER_PAGE;

	KT_CHECK_EQ(syscall_table[NR_clock_getres](CLOCK_MONOTONIC, user, 0, 0, 0, 0), 0);
	KT_CHECK(page->tv_sec == 0 && page->tv_nsec == 1);
	KT_CHECK_EQ(syscall_table[NR_clock_getres](CLOCK_REALTIME_COARSE, user, 0, 0, 0, 0), 0);
	KT_CHECK(page->tv_sec == 0 && page->tv_nsec == NSEC_PER_TICK);

	static const struct { int coarse, fine; } pairs[] = {
		{ CLOCK_MONOTONIC_COARSE, CLOCK_MONOTONIC },
		{ CLOCK_REALTIME_COARSE, CLOCK_REALTIME },
	};
	/* A coarse reading lies within a tick before a fine reading taken
	 * before it, and not after a fine reading taken after it. */
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		KT_CHECK_EQ(syscall_table[NR_clock_gettime](pairs[i].fine, user, 0, 0, 0, 0), 0);
		KT_CHECK_EQ(syscall_table[NR_clock_gettime](pairs[i].coarse, user + 16, 0, 0, 0, 0), 0);
		KT_CHECK_EQ(syscall_table[NR_clock_gettime](pairs[i].fine, user + 32, 0, 0, 0, 0), 0);
		KT_CHECK(valid_timespec(page[0]) && valid_timespec(page[1]) && valid_timespec(page[2]));
		KT_CHECK_EQ(page[1].tv_nsec % NSEC_PER_TICK, 0);
		KT_CHECK(ns(page[1]) > ns(page[0]) - NSEC_PER_TICK);
		KT_CHECK(ns(page[1]) <= ns(page[2]));
	}

	s64 before = clock_realtime().tv_sec;
	long t = syscall_table[NR_time](user, 0, 0, 0, 0, 0);
	KT_CHECK(t >= before && t <= clock_realtime().tv_sec);
	KT_CHECK_EQ(*(long *)page, t);

	KT_CHECK_EQ(vm_unmap(k, TEST_USER_PAGE, PAGE_SIZE), 0);
	pmm_free_page(pa);
}
