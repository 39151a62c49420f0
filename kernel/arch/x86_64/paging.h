/*
 * paging.h - x86-64 4-level page-table entry bits and index arithmetic
 * (Intel SDM vol. 3A, 4.5 "4-Level Paging", tables 4-14 to 4-20).
 */
#ifndef MINOS_ARCH_PAGING_H
#define MINOS_ARCH_PAGING_H

#include "types.h"

#define PTE_PRESENT (1ULL << 0)
#define PTE_WRITE (1ULL << 1)
#define PTE_USER (1ULL << 2)
#define PTE_PWT (1ULL << 3)
#define PTE_PCD (1ULL << 4)
#define PTE_ACCESSED (1ULL << 5)
#define PTE_DIRTY (1ULL << 6)
#define PTE_HUGE (1ULL << 7) /* 2 MiB in a PD entry, 1 GiB in a PDPT entry */
#define PTE_GLOBAL (1ULL << 8)
#define PTE_NX (1ULL << 63)
/* Bit 9 is free for software (SDM 3A, "Paging"): MinOS marks with it a
 * PROT_NONE user page, kept (not present) so its frame survives until the
 * protection is raised again. */
#define PTE_PROTNONE (1ULL << 9)
#define PTE_ADDR_MASK 0x000FFFFFFFFFF000ULL

#define PT_ENTRIES 512
#define PML4_SHIFT 39
#define PDPT_SHIFT 30
#define PD_SHIFT 21
#define PT_SHIFT 12
#define PT_INDEX(va, shift) (((va) >> (shift)) & (PT_ENTRIES - 1))

#define PAGE_SIZE_2M (1ULL << PD_SHIFT)
#define PAGE_SIZE_1G (1ULL << PDPT_SHIFT)

static inline void invlpg(u64 va) { __asm__ volatile("invlpg (%0)" ::"r"(va) : "memory"); }

/* Canonical: bits 63..47 all equal (48-bit virtual addresses). */
static inline bool va_is_canonical(u64 va)
{
	return (u64)((s64)(va << 16) >> 16) == va;
}

#endif
