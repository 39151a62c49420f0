/*
 * test_mmap.c - self-tests of memory maps (mm/mmap.h): how areas are cut
 * and joined, where free gaps are found, the rules of demand paging, that
 * PROT_NONE keeps a page's data, how file areas hold their inode and map
 * the file's own pages (and lose them to truncation), and that
 * every page and heap block comes back when a map is destroyed. Each test
 * builds its own map with mm_create() and faults pages in by calling
 * mm_fault() directly; the map is never made active.
 */
#include "test/ktest.h"
#include "mm/mmap.h"
#include "mm/pmm.h"
#include "mm/heap.h"
#include "proc/exec.h"
#include "fs/vfs.h"
#include "fs/regfile.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"
#include "errno.h"

/* Page-fault error code bits (Intel SDM Vol. 3A, 4.7). */
#define PF_PRESENT (1u << 0)
#define PF_WRITE (1u << 1)
#define PF_FETCH (1u << 4)

#define P PAGE_SIZE
#define RW (VMA_READ | VMA_WRITE)
#define A 0x40000000ULL /* where the tests put their areas */
/* Heap room made before counting, so that the areas' nodes do not grow
 * the heap (which would take pages that never come back). */
#define HEAP_SLACK (64 * 1024)

struct leak_mark {
	u64 free_pages;
	size_t heap_blocks;
	u64 inodes;
};

static void leak_mark(struct leak_mark *m)
{
	struct heap_stats st;

	kfree(kmalloc(HEAP_SLACK));
	heap_get_stats(&st);
	m->free_pages = pmm_free_pages();
	m->heap_blocks = st.blocks_in_use;
	m->inodes = inode_count();
}

static void leak_check(const struct leak_mark *m)
{
	struct heap_stats st;

	heap_get_stats(&st);
	KT_CHECK_EQ(pmm_free_pages(), m->free_pages);
	KT_CHECK_EQ(st.blocks_in_use, m->heap_blocks);
	KT_CHECK_EQ(inode_count(), m->inodes);
}

static unsigned count_areas(struct mm *mm)
{
	unsigned n = 0;
	for (struct vma *v = mm->vmas; v; v = v->next)
		n++;
	return n;
}

/* The area containing addr spans [start, end) with protection prot. */
static bool area_is(struct mm *mm, u64 addr, u64 start, u64 end, u32 prot)
{
	struct vma *v = vma_find(mm, addr);
	return v && v->start == start && v->end == end && v->prot == prot;
}

/* The byte at user address va of an inactive map, through the direct map;
 * -1 when no frame is there. */
static int peek(struct mm *mm, u64 va)
{
	u64 pa;
	if (vm_translate(&mm->vm, va, &pa, NULL))
		return -1;
	return *(u8 *)phys_to_virt(pa);
}

static void poke(struct mm *mm, u64 va, u8 byte)
{
	u64 pa;
	if (vm_translate(&mm->vm, va, &pa, NULL) == 0)
		*(u8 *)phys_to_virt(pa) = byte;
}

