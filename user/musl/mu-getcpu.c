/*
 * mu-getcpu - getcpu(2) with good and bad arguments: both pointers NULL
 * is 0; pinned to CPU 0 first, the CPU and node are 0 and 0 on a machine
 * with any number of CPUs; a CPU or node pointer at an unmapped or kernel
 * address is EFAULT; the third argument (the cache Linux ignores since
 * 2.6.24) may be anything. Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <sys/syscall.h>

#include "mu-check.h"

static long gc(void *cpu, void *node, void *cache)
{
	return syscall(SYS_getcpu, cpu, node, cache);
}

int main(void)
{
	check_start();
	unsigned cpu = 99, node = 99;
	cpu_set_t only0;
	CPU_ZERO(&only0);
	CPU_SET(0, &only0);
	check_eq("pinned to CPU 0", sched_setaffinity(0, sizeof(only0), &only0), 0);
	check_eq("both pointers NULL", gc(NULL, NULL, NULL), 0);
	check_eq("cpu and node", gc(&cpu, &node, NULL), 0);
	check_eq("  the cpu", cpu, 0);
	check_eq("  the node", node, 0);
	cpu = 99;
	check_eq("cpu only", gc(&cpu, NULL, NULL), 0);
	check_eq("  the cpu", cpu, 0);
	check_eq("a cache pointer nothing maps", gc(&cpu, &node, (void *)8), 0);
	check_errno("cpu pointer nothing maps", gc((void *)8, NULL, NULL), EFAULT);
	check_errno("node pointer nothing maps", gc(NULL, (void *)8, NULL), EFAULT);
	check_errno("cpu pointer in the kernel half", gc((void *)0xffffffff80000000UL, &node, NULL),
		    EFAULT);
	check_errno("node pointer non-canonical", gc(&cpu, (void *)0x0000800000000000UL, NULL),
		    EFAULT);
	check_errno("cpu pointer into read-only text", gc((void *)main, NULL, NULL), EFAULT);
	return check_exit();
}
