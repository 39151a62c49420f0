/*
 * vm.c - the 4-level page tables: the kernel's own address space and the
 * map/unmap/protect/translate API (vm.h). Page-table pages come from the
 * physical allocator and are reached through the direct map.
 * Invariants: intermediate entries are always present+writable (rights are
 * decided at the last level); the user bit appears only on paths to user
 * addresses; kernel mappings are never writable and executable at once.
 * Every TLB flush after a change goes through flush_range(): this CPU,
 * then a shootdown of the other CPUs whose CR3 holds the space (its
 * `cpus` mask, kept by vm_space_activate; every CPU that runs tasks for
 * the kernel half). Once other CPUs run tasks, callers hold the kernel
 * lock (arch/x86_64/klock.h), so one shootdown at most is in flight.
 * Locking: the page tables, kernel_table_pages and mmio_next under the kernel
 * lock (arch/x86_64/klock.h). Per-CPU: vm_active; each space's `cpus` mask
 * changes atomically, each CPU setting and clearing its own bit.
 */
#include "mm/vm.h"
#include "mm/pmm.h"
#include "mm/pageref.h"
#include "mm/kstack.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/tlb.h"
#include "lib/string.h"
#include "errno.h"
#include "log.h"
#include "panic.h"

extern u8 _text_start[], _text_end[], _rodata_start[], _rodata_end[];
extern u8 _data_start[], _bss_end[];

static struct vm_space kernel_space;
static u64 kernel_table_pages;
static u64 mmio_next = KERNEL_MMIO_BASE;

struct vm_space *vm_kernel_space(void) { return &kernel_space; }
u64 vm_table_pages(void) { return kernel_table_pages; }

static u64 *table_at(u64 entry) { return phys_to_virt(entry & PTE_ADDR_MASK); }

static u64 alloc_table(void)
{
	u64 pa = pmm_alloc_page();
	if (pa) {
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
		kernel_table_pages++;
	}
	return pa;
}

/* A last-level entry that holds a frame, accessible or not. */
static bool pte_has_frame(u64 pte) { return pte & (PTE_PRESENT | PTE_PROTNONE); }

static u64 pte_bits(unsigned flags)
{
	if (flags & VM_NONE)
		return PTE_PROTNONE | PTE_USER | (cpu_features.nx ? PTE_NX : 0);
	u64 bits = PTE_PRESENT;
	if (flags & VM_WRITE)
		bits |= PTE_WRITE;
	if (flags & VM_USER)
		bits |= PTE_USER;
	if (!(flags & VM_EXEC) && cpu_features.nx)
		bits |= PTE_NX;
	if (flags & VM_NOCACHE)
		bits |= PTE_PCD | PTE_PWT;
	if (flags & VM_GLOBAL)
		bits |= PTE_GLOBAL;
	return bits;
}

static unsigned vm_flags(u64 pte)
{
	unsigned f = 0;
	if (!(pte & PTE_PRESENT))
		return VM_NONE | VM_USER;
	if (pte & PTE_WRITE)
		f |= VM_WRITE;
	if (pte & PTE_USER)
		f |= VM_USER;
	if (!(pte & PTE_NX))
		f |= VM_EXEC;
	if (pte & PTE_PCD)
		f |= VM_NOCACHE;
	if (pte & PTE_GLOBAL)
		f |= VM_GLOBAL;
	return f;
}

/*
 * Finds the last-level entry for va, descending `levels_to_pt` levels of
 * tables from the PML4 (3 to reach a 4 KiB PTE, 2 for a 2 MiB PD entry).
 * With create, missing tables are allocated. Returns -ENOENT (missing),
 * -EEXIST (a large page covers va), -ENOMEM.
 */
static int walk(u64 pml4, u64 va, int levels, bool create, bool user, u64 **entry)
{
	static const int shifts[] = { PML4_SHIFT, PDPT_SHIFT, PD_SHIFT, PT_SHIFT };
	u64 *table = phys_to_virt(pml4);

	for (int level = 0; level < levels; level++) {
		u64 *e = &table[PT_INDEX(va, shifts[level])];
		if (!(*e & PTE_PRESENT)) {
			if (!create)
				return -ENOENT;
			u64 pa = alloc_table();
			if (!pa)
				return -ENOMEM;
			*e = pa | PTE_PRESENT | PTE_WRITE | (user ? PTE_USER : 0);
		} else if (*e & PTE_HUGE) {
			return -EEXIST;
		} else if (user) {
			*e |= PTE_USER;
		}
		table = table_at(*e);
	}
	*entry = &table[PT_INDEX(va, shifts[levels])];
	return 0;
}

