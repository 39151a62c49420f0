/*
 * lapic.h - the local APIC: its end-of-interrupt register, its interrupt
 * command register (IPIs to other CPUs: smp.c), and its timer,
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
/* An application processor's own local APIC: enabled, its spurious vector
 * set, the timer masked (no tick on APs yet). After lapic_timer_init(). */
void lapic_init_ap(void);
/* Starts an AP's timer with the boot CPU's calibration, periodic on
 * VEC_LAPIC_TIMER (preemption of the tasks it runs). */
void lapic_timer_start_ap(void);
/* The running CPU's local APIC id (0 before lapic_timer_init()). */
u32 lapic_id(void);

/* Interrupt command register values (Intel SDM vol. 3A, 11.6.1): delivery
 * mode, level, destination shorthand. */
#define IPI_INIT 0x00004500u       /* INIT, level assert */
#define IPI_STARTUP 0x00004600u    /* start-up; OR in the page number */
#define IPI_NMI 0x00004400u        /* NMI, level assert */
#define IPI_FIXED 0x00004000u      /* fixed delivery; OR in the vector */
#define IPI_ALL_BUT_SELF 0x000C0000u
/* Sends an IPI (icr_low: one of the above) to the CPU with APIC id dest
 * (ignored with IPI_ALL_BUT_SELF); waits until the APIC has sent it.
 * false if it was still pending after a while. */
bool lapic_send_ipi(u32 dest, u32 icr_low);

/* TSC ticks per millisecond, 0 until lapic_timer_init() has measured it. */
u64 tsc_khz(void);

#endif
