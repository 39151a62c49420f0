/*
 * test_syscall.c - self-tests of the system-call machinery that can run
 * before any program: the MSRs, the per-CPU block behind GS, the dispatch
 * table's gaps, and the user-memory helpers against unmapped, partially
 * mapped, kernel and non-canonical addresses (a user page is mapped into
 * the kernel's tables for the duration of a test).
 */
#include "test/ktest.h"
#include "syscall/syscall.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/percpu.h"
#include "mm/uaccess.h"
#include "mm/pmm.h"
#include "lib/string.h"
#include "errno.h"

extern void syscall_entry(void);

#define TEST_USER_PAGE 0x0000000000400000ULL

KTEST(syscall_msrs)
{
	KT_CHECK(rdmsr(MSR_EFER) & EFER_SCE);
	KT_CHECK_EQ(rdmsr(MSR_STAR), 0x0023001000000000ULL);
	KT_CHECK_EQ(rdmsr(MSR_LSTAR), (u64)syscall_entry);
	KT_CHECK_EQ(rdmsr(MSR_FMASK), 0x257FD5);
	/* What SYSCALL and SYSRET will load, computed from STAR itself. */
	u64 star = rdmsr(MSR_STAR);
	KT_CHECK_EQ((star >> 32) & 0xFFFF, GDT_KERNEL_CS);
	KT_CHECK_EQ(((star >> 32) & 0xFFFF) + 8, GDT_KERNEL_DS);
	KT_CHECK_EQ((((star >> 48) & 0xFFFF) + 16) | 3, GDT_USER_CS);
	KT_CHECK_EQ((((star >> 48) & 0xFFFF) + 8) | 3, GDT_USER_DS);
}

KTEST(percpu_gs)
{
	struct percpu *cpu = this_cpu();
	KT_CHECK(cpu == &percpu_blocks[0]);
	KT_CHECK(cpu->self == cpu);
	KT_CHECK_EQ(rdmsr(MSR_GS_BASE), (u64)cpu);
	KT_CHECK_EQ(cpu->cpu_id, 0);
}

KTEST(syscall_table_gaps)
{
	KT_CHECK(NR_SYSCALLS > 334);
	for (unsigned n = 0; n < NR_SYSCALLS; n++)
		KT_CHECK(syscall_table[n] != NULL);
	/* Linux has no calls 335-423 here; MinOS's table matches. */
	KT_CHECK_EQ(syscall_table[400](0, 0, 0, 0, 0, 0), -ENOSYS);
	KT_CHECK(syscall_names[1] && strcmp(syscall_names[1], "write") == 0);
	KT_CHECK(syscall_names[231] && strcmp(syscall_names[231], "exit_group") == 0);
}

KTEST(uaccess_bad_ranges)
{
	char buf[32];
	/* Outside the user half: refused before any access. */
	KT_CHECK_EQ(copy_from_user(buf, (void *)0xFFFFFFFF80000000ULL, 8), 8);
	KT_CHECK_EQ(copy_from_user(buf, (void *)(1ULL << 47), 8), 8);
	KT_CHECK_EQ(copy_from_user(buf, (void *)~0ULL, 1), 1);
	KT_CHECK_EQ(copy_to_user((void *)(USER_TOP - 4), buf, 8), 8);
	KT_CHECK_EQ(copy_from_user(buf, (void *)0x1000, ~0ULL - 0x800), ~0ULL - 0x800);
	KT_CHECK(!access_ok(USER_TOP - 4, 8));
	KT_CHECK(access_ok(USER_TOP - 8, 8));
	KT_CHECK(!access_ok(0x1000, ~0ULL));
	/* In the user half but unmapped: the fault is caught. */
	KT_CHECK_EQ(copy_from_user(buf, (void *)TEST_USER_PAGE, 8), 8);
	KT_CHECK_EQ(strncpy_from_user(buf, (void *)TEST_USER_PAGE, 8), -EFAULT);
	KT_CHECK_EQ(clear_user((void *)TEST_USER_PAGE, 8), 8);
}

KTEST(uaccess_page_boundary)
{
	struct vm_space *k = vm_kernel_space();
	u64 pa = pmm_alloc_page();
	char buf[64];
	u8 *page = phys_to_virt(pa);

	memset(page, 'x', PAGE_SIZE);
	KT_CHECK_EQ(vm_map(k, TEST_USER_PAGE, pa, PAGE_SIZE, VM_USER | VM_WRITE), 0);
	u8 *end = (u8 *)TEST_USER_PAGE + PAGE_SIZE;

	/* 16 bytes mapped, then the unmapped next page: a short copy. */
	KT_CHECK_EQ(copy_from_user(buf, end - 16, 32), 16);
	KT_CHECK(buf[0] == 'x' && buf[15] == 'x');
	KT_CHECK_EQ(copy_to_user(end - 8, "12345678abcdefgh", 16), 8);
	KT_CHECK(memcmp(page + PAGE_SIZE - 8, "12345678", 8) == 0);
	KT_CHECK_EQ(clear_user(end - 4, 8), 4);
	KT_CHECK(page[PAGE_SIZE - 1] == 0);

	/* Strings: terminated, too long, and running into the hole. */
	memcpy(page, "hello", 6);
	KT_CHECK_EQ(strncpy_from_user(buf, (void *)TEST_USER_PAGE, sizeof(buf)), 5);
	KT_CHECK(strcmp(buf, "hello") == 0);
	KT_CHECK_EQ(strncpy_from_user(buf, (void *)TEST_USER_PAGE, 3), -ENAMETOOLONG);
	memset(page + PAGE_SIZE - 8, 'y', 8);
	KT_CHECK_EQ(strncpy_from_user(buf, (const char *)end - 8, sizeof(buf)), -EFAULT);

	/* Read-only user page: a write is refused (CR0.WP), a read works. */
	KT_CHECK_EQ(vm_protect(k, TEST_USER_PAGE, PAGE_SIZE, VM_USER), 0);
	KT_CHECK_EQ(copy_to_user((void *)TEST_USER_PAGE, "z", 1), 1);
	KT_CHECK_EQ(copy_from_user(buf, (void *)TEST_USER_PAGE, 6), 0);
	KT_CHECK(strcmp(buf, "hello") == 0);

	KT_CHECK_EQ(vm_unmap(k, TEST_USER_PAGE, PAGE_SIZE), 0);
	pmm_free_page(pa);
}
