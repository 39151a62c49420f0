/*
 * mmap.h - a process's memory map: the areas (VMAs) of its user address
 * space, each with its protection and what fills it, and the page-fault
 * handler that fills them on first touch (demand paging).
 *
 * Invariants: areas are page-aligned, sorted, never overlap, and lie in
 * [USER_MIN_ADDR, USER_TOP); a page is mapped in the page tables only
 * inside an area, with rights no wider than the area's protection; the
 * program break's area [brk_start, ALIGN_UP(brk)) and the stack's area are
 * ordinary areas with their own flags.
 */
#ifndef MINOS_MM_MMAP_H
#define MINOS_MM_MMAP_H

#include "types.h"
#include "mm/vm.h"
#include "fs/vfs.h"

struct inode;

#define VMA_READ 0x1 /* = PROT_READ */
#define VMA_WRITE 0x2
#define VMA_EXEC 0x4
#define VMA_SHARED 0x10
#define VMA_STACK 0x20 /* grows down on faults below it */
#define VMA_HEAP 0x40  /* the brk area */
/* The kernel's own pages (the clock page, time/vvar.h), the same frames in
 * every process: mapped on first touch from `offset`, their physical
 * address; never freed or copied here (fork maps them again), and never
 * given rights beyond read (mprotect: -EACCES, as Linux's [vvar]). */
#define VMA_KERNEL 0x80
/* Never to be made writable: a MAP_SHARED file mapping of a descriptor
 * not open for writing (Linux's area without VM_MAYWRITE); mprotect
 * asking PROT_WRITE is -EACCES. */
#define VMA_NOWRITE 0x100

struct mm;

struct vma {
	u64 start, end; /* [start, end), page-aligned */
	u32 prot;       /* VMA_READ | VMA_WRITE | VMA_EXEC */
	u32 flags;      /* VMA_SHARED, VMA_STACK, VMA_HEAP, VMA_KERNEL, VMA_NOWRITE */
	struct inode *file; /* file mapping (referenced), or NULL */
	u64 offset;         /* of start in the file; VMA_KERNEL: physical address */
	struct vma *next;
	struct mm *mm; /* the map this area belongs to */
	/* A file area is on its inode's list of mappings (ino->reg.maps),
	 * so that truncation can reach every process mapping the file. */
	struct vma *file_next, **file_link;
	/* An anonymous area execve filled from a program's or interpreter's
	 * segment (referenced), offset being the file offset of start: only
	 * /proc/PID/maps looks at it, to name the area as Linux does. */
	struct inode *image;
};

struct mm {
	struct vm_space vm;
	struct vma *vmas;
	u64 brk_start, brk;
	u64 mmap_base; /* new mappings go below this, top-down */
	u64 stack_limit; /* how far the stack may grow: RLIMIT_STACK's soft value */
	bool undumpable; /* prctl(PR_SET_DUMPABLE, 0): kept by fork, reset by execve */
	int users;       /* tasks using it (threads, CLONE_VM): freed at 0 */
	/* For /proc/PID (fs/proc_pid.c), set by execve, kept by fork: where
	 * the argument and environment strings lie on the start-up stack
	 * ([start, end), the NULs included), and the program execve ran
	 * (referenced, or NULL) with where its path found it. */
	u64 arg_start, arg_end, env_start, env_end;
	u64 start_stack; /* the start-up stack's argc */
	struct inode *exe;
	struct vfs_where exe_where;
};

/* A new, empty memory map with its own page tables; NULL if out of memory. */
struct mm *mm_create(void);
/* fork's copy: every area; every present page shared with the child
 * (vm_share_range): copy-on-write in private areas, really shared in
 * MAP_SHARED ones, whose untouched anonymous pages are filled first (a
 * shared file area's are the file's, found by each process's first
 * touch). NULL if memory runs out. */
struct mm *mm_clone(struct mm *src);
/* Frees every area, page and page table (the map must not be active). */
void mm_destroy(struct mm *mm);
void mm_activate(struct mm *mm);
/* One more task shares mm (CLONE_VM); one fewer: the last one frees it
 * (which must not be active then). */
static inline struct mm *mm_get(struct mm *mm) { mm->users++; return mm; }
static inline void mm_put(struct mm *mm)
{
	if (--mm->users == 0)
		mm_destroy(mm);
}

/* The area containing addr, or NULL. */
struct vma *vma_find(struct mm *mm, u64 addr);
/* Adds an area over [start, end), which must be free (-EEXIST). It is not
 * merged with its neighbours: vma_merge() does that when wanted. */
