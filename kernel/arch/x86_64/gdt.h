/*
 * gdt.h - the segment selectors and the per-CPU GDT and TSS.
 *
 * The order of the descriptors is dictated by SYSCALL/SYSRET (Intel SDM
 * vol. 2B, SYSCALL and SYSRET; vol. 3A, 5.8.8):
 *   SYSCALL:      CS = STAR[47:32]        SS = STAR[47:32] + 8
 *   64-bit SYSRET: CS = STAR[63:48] + 16  SS = STAR[63:48] + 8   (RPL 3)
 * so kernel data must follow kernel code, and user data must come *before*
 * user 64-bit code. MinOS uses the same selector values as Linux, so that a
 * program that prints its CS or SS sees the same numbers on both:
 *   0x10 kernel code   0x18 kernel data   (STAR[47:32] = 0x10)
 *   0x23 user base     0x2b user data     0x33 user code  (STAR[63:48] = 0x23)
 *   0x40 TSS (two slots)
 */
#ifndef MINOS_ARCH_GDT_H
#define MINOS_ARCH_GDT_H

#include "types.h"

#define GDT_KERNEL_CS 0x10
#define GDT_KERNEL_DS 0x18
#define GDT_USER_BASE 0x20 /* slot 4: the base STAR[63:48] counts from */
#define GDT_USER_DS (0x28 | 3)
#define GDT_USER_CS (0x30 | 3)
#define GDT_TSS 0x40
#define GDT_ENTRIES 10

/* The selectors STAR holds, and the arithmetic SYSCALL/SYSRET apply to them. */
#define STAR_KERNEL_BASE GDT_KERNEL_CS
#define STAR_USER_BASE (GDT_USER_BASE | 3)
_Static_assert(STAR_KERNEL_BASE + 8 == GDT_KERNEL_DS, "SYSCALL: SS = STAR[47:32] + 8");
_Static_assert(STAR_USER_BASE + 8 == GDT_USER_DS, "SYSRET: SS = STAR[63:48] + 8");
_Static_assert(STAR_USER_BASE + 16 == GDT_USER_CS, "SYSRET: CS = STAR[63:48] + 16");

/* Interrupt stack table slots (1-based as in the IDT gate's IST field). */
#define IST_DOUBLE_FAULT 1
#define IST_NMI 2
#define IST_MACHINE_CHECK 3
#define IST_COUNT 3

/* The 64-bit TSS, Intel SDM vol. 3A, figure 8-11. */
struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

_Static_assert(sizeof(struct tss) == 104, "64-bit TSS is 104 bytes");

/* The boot CPU's GDT and TSS, with its static IST stacks. */
void gdt_init(void);
/* CPU cpu's own GDT and TSS (0: the boot CPU), loaded on the running CPU,
 * with the IST stacks (tops, each above a guard page) and RSP0 given. */
void gdt_init_cpu(unsigned cpu, const u64 ist_tops[IST_COUNT], u64 rsp0);
/* The stack the CPU switches to on an interrupt from ring 3. */
void tss_set_rsp0(u64 rsp0);
/* The running CPU's TSS (valid once percpu_init() ran on it). */
struct tss *tss_current(void);

#endif