KTEST(mmap_split_merge)
{
	struct leak_mark m;
	leak_mark(&m);
	struct mm *mm = mm_create();
	KT_CHECK(mm != NULL);
	if (!mm)
		return;

	KT_CHECK_EQ(vma_add(mm, A, A + 8 * P, RW, 0, NULL, 0), 0);
	KT_CHECK_EQ(vma_add(mm, A + 7 * P, A + 9 * P, RW, 0, NULL, 0), -EEXIST);
	KT_CHECK_EQ(vma_add(mm, A + 9 * P + 1, A + 10 * P, RW, 0, NULL, 0), -EINVAL);
	KT_CHECK_EQ(vma_add(mm, 0, P, RW, 0, NULL, 0), -EINVAL); /* below USER_MIN_ADDR */
	KT_CHECK_EQ(vma_add(mm, USER_TOP, USER_TOP + P, RW, 0, NULL, 0), -EINVAL);
	KT_CHECK_EQ(count_areas(mm), 1);

	/* Protecting the middle cuts the area in three... */
	KT_CHECK_EQ(vma_protect(mm, A + 2 * P, A + 4 * P, VMA_READ), 0);
	KT_CHECK_EQ(count_areas(mm), 3);
	KT_CHECK(area_is(mm, A, A, A + 2 * P, RW));
	KT_CHECK(area_is(mm, A + 3 * P, A + 2 * P, A + 4 * P, VMA_READ));
	KT_CHECK(area_is(mm, A + 7 * P, A + 4 * P, A + 8 * P, RW));
	/* ... and giving the old protection back joins them again. */
	KT_CHECK_EQ(vma_protect(mm, A + 2 * P, A + 4 * P, RW), 0);
	KT_CHECK_EQ(count_areas(mm), 1);
	KT_CHECK(area_is(mm, A, A, A + 8 * P, RW));

	/* A range running past the area changes nothing. */
	KT_CHECK_EQ(vma_protect(mm, A + 7 * P, A + 9 * P, VMA_READ), -ENOMEM);
	KT_CHECK_EQ(count_areas(mm), 1);
	KT_CHECK(area_is(mm, A + 7 * P, A, A + 8 * P, RW));

	/* Removing the middle leaves two areas; removing across the hole
	 * trims both; removing where nothing is mapped is fine. */
	KT_CHECK_EQ(vma_remove(mm, A + 3 * P, A + 5 * P), 0);
	KT_CHECK_EQ(count_areas(mm), 2);
	KT_CHECK(area_is(mm, A, A, A + 3 * P, RW));
	KT_CHECK(area_is(mm, A + 5 * P, A + 5 * P, A + 8 * P, RW));
	KT_CHECK_EQ(vma_protect(mm, A + 2 * P, A + 6 * P, VMA_READ), -ENOMEM);
	KT_CHECK(area_is(mm, A, A, A + 3 * P, RW));
	KT_CHECK_EQ(vma_remove(mm, A + 2 * P, A + 6 * P), 0);
	KT_CHECK(area_is(mm, A, A, A + 2 * P, RW));
	KT_CHECK(area_is(mm, A + 6 * P, A + 6 * P, A + 8 * P, RW));
	KT_CHECK_EQ(vma_remove(mm, A + 2 * P, A + 6 * P), 0);
	KT_CHECK_EQ(vma_remove(mm, 0, USER_MIN_ADDR), 0);
	KT_CHECK_EQ(vma_remove(mm, A, A + P / 2), -EINVAL);
	KT_CHECK_EQ(vma_remove(mm, A, USER_TOP + P), -EINVAL);
	KT_CHECK_EQ(count_areas(mm), 2);

	/* vma_add does not merge; vma_merge joins only alike neighbours. */
	KT_CHECK_EQ(vma_add(mm, A + 2 * P, A + 3 * P, RW, 0, NULL, 0), 0);
	KT_CHECK_EQ(vma_add(mm, A + 3 * P, A + 4 * P, RW, VMA_HEAP, NULL, 0), 0);
	KT_CHECK_EQ(vma_add(mm, A + 4 * P, A + 6 * P, VMA_READ, 0, NULL, 0), 0);
	KT_CHECK_EQ(count_areas(mm), 5);
	vma_merge(mm, A, A + 8 * P);
	KT_CHECK_EQ(count_areas(mm), 4);
	KT_CHECK(area_is(mm, A, A, A + 3 * P, RW));
	KT_CHECK(area_is(mm, A + 3 * P, A + 3 * P, A + 4 * P, RW));
	KT_CHECK(area_is(mm, A + 4 * P, A + 4 * P, A + 6 * P, VMA_READ));
	/* Once read-write, the last two join; the heap area stays apart. */
	KT_CHECK_EQ(vma_protect(mm, A + 4 * P, A + 6 * P, RW), 0);
	KT_CHECK_EQ(count_areas(mm), 3);
	KT_CHECK(area_is(mm, A + 5 * P, A + 4 * P, A + 8 * P, RW));

	mm_destroy(mm);
	leak_check(&m);
}

