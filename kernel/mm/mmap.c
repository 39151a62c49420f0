/*
 * mmap.c - memory maps and demand paging (mmap.h).
 *
 * Pages are allocated on the first touch: mm_fault() finds the area,
 * checks the access against its protection, and maps a zeroed page (the
 * shared zero page for a read of private anonymous memory), or for a file
 * mapping the file's own page: the RAM file system's pages are the page
 * cache. fork shares pages (mm/pageref.h counts their owners); a write to
 * a shared private page copies it (copy_on_write). Areas are kept in a
 * sorted singly linked list; a process has few of them. A file area is
 * also on its inode's list of mappings (file_attach/file_detach), which
 * truncation walks (mm_file_shrunk).
 *
 * Changing part of an area (vma_remove, vma_protect) first cuts it at the
 * range's ends; the nodes for those cuts are allocated before anything
 * changes, so these calls either succeed or leave the map as it was.
 *
 * MAP_SHARED areas keep their pages' rights and are never copied: a
 * shared file area maps the file's pages writable, so what it writes is
 * the file's data, seen by read() and by every other mapping.
 *
 * Invariant: a writable page-table entry in a private area maps a page
 * with exactly one owner; a shared page there is always read-only.
 */
#include "mm/mmap.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/pageref.h"
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

/* The rights the page at pa gets in area v: the area's, but never write
 * to a private page that another map (or the zero page's readers) share,
 * so that the first write copies it. */
static unsigned page_rights(const struct vma *v, u64 pa)
{
	unsigned rights = rights_of(v->prot);
	if (!(v->flags & VMA_SHARED) && page_owners(pa) > 1)
		rights &= ~VM_WRITE;
	return rights;
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
	mm->users = 1;
	return mm;
}

/* Puts a file area on its inode's list of mappings; takes it off. */
static void file_attach(struct vma *v)
{
	struct vma **head = &v->file->reg.maps;
	v->file_next = *head;
	if (*head)
		(*head)->file_link = &v->file_next;
	v->file_link = head;
	*head = v;
}

static void file_detach(struct vma *v)
{
	*v->file_link = v->file_next;
	if (v->file_next)
		v->file_next->file_link = v->file_link;
	v->file_next = NULL;
	v->file_link = NULL;
}

struct mm *mm_clone(struct mm *src)
{
	struct mm *mm = mm_create();
	if (!mm)
		return NULL;
	mm->brk_start = src->brk_start;
	mm->brk = src->brk;
	mm->mmap_base = src->mmap_base;
	mm->stack_limit = src->stack_limit;
	mm->undumpable = src->undumpable;
	mm->arg_start = src->arg_start;
	mm->arg_end = src->arg_end;
	mm->env_start = src->env_start;
	mm->env_end = src->env_end;
	mm->start_stack = src->start_stack;
	if (src->exe && where_copy(&mm->exe_where, &src->exe_where) == 0)
		mm->exe = inode_get(src->exe);
	if (mm->exe)
		inode_deny_write(mm->exe); /* cannot fail: src denies it already */
	for (struct vma *v = src->vmas; v; v = v->next) {
		if (vma_add(mm, v->start, v->end, v->prot, v->flags, v->file, v->offset))
			goto fail;
		if (v->image)
			vma_find(mm, v->start)->image = inode_get(v->image);
		if (v->flags & VMA_KERNEL)
			continue; /* the same frames, mapped again on first touch */
		/* A shared anonymous area's untouched pages would be filled
		 * separately in each process: fill them now, once, for both.
		 * A shared file area's pages are the file's: each process
		 * finds the same ones on its first touch. */
		if ((v->flags & VMA_SHARED) && !v->file && mm_populate(src, v->start, v->end))
			goto fail;
		/* Private pages are shared copy-on-write (mm_fault copies on
		 * the first write); a shared area's keep their rights. */
		if (vm_share_range(&mm->vm, &src->vm, v->start, v->end, !(v->flags & VMA_SHARED)))
			goto fail;
	}
	return mm;
fail:
	mm_destroy(mm);
	return NULL;
}

static void vma_free(struct vma *v)
{
	if (v->file) {
		file_detach(v);
		inode_put(v->file);
	}
	if (v->image)
		inode_put(v->image);
	kfree(v);
}

