/*
 * tlb.c - TLB shootdown between CPUs (tlb.h). Each CPU has a request flag
 * in its per-CPU block (tlb_pending); the initiator sets it, sends
 * VEC_IPI_TLB and spins until the target has cleared it. The request
 * names a range: up to TLB_ONE_BY_ONE pages are invalidated one by one
 * (INVLPG drops global entries too); a longer range of user pages by
 * reloading CR3, and anything else, or a request for everything, by
 * clearing and setting CR4.PGE, which drops global pages too (Intel SDM
 * vol. 3A, 4.10.4.1).
 * Invariants: per-CPU; the handler touches only its own block; initiators
 * hold the kernel lock.
 * Per-CPU: tlb_pending is set by the initiator and cleared by its own CPU,
 * atomically. running_cpus changes atomically (tlb_cpu_join); sent under the
 * kernel lock (arch/x86_64/klock.h).
 */
#include "arch/x86_64/tlb.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/percpu.h"
#include "mm/page.h"

static u64 running_cpus = 1; /* the boot CPU runs tasks from the start */
static u64 sent;
/* The request in flight (one at a time: its initiator holds the kernel
 * lock), written before the targets' flags are set. */
static struct {
	u64 va, pages; /* pages == TLB_ALL: everything */
	bool user;     /* the range is in the user half */
} request;

#define TLB_ALL (~0ULL)

void tlb_flush_here(void)
{
	u64 cr4 = read_cr4();
	if (cr4 & CR4_PGE) {
		write_cr4(cr4 & ~CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}

void tlb_flush_range_here(u64 va, u64 pages, bool user)
{
	if (pages <= TLB_ONE_BY_ONE)
		for (u64 i = 0; i < pages; i++)
			invlpg(va + i * PAGE_SIZE);
	else if (pages != TLB_ALL && user)
		write_cr3(read_cr3());
	else
		tlb_flush_here();
}

void tlb_shootdown_poll(void)
{
	struct percpu *cpu = this_cpu();
	if (__atomic_load_n(&cpu->tlb_pending, __ATOMIC_ACQUIRE)) {
		tlb_flush_range_here(request.va, request.pages, request.user);
		__atomic_store_n(&cpu->tlb_pending, 0, __ATOMIC_RELEASE);
	}
}

static void tlb_interrupt(struct regs *r)
{
	(void)r;
	lapic_eoi();
	tlb_shootdown_poll();
}

/* Nothing to do but wake: the idle loop looks at the run queue. */
static void resched_interrupt(struct regs *r)
{
	(void)r;
	lapic_eoi();
}

void tlb_init(void)
{
	irq_set_handler(VEC_IPI_TLB, tlb_interrupt);
	irq_set_handler(VEC_IPI_RESCHED, resched_interrupt);
}

void tlb_cpu_join(void) { __atomic_fetch_or(&running_cpus, 1ULL << this_cpu()->cpu_id, __ATOMIC_SEQ_CST); }

u64 tlb_cpus(void) { return __atomic_load_n(&running_cpus, __ATOMIC_ACQUIRE); }

void tlb_shootdown(u64 mask) { tlb_shootdown_range(mask, 0, TLB_ALL, false); }

void tlb_shootdown_range(u64 mask, u64 va, u64 pages, bool user)
{
	unsigned me = (unsigned)this_cpu()->cpu_id;
	mask &= tlb_cpus() & ~(1ULL << me);
	if (!mask)
		return;
	sent++;
	request.va = va;
	request.pages = pages;
	request.user = user;
	for (unsigned c = 0; c < MAX_CPUS; c++) {
		if (!(mask & (1ULL << c)))
			continue;
		__atomic_store_n(&percpu_blocks[c].tlb_pending, 1, __ATOMIC_RELEASE);
		lapic_send_ipi(percpu_blocks[c].apic_id, IPI_FIXED | VEC_IPI_TLB);
	}
	for (unsigned c = 0; c < MAX_CPUS; c++)
		while ((mask & (1ULL << c)) && __atomic_load_n(&percpu_blocks[c].tlb_pending, __ATOMIC_ACQUIRE))
			cpu_relax();
}

u64 tlb_shootdowns_sent(void) { return sent; }