KTEST(mmap_find_gap)
{
	struct leak_mark m;
	leak_mark(&m);
	struct mm *mm = mm_create();
	KT_CHECK(mm != NULL);
	if (!mm)
		return;
	u64 base = mm->mmap_base;

	KT_CHECK(base < USER_STACK_TOP - USER_STACK_MAX);
	KT_CHECK_EQ(mm_find_gap(mm, P), base - P);
	KT_CHECK_EQ(mm_find_gap(mm, 0), 0);
	KT_CHECK_EQ(mm_find_gap(mm, base), 0); /* does not fit above USER_MIN_ADDR */
	KT_CHECK_EQ(mm_find_gap(mm, base - USER_MIN_ADDR), USER_MIN_ADDR);

	/* Top-down: the highest gap that fits. */
	KT_CHECK_EQ(vma_add(mm, base - 4 * P, base, RW, 0, NULL, 0), 0);
	KT_CHECK_EQ(vma_add(mm, base - 10 * P, base - 6 * P, RW, 0, NULL, 0), 0);
	KT_CHECK_EQ(mm_find_gap(mm, P), base - 5 * P);
	KT_CHECK_EQ(mm_find_gap(mm, 2 * P), base - 6 * P);
	KT_CHECK_EQ(mm_find_gap(mm, 3 * P), base - 13 * P);
	/* An area above mmap_base does not matter. */
	KT_CHECK_EQ(vma_add(mm, base, base + P, RW, 0, NULL, 0), 0);
	KT_CHECK_EQ(mm_find_gap(mm, P), base - 5 * P);

	/* A window: its top if free, nothing when full. */
	KT_CHECK_EQ(mm_find_gap_in(mm, P, A, A + 2 * P), A + P);
	KT_CHECK_EQ(vma_add(mm, A, A + 2 * P, RW, 0, NULL, 0), 0);
	KT_CHECK_EQ(mm_find_gap_in(mm, P, A, A + 2 * P), 0);
	KT_CHECK_EQ(mm_find_gap_in(mm, 3 * P, A + 2 * P, A + 4 * P), 0);
	KT_CHECK_EQ(mm_find_gap_in(mm, P, 0, A), 0); /* below USER_MIN_ADDR */

	/* What is mapped, in all and in part. */
	KT_CHECK_EQ(mm_mapped_bytes(mm, 0, USER_TOP), 11 * P);
	KT_CHECK_EQ(mm_mapped_bytes(mm, base - 5 * P, base - 3 * P), P);
	KT_CHECK_EQ(mm_mapped_bytes(mm, base - 6 * P, base - 4 * P), 0);
	KT_CHECK_EQ(mm_mapped_bytes(mm, A + P, A + 3 * P), P);

	mm_destroy(mm);
	leak_check(&m);
}