void mm_destroy(struct mm *mm)
{
	while (mm->vmas) {
		struct vma *v = mm->vmas;
		mm->vmas = v->next;
		if (v->flags & VMA_KERNEL) /* not ours to free */
			vm_unmap(&mm->vm, v->start, v->end - v->start);
		else
			vm_drop_range(&mm->vm, v->start, v->end);
		vma_free(v);
	}
	vm_space_destroy(&mm->vm); /* the tables */
	if (mm->exe) {
		inode_allow_write(mm->exe);
		inode_put(mm->exe);
	}
	where_put(&mm->exe_where);
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
	*v = (struct vma){ start, end, prot, flags, file ? inode_get(file) : NULL, offset, *link, mm,
			   NULL, NULL, NULL };
	*link = v;
	if (file)
		file_attach(v);
	return 0;
}

/* Unmaps and frees the pages of [start, end). */
static void free_pages(struct mm *mm, u64 start, u64 end)
{
	struct vma *v = vma_find(mm, start);

	if (v && (v->flags & VMA_KERNEL)) { /* the kernel's frames: unmap only */
		vm_unmap(&mm->vm, start, end - start);
		return;
	}
	vm_drop_range(&mm->vm, start, end);
}

/* Allocates the nodes that cutting areas at start and at end will take
 * (spare[0] for start, spare[1] for end; NULL where no area is cut), so
 * that what follows cannot fail half-way. */