static bool is_current(const struct vm_space *s) { return (read_cr3() & PTE_ADDR_MASK) == s->pml4; }

/* Whether a change to s must be flushed from this CPU's TLB now: the
 * kernel half is shared by every address space and its pages are global
 * (a CR3 switch keeps them), so kernel mappings always are. */
static bool needs_flush(const struct vm_space *s) { return s == &kernel_space || is_current(s); }

/* Every TLB flush after a change to s's tables goes through here: pages
 * [va, va + pages * PAGE_SIZE) on this CPU (tlb_flush_range_here: one
 * INVLPG each up to TLB_ONE_BY_ONE, else a reload), then a shootdown of
 * the other CPUs that have s loaded (all CPUs running tasks, for the
 * kernel half), which flush the same way. */
static void flush_range_here(const struct vm_space *s, u64 va, u64 pages)
{
	if (needs_flush(s))
		tlb_flush_range_here(va, pages, s != &kernel_space);
}

static void flush_range(const struct vm_space *s, u64 va, u64 pages)
{
	if (!pages)
		return;
	flush_range_here(s, va, pages);
	if (s == &kernel_space)
		tlb_shootdown_range(tlb_cpus(), va, pages, false);
	else
		tlb_shootdown_range(__atomic_load_n(&s->cpus, __ATOMIC_ACQUIRE), va, pages, true);
}

/* Checks alignment and that the range lies wholly in the half its rights
 * allow: user mappings below USER_TOP, kernel mappings in the top half. */
static int check_range(u64 va, u64 size, unsigned flags)
{
	if ((va | size) & (PAGE_SIZE - 1) || size == 0 || va + size < va)
		return -EINVAL;
	if (flags & VM_USER)
		return va + size <= USER_TOP ? 0 : -EINVAL;
	if (flags & VM_NONE)
		return -EINVAL; /* only user pages can be PROT_NONE */
	if (va < VM_KERNEL_BASE)
		return -EINVAL;
	if ((flags & VM_WRITE) && (flags & VM_EXEC))
		return -EINVAL; /* W^X for the kernel */
	return 0;
}

int vm_map(struct vm_space *s, u64 va, u64 pa, u64 size, unsigned flags)
{
	int err = check_range(va, size, flags);
	if (err)
		return err;
	if (pa & (PAGE_SIZE - 1))
		return -EINVAL;

	u64 bits = pte_bits(flags);
	for (u64 off = 0; off < size; off += PAGE_SIZE) {
		u64 *pte;
		err = walk(s->pml4, va + off, 3, true, flags & VM_USER, &pte);
		if (!err && pte_has_frame(*pte))
			err = -EEXIST;
		if (err) {
			if (off)
				vm_unmap(s, va, off);
			return err;
		}
		*pte = (pa + off) | bits;
	}
	return 0;
}

static int unmap(struct vm_space *s, u64 va, u64 size, bool shootdown)
{
	if ((va | size) & (PAGE_SIZE - 1) || va + size < va)
		return -EINVAL;
	bool changed = false;
	for (u64 off = 0; off < size; off += PAGE_SIZE) {
		u64 *pte;
		if (walk(s->pml4, va + off, 3, false, false, &pte) || !pte_has_frame(*pte))
			continue;
		*pte = 0;
		changed = true;
	}
	/* One flush (and one shootdown) for the whole range. */
	if (changed && shootdown)
		flush_range(s, va, size / PAGE_SIZE);
	else if (changed)
		flush_range_here(s, va, size / PAGE_SIZE);
	return 0;
}

int vm_unmap(struct vm_space *s, u64 va, u64 size) { return unmap(s, va, size, true); }

int vm_unmap_local(struct vm_space *s, u64 va, u64 size) { return unmap(s, va, size, false); }