KTEST(mmap_fault_rules)
{
	struct leak_mark m;
	unsigned flags;
	leak_mark(&m);
	struct mm *mm = mm_create();
	KT_CHECK(mm != NULL);
	if (!mm)
		return;
	const u64 ro = A + 16 * P, code = A + 32 * P;

	KT_CHECK_EQ(vma_add(mm, A, A + 4 * P, RW, 0, NULL, 0), 0);
	KT_CHECK_EQ(vma_add(mm, ro, ro + P, VMA_READ, 0, NULL, 0), 0);
	KT_CHECK_EQ(vma_add(mm, code, code + P, VMA_READ | VMA_EXEC, 0, NULL, 0), 0);

	/* A first touch maps one zeroed page with the area's rights. */
	u64 free0 = pmm_free_pages();
	KT_CHECK_EQ(mm_fault(mm, A + 100, PF_WRITE), 0);
	KT_CHECK_EQ(vm_translate(&mm->vm, A, NULL, &flags), 0);
	KT_CHECK((flags & VM_USER) && (flags & VM_WRITE));
	KT_CHECK(!(flags & VM_EXEC) || !cpu_features.nx);
	KT_CHECK_EQ(peek(mm, A), 0);
	KT_CHECK_EQ(peek(mm, A + P - 1), 0);
	KT_CHECK_EQ(vm_translate(&mm->vm, A + P, NULL, NULL), -ENOENT);
	KT_CHECK(pmm_free_pages() < free0);

	/* Reads are fine where writes are not. */
	KT_CHECK_EQ(mm_fault(mm, ro, PF_WRITE), -EFAULT);
	KT_CHECK_EQ(vm_translate(&mm->vm, ro, NULL, NULL), -ENOENT);
	KT_CHECK_EQ(mm_fault(mm, ro + 8, 0), 0);
	KT_CHECK_EQ(vm_translate(&mm->vm, ro, NULL, &flags), 0);
	KT_CHECK(!(flags & VM_WRITE));
	KT_CHECK_EQ(mm_fault(mm, ro, PF_WRITE | PF_PRESENT), -EFAULT);

	/* No area, or no execute right. */
	KT_CHECK_EQ(mm_fault(mm, A - 1, 0), -EFAULT);
	KT_CHECK_EQ(mm_fault(mm, A + 4 * P, PF_WRITE), -EFAULT);
	KT_CHECK_EQ(mm_fault(mm, A + 2 * P, PF_FETCH), -EFAULT);
	KT_CHECK_EQ(mm_fault(mm, code, PF_FETCH), 0);
	KT_CHECK_EQ(vm_translate(&mm->vm, code, NULL, &flags), 0);
	KT_CHECK((flags & VM_EXEC) && !(flags & VM_WRITE));

	/* The stack grows down on a touch below it, up to its limit. */
	mm->stack_limit = 16 * P;
	KT_CHECK_EQ(vma_add(mm, USER_STACK_TOP - 4 * P, USER_STACK_TOP, RW, VMA_STACK, NULL, 0), 0);
	KT_CHECK_EQ(mm_fault(mm, USER_STACK_TOP - 6 * P + 8, PF_WRITE), 0);
	KT_CHECK(area_is(mm, USER_STACK_TOP - P, USER_STACK_TOP - 6 * P, USER_STACK_TOP, RW));
	KT_CHECK_EQ(mm_fault(mm, USER_STACK_TOP - 17 * P, PF_WRITE), -EFAULT);
	KT_CHECK(area_is(mm, USER_STACK_TOP - P, USER_STACK_TOP - 6 * P, USER_STACK_TOP, RW));

	/* Populating fills every page not yet there, with the area's rights. */
	KT_CHECK_EQ(mm_populate(mm, A, A + 4 * P), 0);
	for (u64 va = A; va < A + 4 * P; va += P)
		KT_CHECK_EQ(vm_translate(&mm->vm, va, NULL, NULL), 0);
	KT_CHECK_EQ(vma_remove(mm, ro, ro + P), 0);
	KT_CHECK_EQ(vma_add(mm, ro, ro + 2 * P, VMA_READ, 0, NULL, 0), 0);
	KT_CHECK_EQ(mm_populate(mm, ro, ro + 2 * P), 0);
	KT_CHECK_EQ(vm_translate(&mm->vm, ro + P, NULL, &flags), 0);
	KT_CHECK(!(flags & VM_WRITE));

	mm_destroy(mm);
	leak_check(&m);
}

