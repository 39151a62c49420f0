/*
 * kstack.c - kernel stacks and their guard pages (kstack.h): the registry
 * of guard pages below the static stacks (boot, IST), and task stacks in
 * the stacks region. Each task stack owns a slot of KSTACK_SLOT bytes of
 * which only the top KSTACK_PAGES are mapped; the rest of the slot below
 * is the guard gap.
 * With several CPUs running tasks, a freed stack is unmapped from this
 * CPU's TLB only and its slot waits in dirty_slots; one TLB shootdown
 * cleans them all when the free slots run out, before any of them is
 * mapped again, so a stack's end costs no IPI of its own.
 * Locking: the slots (free_slots, dirty_slots, next_slot) under the kernel
 * lock (arch/x86_64/klock.h), or at boot (the APs' stacks); the guard
 * registry is written once at boot, read-only after.
 */
#include "mm/kstack.h"
#include "mm/vm.h"
#include "mm/page.h"
#include "mm/pmm.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/tlb.h"
#include "panic.h"

#define MAX_GUARDS 16

extern u8 boot_stack_guard[];

#define KSTACK_SLOT (8 * PAGE_SIZE)
#define KSTACK_SLOTS (KERNEL_STACKS_MAX / KSTACK_SLOT)

static u64 guards[MAX_GUARDS];

static void kstack_free_range(u64 start, u64 end);

static bool in_stack_region(u64 addr)
{
	return addr >= KERNEL_STACKS_BASE && addr < KERNEL_STACKS_BASE + KERNEL_STACKS_MAX;
}

static unsigned nguards;

void kstack_register_guard(void *guard_page)
{
	BUG_ON(nguards == MAX_GUARDS);
	BUG_ON((u64)guard_page & (PAGE_SIZE - 1));
	guards[nguards++] = (u64)guard_page;
}

void kstack_unmap_guards(void)
{
	kstack_register_guard(boot_stack_guard);
	for (unsigned i = 0; i < nguards; i++)
		vm_unmap(vm_kernel_space(), guards[i], PAGE_SIZE);
}

bool kstack_is_guard(u64 addr)
{
	/* Below every task stack, the unmapped rest of its slot. */
	if (in_stack_region(addr) &&
	    (addr - KERNEL_STACKS_BASE) % KSTACK_SLOT < KSTACK_SLOT - KSTACK_PAGES * PAGE_SIZE)
		return true;
	for (unsigned i = 0; i < nguards; i++)
		if (addr >= guards[i] && addr < guards[i] + PAGE_SIZE)
			return true;
	return false;
}


static u64 next_slot;
static u64 free_slots[64];
static unsigned nfree_slots;
static u64 dirty_slots[64]; /* unmapped, maybe still in other CPUs' TLBs */
static unsigned ndirty_slots;

/* Every CPU forgets the dirty slots' old translations, this one too (a
 * slot another CPU freed may still be in its TLB); they become free. */
static void clean_dirty_slots(void)
{
	tlb_flush_here();
	tlb_shootdown(tlb_cpus());
	while (ndirty_slots && nfree_slots < ARRAY_SIZE(free_slots))
		free_slots[nfree_slots++] = dirty_slots[--ndirty_slots];
	ndirty_slots = 0; /* any left over are forgotten, as free_slots overflowing is */
}


u64 kstack_alloc(void)
{
	u64 slot;
	if (!nfree_slots && ndirty_slots)
		clean_dirty_slots();
	if (nfree_slots)
		slot = free_slots[--nfree_slots];
	else if (next_slot < KSTACK_SLOTS)
		slot = next_slot++;
	else
		return 0;

	u64 top = KERNEL_STACKS_BASE + (slot + 1) * KSTACK_SLOT;
	u64 bottom = top - KSTACK_PAGES * PAGE_SIZE;
	for (u64 va = bottom; va < top; va += PAGE_SIZE) {
		u64 pa = pmm_alloc_page();
		if (!pa || vm_map(vm_kernel_space(), va, pa, PAGE_SIZE, VM_WRITE | VM_GLOBAL)) {
			if (pa)
				pmm_free_page(pa);
			kstack_free_range(bottom, va);
			free_slots[nfree_slots++] = slot;
			return 0;
		}
	}
	return top;
}

/* Unmaps the range, flushing this CPU's TLB (the others' wait for
 * clean_dirty_slots), and only then gives its frames back. */
static void kstack_free_range(u64 start, u64 end)
{
	u64 frames[KSTACK_SLOT / PAGE_SIZE];
	unsigned n = 0;

	BUG_ON(end - start > KSTACK_SLOT);
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		u64 pa;
		if (vm_translate(vm_kernel_space(), va, &pa, NULL) == 0)
			frames[n++] = pa;
	}
	if (!n)
		return;
	vm_unmap_local(vm_kernel_space(), start, end - start);
	while (n)
		pmm_free_page(frames[--n]);
}

void kstack_free(u64 top)
{
	BUG_ON(!in_stack_region(top - 1) || (top - KERNEL_STACKS_BASE) % KSTACK_SLOT);
	kstack_free_range(top - KSTACK_PAGES * PAGE_SIZE, top);
	u64 slot = (top - KERNEL_STACKS_BASE) / KSTACK_SLOT - 1;
	if (tlb_cpus() == 1ULL << this_cpu()->cpu_id) { /* no other TLB to mind */
		if (nfree_slots < ARRAY_SIZE(free_slots))
			free_slots[nfree_slots++] = slot;
		return;
	}
	if (ndirty_slots == ARRAY_SIZE(dirty_slots))
		clean_dirty_slots();
	dirty_slots[ndirty_slots++] = slot;
}