int vm_protect(struct vm_space *s, u64 va, u64 size, unsigned flags)
{
	int err = check_range(va, size, flags);
	if (err)
		return err;
	/* All or nothing: check every page is mapped before changing any. */
	for (u64 off = 0; off < size; off += PAGE_SIZE) {
		u64 *pte;
		if (walk(s->pml4, va + off, 3, false, false, &pte) || !pte_has_frame(*pte))
			return -ENOENT;
	}
	u64 bits = pte_bits(flags);
	for (u64 off = 0; off < size; off += PAGE_SIZE) {
		u64 *pte;
		walk(s->pml4, va + off, 3, false, false, &pte);
		*pte = (*pte & PTE_ADDR_MASK) | bits;
	}
	flush_range(s, va, size / PAGE_SIZE);
	return 0;
}

/* The first address of the next last-level table's span after va. */
static u64 next_table(u64 va) { return ALIGN_DOWN(va, PAGE_SIZE_2M) + PAGE_SIZE_2M; }

int vm_share_range(struct vm_space *dst, struct vm_space *src, u64 start, u64 end, bool cow)
{
	bool flush = false;
	int err = 0;

	for (u64 va = start; va < end && !err; va = next_table(va)) {
		u64 *spte, *dtable = NULL;
		if (walk(src->pml4, va, 3, false, false, &spte))
			continue; /* no table here: nothing to share */
		u64 stop = MIN(end, next_table(va));
		for (u64 at = va; at < stop; at += PAGE_SIZE, spte++) {
			u64 e = *spte;
			if (!pte_has_frame(e))
				continue;
			if (!dtable) {
				u64 *first;
				if ((err = walk(dst->pml4, at, 3, true, true, &first)))
					break;
				dtable = first - PT_INDEX(at, PT_SHIFT);
			}
			u64 *dpte = &dtable[PT_INDEX(at, PT_SHIFT)];
			/* LAB cow BEGIN: share the page: read-only in both maps if private, one more owner */
			if (cow && (e & PTE_WRITE)) {
				e &= ~PTE_WRITE;
				*spte = e;
				flush = true;
			}
			*dpte = e;
			page_get(e & PTE_ADDR_MASK);
			/* LAB cow STUB: (void)cow; */
			/* LAB cow STUB: u64 copy = pmm_alloc_user_page(); */
			/* LAB cow STUB: if (!copy) { */
			/* LAB cow STUB: 	err = -ENOMEM; */
			/* LAB cow STUB: 	break; */
			/* LAB cow STUB: } */
			/* LAB cow STUB: memcpy(phys_to_virt(copy), table_at(e), PAGE_SIZE); */
			/* LAB cow STUB: *dpte = copy | (e & ~PTE_ADDR_MASK); */
			/* LAB cow END */
		}
	}
	if (flush) /* the write rights just taken away */
		flush_range(src, start, TLB_ONE_BY_ONE + 1);
	return err;
}

void vm_drop_range(struct vm_space *s, u64 start, u64 end)
{
	u64 dropped = 0, first = 0;

	for (u64 va = start; va < end; va = next_table(va)) {
		u64 *pte;
		if (walk(s->pml4, va, 3, false, false, &pte))
			continue;
		u64 stop = MIN(end, next_table(va));
		for (u64 at = va; at < stop; at += PAGE_SIZE, pte++) {
			if (!pte_has_frame(*pte))
				continue;
			page_put(*pte & PTE_ADDR_MASK);
			*pte = 0;
			if (!dropped++)
				first = at;
		}
	}
	/* One range from the first page dropped: INVLPG of a page never
	 * mapped costs little, and beyond TLB_ONE_BY_ONE it is a reload. */
	if (dropped)
		flush_range(s, first, dropped > TLB_ONE_BY_ONE ? dropped : (end - first) / PAGE_SIZE);
}