/* Marks the anonymous areas of [start, end) (split at both ends) as
 * filled from ino, start at file offset offset (vma.image); 0 or -ENOMEM. */
int vma_set_image(struct mm *mm, u64 start, u64 end, struct inode *ino, u64 offset);
int vma_add(struct mm *mm, u64 start, u64 end, u32 prot, u32 flags, struct inode *file,
	    u64 offset);
/* Removes [start, end) from the map (splitting areas, freeing pages). The
 * range may lie anywhere below USER_TOP and hold holes or nothing at all
 * (0, as munmap(2)); -ENOMEM, with nothing changed, when a split fails. */
int vma_remove(struct mm *mm, u64 start, u64 end);
/* Changes the protection of [start, end), which must be fully mapped
 * (-ENOMEM otherwise, as mprotect(2), and nothing changes); the pages
 * already there get the new rights, PROT_NONE ones keep their frames.
 * Neighbours that end up alike are merged. -EACCES, and nothing changes,
 * when prot asks more than read of a VMA_KERNEL area. */
int vma_protect(struct mm *mm, u64 start, u64 end, u32 prot);
/* Joins each pair of adjacent areas that meet at an address in
 * [start, end] and cannot be told apart (protection, flags, file and
 * continuing offset). */
void vma_merge(struct mm *mm, u64 start, u64 end);
/* A free gap of len bytes below mm->mmap_base (top-down), or 0. */
u64 mm_find_gap(struct mm *mm, u64 len);
/* The highest free gap of len bytes inside [lo, hi), or 0. */
u64 mm_find_gap_in(struct mm *mm, u64 len, u64 lo, u64 hi);
/* Bytes of [start, end) that areas cover (RLIMIT_AS accounting; 0 means
 * the range is free). */
u64 mm_mapped_bytes(struct mm *mm, u64 start, u64 end);
/* Fills every accessible page of [start, end) now, as first touches would
 * (MAP_POPULATE); 0, or -ENOMEM when memory ran out on the way. */
int mm_populate(struct mm *mm, u64 start, u64 end);

/* A fault at addr in ring 3, or in the kernel while copying user memory.
 * Maps the page if the area allows the access (a read of untouched
 * private anonymous memory maps the zero page; a write to a present page
 * of a private writable area copies it, or takes it back writable when
 * the writer is its last owner; a file area maps the file's own page, a
 * hole getting its page of zeros first: writable in a shared area,
 * read-only in a private one until the first write copies): 0.
 * Otherwise -EFAULT for
 * no area or a forbidden access (SIGSEGV, or a failed copy), -EIO for a
 * page of a file mapping wholly past the end of the file (SIGBUS, as
 * Linux), -ENOMEM when out of memory (Linux kills the process: SIGKILL). */
int mm_fault(struct mm *mm, u64 addr, u64 error_code);

/*
 * Another process's memory, as clone's CLONE_CHILD_SETTID, ptrace's
 * PEEK/POKE and process_vm_readv/writev reach it: copies len bytes between
 * buf and addr in mm (which need not be the current map) through the
 * direct map. Pages are filled and copy-on-write pages copied as that
 * process's own fault would do. MM_ACCESS_FORCE also writes read-only
 * private pages (the writer gets a private copy, as ptrace's POKETEXT on
 * Linux; a read-only shared area is refused, as there) and reads PROT_NONE-free readable or executable ones. Returns
 * the bytes copied: short at the first page that cannot be reached.
 */
#define MM_ACCESS_WRITE 0x1
#define MM_ACCESS_FORCE 0x2
u64 mm_access(struct mm *mm, u64 addr, void *buf, u64 len, unsigned how);

/* The frame behind the page holding va in mm, made present for the
 * access as the process's own touch would make it (MM_ACCESS_WRITE: a
 * writable frame, a copy-on-write page copied; never forced): 0 and *pa,
 * or -EFAULT when the area does not allow the access. For futexes, which
 * key shared words by their frame and change words atomically through
 * the direct map. */
int mm_reach_page(struct mm *mm, u64 va, unsigned how, u64 *pa);

/* The file ino now ends at size (it shrank): every page that lies wholly
 * past the new end is unmapped from every area mapping the file, private
 * copies included, so that the next touch there is SIGBUS, as Linux's
 * truncate does (unmap_mapping_range). */
void mm_file_shrunk(struct inode *ino, u64 size);

#endif
