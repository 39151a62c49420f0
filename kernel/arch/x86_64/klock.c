/*
 * klock.c - the kernel lock (klock.h): a test-and-set lock holding the
 * owner's CPU number plus one (0: free), with each CPU's depth in its
 * per-CPU block.
 * Invariants: only the owner writes `owner` back to 0; owner and depth
 * change with interrupts off, so an interrupt never sees the lock taken by
 * its own CPU with a depth of 0. The spin answers TLB shootdowns. A waiter
 * whose interrupts are on spins a little, then halts with its bit in
 * `sleepers`; the releaser wakes the lowest such CPU with a reschedule
 * IPI (tlb.h's VEC_IPI_RESCHED, whose handler takes no lock when it
 * interrupts the kernel).
 * When one CPU runs tasks (-smp 1, smp=park) the lock is off: every call
 * returns at once, so a uniprocessor pays one test per call. It is
 * switched on once, by smp_init, before any other CPU runs kernel code and
 * while the boot CPU holds it at no depth.
 * Locking: `owner` and `sleepers` are changed atomically by every CPU
 * (owner by compare-and-swap, sleepers by each waiter for its own bit);
 * `acquired`, `contended` and `spin_tsc` only by the holder; `on` is
 * written once at boot. Per-CPU: klock_depth.
 */
#include "arch/x86_64/klock.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/tlb.h"
#include "panic.h"

static bool on; /* several CPUs run tasks (klock_switch_on) */
static volatile u32 owner; /* CPU number + 1, or 0 */
static u64 sleepers;       /* CPUs halted until the lock is free (bit n: CPU n) */
static u64 acquired, contended, spin_tsc; /* under the lock */

/* Pauses before a waiter halts: long enough for a short section on real
 * hardware; under TCG, where a waiting vCPU may keep the holder's host
 * thread off its core, halting gives the core back. */
#define SPIN_BEFORE_HALT 200

/* Waits until the lock looks free. With interrupts on (they were on at
 * klock_acquire), it halts after a while, woken by the releaser's IPI. */
static void wait_free(bool irqs_on, unsigned me)
{
	unsigned spins = 0;
	while (__atomic_load_n(&owner, __ATOMIC_RELAXED)) {
		tlb_shootdown_poll();
		if (!irqs_on || ++spins < SPIN_BEFORE_HALT) {
			cpu_relax();
			continue;
		}
		/* Registered before the last look, so a release after it sees
		 * the bit (both sequentially consistent); "sti; hlt" takes no
		 * interrupt between the two, so the wake-up IPI ends the HLT. */
		irq_disable();
		__atomic_fetch_or(&sleepers, 1ULL << me, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&owner, __ATOMIC_SEQ_CST))
			__asm__ volatile("sti; hlt; cli" ::: "memory");
		__atomic_fetch_and(&sleepers, ~(1ULL << me), __ATOMIC_SEQ_CST);
		irq_enable();
		spins = 0;
	}
}

void klock_switch_on(void) { on = true; }

void klock_acquire(void)
{
	if (!on)
		return;
	u64 flags = irq_save();
	struct percpu *cpu = this_cpu();
	u32 me = (u32)cpu->cpu_id + 1;

	if (owner == me) {
		cpu->klock_depth++;
	} else {
		u32 expected = 0;
		u64 t0 = 0;
		while (!__atomic_compare_exchange_n(&owner, &expected, me, false, __ATOMIC_SEQ_CST,
						    __ATOMIC_RELAXED)) {
			if (!t0)
				t0 = rdtsc();
			irq_restore(flags); /* interrupts on while waiting, if they were */
			wait_free(flags & RFLAGS_IF, me - 1);
			irq_disable();
			expected = 0;
		}
		cpu->klock_depth = 1;
		acquired++;
		if (t0) {
			contended++;
			spin_tsc += rdtsc() - t0;
		}
	}
	irq_restore(flags);
}

void klock_enter(void)
{
	if (!on)
		return;
	irq_enable();
	klock_acquire();
	irq_disable();
}

/* Frees the lock and wakes one halted waiter. Interrupts are off. */
static void unlock(void)
{
	__atomic_store_n(&owner, 0, __ATOMIC_SEQ_CST);
	u64 waiting = __atomic_load_n(&sleepers, __ATOMIC_SEQ_CST);
	if (waiting) {
		unsigned c = (unsigned)__builtin_ctzll(waiting);
		lapic_send_ipi(percpu_blocks[c].apic_id, IPI_FIXED | VEC_IPI_RESCHED);
	}
}

void klock_release(void)
{
	if (!on)
		return;
	u64 flags = irq_save();
	struct percpu *cpu = this_cpu();
	BUG_ON(owner != cpu->cpu_id + 1 || cpu->klock_depth == 0);
	if (--cpu->klock_depth == 0)
		unlock();
	irq_restore(flags);
}

void klock_exit_to_user(void)
{
	if (!on)
		return;
	u64 flags = irq_save();
	struct percpu *cpu = this_cpu();
	if (owner == cpu->cpu_id + 1) {
		cpu->klock_depth = 0;
		unlock();
	}
	irq_restore(flags);
}

void klock_halt(void)
{
	irq_disable();
	unsigned depth = this_cpu()->klock_depth;
	if (depth)
		klock_exit_to_user();
	__asm__ volatile("sti; hlt; cli" ::: "memory");
	if (depth) {
		klock_acquire();
		this_cpu()->klock_depth = depth;
	}
}

bool klock_held(void) { return !on || owner == this_cpu()->cpu_id + 1; }

unsigned klock_depth(void) { return this_cpu()->klock_depth; }

void klock_set_depth(unsigned depth) { this_cpu()->klock_depth = depth; }

void klock_stats(struct klock_stats *out)
{
	klock_acquire();
	out->acquired = acquired;
	out->contended = contended;
	out->spin_tsc = spin_tsc;
	klock_release();
}
