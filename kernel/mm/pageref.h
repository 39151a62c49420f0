/*
 * pageref.h - how many user mappings share each physical page, and the
 * one zero page.
 *
 * A user page starts with one owner when the allocator hands it out
 * (pmm_alloc_user_page). fork shares it (page_get) instead of copying; a
 * write to a shared private page copies it first (mm_fault, docs/memory.md).
 * page_put drops one owner and gives the page back to the allocator when
 * the last one goes.
 *
 * Invariants: the count of a page held by n mappings (or file pages, or
 * kernel references) is n; the array stores n - 1, so a freshly allocated
 * page needs no set-up and a free page reads 0. The zero page is never
 * counted and never freed: page_get and page_put ignore it, and it is
 * only ever mapped read-only.
 */
#ifndef MINOS_MM_PAGEREF_H
#define MINOS_MM_PAGEREF_H

#include "types.h"

/* Takes the counters' memory and the zero page (after the allocator and
 * the kernel's page tables are up); panics if there is no room. */
void pageref_init(u64 max_pfn);

/* One more owner of the page at pa. */
void page_get(u64 pa);
/* One owner less; the last one frees the page. */
void page_put(u64 pa);
/* Owners of the page at pa: 1 for a page only one mapping holds. */
u32 page_owners(u64 pa);

/* The physical address of the page of zeros that every untouched
 * anonymous page reads from until it is written. */
u64 zero_page(void);

#endif
