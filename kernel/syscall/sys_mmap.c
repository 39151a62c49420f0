/*
 * sys_mmap.c - mmap(2), munmap(2), mprotect(2) and msync(2): the system
 * calls on a process's memory map (mm/mmap.h). Rules, errors and their order are
 * Linux's (6.x, x86-64: mm/mmap.c do_mmap, mm/mprotect.c, mm/vma.c);
 * where two rules apply, the first listed wins.
 *
 * mmap(addr, length, prot, flags, fd, offset) returns the address:
 *   -EINVAL     offset not page-aligned
 *   -EBADF      no MAP_ANONYMOUS, and fd is not an open descriptor
 *   -EINVAL     MAP_HUGETLB with a file
 *   -EINVAL     length 0
 *   -ENOMEM     length rounds up past 2^64, or beyond the user half
 *   -ENOMEM     MAP_FIXED: [addr, addr + length) ends above USER_TOP
 *   -EINVAL     MAP_FIXED: addr not page-aligned
 *   -EPERM      MAP_FIXED: addr below USER_MIN_ADDR (Linux's mmap_min_addr)
 *   -ENOMEM     no MAP_FIXED and no free gap (the hint addr is used when
 *               [addr, addr + length) is free and in the user half)
 *   -EEXIST     MAP_FIXED_NOREPLACE and something is mapped in the range
 *   -EOVERFLOW  a file's offset + length passes the largest file size
 *   -EINVAL     the type (flags & MAP_TYPE) is not MAP_SHARED or
 *               MAP_PRIVATE, or MAP_SHARED_VALIDATE with no file (as Linux)
 *   -EINVAL     MAP_SHARED | MAP_GROWSDOWN, anonymous
 *   -EOPNOTSUPP MAP_SHARED_VALIDATE with a flag Linux does not know there
 *   -EACCES     MAP_SHARED, PROT_WRITE, fd not open for writing
 *   -EACCES     a file mapping whose fd is not open for reading
 *   -ENODEV     fd is not a regular file (pipe, terminal, directory, a
 *               generated file of /proc) or /dev/zero, which maps zeros
 *               like MAP_ANONYMOUS (as Linux)
 *   -ENOMEM     MAP_HUGETLB anonymous (no huge pages, as a Linux system
 *               with none reserved)
 *   -ENOMEM     RLIMIT_AS would be passed, or out of kernel memory
 *   -ENOMEM     a charged mapping (private writable, or shared anonymous;
 *               not MAP_NORESERVE) larger than RAM: mm/commit.h
 * Prot bits other than PROT_READ, PROT_WRITE and PROT_EXEC are ignored,
 * as Linux ignores them in mmap (only mprotect refuses them). MAP_FIXED
 * replaces what was in the range; MAP_POPULATE (without MAP_NONBLOCK) and
 * MAP_LOCKED fill the pages at once, otherwise each appears, zeroed or
 * read from the file, on first touch. MAP_32BIT places the mapping in
 * [1 GiB, 2 GiB) as Linux does. MAP_GROWSDOWN makes an area that does not
 * grow; MAP_NORESERVE, MAP_STACK, MAP_DENYWRITE, MAP_EXECUTABLE and the
 * other flags Linux ignores are ignored.
 *
 * File mappings map the file's own pages on first touch (the RAM file
 * system's pages are the page cache; mm_fault); the area keeps a
 * reference on the inode. MAP_SHARED writes are the file's data, seen by
 * read() and every other mapping; MAP_PRIVATE sees the file until the
 * process writes a page, which then becomes its own copy. A MAP_SHARED
 * file area of a descriptor not open for writing can never become
 * writable (VMA_NOWRITE: mprotect gives -EACCES, Linux's missing
 * VM_MAYWRITE). MAP_SHARED areas, anonymous or not, stay shared across
 * fork.
 *
 * munmap(addr, length) returns 0, also for a range that is partly or
 * wholly unmapped; areas that stick out are cut:
 *   -EINVAL  addr not page-aligned; addr + length wraps or ends above
 *            USER_TOP; length 0
 *   -ENOMEM  out of kernel memory to cut an area
 *
 * mprotect(addr, len, prot) returns 0 (len 0: nothing to do, 0):
 *   -EINVAL  addr not page-aligned
 *   -ENOMEM  addr + len (rounded up) wraps
 *   -EINVAL  prot has bits beyond PROT_READ | PROT_WRITE | PROT_EXEC |
 *            PROT_SEM (ignored) | PROT_GROWSDOWN; or PROT_GROWSUP; or
 *            PROT_GROWSDOWN on an area that is not the stack
 *   -ENOMEM  a page of the range is not mapped (nothing is changed; Linux
 *            may have changed the areas before the hole)
 *   -EACCES  PROT_WRITE over a MAP_SHARED mapping of a descriptor that
 *            was not open for writing, /dev/zero's too (when mapped;
 *            closing it or opening the file again later changes nothing)
 * Pages already present get the new rights at once; PROT_NONE pages keep
 * their contents (VM_NONE), visible again when access is given back.
 *
 * msync(addr, length, flags) returns 0: a RAM file system has nothing to
 * write back, and a shared mapping's pages are the file's already.
 *   -EINVAL  flags beyond MS_ASYNC | MS_INVALIDATE | MS_SYNC
 *   -EINVAL  addr not page-aligned
 *   -EINVAL  MS_ASYNC and MS_SYNC together
 *   -ENOMEM  addr + length (rounded up) wraps, or a page of the range is
 *            not mapped (a length that rounds up to 0 is 0: nothing to do)
 * Linux's -EBUSY for MS_INVALIDATE over locked memory does not arise:
 * MinOS does not lock pages (MAP_LOCKED only fills them).
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "proc/exec.h"
#include "mm/mmap.h"
#include "mm/commit.h"
#include "fs/file.h"
#include "uapi/mman.h"
#include "uapi/fcntl.h"
#include "errno.h"

/* The huge-page size field of the flags (asm-generic/mman-common.h). */
#define MAP_HUGE_MASK (0x3fULL << 26)

