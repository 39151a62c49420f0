/*
 * test_cpu.c - self-tests of the CPU setup: the protections in the control
 * registers, the GDT layout SYSCALL/SYSRET depend on, the TSS and IST
 * stacks, the IDT gates, the timer interrupt and the exception fixup path.
 */
#include "test/ktest.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/lapic.h"
#include "mm/vm.h"
#include "time/tick.h"

KTEST(control_registers)
{
	KT_CHECK(read_cr0() & CR0_WP);
	KT_CHECK(read_cr0() & CR0_PG);
	KT_CHECK(read_cr4() & CR4_PAE);
	KT_CHECK(!!(read_cr4() & CR4_SMEP) == cpu_features.smep);
	KT_CHECK(!!(read_cr4() & CR4_SMAP) == cpu_features.smap);
	KT_CHECK(!!(rdmsr(MSR_EFER) & EFER_NXE) == cpu_features.nx);
	KT_CHECK(rdmsr(MSR_EFER) & EFER_LMA);
}

struct table_pointer {
	u16 limit;
	u64 base;
} __packed;

/* Descriptor fields, Intel SDM vol. 3A, 3.4.5. */
#define DESC_PRESENT (1ULL << 47)
#define DESC_DPL(d) (((d) >> 45) & 3)
#define DESC_CODE (1ULL << 43)
#define DESC_LONG (1ULL << 53)

KTEST(gdt_layout_for_sysret)
{
	struct table_pointer gdtr;
	u16 tr, cs, ss;

	__asm__ volatile("sgdt %0\n\tstr %1\n\tmov %%cs, %2\n\tmov %%ss, %3"
			 : "=m"(gdtr), "=r"(tr), "=r"(cs), "=r"(ss));
	const u64 *gdt = (const u64 *)gdtr.base;
	u64 kcode = gdt[GDT_KERNEL_CS >> 3], kdata = gdt[GDT_KERNEL_DS >> 3];
	u64 udata = gdt[GDT_USER_DS >> 3], ucode = gdt[GDT_USER_CS >> 3];

	KT_CHECK_EQ(cs, GDT_KERNEL_CS);
	KT_CHECK_EQ(ss, GDT_KERNEL_DS);
	KT_CHECK_EQ(tr, GDT_TSS);
	KT_CHECK((kcode & DESC_PRESENT) && (kcode & DESC_CODE) && (kcode & DESC_LONG));
	KT_CHECK_EQ(DESC_DPL(kcode), 0);
	KT_CHECK((kdata & DESC_PRESENT) && !(kdata & DESC_CODE));
	KT_CHECK_EQ(DESC_DPL(kdata), 0);
	KT_CHECK((udata & DESC_PRESENT) && !(udata & DESC_CODE));
	KT_CHECK_EQ(DESC_DPL(udata), 3);
	KT_CHECK((ucode & DESC_PRESENT) && (ucode & DESC_CODE) && (ucode & DESC_LONG));
	KT_CHECK_EQ(DESC_DPL(ucode), 3);
	/* The selectors SYSCALL and 64-bit SYSRET will compute from STAR. */
	KT_CHECK_EQ(STAR_KERNEL_BASE, GDT_KERNEL_CS);
	KT_CHECK_EQ(STAR_KERNEL_BASE + 8, GDT_KERNEL_DS);
	KT_CHECK_EQ((STAR_USER_BASE + 8) | 3, GDT_USER_DS);
	KT_CHECK_EQ((STAR_USER_BASE + 16) | 3, GDT_USER_CS);
	KT_CHECK_EQ(GDT_USER_CS, 0x33);
	KT_CHECK_EQ(GDT_USER_DS, 0x2b);
}

struct idt_gate_raw {
	u64 low, high;
};

KTEST(idt_and_ist)
{
	struct table_pointer idtr;
	__asm__ volatile("sidt %0" : "=m"(idtr));
	const struct idt_gate_raw *idt = (const void *)idtr.base;
	struct tss *tss = tss_current();

	KT_CHECK_EQ(idtr.limit, 256 * 16 - 1);
	for (unsigned v = 0; v < 256; v++)
		KT_CHECK(idt[v].low & DESC_PRESENT);
#define GATE_IST(g) (((g).low >> 32) & 7)
#define GATE_DPL(g) (((g).low >> 45) & 3)
	KT_CHECK_EQ(GATE_IST(idt[VEC_DOUBLE_FAULT]), IST_DOUBLE_FAULT);
	KT_CHECK_EQ(GATE_IST(idt[VEC_NMI]), IST_NMI);
	KT_CHECK_EQ(GATE_IST(idt[VEC_MACHINE_CHECK]), IST_MACHINE_CHECK);
	KT_CHECK_EQ(GATE_IST(idt[VEC_PAGE_FAULT]), 0);
	KT_CHECK_EQ(GATE_DPL(idt[VEC_BREAKPOINT]), 3);
	KT_CHECK_EQ(GATE_DPL(idt[VEC_GENERAL_PROTECTION]), 0);
	for (unsigned i = 0; i < IST_COUNT; i++) {
		u64 top = tss->ist[i];
		KT_CHECK(top != 0 && (top & 15) == 0);
		KT_CHECK(vm_is_mapped(top - 8));
	}
	KT_CHECK_EQ(tss->iomap_base, sizeof(struct tss));
	KT_CHECK(tss->rsp[0] != 0 && (tss->rsp[0] & 15) == 0);
	KT_CHECK(vm_is_mapped(tss->rsp[0] - 8));
}

KTEST(timer_interrupts)
{
	KT_CHECK(read_flags() & RFLAGS_IF);
	KT_CHECK(tsc_khz() > 0);
	u64 start = tick_count();
	u64 deadline = rdtsc() + tsc_khz() * 5000; /* 5 s: generous for TCG */
	while (tick_count() < start + 3 && rdtsc() < deadline)
		cpu_halt(); /* woken by the timer itself */
	KT_CHECK(tick_count() >= start + 3);
}
