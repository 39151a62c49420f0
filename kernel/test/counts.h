/*
 * counts.h - what a self-test must leave as it found it: inodes, open
 * files, free pages and the kernel heap's live blocks, taken before and
 * checked after (shared by the file-system and socket self-tests).
 * Invariant: the first take grows the heap once, so that later growth
 * (which keeps its pages) does not show up as lost pages.
 */
#ifndef MINOS_TEST_COUNTS_H
#define MINOS_TEST_COUNTS_H

#include "types.h"

struct kt_counts {
	u64 inodes, files, free_pages;
	size_t heap_blocks;
};

void kt_counts_take(struct kt_counts *c);
/* One failed check per count that differs from before's. */
void kt_counts_check(const struct kt_counts *before);

#endif
