/*
 * biglock.c - the kernel lock (biglock.h): a test-and-set lock holding the
 * owner's CPU number plus one (0: free), with each CPU's depth in its
 * per-CPU block.
 * Invariants: only the owner writes `owner` back to 0; owner and depth
 * change with interrupts off, so an interrupt never sees the lock taken by
 * its own CPU with a depth of 0. The spin answers TLB shootdowns.
 */
#include "proc/biglock.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/tlb.h"
#include "panic.h"

static volatile u32 owner; /* CPU number + 1, or 0 */
static u64 acquired, contended, spin_tsc; /* under the lock */

void klock_acquire(void)
{
	u64 flags = read_flags();
	irq_disable();
	struct percpu *cpu = this_cpu();
	u32 me = (u32)cpu->cpu_id + 1;

	if (owner == me) {
		cpu->klock_depth++;
	} else {
		u32 expected = 0;
		u64 t0 = 0;
		while (!__atomic_compare_exchange_n(&owner, &expected, me, false, __ATOMIC_ACQUIRE,
						    __ATOMIC_RELAXED)) {
			if (!t0)
				t0 = rdtsc();
			/* Let interrupts in while waiting if they were on. */
			if (flags & RFLAGS_IF)
				irq_enable();
			tlb_shootdown_poll();
			cpu_relax();
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
	if (flags & RFLAGS_IF)
		irq_enable();
}

void klock_release(void)
{
	u64 flags = read_flags();
	irq_disable();
	struct percpu *cpu = this_cpu();
	BUG_ON(owner != cpu->cpu_id + 1 || cpu->klock_depth == 0);
	if (--cpu->klock_depth == 0)
		__atomic_store_n(&owner, 0, __ATOMIC_RELEASE);
	if (flags & RFLAGS_IF)
		irq_enable();
}

void klock_exit_to_user(void)
{
	u64 flags = read_flags();
	irq_disable();
	struct percpu *cpu = this_cpu();
	if (owner == cpu->cpu_id + 1) {
		cpu->klock_depth = 0;
		__atomic_store_n(&owner, 0, __ATOMIC_RELEASE);
	}
	if (flags & RFLAGS_IF)
		irq_enable();
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

bool klock_held(void) { return owner == this_cpu()->cpu_id + 1; }

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
