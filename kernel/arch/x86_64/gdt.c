/*
 * gdt.c - the boot CPU's GDT and TSS (layout and STAR arithmetic in gdt.h),
 * and the interrupt stacks the TSS points at.
 * Invariants: every IST stack has an unmapped guard page below it (vm_init
 * unmaps the pages registered with kstack_register_guard()), so an overflow
 * faults instead of silently corrupting memory. TSS.RSP0 always holds the
 * top of the running task's kernel stack.
 */
#include "arch/x86_64/gdt.h"
#include "mm/kstack.h"

/* Descriptor values, Intel SDM vol. 3A, 3.4.5: G, L/DB, P, DPL, S, type. */
#define SEG_KERNEL_CODE64 0x00AF9A000000FFFFULL /* L=1, DPL 0, execute/read */
#define SEG_KERNEL_DATA 0x00CF92000000FFFFULL   /* DPL 0, read/write */
#define SEG_USER_DATA 0x00CFF2000000FFFFULL     /* DPL 3, read/write */
#define SEG_USER_CODE64 0x00AFFA000000FFFFULL   /* L=1, DPL 3, execute/read */
#define SEG_TSS_AVAILABLE 0x9ULL                /* 64-bit TSS, not busy */

#define IST_STACK_SIZE (4 * 4096)

extern u8 boot_stack_top[]; /* boot.asm */

static u64 gdt[GDT_ENTRIES] __aligned(16);
static struct tss tss __aligned(16);

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

static void gdt_set_tss(unsigned index, const struct tss *t)
{
	u64 base = (u64)t, limit = sizeof(*t) - 1;

	/* A system descriptor takes two slots in long mode (SDM 3A, 8.2.3). */
	gdt[index] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (SEG_TSS_AVAILABLE << 40) |
		     (1ULL << 47) /* present */ | (((limit >> 16) & 0xF) << 48) |
		     (((base >> 24) & 0xFF) << 56);
	gdt[index + 1] = base >> 32;
}

void gdt_init(void)
{
	gdt[GDT_KERNEL_CS >> 3] = SEG_KERNEL_CODE64;
	gdt[GDT_KERNEL_DS >> 3] = SEG_KERNEL_DATA;
	gdt[GDT_USER_DS >> 3] = SEG_USER_DATA;
	gdt[GDT_USER_CS >> 3] = SEG_USER_CODE64;
	gdt_set_tss(GDT_TSS >> 3, &tss);

	for (unsigned i = 0; i < IST_COUNT; i++) {
		kstack_register_guard(ist_stacks[i].guard);
		tss.ist[i] = (u64)(ist_stacks[i].stack + IST_STACK_SIZE);
	}
	/* Until tasks exist, an interrupt from ring 3 would land on the boot
	 * stack; the scheduler moves RSP0 to each task's own stack. */
	tss.rsp[0] = (u64)boot_stack_top;
	/* No I/O permission bitmap: the base points past the TSS limit, so
	 * every port access from ring 3 faults (Intel SDM vol. 1, "I/O
	 * Permission Bit Map"). */
	tss.iomap_base = sizeof(tss);

	struct gdt_pointer ptr = { sizeof(gdt) - 1, (u64)gdt };
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

void tss_set_rsp0(u64 rsp0) { tss.rsp[0] = rsp0; }

struct tss *tss_current(void) { return &tss; }