KTEST(mmap_protnone_keeps_data)
{
	struct leak_mark m;
	unsigned flags;
	u64 pa_before, pa_after;
	leak_mark(&m);
	struct mm *mm = mm_create();
	KT_CHECK(mm != NULL);
	if (!mm)
		return;

	KT_CHECK_EQ(vma_add(mm, A, A + 2 * P, RW, 0, NULL, 0), 0);
	KT_CHECK_EQ(mm_fault(mm, A, PF_WRITE), 0);
	poke(mm, A, 0x5A);
	poke(mm, A + P - 1, 0xA5);
	KT_CHECK_EQ(vm_translate(&mm->vm, A, &pa_before, NULL), 0);

	/* PROT_NONE: the frame stays, but no access is possible. */
	KT_CHECK_EQ(vma_protect(mm, A, A + 2 * P, 0), 0);
	KT_CHECK_EQ(vm_translate(&mm->vm, A, &pa_after, &flags), 0);
	KT_CHECK_EQ(pa_after, pa_before);
	KT_CHECK(flags & VM_NONE);
	KT_CHECK_EQ(mm_fault(mm, A, 0), -EFAULT);
	KT_CHECK_EQ(mm_fault(mm, A, PF_WRITE), -EFAULT);
	/* An untouched PROT_NONE page gets no frame on a touch. */
	u64 free0 = pmm_free_pages();
	KT_CHECK_EQ(mm_fault(mm, A + P, 0), -EFAULT);
	KT_CHECK_EQ(vm_translate(&mm->vm, A + P, NULL, NULL), -ENOENT);
	KT_CHECK_EQ(pmm_free_pages(), free0);

	/* Read-only again: the same bytes, still not writable. */
	KT_CHECK_EQ(vma_protect(mm, A, A + 2 * P, VMA_READ), 0);
	KT_CHECK_EQ(vm_translate(&mm->vm, A, &pa_after, &flags), 0);
	KT_CHECK_EQ(pa_after, pa_before);
	KT_CHECK(!(flags & VM_NONE) && !(flags & VM_WRITE));
	KT_CHECK_EQ(peek(mm, A), 0x5A);
	KT_CHECK_EQ(peek(mm, A + P - 1), 0xA5);
	KT_CHECK_EQ(mm_fault(mm, A, PF_WRITE | PF_PRESENT), -EFAULT);

	/* Part of it PROT_NONE, then all read-write: one area again. */
	KT_CHECK_EQ(vma_protect(mm, A + P, A + 2 * P, 0), 0);
	KT_CHECK_EQ(count_areas(mm), 2);
	KT_CHECK_EQ(vma_protect(mm, A, A + 2 * P, RW), 0);
	KT_CHECK_EQ(count_areas(mm), 1);
	KT_CHECK_EQ(vm_translate(&mm->vm, A, NULL, &flags), 0);
	KT_CHECK(flags & VM_WRITE);
	KT_CHECK_EQ(peek(mm, A), 0x5A);

	mm_destroy(mm);
	leak_check(&m);
}

/* Pages go back to the allocator as soon as their range is unmapped, and
 * everything else when the map is destroyed. */
KTEST(mmap_pages_come_back)
{
	struct leak_mark m;
	leak_mark(&m);
	struct mm *mm = mm_create();
	KT_CHECK(mm != NULL);
	if (!mm)
		return;

	KT_CHECK_EQ(vma_add(mm, A, A + 16 * P, RW, 0, NULL, 0), 0);
	for (u64 va = A; va < A + 16 * P; va += P)
		KT_CHECK_EQ(mm_fault(mm, va, PF_WRITE), 0);
	KT_CHECK(m.free_pages - pmm_free_pages() >= 16);

	u64 before = pmm_free_pages();
	KT_CHECK_EQ(vma_remove(mm, A + 4 * P, A + 12 * P), 0);
	KT_CHECK_EQ(pmm_free_pages(), before + 8);
	KT_CHECK_EQ(vma_remove(mm, A + 4 * P, A + 12 * P), 0);
	KT_CHECK_EQ(pmm_free_pages(), before + 8);
	/* PROT_NONE pages still hold their frames, and give them back. */
	KT_CHECK_EQ(vma_protect(mm, A, A + 4 * P, 0), 0);
	KT_CHECK_EQ(pmm_free_pages(), before + 8);
	KT_CHECK_EQ(vma_remove(mm, A, A + 2 * P), 0);
	KT_CHECK_EQ(pmm_free_pages(), before + 10);

	mm_destroy(mm);
	leak_check(&m);
}

