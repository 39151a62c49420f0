/*
 * vvar.h - the clock page (vvar) the kernel maps read-only into every
 * process just below the vDSO, and the one formula that turns a TSC value
 * into CLOCK_MONOTONIC and CLOCK_REALTIME. The kernel (time/clock.c) and
 * the vDSO (kernel/vdso/) both compile this file, so a system call and a
 * vDSO call compute a clock the same way and cannot drift apart.
 * Invariants: only clock.c writes the page, inside vvar_write_begin/end
 * (seq odd while it writes); a reader keeps a snapshot only when seq was
 * even and unchanged around it. The layout is private to the kernel and
 * the vDSO image built with it: programs must not read it (docs/vdso.md).
 */
#ifndef MINOS_TIME_VVAR_H
#define MINOS_TIME_VVAR_H

#include "types.h"
#include "uapi/time.h"

#define VVAR_PAGES 1       /* the vvar area: one page, just below the vDSO */
#define VVAR_NS_SHIFT 32   /* ns = (TSC delta * ns_mult) >> VVAR_NS_SHIFT */
#define VVAR_NSEC_PER_SEC 1000000000ULL

struct vvar_clock {
	u32 seq;          /* even: stable; odd: the kernel is writing */
	u32 ns_per_tick;  /* the coarse clocks' step: one timer tick */
	u64 tsc_zero;     /* TSC value at which CLOCK_MONOTONIC is 0 (boot) */
	u64 ns_mult;      /* nanoseconds per TSC cycle, times 2^VVAR_NS_SHIFT */
	s64 realtime_sec; /* CLOCK_REALTIME - CLOCK_MONOTONIC, whole seconds */
};

struct vvar_page {
	struct vvar_clock clock;
	u32 getcpu_rdtscp; /* 1: each CPU's IA32_TSC_AUX holds (node << 12) | cpu */
};

/* The compiler must neither cache the page's fields across these nor
 * move loads over them; x86 keeps loads in order with loads and stores
 * with stores (Intel SDM vol. 3A, "Memory Ordering in P6 and More Recent
 * Processor Families"), so no fence instruction is needed on top. */
#define vvar_barrier() __asm__ volatile("" ::: "memory")

static inline u32 vvar_read_begin(const struct vvar_clock *c)
{
	u32 seq;

	while ((seq = __atomic_load_n(&c->seq, __ATOMIC_RELAXED)) & 1)
		__asm__ volatile("pause");
	vvar_barrier();
	return seq;
}

/* True when the fields read since vvar_read_begin may be torn. */
static inline bool vvar_read_retry(const struct vvar_clock *c, u32 seq)
{
	vvar_barrier();
	return __atomic_load_n(&c->seq, __ATOMIC_RELAXED) != seq;
}

static inline void vvar_write_begin(struct vvar_clock *c)
{
	__atomic_store_n(&c->seq, c->seq + 1, __ATOMIC_RELAXED);
	vvar_barrier();
}

static inline void vvar_write_end(struct vvar_clock *c)
{
	vvar_barrier();
	__atomic_store_n(&c->seq, c->seq + 1, __ATOMIC_RELAXED);
}

/* RDTSC is not ordered with earlier instructions; LFENCE before it makes
 * it wait for them (Intel SDM vol. 2B, RDTSC), so a reading never comes
 * from before one the program took earlier. */
static inline u64 vvar_rdtsc(void)
{
	u32 lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((u64)hi << 32) | lo;
}

/* The formula: nanoseconds since boot at TSC value tsc. The 128-bit
 * product cannot overflow, and the result only grows with tsc. */
static inline u64 vvar_ns_since_boot(u64 tsc_zero, u64 ns_mult, u64 tsc)
{
	return (u64)(((unsigned __int128)(tsc - tsc_zero) * ns_mult) >> VVAR_NS_SHIFT);
}

/*
 * One reading of CLOCK_REALTIME or CLOCK_MONOTONIC (fine, or coarse:
 * rounded down to the last tick, as the system call does) into *ts.
 * Realtime is monotonic plus whole seconds, and a second is a whole
 * number of ticks, so coarse rounding agrees for both clocks.
 */
static inline void vvar_clock_read(const struct vvar_clock *c, bool realtime, bool coarse,
				   struct timespec *ts)
{
	u32 seq, tick;
	u64 ns;
	s64 offset;

	do {
		seq = vvar_read_begin(c);
		ns = vvar_ns_since_boot(c->tsc_zero, c->ns_mult, vvar_rdtsc());
		offset = realtime ? c->realtime_sec : 0;
		tick = c->ns_per_tick;
	} while (vvar_read_retry(c, seq));
	ts->tv_sec = (long)(ns / VVAR_NSEC_PER_SEC) + offset;
	ts->tv_nsec = (long)(ns % VVAR_NSEC_PER_SEC);
	if (coarse && tick)
		ts->tv_nsec -= ts->tv_nsec % tick;
}

#endif
