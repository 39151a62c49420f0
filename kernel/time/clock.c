/*
 * clock.c - the kernel's clocks (clock.h) and the clock page (vvar.h)
 * they are read from: CLOCK_MONOTONIC counts the TSC from its value at
 * clock_init() (boot); CLOCK_REALTIME adds the CMOS clock's reading at
 * the same moment. The TSC rate comes from the timer calibration, so
 * clock_init() runs after tick_init(). The vDSO reads the same page with
 * the same formula (vvar.h), so its clocks are the system calls' clocks.
 * Invariants: CLOCK_MONOTONIC never goes backwards (the TSC is assumed
 * invariant and the one running CPU's is used); only clock_publish()
 * writes the page.
 * Locking: the clock page under vvar_lock (rank 5, proc/spinlock.h), inside
 * the kernel lock (arch/x86_64/klock.h), because the vDSO (ring 3) and
 * clock_monotonic() read it with no lock; its sequence count
 * (vvar_write_begin/end) makes them retry. getcpu_rdtscp is written once at
 * boot.
 */
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/io.h"
#include "dev/rtc.h"
#include "mm/vm.h"
#include "proc/spinlock.h"
#include "time/clock.h"
#include "time/tick.h"
#include "time/vvar.h"
#include "log.h"

#define NSEC_PER_MSEC 1000000ULL

/* A whole page of its own: every process maps it, so nothing else of the
 * kernel may share it. */
static union {
	struct vvar_page page;
	u8 bytes[PAGE_SIZE];
} vvar __aligned(PAGE_SIZE);
_Static_assert(sizeof(vvar) == VVAR_PAGES * PAGE_SIZE, "the vvar area is whole pages");

static struct spinlock vvar_lock = SPINLOCK_INIT(LOCK_ORDER_VVAR, "vvar_lock");

u64 clock_vvar_phys(void) { return virt_to_phys(&vvar); }

void clock_vvar_set_getcpu_rdtscp(void) { vvar.page.getcpu_rdtscp = 1; }

/* Writes new clock parameters; readers that overlap it retry. */
static void clock_publish(u64 tsc_zero, u64 ns_mult, s64 realtime_sec)
{
	struct vvar_clock *c = &vvar.page.clock;
	u64 flags = spin_lock_irqsave(&vvar_lock);

	vvar_write_begin(c);
	c->tsc_zero = tsc_zero;
	c->ns_mult = ns_mult;
	c->realtime_sec = realtime_sec;
	c->ns_per_tick = (u32)(VVAR_NSEC_PER_SEC / TICK_HZ);
	vvar_write_end(c);
	spin_unlock_irqrestore(&vvar_lock, flags);
}

void clock_init(void)
{
	u64 tsc_zero = rdtsc();
	s64 boot_unix_seconds = rtc_read_unix_time();

	if (boot_unix_seconds < 0) {
		pr_warn("clock: the CMOS clock is unreadable; CLOCK_REALTIME starts at 1970\n");
		boot_unix_seconds = 0;
	}
	/* tsc_khz() is cycles per millisecond: 10^6 ns over that many cycles. */
	u64 khz = tsc_khz();
	u64 ns_mult = khz ? (NSEC_PER_MSEC << VVAR_NS_SHIFT) / khz : 0;
	clock_publish(tsc_zero, ns_mult, boot_unix_seconds);
	pr_info("clock: CMOS time %ld seconds since 1970\n", boot_unix_seconds);
}

struct timespec clock_monotonic(void)
{
	struct timespec t;

	vvar_clock_read(&vvar.page.clock, false, false, &t);
	return t;
}

struct timespec clock_realtime(void)
{
	struct timespec t;

	vvar_clock_read(&vvar.page.clock, true, false, &t);
	return t;
}

struct timespec clock_monotonic_coarse(void)
{
	struct timespec t;

	vvar_clock_read(&vvar.page.clock, false, true, &t);
	return t;
}

struct timespec clock_realtime_coarse(void)
{
	struct timespec t;

	vvar_clock_read(&vvar.page.clock, true, true, &t);
	return t;
}
