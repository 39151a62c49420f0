/*
 * tlb.h - TLB shootdown: when page tables another CPU may be using change
 * (a page unmapped, write rights taken away), that CPU must flush its TLB
 * before the frame is reused. The CPU that changed the tables asks the
 * others through an IPI (VEC_IPI_TLB) and waits for each to answer.
 * Invariants: only a CPU holding the kernel lock starts a shootdown, so at
 * most one is in flight; the IPI handler takes no lock; a CPU spinning for
 * the kernel lock answers by polling (tlb_shootdown_poll), so the holder
 * never waits on it. Only CPUs that run tasks (tlb_cpu_join) are asked.
 */
#ifndef MINOS_ARCH_TLB_H
#define MINOS_ARCH_TLB_H

#include "types.h"

#define VEC_IPI_TLB 0xF1
#define VEC_IPI_RESCHED 0xF2

/* Installs the IPI handler; at boot, before any AP runs tasks. */
void tlb_init(void);
/* The running CPU now runs tasks and answers shootdowns. */
void tlb_cpu_join(void);
/* The CPUs that answer shootdowns (a mask of per-CPU block numbers). */
u64 tlb_cpus(void);
/* Flushes the whole TLB (global pages too) of every CPU in mask but the
 * running one, and waits until each has. */
void tlb_shootdown(u64 mask);
/* The same for pages pages from va (user: in the user half, where a long
 * range may be dropped by a CR3 reload instead). */
void tlb_shootdown_range(u64 mask, u64 va, u64 pages, bool user);
/* Flushes the running CPU's whole TLB, global pages included. */
void tlb_flush_here(void);
/* Ranges of up to this many pages are invalidated one page at a time. */
#define TLB_ONE_BY_ONE 32
/* Drops pages pages from va from the running CPU's TLB: one INVLPG each
 * up to TLB_ONE_BY_ONE, else a CR3 reload for a user range (its pages are
 * not global), else everything. What a shootdown's targets do too. */
void tlb_flush_range_here(u64 va, u64 pages, bool user);
/* Answers a pending shootdown request, if any (with interrupts off). */
void tlb_shootdown_poll(void);
/* How many shootdowns this CPU started and answered since boot. */
u64 tlb_shootdowns_sent(void);

#endif
