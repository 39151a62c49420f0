/*
 * vm.h - virtual memory: the kernel's address-space layout and the 4-level
 * paging API (map, unmap, change protection, translate).
 *
 * Kernel half layout (docs/boot.md draws it):
 *   0xFFFF800000000000  direct map of all physical memory (RW, NX; read-only
 *                       where it aliases kernel text and rodata)
 *   0xFFFFC00000000000  kernel heap (grows up)
 *   0xFFFFD00000000000  device memory (MMIO, uncached)
 *   0xFFFFE80000000000  task kernel stacks, each below an unmapped gap
 *   0xFFFFFFFF80000000  the kernel image: text RX, rodata R, data/bss RW NX
 *
 * Invariants: no kernel mapping is both writable and executable (W^X);
 * the API works on 4 KiB pages and never frees the frames it unmaps (the
 * caller owns them); functions that can fail return a negative errno.
 */
#ifndef MINOS_MM_VM_H
#define MINOS_MM_VM_H

#include "types.h"
#include "mm/page.h"

#define VM_KERNEL_BASE 0xFFFF800000000000ULL
#define DIRECT_MAP_BASE 0xFFFF800000000000ULL
#define DIRECT_MAP_MAX (64ULL << 40)
#define KERNEL_HEAP_BASE 0xFFFFC00000000000ULL
#define KERNEL_HEAP_MAX (64ULL << 30)
#define KERNEL_MMIO_BASE 0xFFFFD00000000000ULL
#define KERNEL_MMIO_MAX (1ULL << 30)
#define KERNEL_STACKS_BASE 0xFFFFE80000000000ULL
#define KERNEL_STACKS_MAX (1ULL << 30)
#define KERNEL_TEST_BASE 0xFFFFE00000000000ULL /* used by self-tests only */
#define KERNEL_VMA 0xFFFFFFFF80000000ULL
/* The user half ends one page below 2^47: that last page stays unmapped so
 * that no SYSRET can return to a non-canonical address (CVE-2012-0217). */
#define USER_TOP 0x00007FFFFFFFF000ULL

/* Mapping rights; read is implied by any mapping. */
#define VM_WRITE (1u << 0)
#define VM_EXEC (1u << 1)
#define VM_USER (1u << 2)
#define VM_NOCACHE (1u << 3)
#define VM_GLOBAL (1u << 4)
#define VM_HUGE (1u << 5) /* reported by vm_translate only */
/* A user page that keeps its frame but cannot be touched at all (not
 * present): PROT_NONE. vm_translate reports such a page with VM_NONE. */
#define VM_NONE (1u << 6)

struct vm_space {
	u64 pml4; /* physical address of the top-level table */
	u64 cpus; /* the CPUs whose CR3 holds it (bit n: percpu block n); atomic */
};

/* Builds the kernel's page tables (direct map of [0, phys_end), the image
 * with W^X), switches to them and so drops the boot maps. */
void vm_init(u64 phys_end);
struct vm_space *vm_kernel_space(void);

int vm_map(struct vm_space *s, u64 va, u64 pa, u64 size, unsigned flags);
int vm_unmap(struct vm_space *s, u64 va, u64 size);
/* The same, flushing only this CPU's TLB: other CPUs may keep the old
 * translation, so the caller shoots them down (arch/x86_64/tlb.h) before
 * the range is mapped again (kernel stacks: kstack.c). */
int vm_unmap_local(struct vm_space *s, u64 va, u64 size);
int vm_protect(struct vm_space *s, u64 va, u64 size, unsigned flags);
/* 0 and the frame for any page that has one (VM_NONE pages included),
 * -ENOENT for none, -EFAULT for a non-canonical address. */
int vm_translate(struct vm_space *s, u64 va, u64 *pa, unsigned *flags);
/* The first page at or after va, below end, that holds a frame (VM_NONE
 * pages included); end when there is none. Skips whole absent tables, so
 * walking a huge, mostly empty range costs little. */
u64 vm_next_mapped(struct vm_space *s, u64 va, u64 end);

/*
 * fork's sharing, a range at a time: every page of src in [start, end)
 * that holds a frame gets the same entry at the same address in dst, and
 * one more owner (mm/pageref.h); with cow, a writable entry loses its
 * write right in both spaces, so that the first write faults and copies.
 * dst's tables are made as needed. 0, or -ENOMEM (dst then holds part of
 * the range; destroying it undoes that).
 */
int vm_share_range(struct vm_space *dst, struct vm_space *src, u64 start, u64 end, bool cow);
/* Unmaps every user page of [start, end) and drops the space's hold on it
 * (page_put). The tables stay. */
void vm_drop_range(struct vm_space *s, u64 start, u64 end);

/* In the tables the CPU is using now (safe before and after vm_init). */
bool vm_is_mapped(u64 va);

/* Maps device memory uncached into the MMIO window; NULL on failure. */
void *vm_map_mmio(u64 pa, u64 size);

static inline void *phys_to_virt(u64 pa) { return (void *)(pa + DIRECT_MAP_BASE); }
/* For direct-map and kernel-image addresses. */
u64 virt_to_phys(const void *va);

/* User address spaces: a fresh top-level table whose kernel half is shared
 * with every other space (the kernel's PML4 entries 256-511 are created at
 * boot and never change, so copying them once is enough). */
int vm_space_create(struct vm_space *s);
/* Drops the space's hold on every user page (page_put: a page another
 * space shares stays) and frees the page-table pages below USER_TOP; the space must
 * not be the one in CR3. */
void vm_space_destroy(struct vm_space *s);
void vm_space_activate(struct vm_space *s);

/* Page-table pages in use by the kernel space (for leak accounting). */
u64 vm_table_pages(void);

#endif