/* The flags MAP_SHARED_VALIDATE accepts (Linux's LEGACY_MAP_MASK; MAP_SYNC
 * only for DAX files, which MinOS has none of). */
#define MAP_VALIDATE_KNOWN                                                                 \
	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE |            \
	 MAP_EXECUTABLE | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | \
	 MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_32BIT | MAP_HUGE_MASK)

#define PROT_RWX (PROT_READ | PROT_WRITE | PROT_EXEC)
#define MAP_32BIT_LOW (1ULL << 30) /* MAP_32BIT's window, as Linux's x86-64 */
#define MAP_32BIT_HIGH (2ULL << 30)
#define FILE_SIZE_MAX 0x7FFFFFFFFFFFFFFFULL /* Linux's MAX_LFS_FILESIZE */
#define DEV_ZERO_RDEV ((1u << 8) | 5) /* /dev/zero: major 1, minor 5 (Linux's mem driver) */
#define MAP_AS_ANONYMOUS 1 /* check_file_mapping(): /dev/zero maps zeros */
/* msync's flags (include/uapi/asm-generic/mman-common.h). */
#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

static bool file_readable(const struct file *f)
{
	return (f->flags & O_ACCMODE) == O_RDONLY || (f->flags & O_ACCMODE) == O_RDWR;
}

static bool file_writable(const struct file *f)
{
	return (f->flags & O_ACCMODE) == O_WRONLY || (f->flags & O_ACCMODE) == O_RDWR;
}

/* Where a mapping of len bytes goes: the fixed address, the hint when its
 * range is free, or the highest free gap. Returns the address or a
 * negative errno. */
