/*
 * timer.h - the periodic timer interrupt (local APIC timer, calibrated
 * against the PIT) and the TSC frequency measured at the same time.
 * Invariant: timer_ticks only grows, by one every 1/TIMER_HZ s.
 */
#ifndef MINOS_ARCH_TIMER_H
#define MINOS_ARCH_TIMER_H

#include "types.h"

#define TIMER_HZ 100

void timer_init(void);
/* Woken at every tick: for sleeps measured in time and for polling. */
struct wait_queue;
extern struct wait_queue tick_queue;
void lapic_eoi(void);
u64 timer_ticks(void);
/* TSC ticks per millisecond, 0 until timer_init() has calibrated it. */
u64 tsc_khz(void);

/* The clocks of clock_gettime(2), kernel side: CLOCK_REALTIME (the
 * battery-backed clock read at boot, advanced by the TSC) and
 * CLOCK_MONOTONIC (time since boot). */
#include "uapi/time.h"
void clock_init(void);
struct timespec clock_realtime(void);
struct timespec clock_monotonic(void);
/* The coarse clocks: the same readings rounded down to the last tick
 * (the vDSO's CLOCK_*_COARSE, computed the same way). */
struct timespec clock_realtime_coarse(void);
struct timespec clock_monotonic_coarse(void);

#endif
