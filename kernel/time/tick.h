/*
 * tick.h - the timer tick: TICK_HZ interrupts a second from the local APIC
 * timer (arch/x86_64/lapic.c), counted here and passed on to the
 * subsystems that subscribed to it at boot.
 * Invariant: tick_count() only grows, by one every 1/TICK_HZ s.
 */
#ifndef MINOS_TIME_TICK_H
#define MINOS_TIME_TICK_H

#include "types.h"

#define TICK_HZ 100
#define TICK_NS (1000000000ULL / TICK_HZ)

/* The subscribers, called in this order at every tick. The sleepers and
 * the terminal's input may make tasks runnable; the scheduler comes last,
 * so it sees them in its run queue at the same tick. */
enum tick_subscriber {
	TICK_TIMERS,    /* proc/itimer.c: CPU time counted; expired timers signal */
	TICK_SLEEPERS,  /* proc/wait.c: wakes tick_queue */
	TICK_TERMINAL,  /* dev/tty.c: input that came without an interrupt */
	TICK_NET,       /* net/: protocol timers (retransmission, TIME_WAIT) */
	TICK_SCHEDULER, /* proc/sched.c: counts the running task's quantum */
	TICK_SUBSCRIBERS
};

typedef void (*tick_fn)(void);

/* Installs the tick's interrupt handler, then starts the local APIC timer
 * at TICK_HZ (the first tick arrives once interrupts are enabled). */
void tick_init(void);
/* Calls fn at every tick, in who's place in the order above; interrupts
 * off, so fn must not sleep. Each place is taken once, at boot. */
void tick_subscribe(enum tick_subscriber who, tick_fn fn);
/* Ticks since tick_init(). */
u64 tick_count(void);
/* While a subscriber runs: did this tick interrupt ring 3 (rather than
 * the kernel, or the idle loop)? For counting CPU time. */
bool tick_interrupted_user(void);

#endif
