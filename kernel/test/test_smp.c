/*
 * test_smp.c - self-tests of the processor bring-up (arch/x86_64/smp.c):
 * as many CPUs online as the machine has (ktest_cpus=N on the command line
 * says how many QEMU was given), each with its own per-CPU block, APIC id,
 * stacks and TSS, and the boot CPU's control registers and SYSCALL MSRs.
 */
#include "test/ktest.h"
#include "cmdline.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "mm/kstack.h"
#include "mm/vm.h"

KTEST(smp_cpus_online)
{
	unsigned n = smp_cpus_online();
	u64 want;

	KT_CHECK(n >= 1 && n <= MAX_CPUS);
	if (cmdline_get_u64("ktest_cpus", &want) == 0) {
		KT_CHECK_EQ(n, want);
		KT_CHECK_EQ(acpi.ncpus, want);
	}
	if (acpi.madt)
		KT_CHECK_EQ(n, acpi.ncpus);
	for (unsigned c = 0; c < MAX_CPUS; c++) {
		const struct percpu *p = &percpu_blocks[c];
		KT_CHECK_EQ(__atomic_load_n(&p->online, __ATOMIC_ACQUIRE), c < n);
		if (c >= n)
			continue;
		KT_CHECK(p->self == p);
		KT_CHECK_EQ(p->cpu_id, c);
		for (unsigned d = 0; d < c; d++)
			KT_CHECK(percpu_blocks[d].apic_id != p->apic_id);
	}
	KT_CHECK(this_cpu() == &percpu_blocks[0]);
	KT_CHECK_EQ(percpu_blocks[0].apic_id, lapic_id());
}

KTEST(smp_ap_state)
{
	unsigned n = smp_cpus_online();
	u64 efer_bits = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE;

	KT_CHECK(smp_cpu_state(0) == NULL);
	KT_CHECK(smp_cpu_state(n) == NULL);
	for (unsigned c = 1; c < n; c++) {
		const struct smp_cpu_state *s = smp_cpu_state(c);
		KT_CHECK(s != NULL);
		if (!s)
			continue;
		KT_CHECK_EQ(s->cr0, read_cr0());
		KT_CHECK_EQ(s->cr4, read_cr4());
		KT_CHECK_EQ(s->efer & efer_bits, rdmsr(MSR_EFER) & efer_bits);
		KT_CHECK_EQ(s->star, rdmsr(MSR_STAR));
		KT_CHECK_EQ(s->lstar, rdmsr(MSR_LSTAR));
		KT_CHECK_EQ(s->fmask, rdmsr(MSR_FMASK));
		KT_CHECK_EQ(s->gs_base, (u64)&percpu_blocks[c]);
		KT_CHECK_EQ(s->tr, GDT_TSS);
		/* Its own kernel stack, in the stacks region, not the boot CPU's. */
		u64 top = percpu_blocks[c].kernel_stack_top;
		KT_CHECK(top >= KERNEL_STACKS_BASE && top < KERNEL_STACKS_BASE + KERNEL_STACKS_MAX);
		KT_CHECK(s->rsp < top && s->rsp > top - KSTACK_PAGES * PAGE_SIZE);
		KT_CHECK(kstack_is_guard(top - KSTACK_PAGES * PAGE_SIZE - 1));
		for (unsigned d = 1; d < c; d++)
			KT_CHECK(percpu_blocks[d].kernel_stack_top != top);
	}
}