static long place_mapping(struct mm *mm, u64 addr, u64 len, u64 flags)
{
	if (len > USER_TOP - USER_MIN_ADDR)
		return -ENOMEM;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr > USER_TOP - len)
			return -ENOMEM;
		if (addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (addr < USER_MIN_ADDR)
			return -EPERM;
		return (long)addr;
	}
	if (flags & MAP_32BIT) {
		u64 at = mm_find_gap_in(mm, len, MAP_32BIT_LOW, MAP_32BIT_HIGH);
		return at ? (long)at : -ENOMEM;
	}
	/* A hint below the lowest address is moved up to it (Linux's
	 * round_hint_to_min), one that does not fit is ignored. */
	addr = ALIGN_DOWN(addr, PAGE_SIZE);
	if (addr && addr < USER_MIN_ADDR)
		addr = USER_MIN_ADDR;
	if (addr && addr <= USER_TOP - len && mm_mapped_bytes(mm, addr, addr + len) == 0)
		return (long)addr;
	u64 at = mm_find_gap(mm, len);
	return at ? (long)at : -ENOMEM;
}

/* The checks of a file mapping's type against the open file (after the
 * address is known, as in Linux): 0 for a regular file, MAP_AS_ANONYMOUS
 * for /dev/zero, or a negative errno. */
