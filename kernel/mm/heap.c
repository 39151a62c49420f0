/*
 * heap.c - the kernel heap. The arena [heap_start, heap_end) is tiled by
 * blocks, each a header followed by its payload; a used block's payload is
 * followed by an 8-byte canary. Invariants: free blocks are on free_list in
 * address order and no two free blocks are neighbours (they are merged on
 * kfree); stats always describes the blocks exactly.
 * Locking: free_list, the arena's bounds and stats under the kernel lock
 * (arch/x86_64/klock.h), held by every caller; the handlers that take no lock
 * (NMI, TLB and reschedule IPIs) never allocate.
 */
#include "mm/heap.h"
#include "mm/page.h"
#include "lib/string.h"
#include "log.h"
#include "panic.h"

/* Distinct values so that kfree can tell "already freed" from "not ours". */
#define MAGIC_USED 0xa110c8edU
#define MAGIC_FREE 0xf4eeb10cU

/* Written right after the requested bytes: an off-by-one write shows. */
#define CANARY 0x5afec0de5afec0deULL
#define CANARY_SIZE sizeof(u64)

/* Freed payloads are filled with this (Linux's POISON_FREE) so that a use
 * after free reads an obviously wrong value instead of stale data. */
#define POISON_FREE 0x6b

/* Grow by at least this much so that small allocations do not each cost a
 * morecore call (and, in the kernel, a page-table update). */
#define HEAP_GROW_MIN (16 * 1024)

/* Larger requests are refused up front: the size arithmetic below can then
 * never overflow. */
#define HEAP_MAX_REQUEST (SIZE_MAX / 2)

struct block {
	u32 magic;          /* MAGIC_USED or MAGIC_FREE */
	u32 pad;
	size_t size;        /* whole block: header + payload (+ canary) */
	size_t requested;   /* used blocks: kmalloc's argument */
	struct block *next; /* free blocks: next free block, higher address */
};

#define HDR sizeof(struct block)
/* The smallest block that can stand alone: header plus canary (kmalloc(0)),
 * rounded to keep every header, and so every payload, 16-byte aligned. */
#define MIN_BLOCK ALIGN_UP(HDR + CANARY_SIZE, HEAP_ALIGN)

_Static_assert(HDR % HEAP_ALIGN == 0, "payloads must stay 16-byte aligned");

static heap_morecore_fn *morecore;
static u8 *heap_start, *heap_end;
static struct block *free_list;
static struct heap_stats stats;

static void *payload(struct block *b)
{
	return (u8 *)b + HDR;
}

static struct block *block_of(void *p)
{
	return (struct block *)((u8 *)p - HDR);
}

static size_t block_size_for(size_t size)
{
	return ALIGN_UP(HDR + size + CANARY_SIZE, HEAP_ALIGN);
}

static void write_canary(struct block *b)
{
	u64 c = CANARY;

	memcpy((u8 *)payload(b) + b->requested, &c, sizeof(c));
}

static bool canary_ok(struct block *b)
{
	u64 c;

	memcpy(&c, (u8 *)payload(b) + b->requested, sizeof(c));
	return c == CANARY;
}

void heap_init(heap_morecore_fn *grow)
{
	morecore = grow;
	heap_start = NULL;
	heap_end = NULL;
	free_list = NULL;
	stats = (struct heap_stats){ 0 };
}

/*
 * Put b on the free list at its address-ordered place and merge it with the
 * free blocks directly above and below. The merged-away header keeps its
 * MAGIC_FREE, so a second kfree of it is still reported as a double free.
 */
static void insert_free(struct block *b)
{
	struct block **link = &free_list, *prev = NULL;

	while (*link && *link < b) {
		prev = *link;
		link = &(*link)->next;
	}
	BUG_ON(*link == b);
	b->magic = MAGIC_FREE;
	b->requested = 0;
	b->next = *link;
	*link = b;
	stats.bytes_free += b->size;
	stats.free_blocks++;

	if (b->next && (u8 *)b + b->size == (u8 *)b->next) {
		b->size += b->next->size;
		b->next = b->next->next;
		stats.free_blocks--;
	}
	if (prev && (u8 *)prev + prev->size == (u8 *)b) {
		prev->size += b->size;
		prev->next = b->next;
		stats.free_blocks--;
	}
}

/* First fit: unlink the lowest free block of at least `need` bytes, leaving
 * any remainder big enough to be a block on the list in its place. */
static struct block *take_first_fit(size_t need)
{
	for (struct block **link = &free_list; *link; link = &(*link)->next) {
		struct block *b = *link;

		if (b->size < need)
			continue;
		if (b->size - need >= MIN_BLOCK) {
			struct block *rest = (struct block *)((u8 *)b + need);

			rest->magic = MAGIC_FREE;
			rest->size = b->size - need;
			rest->requested = 0;
			rest->next = b->next;
			b->size = need;
			*link = rest;
		} else {
			*link = b->next;
			stats.free_blocks--;
		}
		stats.bytes_free -= b->size;
		return b;
	}
	return NULL;
}

/*
 * Extend the arena so that a block of `need` bytes fits. A free block at
 * the very end of the arena merges with the new memory, so only the
 * shortfall is requested. Returns false when morecore is exhausted.
 */
