/*
 * sys_mem.c - brk(2), Linux's semantics: brk(addr) moves the end of the
 * heap to addr and returns the new end; brk(0), an address below the
 * heap's start, a move into another area, or one that RLIMIT_DATA forbids
 * leaves it where it was and returns the old end (that is how failure is
 * reported); so does growing past RLIMIT_AS, by more than all of RAM
 * (mm/commit.h), or to less than a page below the next area. The heap is an area (VMA_HEAP) whose pages appear, zeroed,
 * on first touch; shrinking frees them. Growing extends the heap's last
 * area only while it is still read-write (mprotect may have changed it);
 * otherwise the new pages are an area of their own, as on Linux.
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "mm/mmap.h"
#include "mm/commit.h"

long sys_brk(u64 addr)
{
	struct task *t = current_task();
	struct mm *mm = t->mm;
	u64 old_end = ALIGN_UP(mm->brk, PAGE_SIZE);

	if (addr < mm->brk_start || addr >= USER_TOP)
		return (long)mm->brk;
	if (addr - mm->brk_start > t->rlim[RLIMIT_DATA].rlim_cur)
		return (long)mm->brk;
	u64 new_end = ALIGN_UP(addr, PAGE_SIZE);

	if (new_end > old_end) {
		/* The new pages must not run into another area (mmap, stack),
		 * nor leave less than a page before it. */
		for (struct vma *v = mm->vmas; v; v = v->next)
			if (!(v->flags & VMA_HEAP) && v->start < new_end + PAGE_SIZE &&
			    v->end > old_end)
				return (long)mm->brk;
		if (mm_commit_check(new_end - old_end))
			return (long)mm->brk; /* larger than RAM: mm/commit.h */
		u64 mapped = mm_mapped_bytes(mm, 0, USER_TOP);
		if (mapped + (new_end - old_end) > t->rlim[RLIMIT_AS].rlim_cur)
			return (long)mm->brk;
		struct vma *heap = old_end > mm->brk_start ? vma_find(mm, old_end - 1) : NULL;
		if (heap && (heap->flags & VMA_HEAP) && heap->prot == (VMA_READ | VMA_WRITE) &&
		    !heap->file)
			heap->end = new_end;
		else if (vma_add(mm, old_end, new_end, VMA_READ | VMA_WRITE, VMA_HEAP, NULL, 0))
			return (long)mm->brk;
	} else if (new_end < old_end) {
		if (vma_remove(mm, new_end, old_end))
			return (long)mm->brk;
	}
	mm->brk = addr;
	return (long)addr;
}
