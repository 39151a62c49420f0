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

#endif
