/*
 * heap.h - the kernel heap: kmalloc/kfree for objects of any size, carved
 * from one virtual region that grows through the function given to
 * heap_init() (mm/mem.c maps fresh pages; the host tests hand out a static
 * array). Results are
 * 16-byte aligned. Misuse (double free, foreign pointer, overflow past the
 * end of a block) panics. Not thread-safe: a lock comes with SMP.
 */
#ifndef MINOS_MM_HEAP_H
#define MINOS_MM_HEAP_H

#include "types.h"

#define HEAP_ALIGN 16

struct heap_stats {
	size_t bytes_in_use;  /* whole allocated blocks, headers included */
	size_t bytes_free;    /* whole free blocks */
	size_t blocks_in_use; /* live kmalloc results */
	size_t arena_bytes;   /* everything obtained from the morecore function */
	size_t free_blocks;   /* length of the free list: 1 = fully coalesced */
};

/*
 * Where the heap's memory comes from: `bytes` (a multiple of PAGE_SIZE) of
 * fresh memory that starts exactly where the previous result ended, or
 * NULL when exhausted.
 */
typedef void *heap_morecore_fn(size_t bytes);

/* Forget everything and start with an empty arena that grows through
 * morecore. Called once at boot. */
void heap_init(heap_morecore_fn *morecore);

/*
 * Memory for `size` bytes, or NULL when the heap cannot grow (a warning is
 * logged). kmalloc(0) returns a unique pointer that must be kfree()d and
 * must not be written to.
 */
void *kmalloc(size_t size);

/* kmalloc() with the bytes zeroed. */
void *kzalloc(size_t size);

/* Give back a kmalloc() result; kfree(NULL) does nothing. */
void kfree(void *p);

/*
 * The size p was allocated with (0 for NULL). Exactly that many bytes are
 * usable: the byte after them is the start of the overflow canary.
 */
size_t kmalloc_usable_size(void *p);

/* Invariant: bytes_in_use + bytes_free == arena_bytes. */
void heap_get_stats(struct heap_stats *st);

/*
 * Walk every block and panic on the first broken invariant: bad header,
 * overwritten canary, free list out of order or not matching the blocks,
 * two free neighbours left uncoalesced, counters out of step.
 */
void heap_check(void);

#endif
