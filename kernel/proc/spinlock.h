/*
 * spinlock.h - spinlocks taken with interrupts off. With one CPU running
 * the lock is never contended, but every structure shared between CPUs is
 * already guarded, so starting more CPUs does not mean finding them all.
 * Invariant: a lock is held only for short, non-sleeping sections.
 */
#ifndef MINOS_PROC_SPINLOCK_H
#define MINOS_PROC_SPINLOCK_H

#include "types.h"
#include "arch/x86_64/io.h"

struct spinlock {
	volatile u32 locked;
};

static inline u64 spin_lock_irqsave(struct spinlock *l)
{
	u64 flags = read_flags();
	irq_disable();
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, u64 flags)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	if (flags & (1u << 9)) /* IF */
		irq_enable();
}

#endif
