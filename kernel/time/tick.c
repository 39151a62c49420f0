/*
 * tick.c - the timer tick (tick.h): counts every interrupt of the local
 * APIC timer and calls the subscribers in enum tick_subscriber order.
 * Invariants: the handler runs with interrupts off, on the one CPU, so
 * ticks needs no lock (volatile: loops with interrupts on wait for it);
 * subscribers[] is written only at boot, before interrupts are enabled.
 */
#include "time/tick.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/lapic.h"
#include "panic.h"

static volatile u64 ticks;
static tick_fn subscribers[TICK_SUBSCRIBERS];
static bool from_user;

static void tick_interrupt(struct regs *r)
{
	ticks++;
	from_user = regs_from_user(r);
	lapic_eoi();
	for (unsigned i = 0; i < TICK_SUBSCRIBERS; i++)
		if (subscribers[i])
			subscribers[i]();
}

void tick_init(void)
{
	irq_set_handler(VEC_LAPIC_TIMER, tick_interrupt);
	lapic_timer_init(TICK_HZ);
}

void tick_subscribe(enum tick_subscriber who, tick_fn fn)
{
	BUG_ON(who >= TICK_SUBSCRIBERS || subscribers[who]);
	subscribers[who] = fn;
}

u64 tick_count(void) { return ticks; }

bool tick_interrupted_user(void) { return from_user; }