/* A file area holds one inode reference per area, keeps the file offset
 * right through cuts and joins, and a page past the end of the file is a
 * SIGBUS (-EIO), not a page of zeros. */
KTEST(mmap_file_areas)
{
	struct leak_mark m;
	leak_mark(&m);
	struct inode *ino = inode_new(S_IFREG | 0644);
	KT_CHECK(ino != NULL);
	if (!ino)
		return;
	inode_get(ino); /* the test's own reference */
	struct mm *mm = mm_create();
	KT_CHECK(mm != NULL);
	if (!mm) {
		inode_put(ino);
		return;
	}

	KT_CHECK_EQ(vma_add(mm, A, A + 4 * P, VMA_READ, 0, ino, 0), 0);
	KT_CHECK_EQ(ino->refs, 2);
	KT_CHECK_EQ(vma_protect(mm, A + P, A + 2 * P, RW), 0);
	KT_CHECK_EQ(count_areas(mm), 3);
	KT_CHECK_EQ(ino->refs, 4);
	KT_CHECK_EQ(vma_find(mm, A + P)->offset, P);
	KT_CHECK_EQ(vma_find(mm, A + 3 * P)->offset, 2 * P);
	KT_CHECK_EQ(vma_protect(mm, A + P, A + 2 * P, VMA_READ), 0);
	KT_CHECK_EQ(count_areas(mm), 1);
	KT_CHECK_EQ(ino->refs, 2);
	KT_CHECK_EQ(vma_find(mm, A)->offset, 0);

	/* The same file further on, but not at the offset that would
	 * continue the area: not joined. */
	KT_CHECK_EQ(vma_add(mm, A + 4 * P, A + 5 * P, VMA_READ, 0, ino, 8 * P), 0);
	vma_merge(mm, A, A + 5 * P);
	KT_CHECK_EQ(count_areas(mm), 2);
	KT_CHECK_EQ(vma_remove(mm, A + 4 * P, A + 5 * P), 0);
	KT_CHECK_EQ(vma_add(mm, A + 4 * P, A + 5 * P, VMA_READ, 0, ino, 4 * P), 0);
	vma_merge(mm, A, A + 5 * P);
	KT_CHECK_EQ(count_areas(mm), 1);
	KT_CHECK_EQ(ino->refs, 2);

	/* The file is empty: every page lies past its end. */
	u64 free0 = pmm_free_pages();
	KT_CHECK_EQ(mm_fault(mm, A, 0), -EIO);
	KT_CHECK_EQ(vm_translate(&mm->vm, A, NULL, NULL), -ENOENT);
	KT_CHECK_EQ(mm_populate(mm, A, A + 5 * P), 0);
	KT_CHECK_EQ(pmm_free_pages(), free0);

	KT_CHECK_EQ(vma_remove(mm, A + P, A + 2 * P), 0);
	KT_CHECK_EQ(ino->refs, 3);
	mm_destroy(mm);
	KT_CHECK_EQ(ino->refs, 1);
	inode_put(ino);
	leak_check(&m);
}

/* A file area maps the file's own pages: a shared area's writes are the
 * file's, a private area reads the file's page until its first write
 * copies it, a hole gets its page on the first touch. Truncation unmaps
 * every page past the new end in every area on the inode's list (private
 * copies too) and zeroes the new last page's tail; growing reads zeros. */
