/*
 * test_mm.c - self-tests of memory management on the running kernel: the
 * page allocator against the real memory map, the paging API on live page
 * tables, W^X of the kernel image, guard pages, NX/SMEP/SMAP and the heap.
 * Faults the tests cause on purpose are caught through the exception fixup
 * table (probe_read_u8/probe_write_u8) or a trap hook, never left to crash.
 */
#include "test/ktest.h"
#include "mm/pmm.h"
#include "mm/vm.h"
#include "mm/heap.h"
#include "mm/kstack.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/extable.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/paging.h"
#include "lib/string.h"
#include "errno.h"

extern u8 _text_start[], _text_end[], _rodata_start[], _rodata_end[];
extern u8 _data_start[], _bss_end[], boot_stack_guard[];

/* A corner of the kernel half that nothing else uses. */
#define TEST_VA KERNEL_TEST_BASE
/* A user address, mapped briefly into the kernel's tables for SMEP/SMAP. */
#define TEST_USER_VA 0x0000000000400000ULL

KTEST(pmm_alloc_free)
{
	u64 before = pmm_free_pages();
	u64 pages[64];

	for (unsigned i = 0; i < ARRAY_SIZE(pages); i++) {
		pages[i] = pmm_alloc_page();
		KT_CHECK(pages[i] != 0);
		KT_CHECK((pages[i] & (PAGE_SIZE - 1)) == 0);
		memset(phys_to_virt(pages[i]), (int)i, PAGE_SIZE);
	}
	KT_CHECK_EQ(pmm_free_pages(), before - ARRAY_SIZE(pages));
	for (unsigned i = 0; i < ARRAY_SIZE(pages); i++) {
		const u8 *p = phys_to_virt(pages[i]);
		KT_CHECK(p[0] == (u8)i && p[PAGE_SIZE - 1] == (u8)i);
		for (unsigned j = 0; j < i; j++)
			KT_CHECK(pages[i] != pages[j]);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(pages); i++)
		pmm_free_page(pages[i]);
	KT_CHECK_EQ(pmm_free_pages(), before);
}

/* Takes every free page (chained through the pages themselves), checks the
 * allocator then reports exhaustion with 0, and gives them all back. */
KTEST(pmm_exhaustion)
{
	u64 before = pmm_free_pages(), head = 0, count = 0, pa;

	while ((pa = pmm_alloc_page()) != 0) {
		*(u64 *)phys_to_virt(pa) = head;
		head = pa;
		count++;
	}
	KT_CHECK_EQ(count, before);
	KT_CHECK_EQ(pmm_free_pages(), 0);
	KT_CHECK_EQ(pmm_alloc_page(), 0);
	while (head) {
		u64 next = *(u64 *)phys_to_virt(head);
		pmm_free_page(head);
		head = next;
	}
	KT_CHECK_EQ(pmm_free_pages(), before);
}

KTEST(vm_map_translate_protect_unmap)
{
	struct vm_space *k = vm_kernel_space();
	u64 pa = pmm_alloc_page(), got;
	unsigned flags;
	u8 byte;

	KT_CHECK(pa != 0);
	KT_CHECK_EQ(vm_map(k, TEST_VA, pa, PAGE_SIZE, VM_WRITE), 0);
	KT_CHECK_EQ(vm_translate(k, TEST_VA + 123, &got, &flags), 0);
	KT_CHECK_EQ(got, pa + 123);
	KT_CHECK(flags & VM_WRITE);
	KT_CHECK(!(flags & VM_USER));
	KT_CHECK(!(flags & VM_EXEC) || !cpu_features.nx);

	/* The new mapping and the direct map reach the same frame. */
	*(volatile u64 *)TEST_VA = 0x1122334455667788ULL;
	KT_CHECK_EQ(*(volatile u64 *)phys_to_virt(pa), 0x1122334455667788ULL);

	/* Read-only: with CR0.WP the kernel itself cannot write it. */
	KT_CHECK_EQ(vm_protect(k, TEST_VA, PAGE_SIZE, 0), 0);
	KT_CHECK_EQ(vm_translate(k, TEST_VA, NULL, &flags), 0);
	KT_CHECK(!(flags & VM_WRITE));
	KT_CHECK_EQ(probe_read_u8((void *)TEST_VA, &byte), 0);
	KT_CHECK_EQ(byte, 0x88);
	KT_CHECK_EQ(probe_write_u8((void *)TEST_VA, 1), -EFAULT);
	KT_CHECK_EQ(*(volatile u8 *)TEST_VA, 0x88);

	KT_CHECK_EQ(vm_unmap(k, TEST_VA, PAGE_SIZE), 0);
	KT_CHECK_EQ(vm_translate(k, TEST_VA, NULL, NULL), -ENOENT);
	KT_CHECK(!vm_is_mapped(TEST_VA));
	KT_CHECK_EQ(probe_read_u8((void *)TEST_VA, &byte), -EFAULT);
	pmm_free_page(pa);
}

