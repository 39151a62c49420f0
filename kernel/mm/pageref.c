/*
 * pageref.c - per-page owner counts and the zero page (pageref.h).
 *
 * One u32 per physical frame, in pages taken from the allocator at boot:
 * 256 KiB for every GiB of RAM.
 * Locking: the counts under the kernel lock (arch/x86_64/klock.h); no
 * interrupt handler maps or unmaps user pages. extra, npfn and zero_pa are
 * set once at boot, read-only after.
 */
#include "mm/pageref.h"
#include "mm/pmm.h"
#include "mm/vm.h"
#include "lib/string.h"
#include "panic.h"

static u32 *extra; /* owners - 1, per frame */
static u64 npfn;
static u64 zero_pa;

void pageref_init(u64 max_pfn)
{
	u64 pages = ALIGN_UP(max_pfn * sizeof(u32), PAGE_SIZE) / PAGE_SIZE;
	u64 pa = pmm_alloc_contig(pages);
	zero_pa = pmm_alloc_page();
	if (!pa || !zero_pa)
		panic("pageref: no room for %llu pages of counters", (unsigned long long)pages);
	extra = phys_to_virt(pa);
	memset(extra, 0, pages * PAGE_SIZE);
	memset(phys_to_virt(zero_pa), 0, PAGE_SIZE);
	npfn = max_pfn;
}

static u32 *slot(u64 pa, const char *who)
{
	u64 pfn = pa >> PAGE_SHIFT;
	if (pfn >= npfn)
		panic("%s: 0x%llx is beyond memory", who, (unsigned long long)pa);
	return &extra[pfn];
}

void page_get(u64 pa)
{
	if (pa == zero_pa)
		return;
	/* LAB cow BEGIN: count one more owner (the array holds owners - 1) */
	u32 *n = slot(pa, "page_get");
	if (*n == 0xFFFFFFFFu)
		panic("page_get: too many owners of 0x%llx", (unsigned long long)pa);
	(*n)++;
	/* LAB cow STUB: (void)slot; */
	/* LAB cow END */
}

void page_put(u64 pa)
{
	if (pa == zero_pa)
		return;
	/* LAB cow BEGIN: one owner less; the last one gives the page back */
	u32 *n = slot(pa, "page_put");
	if (*n)
		(*n)--;
	else
		pmm_free_page(pa); /* panics on a double free */
	/* LAB cow STUB: (void)slot; */
	/* LAB cow END */
}

u32 page_owners(u64 pa)
{
	if (pa == zero_pa)
		return 0xFFFFFFFFu; /* always shared */
	/* LAB cow BEGIN: how many maps hold the page */
	return *slot(pa, "page_owners") + 1;
	/* LAB cow STUB: return 2; */
	/* LAB cow END */
}

u64 zero_page(void) { return zero_pa; }
