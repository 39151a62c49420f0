/*
 * spinlock.h - spinlocks taken with interrupts off, inside the kernel lock
 * (arch/x86_64/klock.h): they guard what an interrupt handler on another
 * CPU may touch while this one holds the kernel lock (wait queues, the
 * run queue, the process table, futex queues, the clock page).
 *
 * The lock order, outermost first (a CPU holding one may take only those
 * below it):
 *
 *   LOCK_ORDER_TABLE   the process table        proc/task.c
 *   LOCK_ORDER_FUTEX   the futex queues         proc/futex.c
 *   LOCK_ORDER_WAIT    wait queues and timers   proc/wait.c
 *   LOCK_ORDER_SCHED   the run queue            proc/sched.c
 *   LOCK_ORDER_VVAR    the clock page           time/clock.c
 *
 * The lock checker (always on; it costs a test and an OR a lock) keeps
 * each CPU's held locks as a mask of these ranks and panics on taking a
 * lock not below every lock held (an order inversion, or the same lock
 * twice), and on sleeping (spin_assert_none_held, called by schedule())
 * with a spinlock held.
 * Invariant: a lock is held only for short, non-sleeping sections.
 */
#ifndef MINOS_PROC_SPINLOCK_H
#define MINOS_PROC_SPINLOCK_H

#include "types.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/percpu.h"

enum lock_order {
	LOCK_ORDER_TABLE = 1,
	LOCK_ORDER_FUTEX,
	LOCK_ORDER_WAIT,
	LOCK_ORDER_SCHED,
	LOCK_ORDER_VVAR,
};

struct spinlock {
	volatile u32 locked;
	u8 order;         /* enum lock_order */
	const char *name; /* for the checker's panic */
};

#define SPINLOCK_INIT(rank, what) { 0, rank, what }

/* The checker's verdicts (spinlock.c); they do not return. */
__noreturn void spin_order_violation(const struct spinlock *l, u32 held);
__noreturn void spin_sleep_violation(u32 held);

/* This CPU's held ranks, read and changed with one %gs-relative
 * instruction each (the checker runs on every lock). */
static inline u32 spin_held_now(void)
{
	u32 held;
	__asm__ volatile("movl %%gs:%c1, %0" : "=r"(held) : "i"(offsetof(struct percpu, spin_held)));
	return held;
}

static inline u64 spin_lock_irqsave(struct spinlock *l)
{
	u64 flags = irq_save();
	/* Every lock held must rank above (be taken before) this one. */
	u32 held = spin_held_now();
	if (held >> l->order)
		spin_order_violation(l, held);
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
	__asm__ volatile("orl %0, %%gs:%c1"
			 :
			 : "r"(1u << l->order), "i"(offsetof(struct percpu, spin_held))
			 : "memory");
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, u64 flags)
{
	__asm__ volatile("andl %0, %%gs:%c1"
			 :
			 : "r"(~(1u << l->order)), "i"(offsetof(struct percpu, spin_held))
			 : "memory");
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	irq_restore(flags);
}

/* Before a sleep or a switch away: no spinlock may be held. */
static inline void spin_assert_none_held(void)
{
	u32 held = spin_held_now();
	if (held)
		spin_sleep_violation(held);
}

#endif
