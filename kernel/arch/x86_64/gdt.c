/*
 * gdt.c - each CPU's GDT and TSS (layout and STAR arithmetic in gdt.h),
 * and the boot CPU's interrupt stacks, which its TSS points at (the other
 * CPUs' come from kstack_alloc(), smp.c).
 * Invariants: every IST stack has an unmapped guard page below it (vm_init
 * unmaps the pages registered with kstack_register_guard(); a task-stack
 * slot has its gap), so an overflow faults instead of silently corrupting
 * memory. TSS.RSP0 always holds the top of the running task's kernel stack.
 * A CPU's GDT and TSS are written only by that CPU, or before it starts.
 * Per-CPU: cpu_tables[n] is CPU n's, written by it (TSS.RSP0 at each switch)
 * or at its start; ist_stacks is the boot CPU's, set up at boot.
 */
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/percpu.h"
#include "mm/kstack.h"

/* Descriptor values, Intel SDM vol. 3A, 3.4.5: G, L/DB, P, DPL, S, type. */
#define SEG_KERNEL_CODE64 0x00AF9A000000FFFFULL /* L=1, DPL 0, execute/read */
#define SEG_KERNEL_DATA 0x00CF92000000FFFFULL   /* DPL 0, read/write */
#define SEG_USER_DATA 0x00CFF2000000FFFFULL     /* DPL 3, read/write */
#define SEG_USER_CODE64 0x00AFFA000000FFFFULL   /* L=1, DPL 3, execute/read */
#define SEG_TSS_AVAILABLE 0x9ULL                /* 64-bit TSS, not busy */

#define IST_STACK_SIZE (4 * 4096)

extern u8 boot_stack_top[]; /* boot.asm */

/* One GDT and one TSS per CPU: the TSS descriptor turns busy on ltr, and
 * each CPU's TSS names its own stacks. */
struct cpu_tables {
	u64 gdt[GDT_ENTRIES] __aligned(16);
	struct tss tss __aligned(16);
};
static struct cpu_tables cpu_tables[MAX_CPUS];

struct guarded_stack {
	u8 guard[4096];
	u8 stack[IST_STACK_SIZE];
};
static struct guarded_stack ist_stacks[IST_COUNT] __aligned(4096)
	__attribute__((section(".bss.kstack")));

struct gdt_pointer {
	u16 limit;
	u64 base;
} __packed;

static void gdt_set_tss(u64 *gdt, unsigned index, const struct tss *t)
{
	u64 base = (u64)t, limit = sizeof(*t) - 1;

	/* A system descriptor takes two slots in long mode (SDM 3A, 8.2.3). */
	gdt[index] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (SEG_TSS_AVAILABLE << 40) |
		     (1ULL << 47) /* present */ | (((limit >> 16) & 0xF) << 48) |
		     (((base >> 24) & 0xFF) << 56);
	gdt[index + 1] = base >> 32;
}

/* Fills CPU cpu's GDT and TSS and loads them on the running CPU. */
void gdt_init_cpu(unsigned cpu, const u64 ist_tops[IST_COUNT], u64 rsp0)
{
	u64 *gdt = cpu_tables[cpu].gdt;
	struct tss *tss = &cpu_tables[cpu].tss;

	gdt[GDT_KERNEL_CS >> 3] = SEG_KERNEL_CODE64;
	gdt[GDT_KERNEL_DS >> 3] = SEG_KERNEL_DATA;
	gdt[GDT_USER_DS >> 3] = SEG_USER_DATA;
	gdt[GDT_USER_CS >> 3] = SEG_USER_CODE64;
	gdt_set_tss(gdt, GDT_TSS >> 3, tss);

	for (unsigned i = 0; i < IST_COUNT; i++)
		tss->ist[i] = ist_tops[i];
	/* Until tasks exist, an interrupt from ring 3 would land on this
	 * stack; the scheduler moves RSP0 to each task's own stack. */
	tss->rsp[0] = rsp0;
	/* No I/O permission bitmap: the base points past the TSS limit, so
	 * every port access from ring 3 faults (Intel SDM vol. 1, "I/O
	 * Permission Bit Map"). */
	tss->iomap_base = sizeof(*tss);

	struct gdt_pointer ptr = { sizeof(cpu_tables[cpu].gdt) - 1, (u64)gdt };
	__asm__ volatile("lgdt %0\n\t"
			 "mov %1, %%ds\n\t"
			 "mov %1, %%es\n\t"
			 "mov %1, %%ss\n\t"
			 /* Reload CS with a far return: push CS, then RIP. */
			 "pushq %2\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "ltr %w3"
			 :
			 : "m"(ptr), "r"((u64)GDT_KERNEL_DS), "i"(GDT_KERNEL_CS), "r"((u16)GDT_TSS)
			 : "rax", "memory");
}

void gdt_init(void)
{
	u64 tops[IST_COUNT];

	for (unsigned i = 0; i < IST_COUNT; i++) {
		kstack_register_guard(ist_stacks[i].guard);
		tops[i] = (u64)(ist_stacks[i].stack + IST_STACK_SIZE);
	}
	gdt_init_cpu(0, tops, (u64)boot_stack_top);
}

/* After percpu_init(), which every CPU runs before its first task. */
struct tss *tss_current(void) { return &cpu_tables[this_cpu()->cpu_id].tss; }

void tss_set_rsp0(u64 rsp0) { tss_current()->rsp[0] = rsp0; }
