/*
 * mem.c - memory bring-up (mem.h) and the heap's source of pages
 * (heap_pages, handed to heap_init).
 * Invariants: a frame is handed to the allocator only if the memory map
 * calls it available and nothing lives there (not the first MiB, which
 * holds BIOS data; not the kernel image, a boot module or the allocator's
 * own bitmap). Until vm_init() runs, only the boot page tables' direct map
 * of the first 4 GiB exists, so only frames below 4 GiB are free until then.
 * Locking: heap_end under the kernel lock (arch/x86_64/klock.h), as the heap
 * that grows through it.
 */
#include "mm/mem.h"
#include "mm/pmm.h"
#include "mm/pageref.h"
#include "mm/vm.h"
#include "mm/heap.h"
#include "log.h"
#include "panic.h"

#define LOW_MEMORY_END 0x100000ULL       /* BIOS data, EBDA, ROMs */
#define BOOT_DIRECT_MAP_END (4ULL << 30) /* what boot.asm maps */

extern u8 _kernel_phys_start[], _kernel_phys_end[];

static u64 heap_end = KERNEL_HEAP_BASE;
static heap_morecore_fn heap_pages;

/* Frames that must never be handed out. */
static void reserve_in_use(const struct boot_info *bi, u64 bitmap, u64 bitmap_bytes)
{
	pmm_reserve_range(0, LOW_MEMORY_END);
	pmm_reserve_range((u64)_kernel_phys_start, (u64)_kernel_phys_end);
	for (unsigned i = 0; i < bi->module_count; i++)
		pmm_reserve_range(bi->modules[i].start, bi->modules[i].end);
	pmm_reserve_range(bitmap, bitmap + bitmap_bytes);
}

static bool overlaps(u64 a, u64 alen, u64 b, u64 blen) { return a < b + blen && b < a + alen; }

/* The lowest available place for the bitmap that holds nothing else. */
static u64 place_bitmap(const struct boot_info *bi, u64 bytes)
{
	u64 best = 0;
	u64 kstart = (u64)_kernel_phys_start, klen = (u64)_kernel_phys_end - kstart;

	for (unsigned i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_range *r = &bi->mmap[i];
		if (r->type != BOOT_MEM_AVAILABLE)
			continue;
		u64 start = ALIGN_UP(MAX(r->base, LOW_MEMORY_END), PAGE_SIZE);
		u64 end = MIN(r->base + r->length, BOOT_DIRECT_MAP_END);
		/* Slide past the kernel and modules until a gap fits. */
		for (bool moved = true; moved && start + bytes <= end;) {
			moved = false;
			if (overlaps(start, bytes, kstart, klen)) {
				start = ALIGN_UP(kstart + klen, PAGE_SIZE);
				moved = true;
			}
			for (unsigned m = 0; m < bi->module_count; m++) {
				const struct boot_module *mod = &bi->modules[m];
				if (overlaps(start, bytes, mod->start, mod->end - mod->start)) {
					start = ALIGN_UP(mod->end, PAGE_SIZE);
					moved = true;
				}
			}
		}
		if (start + bytes <= end && (!best || start < best))
			best = start;
	}
	return best;
}

static void add_available(const struct boot_info *bi, u64 lo, u64 hi)
{
	for (unsigned i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_range *r = &bi->mmap[i];
		if (r->type != BOOT_MEM_AVAILABLE)
			continue;
		u64 start = MAX(r->base, lo), end = MIN(r->base + r->length, hi);
		if (start < end)
			pmm_add_range(start, end);
	}
}

void mem_init(const struct boot_info *bi)
{
	u64 phys_end = bootinfo_available_end(bi);
	if (phys_end == 0)
		panic("mem: the boot loader gave no memory map");

	u64 max_pfn = phys_end / PAGE_SIZE;
	u64 bytes = ALIGN_UP((u64)pmm_bitmap_bytes(max_pfn), PAGE_SIZE);
	u64 bitmap = place_bitmap(bi, bytes);
	if (!bitmap)
		panic("mem: no room for the page bitmap (%llu bytes)", (unsigned long long)bytes);

	pmm_init(phys_to_virt(bitmap), max_pfn);
	add_available(bi, 0, BOOT_DIRECT_MAP_END);
	reserve_in_use(bi, bitmap, bytes);

	vm_init(phys_end);

	add_available(bi, BOOT_DIRECT_MAP_END, ~0ULL);
	reserve_in_use(bi, bitmap, bytes);
	heap_init(heap_pages);
	pageref_init(max_pfn);
	pr_info("mem: %llu of %llu pages free, page bitmap at 0x%llx\n",
		(unsigned long long)pmm_free_pages(), (unsigned long long)pmm_total_pages(),
		(unsigned long long)bitmap);
}

/* The heap grows by mapping fresh pages at its end (heap.h). */
static void *heap_pages(size_t bytes)
{
	u64 start = heap_end;

	if (bytes % PAGE_SIZE || heap_end + bytes > KERNEL_HEAP_BASE + KERNEL_HEAP_MAX)
		return NULL;
	for (u64 off = 0; off < bytes; off += PAGE_SIZE) {
		u64 pa = pmm_alloc_page();
		if (!pa || vm_map(vm_kernel_space(), start + off, pa, PAGE_SIZE, VM_WRITE | VM_GLOBAL)) {
			if (pa)
				pmm_free_page(pa);
			/* Give back what this call took, so the heap stays whole. */
			for (u64 undo = 0; undo < off; undo += PAGE_SIZE) {
				u64 old;
				vm_translate(vm_kernel_space(), start + undo, &old, NULL);
				vm_unmap(vm_kernel_space(), start + undo, PAGE_SIZE);
				pmm_free_page(old);
			}
			return NULL;
		}
	}
	heap_end += bytes;
	return (void *)start;
}
