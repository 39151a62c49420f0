/*
 * kstack.c - the registry of guard pages below the kernel's static stacks
 * (the boot stack, the IST stacks). See kstack.h for the invariant.
 */
#include "mm/kstack.h"
#include "mm/vm.h"
#include "mm/page.h"
#include "panic.h"

#define MAX_GUARDS 16

extern u8 boot_stack_guard[];

static u64 guards[MAX_GUARDS];
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
	for (unsigned i = 0; i < nguards; i++)
		if (addr >= guards[i] && addr < guards[i] + PAGE_SIZE)
			return true;
	return false;
}
