/*
 * pmm.h - the physical page allocator: hands out 4 KiB page frames by
 * physical address. Physical address 0 means "no page": frame 0 is never
 * free, so a 0 return always means failure. Not thread-safe: callers run on
 * one CPU with nothing else allocating; a lock comes with SMP.
 */
#ifndef MINOS_MM_PMM_H
#define MINOS_MM_PMM_H

#include "types.h"
#include "mm/page.h"

/* Bytes of bitmap needed to track frames [0, max_pfn): a multiple of 8. */
size_t pmm_bitmap_bytes(u64 max_pfn);

/*
 * Take over `bitmap` (pmm_bitmap_bytes(max_pfn) bytes, 8-byte aligned) and
 * mark every frame in use. Nothing is free until pmm_add_range().
 */
void pmm_init(void *bitmap, u64 max_pfn);

/*
 * Hand physical [start, end) to the allocator. Only whole pages inside the
 * range are freed (start rounds up, end rounds down); frames at or above
 * max_pfn and frame 0 are ignored. Adding a frame that is already free is
 * harmless, so overlapping firmware map entries need no special care.
 */
void pmm_add_range(u64 start, u64 end);

/*
 * Take [start, end) back, rounding outward so that every page touching the
 * range is covered: used after pmm_add_range() to cut out the kernel image,
 * boot modules and the bitmap itself.
 */
void pmm_reserve_range(u64 start, u64 end);

/* One free page, or 0 when none is left (the caller returns -ENOMEM). */
u64 pmm_alloc_page(void);

/* A page for user memory (a program's pages, file data): 0 once only the
 * kernel's reserve is left, so a process that eats all memory is stopped
 * (-ENOMEM, or SIGKILL on a fault) while the kernel can still allocate
 * the page tables, stacks and heap it needs to clean up. */
#define PMM_KERNEL_RESERVE 512 /* pages: 2 MiB */
u64 pmm_alloc_user_page(void);

/* npages physically contiguous pages (lowest fit), or 0 (also for 0 pages). */
u64 pmm_alloc_contig(size_t npages);

/*
 * Give a page back. A misaligned address, an address outside memory, frame 0
 * or a page that is already free is a kernel bug and panics.
 */
void pmm_free_page(u64 pa);
void pmm_free_contig(u64 pa, size_t npages);

/*
 * Page counts. total is the number of frames the allocator manages: frames
 * added by pmm_add_range() minus those taken back by pmm_reserve_range().
 * total - free is therefore exactly the number of pages allocated now.
 */
u64 pmm_free_pages(void);
u64 pmm_total_pages(void);

#endif
