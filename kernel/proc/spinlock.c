/*
 * spinlock.c - the lock checker's verdicts (spinlock.h): a panic naming
 * the lock being taken and the ranks held, so that an order inversion or
 * a sleep under a spinlock is found the first time it happens rather
 * than the first time it deadlocks.
 */
#include "proc/spinlock.h"
#include "panic.h"

void spin_order_violation(const struct spinlock *l, u32 held)
{
	panic("lock order: taking %s (rank %u) while holding ranks 0x%x (proc/spinlock.h)",
	      l->name ? l->name : "?", l->order, held);
}

void spin_sleep_violation(u32 held)
{
	panic("sleeping with spinlocks held: ranks 0x%x (proc/spinlock.h)", held);
}