KTEST(vm_rejects_bad_requests)
{
	struct vm_space *k = vm_kernel_space();
	u64 pa = pmm_alloc_page();

	KT_CHECK_EQ(vm_map(k, TEST_VA + 1, pa, PAGE_SIZE, VM_WRITE), -EINVAL);
	KT_CHECK_EQ(vm_map(k, TEST_VA, pa + 1, PAGE_SIZE, VM_WRITE), -EINVAL);
	KT_CHECK_EQ(vm_map(k, TEST_VA, pa, 0, VM_WRITE), -EINVAL);
	KT_CHECK_EQ(vm_map(k, TEST_VA, pa, PAGE_SIZE, VM_WRITE | VM_EXEC), -EINVAL);
	KT_CHECK_EQ(vm_map(k, TEST_VA, pa, PAGE_SIZE, VM_USER), -EINVAL);
	KT_CHECK_EQ(vm_map(k, USER_TOP, pa, PAGE_SIZE, VM_USER), -EINVAL);
	KT_CHECK_EQ(vm_map(k, 0x1000, pa, PAGE_SIZE, 0), -EINVAL);
	KT_CHECK_EQ(vm_map(k, ~0ULL & ~(PAGE_SIZE - 1), pa, 2 * PAGE_SIZE, 0), -EINVAL);
	KT_CHECK_EQ(vm_map(k, TEST_VA, pa, PAGE_SIZE, 0), 0);
	KT_CHECK_EQ(vm_map(k, TEST_VA, pa, PAGE_SIZE, 0), -EEXIST);
	/* A range whose second page is taken maps nothing at all. */
	KT_CHECK_EQ(vm_map(k, TEST_VA - PAGE_SIZE, pa, 2 * PAGE_SIZE, 0), -EEXIST);
	KT_CHECK(!vm_is_mapped(TEST_VA - PAGE_SIZE));
	KT_CHECK_EQ(vm_protect(k, TEST_VA, 2 * PAGE_SIZE, 0), -ENOENT);
	KT_CHECK_EQ(vm_unmap(k, TEST_VA, PAGE_SIZE), 0);
	KT_CHECK_EQ(vm_translate(k, 1ULL << 47, NULL, NULL), -EFAULT);
	pmm_free_page(pa);
}

/* Every page of the image has the rights of its section, none is W+X. */
KTEST(kernel_image_wx)
{
	struct vm_space *k = vm_kernel_space();
	unsigned flags;
	u8 byte;

	for (u64 va = (u64)_text_start; va < (u64)_bss_end; va += PAGE_SIZE) {
		if (kstack_is_guard(va))
			continue;
		if (vm_translate(k, va, NULL, &flags)) {
			ktest_fail(__FILE__, __LINE__, "kernel page %lx not mapped", va);
			continue;
		}
		bool text = va < (u64)_text_end;
		bool rodata = va >= (u64)_rodata_start && va < (u64)_rodata_end;
		KT_CHECK(!((flags & VM_WRITE) && (flags & VM_EXEC)));
		KT_CHECK(!!(flags & VM_WRITE) == (!text && !rodata));
		if (cpu_features.nx)
			KT_CHECK(!!(flags & VM_EXEC) == text);
	}
	KT_CHECK_EQ(probe_write_u8(_text_start, 0x90), -EFAULT);
	KT_CHECK_EQ(probe_write_u8(_rodata_start, 0), -EFAULT);
	KT_CHECK_EQ(probe_read_u8(_text_start, &byte), 0);
	KT_CHECK_EQ(probe_write_u8(_data_start, *(volatile u8 *)_data_start), 0);
	/* Nor through the direct map's alias of the same frames. */
	u8 *text_alias = phys_to_virt((u64)_text_start - KERNEL_VMA);
	u8 *rodata_alias = phys_to_virt((u64)_rodata_end - 1 - KERNEL_VMA);
	u8 *data_alias = phys_to_virt((u64)_data_start - KERNEL_VMA);
	KT_CHECK_EQ(probe_read_u8(text_alias, &byte), 0);
	KT_CHECK_EQ(byte, *(volatile u8 *)_text_start);
	KT_CHECK_EQ(probe_write_u8(text_alias, 0x90), -EFAULT);
	KT_CHECK_EQ(probe_write_u8(rodata_alias, 0), -EFAULT);
	KT_CHECK_EQ(probe_write_u8(data_alias, *(volatile u8 *)_data_start), 0);
}

/* The boot identity map is gone and the guard pages are holes. */
KTEST(no_identity_map_and_guard_pages)
{
	u8 byte;

	KT_CHECK(!vm_is_mapped(0));
	KT_CHECK(!vm_is_mapped(0x100000));
	KT_CHECK_EQ(probe_read_u8((void *)0x100000, &byte), -EFAULT);
	KT_CHECK(kstack_is_guard((u64)boot_stack_guard));
	KT_CHECK(!vm_is_mapped((u64)boot_stack_guard));
	KT_CHECK_EQ(probe_read_u8(boot_stack_guard, &byte), -EFAULT);
	KT_CHECK(vm_is_mapped((u64)boot_stack_guard + PAGE_SIZE));
	/* A non-canonical address is a #GP, also caught by the fixup. */
	KT_CHECK_EQ(probe_read_u8((void *)(1ULL << 47), &byte), -EFAULT);
}

