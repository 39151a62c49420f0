/*
 * percpu.h - the per-CPU block, reached through the GS segment base.
 *
 * While the CPU runs kernel code, IA32_GS_BASE points at this CPU's block
 * and IA32_KERNEL_GS_BASE holds the user's GS base; in user mode they are
 * the other way round. Every entry from ring 3 (syscall, exception,
 * interrupt) executes swapgs exactly once on the way in and once on the way
 * out; entries from ring 0 never do (isr.asm decides from the saved CS;
 * NMI and #MC, which can arrive between SYSCALL and its swapgs, read
 * IA32_GS_BASE instead).
 *
 * The assembly stubs reach kernel_stack_top and user_rsp through %gs as
 * PERCPU_KERNEL_STACK and PERCPU_USER_RSP, generated from this struct
 * (asm_offsets.c), so the fields may move freely.
 */
#ifndef MINOS_ARCH_PERCPU_H
#define MINOS_ARCH_PERCPU_H

#include "types.h"

#define MAX_CPUS 8

struct task;

struct percpu {
	struct percpu *self;   /* lets C read the block's address from %gs:0 */
	u64 cpu_id;
	struct task *current;  /* the task running on this CPU */
	u64 kernel_stack_top;  /* where the syscall entry switches RSP to */
	u64 user_rsp;          /* the user's RSP, saved by the syscall entry */
	u64 scratch;
	u32 apic_id;           /* this CPU's local APIC id */
	u32 online;            /* set once the CPU is up (smp.c); read atomically */
	u32 klock_depth;       /* how deeply it holds the kernel lock (arch/x86_64/klock.c) */
	u32 tlb_pending;       /* a shootdown asked of it (tlb.c); read atomically */
	void *vm_active;       /* the struct vm_space its CR3 holds (mm/vm.c) */
	struct task *idle;     /* its idle task (proc/sched.c) */
	u32 spin_held;         /* the spinlocks it holds, a bit per rank (proc/spinlock.h) */
};

extern struct percpu percpu_blocks[MAX_CPUS];

/* Points GS at CPU `id`'s block; the user's GS base starts at 0. */
void percpu_init(unsigned id);

/* The running CPU's index for the crash report: asks IA32_GS_BASE (and,
 * between SYSCALL and its swapgs, IA32_KERNEL_GS_BASE) rather than trusting
 * %gs, which may hold a user value there. -1 if neither points at a block. */
int percpu_id_safe(void);

/* Writes (node << 12) | cpu, node 0, to the running CPU's IA32_TSC_AUX,
 * which RDTSCP and RDPID return (the vDSO's getcpu); false, and nothing
 * written, when the CPU has no RDTSCP (CPUID 0x80000001 EDX bit 27). */
bool percpu_set_tsc_aux(void);

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;
	__asm__ volatile("mov %%gs:%c1, %0" : "=r"(p) : "i"(offsetof(struct percpu, self)));
	return p;
}

#endif
