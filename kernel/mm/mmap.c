/*
 * mmap.c - memory maps and demand paging (mmap.h).
 *
 * Pages are allocated on the first touch: mm_fault() finds the area,
 * checks the access against its protection, and maps a zeroed page, or a
 * private copy of the file's bytes for a file mapping. Areas are kept in a
 * sorted singly linked list; a process has few of them.
 *
 * MAP_SHARED anonymous areas behave as private ones while a process has
 * no children to share them with.
 */
#include "mm/mmap.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "proc/exec.h"
#include "fs/vfs.h"
#include "lib/string.h"
#include "errno.h"
#include "panic.h"

#define PF_PRESENT (1u << 0)
#define PF_WRITE (1u << 1)
#define PF_FETCH (1u << 4)

static unsigned rights_of(u32 prot)
{
	if (!(prot & (VMA_READ | VMA_WRITE | VMA_EXEC)))
		return VM_USER | VM_NONE;
	return VM_USER | (prot & VMA_WRITE ? VM_WRITE : 0) | (prot & VMA_EXEC ? VM_EXEC : 0);
}

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));
	if (!mm)
		return NULL;
	if (vm_space_create(&mm->vm)) {
		kfree(mm);
		return NULL;
	}
	mm->mmap_base = USER_STACK_TOP - USER_STACK_MAX - PAGE_SIZE;
	return mm;
}

static void vma_free(struct vma *v)
{
	if (v->file)
		inode_put(v->file);
	kfree(v);
}

void mm_destroy(struct mm *mm)
{
	while (mm->vmas) {
		struct vma *v = mm->vmas;
		mm->vmas = v->next;
		vma_free(v);
	}
	vm_space_destroy(&mm->vm); /* frees every page still mapped */
	kfree(mm);
}

void mm_activate(struct mm *mm) { vm_space_activate(&mm->vm); }

struct vma *vma_find(struct mm *mm, u64 addr)
{
	for (struct vma *v = mm->vmas; v && v->start <= addr; v = v->next)
		if (addr < v->end)
			return v;
	return NULL;
}

static bool range_ok(u64 start, u64 end)
{
	return !(start & (PAGE_SIZE - 1)) && !(end & (PAGE_SIZE - 1)) && start < end &&
	       start >= USER_MIN_ADDR && end <= USER_TOP;
}

int vma_add(struct mm *mm, u64 start, u64 end, u32 prot, u32 flags, struct inode *file,
	    u64 offset)
{
	if (!range_ok(start, end))
		return -EINVAL;
	struct vma **link = &mm->vmas;
	while (*link && (*link)->end <= start)
		link = &(*link)->next;
	if (*link && (*link)->start < end)
		return -EEXIST;
	struct vma *v = kzalloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	*v = (struct vma){ start, end, prot, flags, file ? inode_get(file) : NULL, offset, *link };
	*link = v;
	return 0;
}

/* Unmaps and frees the pages of [start, end). */
static void free_pages(struct mm *mm, u64 start, u64 end)
{
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		u64 pa;
		if (vm_translate(&mm->vm, va, &pa, NULL) == 0) {
			vm_unmap(&mm->vm, va, PAGE_SIZE);
			pmm_free_page(pa);
		}
	}
}

/* Splits v at addr (strictly inside it); v keeps the lower part. */
static int vma_split(struct vma *v, u64 addr)
{
	struct vma *hi = kzalloc(sizeof(*hi));
	if (!hi)
		return -ENOMEM;
	*hi = *v;
	hi->start = addr;
	if (hi->file) {
		inode_get(hi->file);
		hi->offset += addr - v->start;
	}
	v->end = addr;
	v->next = hi;
	return 0;
}

int vma_remove(struct mm *mm, u64 start, u64 end)
{
	if (!range_ok(start, end))
		return -EINVAL;
	struct vma **link = &mm->vmas;
	while (*link) {
		struct vma *v = *link;
		if (v->end <= start) {
			link = &v->next;
			continue;
		}
		if (v->start >= end)
			break;
		if (v->start < start) { /* keep the part below */
			if (vma_split(v, start))
				return -ENOMEM;
			link = &v->next;
			continue;
		}
		if (v->end > end && vma_split(v, end))
			return -ENOMEM;
		free_pages(mm, v->start, v->end);
		*link = v->next;
		vma_free(v);
	}
	return 0;
}

