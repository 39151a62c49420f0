/*
 * sc-efault - every pointer argument of read, write, uname and
 * arch_prctl(ARCH_GET_FS) given a bad address: NULL, the kernel half, the
 * first non-canonical address, all ones, unmapped user pages, buffers that
 * run from mapped into unmapped memory or wrap around the address space,
 * and read-only memory the kernel would have to write. The kernel must
 * answer, not crash or fault the process. Expected: a run on the
 * reference Linux with stdin from /dev/null (or an empty pipe) and stdout
 * a pipe; the expectations below are those results (tests/user.tests
 * compares them).
 *
 * Assumptions: 0x10000000 is unmapped in a static non-PIE program (text at
 * 0x400000, heap just above bss, stack and mmap near the top of the user
 * half). The page above a page-aligned break is unmapped: the test moves
 * the break to a page boundary and uses the page after it.
 */
#include <asm/prctl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "check.h"

#define PAGE 4096UL
#define EFAULT_RESULT (-14L)

/* Nonzero, so it is placed in .rodata, not .bss. */
static const struct utsname ro_uts = { .sysname = "read-only" };
static char buf[64];

static long sys_write(unsigned long p, unsigned long n)
{
	return __syscall3(__NR_write, 1, (long)p, (long)n);
}
static long sys_read(unsigned long p, unsigned long n)
{
	return __syscall3(__NR_read, 0, (long)p, (long)n);
}
static long sys_uname(unsigned long p)
{
	return __syscall1(__NR_uname, (long)p);
}
static long sys_get_fs(unsigned long p)
{
	return __syscall2(__NR_arch_prctl, ARCH_GET_FS, (long)p);
}

/*
 * One bad address through all four calls. read_want: what read() from an
 * empty stdin returns when the kernel's range check lets the address pass
 * (Linux does not touch the buffer at end of file: 0).
 */
static void bad_pointer(const char *name, unsigned long p, long read_want)
{
	char what[96];

	snprintf(what, sizeof(what), "write(1, %s, 1)", name);
	check_result(what, sys_write(p, 1), EFAULT_RESULT);
	snprintf(what, sizeof(what), "read(0, %s, 1)", name);
	check_result(what, sys_read(p, 1), read_want);
	snprintf(what, sizeof(what), "uname(%s)", name);
	check_result(what, sys_uname(p), EFAULT_RESULT);
	snprintf(what, sizeof(what), "arch_prctl(ARCH_GET_FS, %s)", name);
	check_result(what, sys_get_fs(p), EFAULT_RESULT);
}

int main(void)
{
	/* Pointers the range check refuses before looking at memory. */
	bad_pointer("NULL", 0, 0);
	bad_pointer("0xffffffff80000000", 0xffffffff80000000UL, EFAULT_RESULT);
	bad_pointer("1 << 47", 1UL << 47, EFAULT_RESULT);
	bad_pointer("~0", ~0UL, EFAULT_RESULT);
	bad_pointer("0x10000000 (unmapped)", 0x10000000UL, 0);

	/* A mapped page [top - PAGE, top) with nothing mapped above it. */
	unsigned long old = (unsigned long)sbrk(0);
	unsigned long top = ((old + PAGE - 1) & ~(PAGE - 1)) + PAGE;
	if (brk((void *)top) < 0) {
		printf("brk to a page boundary: FAIL\n");
		return 1;
	}
	bad_pointer("the page above the break", top, 0);

	/*
	 * Buffers that start mapped and run into the unmapped page. What
	 * Linux's write() does depends on the file: a pipe or a tty takes
	 * nothing and returns -EFAULT; a regular file takes the 16 mapped
	 * bytes and returns 16 (that is why they hold a line of text).
	 */
	char *tail = (char *)top - 16;
	memcpy(tail, "partial write!!\n", 16);
	check_result("write(1, 16 mapped + 16 unmapped bytes, 32)",
		     sys_write((unsigned long)tail, 32), EFAULT_RESULT);
	check_result("read(0, 16 mapped + 16 unmapped bytes, 32)",
		     sys_read((unsigned long)tail, 32), 0);
	check_result("uname(100 mapped bytes + unmapped)",
		     sys_uname(top - 100), EFAULT_RESULT);
	check_result("arch_prctl(ARCH_GET_FS, 4 mapped bytes + unmapped)",
		     sys_get_fs(top - 4), EFAULT_RESULT);

	/* ptr + len wraps past 2^64 (to 1). */
	unsigned long wrap = ~0UL - (uintptr_t)buf + 2;
	check_result("write(1, buf, len wrapping the address space)",
		     sys_write((uintptr_t)buf, wrap), EFAULT_RESULT);
	check_result("read(0, buf, len wrapping the address space)",
		     sys_read((uintptr_t)buf, wrap), EFAULT_RESULT);

	/* Read-only memory where the kernel must write. */
	check_result("read(0, text, 16)", sys_read((uintptr_t)main, 16), 0);
	check_result("uname(rodata)", sys_uname((uintptr_t)&ro_uts), EFAULT_RESULT);
	check_result("arch_prctl(ARCH_GET_FS, rodata)",
		     sys_get_fs((uintptr_t)&ro_uts), EFAULT_RESULT);
	check_result("arch_prctl(ARCH_GET_FS, text)",
		     sys_get_fs((uintptr_t)main), EFAULT_RESULT);
	check("rodata unchanged", strcmp(ro_uts.sysname, "read-only") == 0);

	brk((void *)old);
	return check_exit();
}