static int translate_in(u64 pml4, u64 va, u64 *pa, unsigned *flags)
{
	static const int shifts[] = { PML4_SHIFT, PDPT_SHIFT, PD_SHIFT, PT_SHIFT };
	u64 *table = phys_to_virt(pml4);

	if (!va_is_canonical(va))
		return -EFAULT;
	for (int level = 0; level < 4; level++) {
		u64 e = table[PT_INDEX(va, shifts[level])];
		if (!(e & PTE_PRESENT) && !(level == 3 && (e & PTE_PROTNONE)))
			return -ENOENT;
		bool huge = level > 0 && level < 3 && (e & PTE_HUGE);
		if (level == 3 || huge) {
			u64 page_mask = (1ULL << shifts[level]) - 1;
			if (pa)
				*pa = (e & PTE_ADDR_MASK & ~page_mask) | (va & page_mask);
			if (flags)
				*flags = vm_flags(e) | (huge ? VM_HUGE : 0);
			return 0;
		}
		table = table_at(e);
	}
	return -ENOENT;
}

u64 vm_next_mapped(struct vm_space *s, u64 va, u64 end)
{
	static const int shifts[] = { PML4_SHIFT, PDPT_SHIFT, PD_SHIFT, PT_SHIFT };

	va = ALIGN_DOWN(va, PAGE_SIZE);
	while (va < end) {
		u64 *table = phys_to_virt(s->pml4);
		int level;
		for (level = 0; level < 4; level++) {
			u64 e = table[PT_INDEX(va, shifts[level])];
			if (level == 3 ? pte_has_frame(e) : (e & PTE_PRESENT) && (e & PTE_HUGE))
				return va;
			if (!(e & PTE_PRESENT))
				break;
			table = table_at(e);
		}
		/* Nothing here at this level: jump to the next entry's start. */
		u64 span = 1ULL << shifts[level];
		u64 next = ALIGN_DOWN(va, span) + span;
		if (next <= va)
			return end; /* wrapped past the top */
		va = next;
	}
	return end;
}

int vm_translate(struct vm_space *s, u64 va, u64 *pa, unsigned *flags)
{
	return translate_in(s->pml4, va, pa, flags);
}

bool vm_is_mapped(u64 va)
{
	unsigned flags;
	return translate_in(read_cr3() & PTE_ADDR_MASK, va, NULL, &flags) == 0 &&
	       !(flags & VM_NONE);
}

u64 virt_to_phys(const void *p)
{
	u64 va = (u64)p, pa;
	if (va >= KERNEL_VMA)
		return va - KERNEL_VMA;
	if (va >= DIRECT_MAP_BASE && va < DIRECT_MAP_BASE + DIRECT_MAP_MAX)
		return va - DIRECT_MAP_BASE;
	if (vm_translate(&kernel_space, va, &pa, NULL))
		panic("virt_to_phys: %p is not mapped", p);
	return pa;
}

void *vm_map_mmio(u64 pa, u64 size)
{
	u64 first = ALIGN_DOWN(pa, PAGE_SIZE);
	u64 len = ALIGN_UP(pa + size, PAGE_SIZE) - first;

	if (mmio_next + len > KERNEL_MMIO_BASE + KERNEL_MMIO_MAX)
		return NULL;
	if (vm_map(&kernel_space, mmio_next, first, len, VM_WRITE | VM_NOCACHE | VM_GLOBAL))
		return NULL;
	void *va = (void *)(mmio_next + (pa - first));
	mmio_next += len;
	return va;
}

/*
 * Direct map with 2 MiB pages: fewer tables, fewer TLB misses. Except
 * that the alias of the kernel's text and rodata is read-only, or a write
 * through it would change what the image mapping protects (W^X): the
 * 2 MiB ranges around it are mapped with 4 KiB pages.
 */
static void map_direct(u64 phys_end)
{
	u64 huge = pte_bits(VM_WRITE | VM_GLOBAL) | PTE_HUGE;
	u64 ro_start = ALIGN_DOWN((u64)_text_start - KERNEL_VMA, PAGE_SIZE);
	u64 ro_end = ALIGN_UP((u64)_rodata_end - KERNEL_VMA, PAGE_SIZE);

	for (u64 pa = 0; pa < phys_end; pa += PAGE_SIZE_2M) {
		u64 *e;
		if (pa + PAGE_SIZE_2M <= ro_start || pa >= ro_end) {
			if (walk(kernel_space.pml4, DIRECT_MAP_BASE + pa, 2, true, false, &e))
				panic("vm_init: out of memory building the direct map");
			*e = pa | huge;
			continue;
		}
		for (u64 p = pa; p < pa + PAGE_SIZE_2M; p += PAGE_SIZE) {
			bool ro = p >= ro_start && p < ro_end;
			if (walk(kernel_space.pml4, DIRECT_MAP_BASE + p, 3, true, false, &e))
				panic("vm_init: out of memory building the direct map");
			*e = p | pte_bits((ro ? 0 : VM_WRITE) | VM_GLOBAL);
		}
	}
}