KTEST(direct_map)
{
	u64 pa;
	unsigned flags;
	u64 frame = pmm_alloc_page();

	KT_CHECK_EQ(vm_translate(vm_kernel_space(), (u64)phys_to_virt(frame), &pa, &flags), 0);
	KT_CHECK_EQ(pa, frame);
	KT_CHECK(flags & VM_WRITE);
	KT_CHECK(!(flags & VM_EXEC) || !cpu_features.nx);
	KT_CHECK_EQ(virt_to_phys(phys_to_virt(frame)), frame);
	KT_CHECK_EQ(virt_to_phys(_data_start), (u64)_data_start - KERNEL_VMA);
	pmm_free_page(frame);
}

/* Claims the page fault of a call into a non-executable page: resumes at
 * the return address as if the called code had returned. */
static volatile u64 exec_target;
static volatile u64 exec_fault_error;

static bool catch_exec_fault(struct regs *r)
{
	if (r->vector != VEC_PAGE_FAULT || r->rip != exec_target)
		return false;
	exec_fault_error = r->error_code;
	r->rip = *(u64 *)r->rsp;
	r->rsp += 8;
	return true;
}

#define PF_PRESENT (1u << 0)
#define PF_USER (1u << 2)
#define PF_FETCH (1u << 4)

/* Calls code at va; returns the page-fault error code, or 0 if it ran. */
static u64 try_execute(u64 va)
{
	exec_target = va;
	exec_fault_error = 0;
	trap_set_test_hook(catch_exec_fault);
	((void (*)(void))va)();
	trap_set_test_hook(NULL);
	return exec_fault_error;
}

KTEST(nx_heap_and_data)
{
	if (!cpu_features.nx) {
		kprintf("ktest: nx_heap_and_data: this CPU has no NX; checked nothing\n");
		return;
	}
	u8 *code = kmalloc(16);
	code[0] = 0xC3; /* ret */
	u64 err = try_execute((u64)code);
	KT_CHECK(err & PF_FETCH);
	KT_CHECK(err & PF_PRESENT);
	kfree(code);
	static u8 data_ret = 0xC3;
	KT_CHECK(try_execute((u64)&data_ret) & PF_FETCH);
}

KTEST(smep_smap)
{
	struct vm_space *k = vm_kernel_space();
	u64 pa = pmm_alloc_page();
	u8 byte;

	*(u8 *)phys_to_virt(pa) = 0xC3; /* ret */
	KT_CHECK_EQ(vm_map(k, TEST_USER_VA, pa, PAGE_SIZE, VM_USER | VM_EXEC), 0);

	if (cpu_features.smep) {
		KT_CHECK(read_cr4() & CR4_SMEP);
		u64 err = try_execute(TEST_USER_VA);
		KT_CHECK(err & PF_FETCH);
		KT_CHECK(err & PF_PRESENT);
		KT_CHECK(!(err & PF_USER));
	} else {
		kprintf("ktest: smep_smap: SMEP not available; not checked\n");
	}
	if (cpu_features.smap) {
		KT_CHECK(read_cr4() & CR4_SMAP);
		KT_CHECK(!(read_flags() & RFLAGS_AC));
		KT_CHECK_EQ(probe_read_u8((void *)TEST_USER_VA, &byte), -EFAULT);
		stac();
		int err = probe_read_u8((void *)TEST_USER_VA, &byte);
		clac();
		KT_CHECK_EQ(err, 0);
		KT_CHECK_EQ(byte, 0xC3);
	} else {
		kprintf("ktest: smep_smap: SMAP not available or disabled; not checked\n");
	}
	KT_CHECK_EQ(vm_unmap(k, TEST_USER_VA, PAGE_SIZE), 0);
	pmm_free_page(pa);
}

KTEST(heap_alloc_free)
{
	struct heap_stats before, after;
	void *blocks[32];

	heap_get_stats(&before);
	for (unsigned i = 0; i < ARRAY_SIZE(blocks); i++) {
		size_t size = 8u << (i % 12);
		blocks[i] = kmalloc(size);
		KT_CHECK(blocks[i] != NULL);
		KT_CHECK(((u64)blocks[i] & 15) == 0);
		memset(blocks[i], 0xA5, size);
	}
	u8 *z = kzalloc(300);
	KT_CHECK(z && z[0] == 0 && z[299] == 0);
	kfree(z);
	for (unsigned i = 0; i < ARRAY_SIZE(blocks); i++)
		kfree(blocks[i]);
	heap_check();
	heap_get_stats(&after);
	KT_CHECK_EQ(after.bytes_in_use, before.bytes_in_use);
	KT_CHECK_EQ(after.blocks_in_use, before.blocks_in_use);
	/* A request larger than memory fails cleanly and the heap goes on. */
	KT_CHECK(kmalloc(1ULL << 40) == NULL);
	void *p = kmalloc(64);
	KT_CHECK(p != NULL);
	kfree(p);
}
