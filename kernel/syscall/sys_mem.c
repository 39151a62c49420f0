/*
 * sys_mem.c - brk(2), Linux's semantics: brk(addr) moves the end of the
 * heap to addr and returns the new end; brk(0), an address below the
 * heap's start, past the limit below the stack, or a move that finds no
 * memory leaves it where it was and returns the old end (that is how
 * failure is reported). Pages are mapped or freed a whole page at a time,
 * zeroed when they appear.
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "mm/pmm.h"
#include "lib/string.h"

static void free_range(struct vm_space *vm, u64 start, u64 end)
{
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		u64 pa;
		if (vm_translate(vm, va, &pa, NULL) == 0) {
			vm_unmap(vm, va, PAGE_SIZE);
			pmm_free_page(pa);
		}
	}
}

long sys_brk(u64 addr)
{
	struct task *t = current_task();
	u64 old_end = ALIGN_UP(t->brk, PAGE_SIZE);

	if (addr < t->brk_start || addr > t->brk_limit)
		return (long)t->brk;
	u64 new_end = ALIGN_UP(addr, PAGE_SIZE);

	for (u64 va = old_end; va < new_end; va += PAGE_SIZE) {
		u64 pa = pmm_alloc_page();
		if (pa) {
			memset(phys_to_virt(pa), 0, PAGE_SIZE);
			if (vm_map(&t->vm, va, pa, PAGE_SIZE, VM_USER | VM_WRITE) == 0)
				continue;
			pmm_free_page(pa);
		}
		free_range(&t->vm, old_end, va);
		return (long)t->brk;
	}
	free_range(&t->vm, new_end, old_end);
	t->brk = addr;
	return (long)addr;
}