static long check_file_mapping(struct file *f, u64 prot, u64 flags, u64 len, u64 offset)
{
	bool zero = f->inode && S_ISCHR(f->inode->mode) && f->inode->rdev == DEV_ZERO_RDEV;

	if (offset >= FILE_SIZE_MAX || FILE_SIZE_MAX - offset < len)
		return -EOVERFLOW;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED_VALIDATE:
		if (flags & ~(u64)MAP_VALIDATE_KNOWN)
			return -EOPNOTSUPP;
		/* fall through */
	case MAP_SHARED:
		if ((prot & PROT_WRITE) && !file_writable(f))
			return -EACCES;
		/* fall through */
	case MAP_PRIVATE:
		if (!file_readable(f))
			return -EACCES;
		if (zero)
			return MAP_AS_ANONYMOUS;
		/* The RAM file system's own files only: a generated file
		 * (fops) has no pages to map, as Linux's /proc files have no
		 * mmap. */
		if (!f->inode || !S_ISREG(f->inode->mode) || f->inode->fops)
			return -ENODEV;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

long sys_mmap(u64 addr, u64 length, u64 prot, u64 flags, u64 fd, u64 offset)
{
	struct task *t = current_task();
	struct mm *mm = t->mm;
	struct file *f = NULL;

	if (offset & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		f = fd_file(t->files, (int)(u32)fd); /* Linux reads fd as unsigned int */
		if (!f || (f->flags & O_PATH))
			return -EBADF;
		if (flags & MAP_HUGETLB)
			return -EINVAL;
	}
	if (length == 0)
		return -EINVAL;
	u64 len = ALIGN_UP(length, PAGE_SIZE);
	if (len == 0)
		return -ENOMEM; /* rounded up past 2^64 */

	long at = place_mapping(mm, addr, len, flags);
	if (at < 0)
		return at;
	u64 start = (u64)at, end = start + len;
	if ((flags & MAP_FIXED_NOREPLACE) && mm_mapped_bytes(mm, start, end))
		return -EEXIST;

	u32 vma_flags = 0;
	if (f) {
		long err = check_file_mapping(f, prot, flags, len, offset);
		if (err < 0)
			return err;
		if ((flags & MAP_TYPE) != MAP_PRIVATE)
			vma_flags |= VMA_SHARED | (file_writable(f) ? 0 : VMA_NOWRITE);
		if (err == MAP_AS_ANONYMOUS) { /* VMA_NOWRITE stays, as Linux's */
			f = NULL;
			offset = 0;
		}
	} else {
		switch (flags & MAP_TYPE) {
		case MAP_SHARED:
			if (flags & MAP_GROWSDOWN)
				return -EINVAL;
			vma_flags |= VMA_SHARED;
			break;
		case MAP_PRIVATE:
			break;
		default: /* MAP_SHARED_VALIDATE too: Linux has no anonymous case for it */
			return -EINVAL;
		}
		if (flags & MAP_HUGETLB)
			return -ENOMEM;
		offset = 0;
	}

	/* RLIMIT_AS counts every mapped byte; what MAP_FIXED replaces goes. */
	u64 after = mm_mapped_bytes(mm, 0, USER_TOP) - mm_mapped_bytes(mm, start, end) + len;
	if (after > t->rlim[RLIMIT_AS].rlim_cur)
		return -ENOMEM;
	/* Charged as Linux's VM_ACCOUNT areas: private writable or shared
	 * anonymous memory, unless MAP_NORESERVE. */
	bool charged = f ? (flags & MAP_TYPE) == MAP_PRIVATE && (prot & PROT_WRITE)
			 : (vma_flags & VMA_SHARED) || (prot & PROT_WRITE);
	if (charged && !(flags & MAP_NORESERVE) && mm_commit_check(len))
		return -ENOMEM;

	int err = vma_remove(mm, start, end); /* MAP_FIXED: whatever was there */
	if (!err)
		err = vma_add(mm, start, end, (u32)(prot & PROT_RWX), vma_flags,
			      f ? f->inode : NULL, offset);
	if (err)
		return err;
	vma_merge(mm, start, end);
	if ((flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE || (flags & MAP_LOCKED))
		mm_populate(mm, start, end); /* best effort, as Linux's */
	return (long)start;
}

long sys_munmap(u64 addr, u64 length)
{
	if ((addr & (PAGE_SIZE - 1)) || addr > USER_TOP || length > USER_TOP - addr)
		return -EINVAL;
	u64 end = addr + ALIGN_UP(length, PAGE_SIZE);
	if (end == addr)
		return -EINVAL;
	return vma_remove(current_task()->mm, addr, end);
}

long sys_mprotect(u64 addr, u64 len, u64 prot)
{
	struct mm *mm = current_task()->mm;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (len == 0)
		return 0;
	u64 end = addr + ALIGN_UP(len, PAGE_SIZE);
	if (end <= addr)
		return -ENOMEM;
	u64 grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP) || (prot & ~(grows | PROT_RWX | PROT_SEM)))
		return -EINVAL;

	/* The first area at or above addr decides the start. */
	struct vma *v = mm->vmas;
	while (v && v->end <= addr)
		v = v->next;
	if (!v)
		return -ENOMEM;
	if (grows & PROT_GROWSDOWN) {
		if (v->start >= end)
			return -ENOMEM;
		if (!(v->flags & VMA_STACK))
			return -EINVAL;
		addr = v->start; /* down to the bottom of the stack area */
	} else if (v->start > addr) {
		return -ENOMEM;
	} else if (grows & PROT_GROWSUP) {
		return -EINVAL; /* no area grows up on x86-64 */
	}

	/* Walk the range as Linux does: a hole or a refused area, whichever
	 * comes first, is the error. */
	for (u64 at = addr; at < end; v = v->next) {
		if (!v || v->start > at)
			return -ENOMEM;
		if ((prot & PROT_WRITE) && (v->flags & VMA_NOWRITE))
			return -EACCES;
		at = v->end;
	}
	return vma_protect(mm, addr, end, (u32)(prot & PROT_RWX));
}

long sys_msync(u64 addr, u64 length, u64 flags)
{
	if (flags & ~(u64)(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	u64 end = addr + ((length + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)); /* as Linux: may wrap */
	if (end < addr)
		return -ENOMEM;
	if (end == addr)
		return 0;
	/* Every page of the range must be mapped; Linux goes through the
	 * areas, syncing the files of shared ones, and answers -ENOMEM for
	 * a hole (MS_ASYNC alone stops at the first one). Nothing to sync. */
	if (mm_mapped_bytes(current_task()->mm, addr, end) != end - addr)
		return -ENOMEM;
	return 0;
}
