/*
 * commit.c - the obvious-overcommit check (commit.h). Callers charge a
 * request when Linux would (its VM_ACCOUNT areas): a private writable or
 * shared anonymous mapping without MAP_NORESERVE, and the growth of the
 * break. Invariant: the check only refuses; nothing is reserved, so there
 * is nothing to give back on munmap or exit.
 */
#include "mm/commit.h"
#include "mm/pmm.h"
#include "mm/page.h"
#include "errno.h"

int mm_commit_check(u64 bytes)
{
	u64 pages = bytes / PAGE_SIZE + (bytes % PAGE_SIZE != 0);

	return pages > pmm_total_pages() ? -ENOMEM : 0;
}
