/*
 * pmm.c - the physical page allocator: one bit per 4 KiB frame, 1 = in use.
 * Invariants: frame 0 and frames >= max_pfn never have their bit cleared;
 * free_count is the number of clear bits below max_pfn; total_count -
 * free_count is the number of pages handed out by the alloc functions.
 * Locking: the bitmap, free_count, total_count and hint_word under the kernel
 * lock (arch/x86_64/klock.h), held by every caller; max_pfn and nwords are
 * set once at boot.
 */
#include "mm/pmm.h"
#include "lib/string.h"
#include "panic.h"

#define BITS_PER_WORD 64
#define WORD_FULL (~0ULL)

static u64 *bitmap;
static u64 max_pfn;
static u64 nwords;
static u64 free_count;
static u64 total_count;
/* Next-fit: the word where the last allocation stopped, so that a run of
 * allocations does not rescan the used frames at the bottom every time. */
static u64 hint_word;

static bool frame_in_use(u64 pfn)
{
	return bitmap[pfn / BITS_PER_WORD] & (1ULL << (pfn % BITS_PER_WORD));
}

static void set_frame(u64 pfn)
{
	bitmap[pfn / BITS_PER_WORD] |= 1ULL << (pfn % BITS_PER_WORD);
}

static void clear_frame(u64 pfn)
{
	bitmap[pfn / BITS_PER_WORD] &= ~(1ULL << (pfn % BITS_PER_WORD));
}

/* Division rounding up, written so that it cannot overflow near 2^64. */
static u64 pfn_round_up(u64 addr)
{
	return (addr >> PAGE_SHIFT) + ((addr & (PAGE_SIZE - 1)) != 0);
}

size_t pmm_bitmap_bytes(u64 max)
{
	u64 words = max / BITS_PER_WORD + (max % BITS_PER_WORD != 0);

	return words * sizeof(u64);
}

void pmm_init(void *map, u64 max)
{
	BUG_ON((uintptr_t)map % sizeof(u64) != 0);
	bitmap = map;
	max_pfn = max;
	nwords = pmm_bitmap_bytes(max) / sizeof(u64);
	free_count = 0;
	total_count = 0;
	hint_word = 0;
	/* All ones also covers the tail bits of the last word beyond max_pfn,
	 * so the scans below can never find a frame that does not exist. */
	memset(bitmap, 0xff, nwords * sizeof(u64));
}

void pmm_add_range(u64 start, u64 end)
{
	u64 first = MAX(pfn_round_up(start), 1);
	u64 last = MIN(end >> PAGE_SHIFT, max_pfn);

	for (u64 pfn = first; pfn < last; pfn++) {
		if (frame_in_use(pfn)) {
			clear_frame(pfn);
			free_count++;
			total_count++;
		}
	}
}

void pmm_reserve_range(u64 start, u64 end)
{
	u64 first = start >> PAGE_SHIFT;
	u64 last = MIN(pfn_round_up(end), max_pfn);

	for (u64 pfn = first; pfn < last; pfn++) {
		if (!frame_in_use(pfn)) {
			set_frame(pfn);
			free_count--;
			total_count--;
		}
	}
}

u64 pmm_alloc_page(void)
{
	if (free_count == 0)
		return 0;
	/* free_count > 0 guarantees a clear bit somewhere: at most one lap. */
	for (u64 i = 0; i < nwords; i++) {
		u64 w = (hint_word + i) % nwords;

		if (bitmap[w] != WORD_FULL) {
			u64 pfn = w * BITS_PER_WORD + __builtin_ctzll(~bitmap[w]);

			set_frame(pfn);
			free_count--;
			hint_word = w;
			return pfn << PAGE_SHIFT;
		}
	}
	panic("pmm_alloc_page: free count %llu but the bitmap is full",
	      (unsigned long long)free_count);
}

u64 pmm_alloc_contig(size_t npages)
{
	u64 run_start = 0;

	if (npages == 0 || npages > free_count)
		return 0;
	if (npages == 1)
		return pmm_alloc_page();
	/* First fit from the bottom: contiguous requests are rare (DMA
	 * buffers, stacks), and keeping them low leaves long runs above. */
	for (u64 pfn = 0; pfn < max_pfn;) {
		if (pfn % BITS_PER_WORD == 0 &&
		    bitmap[pfn / BITS_PER_WORD] == WORD_FULL) {
			pfn += BITS_PER_WORD;
			run_start = pfn;
			continue;
		}
		if (frame_in_use(pfn)) {
			run_start = ++pfn;
			continue;
		}
		pfn++;
		if (pfn - run_start == npages) {
			for (u64 f = run_start; f < pfn; f++)
				set_frame(f);
			free_count -= npages;
			return run_start << PAGE_SHIFT;
		}
	}
	return 0;
}

/* `who` names the public function in the panic message. */
static void free_one(u64 pa, const char *who)
{
	u64 pfn = pa >> PAGE_SHIFT;

	if (pa & (PAGE_SIZE - 1))
		panic("%s: misaligned address 0x%llx", who,
		      (unsigned long long)pa);
	if (pfn >= max_pfn)
		panic("%s: address 0x%llx is beyond memory (max pfn 0x%llx)",
		      who, (unsigned long long)pa,
		      (unsigned long long)max_pfn);
	if (pfn == 0)
		panic("%s: page 0 is never allocated", who);
	if (!frame_in_use(pfn))
		panic("%s: double free of page 0x%llx", who,
		      (unsigned long long)pa);
	clear_frame(pfn);
	free_count++;
}

void pmm_free_page(u64 pa)
{
	free_one(pa, "pmm_free_page");
}

void pmm_free_contig(u64 pa, size_t npages)
{
	/* Check the whole range first: a run that sticks out of memory is
	 * reported as such rather than as a problem with one of its pages. */
	if (npages > max_pfn || (pa >> PAGE_SHIFT) > max_pfn - npages)
		panic("pmm_free_contig: 0x%llx + %zu pages is beyond memory "
		      "(max pfn 0x%llx)", (unsigned long long)pa, npages,
		      (unsigned long long)max_pfn);
	for (size_t i = 0; i < npages; i++)
		free_one(pa + i * PAGE_SIZE, "pmm_free_contig");
}

u64 pmm_free_pages(void)
{
	return free_count;
}

u64 pmm_total_pages(void)
{
	return total_count;
}

u64 pmm_alloc_user_page(void)
{
	if (pmm_free_pages() <= PMM_KERNEL_RESERVE)
		return 0;
	return pmm_alloc_page();
}
