/*
 * counts.c - the resource counts a self-test compares (counts.h).
 */
#include "test/counts.h"
#include "test/ktest.h"
#include "fs/vfs.h"
#include "fs/file.h"
#include "mm/heap.h"
#include "mm/pmm.h"

void kt_counts_take(struct kt_counts *c)
{
	static bool warmed;
	struct heap_stats hs;
	if (!warmed) {
		kfree(kmalloc(MiB(16)));
		warmed = true;
	}
	heap_get_stats(&hs);
	*c = (struct kt_counts){ inode_count(), file_count(), pmm_free_pages(), hs.blocks_in_use };
}

void kt_counts_check(const struct kt_counts *before)
{
	struct kt_counts now;
	kt_counts_take(&now);
	KT_CHECK_EQ(now.inodes, before->inodes);
	KT_CHECK_EQ(now.files, before->files);
	KT_CHECK_EQ(now.heap_blocks, before->heap_blocks);
	KT_CHECK_EQ(now.free_pages, before->free_pages);
}
