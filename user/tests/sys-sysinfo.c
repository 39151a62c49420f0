/*
 * sys-sysinfo - sysinfo(2) through the raw call: the structure has
 * Linux's 112-byte layout, memory is counted in bytes (mem_unit 1, as on
 * every 64-bit Linux), free memory fits in total memory, at least one
 * process runs, the uptime matches CLOCK_BOOTTIME, no high memory exists,
 * every padding byte comes back zero, and bad pointers give -EFAULT. The
 * numbers differ between machines and are never printed, only ok or FAIL.
 * Expected: a run on the reference Linux.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <uapi/misc.h>
#include <uapi/time.h>
#include <unistd.h>

#include "check.h"

#define MiB (1UL << 20)
#define PAGE 4096UL
#define SYSINFO_SIZE 112 /* sizeof(struct sysinfo) on x86-64 Linux */
#define KERNEL_ADDR 0xffffffff80000000UL

static const struct sysinfo ro_info = { .uptime = 1 };

static long sys_sysinfo(unsigned long p)
{
	return __syscall1(__NR_sysinfo, (long)p);
}

/* Bytes [from, to) of the structure are all zero. */
static int zero_bytes(const struct sysinfo *si, size_t from, size_t to)
{
	const unsigned char *b = (const unsigned char *)si;
	for (size_t i = from; i < to; i++)
		if (b[i])
			return 0;
	return 1;
}

int main(void)
{
	struct sysinfo si;
	struct timespec before, after;

	check("struct sysinfo is 112 bytes", sizeof(si) == SYSINFO_SIZE);
	memset(&si, 0xff, sizeof(si));
	__syscall2(__NR_clock_gettime, CLOCK_BOOTTIME, (long)&before);
	long rc = sys_sysinfo((unsigned long)&si);
	__syscall2(__NR_clock_gettime, CLOCK_BOOTTIME, (long)&after);
	check_result("sysinfo(&info)", rc, 0);

	check("mem_unit is 1", si.mem_unit == 1);
	check("totalram >= freeram", si.totalram >= si.freeram);
	check("freeram > 0", si.freeram > 0);
	check("totalram >= 16 MiB", si.totalram >= 16 * MiB);
	check("totalram is whole pages", si.totalram % PAGE == 0);
	check("totalswap >= freeswap", si.totalswap >= si.freeswap);
	check("no high memory", si.totalhigh == 0 && si.freehigh == 0);
	check("procs >= 1", si.procs >= 1);
	/* Linux rounds a started second up. */
	check("uptime matches CLOCK_BOOTTIME",
	      si.uptime >= before.tv_sec && si.uptime <= after.tv_sec + 1);
	check("pad is zero", si.pad == 0);
	check("padding after pad is zero",
	      zero_bytes(&si, offsetof(struct sysinfo, pad) + sizeof(si.pad),
			 offsetof(struct sysinfo, totalhigh)));
	check("padding after mem_unit is zero",
	      zero_bytes(&si, offsetof(struct sysinfo, mem_unit) + sizeof(si.mem_unit), sizeof(si)));

	check_result("sysinfo(NULL)", sys_sysinfo(0), -EFAULT);
	check_result("sysinfo(0xffffffff80000000)", sys_sysinfo(KERNEL_ADDR), -EFAULT);
	check_result("sysinfo(~0)", sys_sysinfo(~0UL), -EFAULT);
	check_result("sysinfo(rodata)", sys_sysinfo((unsigned long)&ro_info), -EFAULT);
	check("rodata unchanged", ro_info.uptime == 1 && ro_info.totalram == 0);

	/* A structure that runs into an unmapped page. */
	unsigned long old = (unsigned long)sbrk(0);
	unsigned long top = ((old + PAGE - 1) & ~(PAGE - 1)) + PAGE;
	if (brk((void *)top) < 0) {
		printf("brk to a page boundary: FAIL\n");
		return 1;
	}
	*(volatile char *)(top - 1) = 0;
	check_result("sysinfo(56 mapped + 56 unmapped bytes)", sys_sysinfo(top - SYSINFO_SIZE / 2),
		     -EFAULT);
	check_result("sysinfo(the page above the break)", sys_sysinfo(top), -EFAULT);
	brk((void *)old);
	return check_exit();
}
