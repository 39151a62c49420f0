/*
 * sys_madvise.c - madvise(2): advice about a range of the caller's memory,
 * checked in Linux 6.1's order: unknown advice, then a start that is not
 * page-aligned, then a length that wraps, are -EINVAL; an empty range is
 * 0. The advice then applies to each area the range meets; a hole in the
 * range makes the result -ENOMEM, the areas around it still advised, and
 * an area that refuses the advice ends the call with its error.
 *
 * What each advice does here:
 *  - MADV_DONTNEED (and MADV_FREE, which Linux allows on private anonymous
 *    memory only, and MADV_DONTNEED_LOCKED): the pages are dropped; the
 *    next touch reads zeros in private anonymous memory and the file in a
 *    file mapping, as on Linux. Shared anonymous memory keeps its pages:
 *    on Linux they stay in the shared object and come back on the next
 *    touch, which is what keeping them shows.
 *  - MADV_REMOVE: a hole punched in the shared object, seen here as its
 *    pages zeroed (-EINVAL for private anonymous memory, -EACCES unless
 *    the area is shared and may be made writable).
 *  - MADV_POPULATE_READ/WRITE: every page filled, as a touch would
 *    (-EINVAL where the area does not allow the access).
 *  - MADV_WIPEONFORK: -EINVAL on a file or shared area, else accepted.
 *  - Everything else Linux knows (access patterns, fork, dump, KSM and
 *    huge-page advice, COLD, PAGEOUT) is accepted and changes nothing.
 *    Linux's own DONTFORK and WIPEONFORK change what fork copies; MinOS's
 *    fork does not look at them yet.
 * The kernel's own pages (the clock page, VMA_KERNEL) refuse the advice
 * that drops or fills pages: -EINVAL, as Linux's VM_PFNMAP areas.
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "mm/mmap.h"
#include "mm/page.h"
#include "mm/pageref.h"
#include "uapi/mman.h"
#include "lib/string.h"
#include "errno.h"

static bool advice_known(int advice)
{
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTNEED: case MADV_FREE: case MADV_REMOVE: case MADV_DONTFORK:
	case MADV_DOFORK: case MADV_MERGEABLE: case MADV_UNMERGEABLE: case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP: case MADV_WIPEONFORK:
	case MADV_KEEPONFORK: case MADV_COLD: case MADV_PAGEOUT: case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE: case MADV_DONTNEED_LOCKED: case MADV_COLLAPSE:
		return true;
	}
	return false;
}

/* The pages of [start, end) in v go; the next touch fills them again. */
static int drop_pages(struct mm *mm, struct vma *v, u64 start, u64 end)
{
	if (v->flags & VMA_KERNEL)
		return -EINVAL;
	if ((v->flags & VMA_SHARED) && !v->file)
		return 0; /* the shared object keeps them (above) */
	vm_drop_range(&mm->vm, start, end);
	return 0;
}

/* MADV_REMOVE: zeros in the shared object, every process sees them. */
static int punch_hole(struct mm *mm, struct vma *v, u64 start, u64 end)
{
	if (!(v->flags & VMA_SHARED) && !v->file)
		return -EINVAL;
	if (v->flags & VMA_KERNEL)
		return -EINVAL;
	if (!(v->flags & VMA_SHARED) || (v->flags & VMA_NOWRITE))
		return -EACCES;
	/* The shared frames themselves, also under a read-only mapping
	 * that could be made writable (Linux checks VM_MAYWRITE). */
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		u64 pa;
		if (mm_reach_page(mm, va, 0, &pa) == 0 && pa != zero_page())
			memset(phys_to_virt(pa), 0, PAGE_SIZE);
	}
	return 0;
}

static int populate(struct mm *mm, struct vma *v, u64 start, u64 end, bool write)
{
	if ((v->flags & VMA_KERNEL) || !(v->prot & (write ? VMA_WRITE : VMA_READ)))
		return -EINVAL;
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		u64 pa;
		if (mm_reach_page(mm, va, write ? MM_ACCESS_WRITE : 0, &pa))
			return -EFAULT; /* past the end of a mapped file: SIGBUS there */
	}
	return 0;
}

/* One area's share of the range (Linux's madvise_vma_behavior). */
static int advise_area(struct mm *mm, struct vma *v, u64 start, u64 end, int advice)
{
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
		return drop_pages(mm, v, start, end);
	case MADV_FREE:
		if (v->file || (v->flags & (VMA_SHARED | VMA_KERNEL)))
			return -EINVAL; /* anonymous private memory only */
		return drop_pages(mm, v, start, end);
	case MADV_REMOVE:
		return punch_hole(mm, v, start, end);
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		return populate(mm, v, start, end, advice == MADV_POPULATE_WRITE);
	case MADV_COLD:
	case MADV_PAGEOUT:
		return v->flags & VMA_KERNEL ? -EINVAL : 0;
	case MADV_WIPEONFORK:
		return v->file || (v->flags & VMA_SHARED) ? -EINVAL : 0;
	case MADV_DOFORK:
	case MADV_DODUMP:
		return v->flags & VMA_KERNEL ? -EINVAL : 0;
	case MADV_COLLAPSE:
		return -EINVAL; /* no huge pages to collapse into */
	}
	return 0;
}

long sys_madvise(u64 start, u64 len, int advice)
{
	struct mm *mm = current_task()->mm;

	if (!advice_known(advice))
		return -EINVAL;
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	u64 alen = ALIGN_UP(len, PAGE_SIZE);
	if (len && !alen)
		return -EINVAL;
	u64 end = start + alen;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;

	int unmapped = 0;
	u64 at = start;
	struct vma *v = mm->vmas;
	while (v && v->end <= at)
		v = v->next;
	while (at < end) {
		if (!v)
			return -ENOMEM;
		if (at < v->start) {
			unmapped = -ENOMEM;
			at = v->start;
			if (at >= end)
				break;
		}
		u64 to = MIN(end, v->end);
		struct vma *next = v->next; /* the advice never splits or frees an area */
		int err = advise_area(mm, v, at, to, advice);
		if (err)
			return err;
		at = to;
		v = next;
	}
	return unmapped;
}
