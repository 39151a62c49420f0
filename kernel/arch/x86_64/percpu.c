/*
 * percpu.c - one per-CPU block for each possible CPU (percpu.h). Block 0
 * is the boot CPU's; smp.c gives the others to the application processors
 * in the order it starts them.
 * Per-CPU: block n is written by CPU n, except tlb_pending (set by a
 * shootdown's initiator) and online (cleared by the boot CPU for an AP that
 * did not answer), both atomically; other CPUs read only apic_id and those
 * two fields.
 */
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/cpu.h"

#define CPUID_EDX_RDTSCP (1u << 27)

struct percpu percpu_blocks[MAX_CPUS];

void percpu_init(unsigned id)
{
	struct percpu *p = &percpu_blocks[id];

	p->self = p;
	p->cpu_id = id;
	wrmsr(MSR_GS_BASE, (u64)p);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

static int block_index(u64 base)
{
	u64 first = (u64)&percpu_blocks[0];

	if (base < first || base >= (u64)&percpu_blocks[MAX_CPUS] || (base - first) % sizeof(struct percpu))
		return -1;
	return (int)((base - first) / sizeof(struct percpu));
}

int percpu_id_safe(void)
{
	int id = block_index(rdmsr(MSR_GS_BASE));
	return id >= 0 ? id : block_index(rdmsr(MSR_KERNEL_GS_BASE));
}

bool percpu_set_tsc_aux(void)
{
	u32 a, b, c, d;
	cpuid(CPUID_EXT_MAX, 0, &a, &b, &c, &d);
	if (a < CPUID_EXT_FEATURES)
		return false;
	cpuid(CPUID_EXT_FEATURES, 0, &a, &b, &c, &d);
	if (!(d & CPUID_EDX_RDTSCP))
		return false;
	wrmsr(MSR_TSC_AUX, this_cpu()->cpu_id); /* node 0 */
	return true;
}