static bool grow(size_t need)
{
	struct block *tail = NULL, *b;
	size_t have = 0, min_bytes, bytes;
	u8 *mem;

	for (b = free_list; b; b = b->next)
		tail = b;
	if (tail && (u8 *)tail + tail->size == heap_end)
		have = tail->size;
	min_bytes = ALIGN_UP(need - have, PAGE_SIZE);
	bytes = MAX(min_bytes, (size_t)HEAP_GROW_MIN);
	mem = morecore(bytes);
	if (!mem && bytes > min_bytes) {
		bytes = min_bytes;
		mem = morecore(bytes);
	}
	if (!mem)
		return false;
	if (!heap_end)
		heap_start = heap_end = mem;
	if (mem != heap_end)
		panic("heap: morecore returned %p, expected %p: the heap "
		      "must be one contiguous region", (void *)mem,
		      (void *)heap_end);
	BUG_ON((uintptr_t)mem % HEAP_ALIGN != 0);
	heap_end += bytes;
	stats.arena_bytes += bytes;
	b = (struct block *)mem;
	b->size = bytes;
	insert_free(b);
	return true;
}

void *kmalloc(size_t size)
{
	struct block *b = NULL;

	if (size <= HEAP_MAX_REQUEST) {
		size_t need = block_size_for(size);

		b = take_first_fit(need);
		if (!b && grow(need)) {
			b = take_first_fit(need);
			BUG_ON(!b);
		}
	}
	if (!b) {
		pr_warn("kmalloc: out of memory (%zu bytes requested)\n", size);
		return NULL;
	}
	b->magic = MAGIC_USED;
	b->requested = size;
	b->next = NULL;
	write_canary(b);
	stats.bytes_in_use += b->size;
	stats.blocks_in_use++;
	return payload(b);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

/* Could b be a block in this arena? Keeps a corrupted header from sending
 * the walk or the canary check outside the arena. */
static bool header_sane(struct block *b)
{
	size_t room = (size_t)(heap_end - (u8 *)b);

	if (b->size % HEAP_ALIGN != 0 || b->size < MIN_BLOCK || b->size > room)
		return false;
	return b->magic != MAGIC_USED ||
	       b->requested <= b->size - HDR - CANARY_SIZE;
}

/* The block behind a pointer handed back by a caller; panics, naming the
 * caller `who`, when p cannot be a live kmalloc result. */
static struct block *checked_block(void *p, const char *who,
				   const char *freed_what)
{
	uintptr_t a = (uintptr_t)p;
	struct block *b;

	if (a % HEAP_ALIGN != 0 || !heap_start ||
	    a < (uintptr_t)heap_start + HDR || a >= (uintptr_t)heap_end)
		panic("%s: %p is not a kmalloc pointer", who, p);
	b = block_of(p);
	if (b->magic == MAGIC_FREE)
		panic("%s: %s %p", who, freed_what, p);
	if (b->magic != MAGIC_USED)
		panic("%s: %p is not a kmalloc pointer", who, p);
	if (!header_sane(b))
		panic("%s: the header of %p is corrupted (overflow from the "
		      "block below?)", who, p);
	return b;
}

void kfree(void *p)
{
	struct block *b;

	if (!p)
		return;
	b = checked_block(p, "kfree", "double free of");
	if (!canary_ok(b))
		panic("kfree: heap overflow past the end of %p", p);
	stats.bytes_in_use -= b->size;
	stats.blocks_in_use--;
	memset(p, POISON_FREE, b->size - HDR);
	insert_free(b);
}

size_t kmalloc_usable_size(void *p)
{
	if (!p)
		return 0;
	return checked_block(p, "kmalloc_usable_size", "use after free of")
		->requested;
}

void heap_get_stats(struct heap_stats *st)
{
	*st = stats;
}

void heap_check(void)
{
	struct heap_stats seen = { 0 };
	struct block *want_free = free_list;
	bool below_free = false;

	for (u8 *q = heap_start; q < heap_end;) {
		struct block *b = (struct block *)q;

		if (b->magic != MAGIC_USED && b->magic != MAGIC_FREE)
			panic("heap_check: bad magic 0x%x in the block at %p",
			      b->magic, (void *)b);
		if (!header_sane(b))
			panic("heap_check: the block at %p has a bad size %zu",
			      (void *)b, b->size);
		if (b->magic == MAGIC_FREE) {
			if (b != want_free)
				panic("heap_check: free block %p is not next on "
				      "the free list (%p is)", (void *)b,
				      (void *)want_free);
			if (below_free)
				panic("heap_check: free block %p was not merged "
				      "with the free block below it", (void *)b);
			want_free = b->next;
			seen.bytes_free += b->size;
			seen.free_blocks++;
		} else {
			if (!canary_ok(b))
				panic("heap_check: heap overflow past the end "
				      "of %p", payload(b));
			seen.bytes_in_use += b->size;
			seen.blocks_in_use++;
		}
		below_free = b->magic == MAGIC_FREE;
		q += b->size;
	}
	if (want_free)
		panic("heap_check: free list entry %p is not a block",
		      (void *)want_free);
	seen.arena_bytes = (size_t)(heap_end - heap_start);
	if (seen.bytes_in_use != stats.bytes_in_use ||
	    seen.bytes_free != stats.bytes_free ||
	    seen.blocks_in_use != stats.blocks_in_use ||
	    seen.arena_bytes != stats.arena_bytes ||
	    seen.free_blocks != stats.free_blocks)
		panic("heap_check: the counters are out of step with the blocks");
}
