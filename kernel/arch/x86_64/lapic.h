/*
 * lapic.h - the local APIC: its end-of-interrupt register, and its timer,
 * calibrated against the PIT and started periodic on VEC_LAPIC_TIMER; the
 * TSC's rate is measured in the same window. What the timer's interrupt
 * means is not the chip's business: the tick (time/tick.c) installs its
 * handler with irq_set_handler() before starting the timer.
 */
#ifndef MINOS_ARCH_LAPIC_H
#define MINOS_ARCH_LAPIC_H

#include "types.h"

/* Enables the local APIC, calibrates its timer and starts it at hz
 * interrupts a second. Panics if the CPU has no usable local APIC. */
void lapic_timer_init(unsigned hz);
/* Ends the interrupt being handled, so the APIC can deliver the next. */
void lapic_eoi(void);
/* TSC ticks per millisecond, 0 until lapic_timer_init() has measured it. */
u64 tsc_khz(void);

#endif
