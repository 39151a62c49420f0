/*
 * klock.h - the kernel lock: one lock for the whole kernel. A CPU holds
 * it while it runs kernel code for a task (system calls, faults and
 * interrupts from ring 3, device interrupts, the boot CPU's tick) and
 * drops it on the way back to ring 3 and when it goes idle. A context
 * switch happens with it held; the next task goes on holding it.
 * Invariants: the lock is owned by a CPU, not a task; each CPU counts how
 * deeply it holds it (an interrupt taken while the lock is held nests), and
 * a task's depth travels with it across a switch (sched.c). Spinning for it
 * still answers TLB shootdowns (arch/x86_64/tlb.h), so a holder waiting
 * for a flush never waits on a spinner. The spinlocks of spinlock.h nest
 * inside it.
 */
#ifndef MINOS_ARCH_KLOCK_H
#define MINOS_ARCH_KLOCK_H

#include "types.h"

/* From here on the lock is taken (before, every call below returns at
 * once): smp_init calls it when a second CPU is about to run tasks. */
void klock_switch_on(void);
/* Takes the lock, or nests one level deeper if this CPU holds it. */
void klock_acquire(void);
/* At an entry from ring 3 (system call, interrupt), interrupts off: waits
 * for the lock with interrupts on (a waiter may halt, and interrupts that
 * arrive meanwhile nest, spinning), and returns holding it with
 * interrupts off again. */
void klock_enter(void);
/* One level less; the lock is free again at depth 0. */
void klock_release(void);
/* On the way back to ring 3: drops the lock whatever the depth (a new
 * task's first return inherits the depth of the task it replaced). */
void klock_exit_to_user(void);
/* Waits for an interrupt (sti; hlt) with the lock dropped whatever the
 * depth, then takes it back at the same depth: loops that wait for the
 * tick or a device must not keep the CPU that takes them spinning. */
void klock_halt(void);
/* Whether this CPU holds the lock (always, while it is off). */
bool klock_held(void);
/* This CPU's depth (saved and restored around a context switch). */
unsigned klock_depth(void);
void klock_set_depth(unsigned depth);

/* How often the lock was found taken by another CPU, and the TSC ticks
 * spent spinning for it, since boot (bench, /proc not yet). */
struct klock_stats {
	u64 acquired, contended, spin_tsc;
};
void klock_stats(struct klock_stats *out);

#endif