static int prepare_cuts(struct mm *mm, u64 start, u64 end, struct vma *spare[2])
{
	u64 at[2] = { start, end };

	for (int i = 0; i < 2; i++) {
		struct vma *v = vma_find(mm, at[i]);
		spare[i] = NULL;
		if (v && v->start < at[i] && !(spare[i] = kzalloc(sizeof(struct vma)))) {
			kfree(spare[0]);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Cuts the area that strictly contains addr in two at addr; the lower
 * part keeps the node, the upper part takes *spare. */
static void cut_at(struct mm *mm, u64 addr, struct vma **spare)
{
	struct vma *v = vma_find(mm, addr);
	if (!v || v->start == addr)
		return;
	struct vma *hi = *spare;
	BUG_ON(!hi);
	*spare = NULL;
	*hi = *v;
	hi->start = addr;
	if (hi->file) {
		inode_get(hi->file);
		file_attach(hi);
		hi->offset += addr - v->start;
	} else if (hi->image) {
		inode_get(hi->image);
		hi->offset += addr - v->start;
	} else if (hi->flags & VMA_KERNEL) {
		hi->offset += addr - v->start;
	}
	v->end = addr;
	v->next = hi;
}

int vma_remove(struct mm *mm, u64 start, u64 end)
{
	struct vma *spare[2];

	if (((start | end) & (PAGE_SIZE - 1)) || start >= end || end > USER_TOP)
		return -EINVAL;
	if (prepare_cuts(mm, start, end, spare))
		return -ENOMEM;
	cut_at(mm, start, &spare[0]);
	cut_at(mm, end, &spare[1]);

	/* Now every area meeting [start, end) lies wholly inside it. */
	struct vma **link = &mm->vmas;
	while (*link && (*link)->start < end) {
		struct vma *v = *link;
		if (v->start < start) {
			link = &v->next;
			continue;
		}
		free_pages(mm, v->start, v->end);
		*link = v->next;
		vma_free(v);
	}
	return 0;
}

int vma_set_image(struct mm *mm, u64 start, u64 end, struct inode *ino, u64 offset)
{
	struct vma *spare[2];

	if (prepare_cuts(mm, start, end, spare))
		return -ENOMEM;
	cut_at(mm, start, &spare[0]);
	cut_at(mm, end, &spare[1]);
	for (struct vma *v = vma_find(mm, start); v && v->start < end; v = v->next) {
		if (v->file || v->image || (v->flags & VMA_KERNEL) || v->start < start)
			continue;
		v->image = inode_get(ino);
		v->offset = offset + (v->start - start);
	}
	return 0;
}

int vma_protect(struct mm *mm, u64 start, u64 end, u32 prot)
{
	struct vma *spare[2];

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
	for (struct vma *v = vma_find(mm, start); v && v->start < end; v = v->next)
		if ((v->flags & VMA_KERNEL) && (prot & ~VMA_READ))
			return -EACCES;

	if (prepare_cuts(mm, start, end, spare))
		return -ENOMEM;
	cut_at(mm, start, &spare[0]);
	cut_at(mm, end, &spare[1]);
	for (struct vma *v = vma_find(mm, start); v && v->start < end; v = v->next) {
		v->prot = prot;
		for (u64 va = vm_next_mapped(&mm->vm, v->start, v->end); va < v->end;
		     va = vm_next_mapped(&mm->vm, va + PAGE_SIZE, v->end)) {
			u64 pa;
			if (vm_translate(&mm->vm, va, &pa, NULL) == 0)
				vm_protect(&mm->vm, va, PAGE_SIZE, page_rights(v, pa));
		}
	}
	vma_merge(mm, start, end);
	return 0;
}

/* Adjacent areas that one area could replace. */
static bool vma_alike(const struct vma *a, const struct vma *b)
{
	return a->end == b->start && a->prot == b->prot && a->flags == b->flags &&
	       a->file == b->file && a->image == b->image &&
	       (!(a->file || a->image || (a->flags & VMA_KERNEL)) ||
		a->offset + (a->end - a->start) == b->offset);
}

void vma_merge(struct mm *mm, u64 start, u64 end)
{
	struct vma *v = mm->vmas;

	while (v && v->next && v->end <= end) {
		struct vma *n = v->next;
		if (v->end >= start && vma_alike(v, n)) {
			v->end = n->end;
			v->next = n->next;
			vma_free(n);
		} else {
			v = n;
		}
	}
}

u64 mm_find_gap_in(struct mm *mm, u64 len, u64 lo, u64 hi)
{
	u64 top = hi;

	if (len == 0 || hi > USER_TOP || lo < USER_MIN_ADDR)
		return 0;
	/* Try just below top; on a clash, go on below the highest area in
	 * the way. */
	while (top >= lo && top - lo >= len) {
		u64 candidate = top - len;
		struct vma *clash = NULL;
		for (struct vma *v = mm->vmas; v && v->start < top; v = v->next)
			if (v->end > candidate)
				clash = v; /* the list is sorted: the last is the highest */
		if (!clash)
			return candidate;
		top = clash->start;
	}
	return 0;
}

u64 mm_find_gap(struct mm *mm, u64 len)
{
	return mm_find_gap_in(mm, len, USER_MIN_ADDR, mm->mmap_base);
}

u64 mm_mapped_bytes(struct mm *mm, u64 start, u64 end)
{
	u64 bytes = 0;

	for (struct vma *v = mm->vmas; v && v->start < end; v = v->next)
		if (v->end > start)
			bytes += MIN(v->end, end) - MAX(v->start, start);
	return bytes;
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

/* Maps at page a new page holding a copy of old (zeroes for the zero
 * page) with the given rights, in place of old, and gives its address in
 * *copy. The caller drops its hold on old (page_put) when old was the
 * mapping's own. */
static int map_copy(struct mm *mm, u64 page, u64 old, unsigned rights, u64 *copy)
{
	u64 pa = pmm_alloc_user_page();
	if (!pa)
		return -ENOMEM;
	if (old == zero_page())
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	else
		memcpy(phys_to_virt(pa), phys_to_virt(old), PAGE_SIZE);
	vm_unmap(&mm->vm, page, PAGE_SIZE);
	int err = vm_map(&mm->vm, page, pa, PAGE_SIZE, rights);
	if (err) { /* only a page table could be missing, and it is not */
		pmm_free_page(pa);
		return err;
	}
	*copy = pa;
	return 0;
}

/* A write to a present private page that is mapped read-only because it
 * is shared (after fork) or is the zero page: the last owner takes the
 * page back writable; otherwise the writer gets its own copy. */
static int copy_on_write(struct mm *mm, struct vma *v, u64 page)
{
	u64 old;
	if (vm_translate(&mm->vm, page, &old, NULL))
		return -EFAULT;
	/* LAB cow BEGIN: the last owner takes the page back writable */
	if (page_owners(old) == 1)
		return vm_protect(&mm->vm, page, PAGE_SIZE, rights_of(v->prot));
	/* LAB cow END */
	u64 pa;
	int err = map_copy(mm, page, old, rights_of(v->prot), &pa);
	if (err)
		return err;
	/* LAB cow BEGIN: the old page has one owner less */
	page_put(old);
	/* LAB cow END */
	return 0;
}

/*
 * The first touch of a file area's page, at file offset off. The page is
 * the file's own (a hole inside the file gets its page of zeros now, as
 * tmpfs does), one more owner: writable in a shared area, so that writes
 * are the file's; read-only in a private one (page_rights: the file is
 * an owner too), so that later write()s show through until the process
 * writes the page and copy_on_write() gives it a copy. A private write
 * fault copies at once. The bytes past the end of the file in its last
 * page read as the file's page holds them: zero unless a shared mapping
 * wrote there (vfs.c zeroes them when the file grows over them).
 */
static int file_fault(struct mm *mm, struct vma *v, u64 page, u64 off, u64 error_code)
{
	struct inode *ino = v->file;

	if (off >= ALIGN_UP(ino->size, PAGE_SIZE))
		return -EIO; /* no byte of the file is in this page: SIGBUS */
	u64 pa = inode_page_fill(ino, off / PAGE_SIZE);
	if (!pa)
		return -ENOMEM;
	if ((error_code & PF_WRITE) && !(v->flags & VMA_SHARED)) {
		u64 copy = pmm_alloc_user_page();
		if (!copy)
			return -ENOMEM;
		memcpy(phys_to_virt(copy), phys_to_virt(pa), PAGE_SIZE);
		int err = vm_map(&mm->vm, page, copy, PAGE_SIZE, rights_of(v->prot));
		if (err)
			pmm_free_page(copy);
		return err;
	}
	page_get(pa);
	int err = vm_map(&mm->vm, page, pa, PAGE_SIZE, page_rights(v, pa));
	if (err)
		page_put(pa);
	return err;
}

/* With several CPUs, another thread of the process may have filled the
 * page while this one waited for the kernel lock. When the page is now
 * present with the rights the access needs, the access is simply retried
 * (true); when present without them (the zero page another thread's read
 * mapped, under a write), the fault becomes the one a present page gives
 * (*error_code gains PF_PRESENT: copy-on-write). Only for not-present
 * faults: a protection fault on a present page (SMAP, SMEP) must never be
 * mistaken for one already handled. */
static bool filled_meanwhile(struct mm *mm, u64 page, u64 *error_code)
{
	unsigned f;
	if (*error_code & PF_PRESENT || vm_translate(&mm->vm, page, NULL, &f) || (f & VM_NONE))
		return false;
	if (((*error_code & PF_WRITE) && !(f & VM_WRITE)) || ((*error_code & PF_FETCH) && !(f & VM_EXEC))) {
		*error_code |= PF_PRESENT;
		return false;
	}
	return true;
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

	u64 page = ALIGN_DOWN(addr, PAGE_SIZE);
	if (filled_meanwhile(mm, page, &error_code))
		return 0;
	if (error_code & PF_PRESENT) {
		/* Mapped: only a write to a copy-on-write page is allowed. */
		if ((error_code & PF_WRITE) && !(v->flags & (VMA_SHARED | VMA_KERNEL)))
			return copy_on_write(mm, v, page);
		return -EFAULT;
	}
	u64 off = v->offset + (page - v->start);
	if (v->flags & VMA_KERNEL)
		return vm_map(&mm->vm, page, off, PAGE_SIZE, rights_of(v->prot));
	if (v->file)
		return file_fault(mm, v, page, off, error_code);
	/* A read of untouched private anonymous memory: the zero page, until
	 * a write copies it. */
	if (!(error_code & PF_WRITE) && !(v->flags & VMA_SHARED))
		return vm_map(&mm->vm, page, zero_page(), PAGE_SIZE, rights_of(v->prot) & ~VM_WRITE);
	u64 pa = pmm_alloc_user_page();
	if (!pa)
		return -ENOMEM;
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	int err = vm_map(&mm->vm, page, pa, PAGE_SIZE, rights_of(v->prot));
	if (err) {
		pmm_free_page(pa);
		return err;
	}
	return 0;
}

int mm_populate(struct mm *mm, u64 start, u64 end)
{
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		struct vma *v = vma_find(mm, va);
		if (!v || !(v->prot & (VMA_READ | VMA_WRITE | VMA_EXEC)) ||
		    vm_translate(&mm->vm, va, NULL, NULL) == 0)
			continue;
		/* A write fault where writing is allowed, as get_user_pages
		 * asks for; past a file's end there is nothing to fill. */
		if (mm_fault(mm, va, v->prot & VMA_WRITE ? PF_WRITE : 0) == -ENOMEM)
			return -ENOMEM;
	}
	return 0;
}

/* Makes the page at va in mm hold a frame the access may use, and gives
 * its physical address; -EFAULT when the access is not allowed. */
static int reach_page(struct mm *mm, u64 va, unsigned how, u64 *pa)
{
	bool write = how & MM_ACCESS_WRITE;
	struct vma *v = vma_find(mm, va);
	unsigned rights;

	if (!v || (v->flags & VMA_KERNEL) || !(v->prot & (VMA_READ | VMA_WRITE | VMA_EXEC)))
		return -EFAULT;
	if (!(v->prot & (write ? VMA_WRITE : VMA_READ)) && !(how & MM_ACCESS_FORCE))
		return -EFAULT;
	bool present = vm_translate(&mm->vm, va, pa, &rights) == 0;
	if (present && (!write || (rights & VM_WRITE)))
		return 0;
	if (write && (v->prot & VMA_WRITE)) { /* as the process's own write */
		int err = mm_fault(mm, va, PF_WRITE | (present ? PF_PRESENT : 0));
		return err ? -EFAULT : vm_translate(&mm->vm, va, pa, NULL);
	}
	if (!present && (mm_fault(mm, va, v->prot & VMA_READ ? 0 : PF_FETCH) ||
			 vm_translate(&mm->vm, va, pa, &rights)))
		return -EFAULT;
	if (!write)
		return 0;
	/* A forced write to a read-only page: a private page of its own.
	 * Never in a shared area, whose pages are also the file's or the
	 * other processes' (Linux refuses it too: -EFAULT). */
	if (v->flags & VMA_SHARED)
		return -EFAULT;
	if (page_owners(*pa) == 1)
		return 0;
	u64 copy;
	if (map_copy(mm, va, *pa, rights & ~VM_HUGE, &copy))
		return -EFAULT;
	page_put(*pa);
	*pa = copy;
	return 0;
}

int mm_reach_page(struct mm *mm, u64 va, unsigned how, u64 *pa)
{
	if (va >= USER_TOP)
		return -EFAULT;
	return reach_page(mm, ALIGN_DOWN(va, PAGE_SIZE), how & MM_ACCESS_WRITE, pa);
}

u64 mm_access(struct mm *mm, u64 addr, void *buf, u64 len, unsigned how)
{
	u8 *b = buf;
	u64 done = 0;

	if (len > USER_TOP || addr > USER_TOP - len)
		return 0;
	while (done < len) {
		u64 va = addr + done, pa;
		u64 chunk = MIN(len - done, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		if (reach_page(mm, ALIGN_DOWN(va, PAGE_SIZE), how, &pa))
			break;
		u8 *mem = (u8 *)phys_to_virt(pa) + (va & (PAGE_SIZE - 1));
		if (how & MM_ACCESS_WRITE)
			memcpy(mem, b + done, chunk);
		else
			memcpy(b + done, mem, chunk);
		done += chunk;
	}
	return done;
}

void mm_file_shrunk(struct inode *ino, u64 size)
{
	u64 first = ALIGN_UP(size, PAGE_SIZE); /* the first offset wholly past the end */

	for (struct vma *v = ino->reg.maps; v; v = v->file_next) {
		u64 len = v->end - v->start;
		if (v->offset + len <= first)
			continue;
		u64 from = v->start + (first > v->offset ? first - v->offset : 0);
		vm_drop_range(&v->mm->vm, from, v->end);
	}
}