static void map_image_section(u8 *start, u8 *end, unsigned flags)
{
	u64 va = (u64)start;
	if (vm_map(&kernel_space, va, va - KERNEL_VMA, (u64)(end - start), flags | VM_GLOBAL))
		panic("vm_init: cannot map kernel section at %p", start);
}

int vm_space_create(struct vm_space *s)
{
	u64 pml4 = pmm_alloc_page();
	if (!pml4)
		return -ENOMEM;
	u64 *dst = phys_to_virt(pml4);
	const u64 *src = phys_to_virt(kernel_space.pml4);
	memset(dst, 0, PAGE_SIZE / 2);
	memcpy(dst + PT_ENTRIES / 2, src + PT_ENTRIES / 2, PAGE_SIZE / 2);
	s->pml4 = pml4;
	return 0;
}

/* Frees the tables below `table` at `level` (0 = PML4) and, at the last
 * level, the user frames they map. */
static void free_user_tables(u64 table_pa, int level, unsigned entries)
{
	u64 *t = phys_to_virt(table_pa);
	for (unsigned i = 0; i < entries; i++) {
		if (level == 3 ? !pte_has_frame(t[i]) : !(t[i] & PTE_PRESENT))
			continue;
		if (level == 3 || (t[i] & PTE_HUGE))
			page_put(t[i] & PTE_ADDR_MASK); /* shared pages stay */
		else
			free_user_tables(t[i] & PTE_ADDR_MASK, level + 1, PT_ENTRIES);
	}
	if (level > 0)
		pmm_free_page(table_pa);
}

void vm_space_destroy(struct vm_space *s)
{
	BUG_ON(is_current(s));
	free_user_tables(s->pml4, 0, PT_ENTRIES / 2);
	pmm_free_page(s->pml4);
	s->pml4 = 0;
}

void vm_space_activate(struct vm_space *s)
{
	struct percpu *cpu = this_cpu();
	struct vm_space *old = cpu->vm_active;
	u64 bit = 1ULL << cpu->cpu_id;

	if (old && old != s)
		__atomic_fetch_and(&old->cpus, ~bit, __ATOMIC_SEQ_CST);
	__atomic_fetch_or(&s->cpus, bit, __ATOMIC_SEQ_CST);
	cpu->vm_active = s;
	write_cr3(s->pml4);
}

/* The kernel half's top-level entries must all exist before the first
 * user space copies them: create the tables for every region now. */
static void precreate_kernel_regions(void)
{
	static const u64 regions[] = { KERNEL_HEAP_BASE, KERNEL_MMIO_BASE, KERNEL_STACKS_BASE,
				       KERNEL_TEST_BASE };
	for (size_t i = 0; i < ARRAY_SIZE(regions); i++) {
		u64 *pdpte;
		if (walk(kernel_space.pml4, regions[i], 1, true, false, &pdpte))
			panic("vm_init: out of memory for the kernel's tables");
	}
}

void vm_init(u64 phys_end)
{
	phys_end = ALIGN_UP(phys_end, PAGE_SIZE_2M);
	if (phys_end > DIRECT_MAP_MAX)
		phys_end = DIRECT_MAP_MAX;

	kernel_space.pml4 = alloc_table();
	if (!kernel_space.pml4)
		panic("vm_init: no memory for the kernel's page tables");
	map_direct(phys_end);
	map_image_section(_text_start, _text_end, VM_EXEC);
	map_image_section(_rodata_start, _rodata_end, 0);
	map_image_section(_data_start, _bss_end, VM_WRITE);
	precreate_kernel_regions();

	write_cr3(kernel_space.pml4);
	kstack_unmap_guards();
	pr_info("vm: direct map of %llu MiB (its alias of text and rodata R), kernel text RX, "
		"rodata R, data RW+NX; "
		"%llu page-table pages\n",
		(unsigned long long)(phys_end >> 20), (unsigned long long)kernel_table_pages);
}
