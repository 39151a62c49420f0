/*
 * percpu.c - one per-CPU block for each possible CPU (percpu.h). Only the
 * boot CPU runs today; the array and the GS convention are already those
 * of a multiprocessor kernel.
 */
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/msr.h"

struct percpu percpu_blocks[MAX_CPUS];

void percpu_init(unsigned id)
{
	struct percpu *p = &percpu_blocks[id];

	p->self = p;
	p->cpu_id = id;
	wrmsr(MSR_GS_BASE, (u64)p);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}