int vma_protect(struct mm *mm, u64 start, u64 end, u32 prot)
{
	if (!range_ok(start, end))
		return -EINVAL;
	/* The whole range must be mapped, without holes. */
	u64 at = start;
	for (struct vma *v = mm->vmas; v && at < end; v = v->next) {
		if (v->end <= at)
			continue;
		if (v->start > at)
			return -ENOMEM;
		at = v->end;
	}
	if (at < end)
		return -ENOMEM;

	for (struct vma *v = mm->vmas; v && v->start < end; v = v->next) {
		if (v->end <= start)
			continue;
		if (v->start < start) {
			if (vma_split(v, start))
				return -ENOMEM;
			continue; /* the upper part comes next */
		}
		if (v->end > end && vma_split(v, end))
			return -ENOMEM;
		v->prot = prot;
		for (u64 va = v->start; va < v->end; va += PAGE_SIZE)
			if (vm_translate(&mm->vm, va, NULL, NULL) == 0)
				vm_protect(&mm->vm, va, PAGE_SIZE, rights_of(prot));
	}
	return 0;
}

u64 mm_find_gap(struct mm *mm, u64 len)
{
	u64 top = mm->mmap_base;

	if (len == 0 || len > top)
		return 0;
	/* Walk the areas from the highest below mmap_base down. */
	for (;;) {
		u64 candidate = top - len;
		if (candidate < USER_MIN_ADDR || candidate > top)
			return 0;
		struct vma *clash = NULL;
		for (struct vma *v = mm->vmas; v; v = v->next)
			if (v->start < top && v->end > candidate)
				clash = v; /* the highest overlapping area */
		if (!clash)
			return candidate;
		top = clash->start;
	}
}

/* The stack area grows down to cover a fault just below it, within the
 * stack limit (as Linux's stack expansion does). */
static struct vma *grow_stack(struct mm *mm, u64 addr)
{
	struct vma *below = NULL, *v;
	for (v = mm->vmas; v && v->end <= addr; v = v->next)
		below = v;
	if (!v || !(v->flags & VMA_STACK) || v->start <= addr)
		return NULL;
	u64 new_start = ALIGN_DOWN(addr, PAGE_SIZE);
	if (USER_STACK_TOP - new_start > mm->stack_limit)
		return NULL;
	if (below && below->end + PAGE_SIZE > new_start)
		return NULL; /* keep one unmapped page between */
	v->start = new_start;
	return v;
}

int mm_fault(struct mm *mm, u64 addr, u64 error_code)
{
	struct vma *v = vma_find(mm, addr);
	if (!v)
		v = grow_stack(mm, addr);
	if (!v)
		return -EFAULT;
	if ((error_code & PF_WRITE) && !(v->prot & VMA_WRITE))
		return -EFAULT;
	if ((error_code & PF_FETCH) && !(v->prot & VMA_EXEC))
		return -EFAULT;
	if (!(v->prot & (VMA_READ | VMA_WRITE | VMA_EXEC)))
		return -EFAULT;
	if (error_code & PF_PRESENT)
		return -EFAULT; /* mapped, but the access is not allowed */

	u64 page = ALIGN_DOWN(addr, PAGE_SIZE);
	u64 pa = pmm_alloc_page();
	if (!pa)
		return -ENOMEM;
	u8 *mem = phys_to_virt(pa);
	memset(mem, 0, PAGE_SIZE);
	if (v->file) {
		u64 off = v->offset + (page - v->start);
		if (off < v->file->size)
			inode_read(v->file, mem, MIN(PAGE_SIZE, v->file->size - off), off);
	}
	int err = vm_map(&mm->vm, page, pa, PAGE_SIZE, rights_of(v->prot));
	if (err) {
		pmm_free_page(pa);
		return err;
	}
	return 0;
}