KTEST(mmap_file_pages_truncated)
{
	struct leak_mark m;
	leak_mark(&m);
	struct inode *ino = inode_new(S_IFREG | 0644);
	KT_CHECK(ino != NULL);
	if (!ino)
		return;
	inode_get(ino);
	struct mm *sh = mm_create(), *pr = mm_create();
	KT_CHECK(sh && pr);
	/* Bytes 0 and 3P - 1: pages 0 and 2, a hole between. */
	KT_CHECK_EQ(inode_write(ino, "a", 1, 0), 1);
	KT_CHECK_EQ(inode_write(ino, "z", 1, 3 * P - 1), 1);
	KT_CHECK_EQ(inode_pages(ino), 2);
	if (!sh || !pr)
		goto out;
	KT_CHECK_EQ(vma_add(sh, A, A + 3 * P, RW, VMA_SHARED, ino, 0), 0);
	KT_CHECK_EQ(vma_add(pr, A, A + 3 * P, RW, 0, ino, 0), 0);
	KT_CHECK(ino->reg.maps != NULL);

	/* Shared: the hole gets its page, and a write is the file's. */
	KT_CHECK_EQ(mm_fault(sh, A + P, PF_WRITE), 0);
	KT_CHECK_EQ(inode_pages(ino), 3);
	poke(sh, A + P + 20, 'S');
	char c = 0;
	KT_CHECK_EQ(inode_read(ino, &c, 1, P + 20), 1);
	KT_CHECK_EQ(c, 'S');

	/* Private: the same page read-only, then a copy of its own. */
	u64 pa_sh, pa_pr;
	unsigned rights = 0;
	KT_CHECK_EQ(mm_fault(sh, A, 0), 0);
	KT_CHECK_EQ(mm_fault(pr, A, 0), 0);
	KT_CHECK_EQ(vm_translate(&sh->vm, A, &pa_sh, NULL), 0);
	KT_CHECK_EQ(vm_translate(&pr->vm, A, &pa_pr, &rights), 0);
	KT_CHECK_EQ(pa_sh, pa_pr);
	KT_CHECK(!(rights & VM_WRITE));
	KT_CHECK_EQ(mm_fault(pr, A, PF_WRITE | PF_PRESENT), 0);
	KT_CHECK_EQ(vm_translate(&pr->vm, A, &pa_pr, &rights), 0);
	KT_CHECK(pa_pr != pa_sh && (rights & VM_WRITE));
	poke(pr, A, 'p');
	KT_CHECK_EQ(peek(sh, A), 'a');
	KT_CHECK_EQ(mm_fault(pr, A + 2 * P, PF_WRITE), 0); /* copied at once */
	KT_CHECK_EQ(peek(pr, A + 3 * P - 1), 'z');
	KT_CHECK_EQ(mm_fault(sh, A + 2 * P, 0), 0);

	/* Shrink to P + 10: page 2 leaves both maps; the tail reads zero. */
	KT_CHECK_EQ(inode_truncate(ino, P + 10), 0);
	KT_CHECK_EQ(vm_translate(&sh->vm, A + 2 * P, NULL, NULL), -ENOENT);
	KT_CHECK_EQ(vm_translate(&pr->vm, A + 2 * P, NULL, NULL), -ENOENT);
	KT_CHECK_EQ(peek(sh, A + P + 20), 0);
	KT_CHECK_EQ(peek(pr, A), 'p');
	KT_CHECK_EQ(mm_fault(sh, A + 2 * P, 0), -EIO);
	KT_CHECK_EQ(mm_fault(pr, A + 2 * P, PF_WRITE), -EIO);
	KT_CHECK_EQ(inode_pages(ino), 2);

	/* Grow back: the new bytes read zero, through the maps too. */
	poke(sh, A + P + 30, 'J'); /* past the end: not the file's */
	KT_CHECK_EQ(inode_truncate(ino, 3 * P), 0);
	KT_CHECK_EQ(peek(sh, A + P + 30), 0);
	KT_CHECK_EQ(mm_fault(sh, A + 2 * P, 0), 0);
	KT_CHECK_EQ(peek(sh, A + 2 * P), 0);
out:
	if (sh)
		mm_destroy(sh);
	if (pr)
		mm_destroy(pr);
	KT_CHECK(ino->reg.maps == NULL);
	inode_put(ino);
	leak_check(&m);
}
