/*
 * tick.c - the timer tick (tick.h): counts every interrupt of the local
 * APIC timer and calls the subscribers in enum tick_subscriber order.
 * Every CPU that runs tasks has its own timer; only the boot CPU's counts
 * time and calls every subscriber, the others call only those that deal
 * with the task they run: the timers' (its CPU time, ITIMER_VIRTUAL and
 * ITIMER_PROF) and the scheduler's (its quantum).
 * Invariants: the handler runs with interrupts off, under the kernel lock,
 * so ticks needs no other lock (volatile: loops with interrupts on wait
 * for it); subscribers[] is written only at boot, before interrupts are
 * enabled.
 * Locking: ticks and from_user under the kernel lock (arch/x86_64/klock.h),
 * held by every CPU's tick.
 */
#include "time/tick.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/percpu.h"
#include "panic.h"

static volatile u64 ticks;
static tick_fn subscribers[TICK_SUBSCRIBERS];
static bool from_user;

static void tick_interrupt(struct regs *r)
{
	from_user = regs_from_user(r);
	lapic_eoi();
	if (this_cpu()->cpu_id != 0) {
		if (subscribers[TICK_TIMERS])
			subscribers[TICK_TIMERS]();
		if (subscribers[TICK_SCHEDULER])
			subscribers[TICK_SCHEDULER]();
		return;
	}
	ticks++;
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
