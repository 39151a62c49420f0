/*
 * sc-arch-prctl - arch_prctl(2): the FS and GS bases start at 0, SET_FS
 * followed by GET_FS gives the address back, %fs:N then reads and writes
 * the buffer at that address, FS can be set back to 0, bases outside the
 * user half are refused, unknown codes give -EINVAL. Expected:
 * arch_prctl(2) and a run on the reference Linux (the -EPERM for addresses
 * outside the user half is Linux's do_arch_prctl_64).
 */
#include <asm/prctl.h>
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "check.h"

#define EINVAL_RESULT (-22L)
#define EPERM_RESULT (-1L)

static unsigned long tls_block[4] = {
	0x1122334455667788UL, 0x99aabbccddeeff00UL, 0, 0,
};

static long raw(int code, unsigned long addr)
{
	return __syscall2(__NR_arch_prctl, code, (long)addr);
}

static unsigned long fs_read(unsigned long offset)
{
	unsigned long v;

	__asm__ volatile("mov %%fs:(%1), %0" : "=r"(v) : "r"(offset) : "memory");
	return v;
}

static void fs_write(unsigned long offset, unsigned long v)
{
	__asm__ volatile("mov %0, %%fs:(%1)" : : "r"(v), "r"(offset) : "memory");
}

int main(void)
{
	unsigned long base = 1;

	check_result("ARCH_GET_FS at start", raw(ARCH_GET_FS, (uintptr_t)&base), 0);
	check("FS base is 0 at start", base == 0);
	base = 1;
	check_result("ARCH_GET_GS at start", raw(ARCH_GET_GS, (uintptr_t)&base), 0);
	check("GS base is 0 at start", base == 0);

	check_result("ARCH_SET_FS to a buffer", raw(ARCH_SET_FS, (uintptr_t)tls_block), 0);
	base = 0;
	check_result("ARCH_GET_FS", raw(ARCH_GET_FS, (uintptr_t)&base), 0);
	check("ARCH_GET_FS gives the buffer back", base == (uintptr_t)tls_block);
	check("%fs:0 reads the buffer", fs_read(0) == tls_block[0]);
	check("%fs:8 reads the buffer", fs_read(8) == tls_block[1]);
	fs_write(16, 0x0123456789abcdefUL);
	check("%fs:16 writes the buffer", tls_block[2] == 0x0123456789abcdefUL);

	/* Bases outside the user half are refused; FS keeps its value. */
	check_result("ARCH_SET_FS to 1 << 47", raw(ARCH_SET_FS, 1UL << 47), EPERM_RESULT);
	check_result("ARCH_SET_FS to 0xffffffff80000000",
		     raw(ARCH_SET_FS, 0xffffffff80000000UL), EPERM_RESULT);
	check("FS base unchanged after refusals", fs_read(0) == tls_block[0]);

	check_result("ARCH_SET_FS to 0", raw(ARCH_SET_FS, 0), 0);
	base = 1;
	check_result("ARCH_GET_FS after setting 0", raw(ARCH_GET_FS, (uintptr_t)&base), 0);
	check("FS base is 0 again", base == 0);

	check_result("arch_prctl(0x9999)", raw(0x9999, 0), EINVAL_RESULT);
	check_result("arch_prctl(0)", raw(0, 0), EINVAL_RESULT);
	errno = 0;
	check("libc arch_prctl(0x9999): -1 EINVAL",
	      arch_prctl(0x9999, 0) == -1 && errno == EINVAL);
	return check_exit();
}
