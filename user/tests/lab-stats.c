/*
 * lab-stats - the add-syscall lab's minos_stats (1025, docs/labs/add-syscall.md):
 * "values" checks the figures against sysinfo, CLOCK_MONOTONIC, a fork and 64
 * touched pages; "errors" checks -EINVAL (flags, then size) and -EFAULT. MinOS
 * only; expected: the handout's specification; exit 0 when every check passes.
 */
#include <minos_rawcall.h>
#include <sys/syscall.h>
#include <uapi/minos_stats.h>
#include <uapi/misc.h>
#include <uapi/mman.h>
#include <uapi/time.h>

#include "check.h"

/* asm-generic/errno-base.h */
#define EINVAL_RESULT (-22L)
#define EFAULT_RESULT (-14L)
#define PAGE 4096UL
#define TOUCH_PAGES 64UL
#define NSEC 1000000000L
#define SLEEP_NS 20000000L /* 20 ms */

static long stats(void *buf, unsigned long size, unsigned long flags)
{
	return __syscall6(NR_MINOS_STATS, (long)buf, (long)size, (long)flags, 0, 0, 0);
}

static long mono_ns(void)
{
	struct timespec ts;
	sys(__NR_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0);
	return ts.tv_sec * NSEC + ts.tv_nsec;
}

static void memory_checks(void)
{
	struct minos_stats b, p, after_touch, after_unmap;
	struct sysinfo si;

	check_result("minos_stats(&st, 32, 0)", stats(&b, sizeof(b), 0), 0);
	check_result("minos_stats(&st, 32, MINOS_STATS_PAGES)",
		     stats(&p, sizeof(p), MINOS_STATS_PAGES), 0);
	check("total_mem in bytes is total_mem in pages * 4096",
	      b.total_mem == p.total_mem * MINOS_STATS_PAGE_SIZE && p.total_mem > 0);
	check("0 < free_mem <= total_mem", b.free_mem > 0 && b.free_mem <= b.total_mem &&
	      p.free_mem > 0 && p.free_mem <= p.total_mem);
	check("free_mem in bytes is a whole number of pages", b.free_mem % PAGE == 0);
	check_result("sysinfo(&si)", sys(__NR_sysinfo, (long)&si, 0, 0), 0);
	check("total_mem is sysinfo's totalram * mem_unit",
	      b.total_mem == si.totalram * si.mem_unit);

	/* Touching pages takes frames; unmapping them gives them back. */
	long m = __syscall6(__NR_mmap, 0, (long)(TOUCH_PAGES * PAGE), PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	stats(&b, sizeof(b), MINOS_STATS_PAGES);
	for (unsigned long i = 0; i < TOUCH_PAGES; i++)
		((volatile char *)m)[i * PAGE] = 1;
	stats(&after_touch, sizeof(after_touch), MINOS_STATS_PAGES);
	sys(__NR_munmap, m, (long)(TOUCH_PAGES * PAGE), 0);
	stats(&after_unmap, sizeof(after_unmap), MINOS_STATS_PAGES);
	check("touching 64 pages takes at least 64 free pages",
	      after_touch.free_mem + TOUCH_PAGES <= b.free_mem);
	check("unmapping them gives at least 64 back",
	      after_unmap.free_mem >= after_touch.free_mem + TOUCH_PAGES);
}

static void process_checks(void)
{
	struct minos_stats before, during, after;
	struct sysinfo si;
	int fds[2];
	char c;

	stats(&before, sizeof(before), 0);
	sys(__NR_sysinfo, (long)&si, 0, 0);
	check("procs is sysinfo's procs", before.procs == si.procs && before.procs >= 1);
	sys(__NR_pipe, (long)fds, 0, 0);
	long pid = sys(__NR_fork, 0, 0, 0);
	if (pid == 0) { /* waits until the parent closes the pipe */
		sys(__NR_close, fds[1], 0, 0);
		sys(__NR_read, fds[0], (long)&c, 1);
		sys(__NR_exit_group, 0, 0, 0);
	}
	stats(&during, sizeof(during), 0);
	sys(__NR_close, fds[1], 0, 0);
	sys(__NR_close, fds[0], 0, 0);
	int status;
	long reaped = __syscall6(__NR_wait4, pid, (long)&status, 0, 0, 0, 0);
	stats(&after, sizeof(after), 0);
	check("a forked child adds one to procs", pid > 0 && during.procs == before.procs + 1);
	check("reaping it takes one away", reaped == pid && after.procs == before.procs);
}

static void uptime_checks(void)
{
	struct minos_stats a, b;
	struct timespec nap = { 0, SLEEP_NS };

	long t0 = mono_ns();
	stats(&a, sizeof(a), 0);
	long t1 = mono_ns();
	check("uptime_ns lies between two CLOCK_MONOTONIC readings",
	      (long)a.uptime_ns >= t0 && (long)a.uptime_ns <= t1);
	sys(__NR_nanosleep, (long)&nap, 0, 0);
	stats(&b, sizeof(b), 0);
	check("uptime_ns grows by at least a 20 ms sleep",
	      (long)(b.uptime_ns - a.uptime_ns) >= SLEEP_NS);
}

static void error_checks(void)
{
	static const struct minos_stats ro = { 1, 1, 1, 1 }; /* .rodata */
	struct minos_stats st;

	check_result("flags 2", stats(&st, sizeof(st), 2), EINVAL_RESULT);
	check_result("flags 1 << 63", stats(&st, sizeof(st), 1UL << 63), EINVAL_RESULT);
	check_result("size 0", stats(&st, 0, 0), EINVAL_RESULT);
	check_result("size 24", stats(&st, 24, 0), EINVAL_RESULT);
	check_result("size 40", stats(&st, 40, 0), EINVAL_RESULT);
	check_result("size ~0", stats(&st, ~0UL, 0), EINVAL_RESULT);
	check_result("flags 2 and buf NULL (flags first)", stats(0, sizeof(st), 2), EINVAL_RESULT);
	check_result("size 0 and buf NULL (size first)", stats(0, 0, 0), EINVAL_RESULT);

	check_result("buf NULL", stats(0, sizeof(st), 0), EFAULT_RESULT);
	check_result("buf 0xffffffff80000000", stats((void *)0xffffffff80000000UL, sizeof(st), 0),
		     EFAULT_RESULT);
	check_result("buf 0xffff800000000000", stats((void *)0xffff800000000000UL, sizeof(st), 0),
		     EFAULT_RESULT);
	check_result("buf 1 << 47", stats((void *)(1UL << 47), sizeof(st), 0), EFAULT_RESULT);
	check_result("buf ~0", stats((void *)~0UL, sizeof(st), 0), EFAULT_RESULT);
	check_result("buf read-only", stats((void *)&ro, sizeof(st), 0), EFAULT_RESULT);
	check("the read-only structure is unchanged", ro.free_mem == 1 && ro.uptime_ns == 1);

	/* Two pages, the second unmapped: a buffer 16 bytes before its end. */
	long m = __syscall6(__NR_mmap, 0, (long)(2 * PAGE), PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	sys(__NR_munmap, m + (long)PAGE, (long)PAGE, 0);
	check_result("buf in an unmapped page", stats((void *)(m + PAGE), sizeof(st), 0),
		     EFAULT_RESULT);
	check_result("buf running into an unmapped page",
		     stats((void *)(m + PAGE - 16), sizeof(st), 0), EFAULT_RESULT);
	sys(__NR_munmap, m, (long)PAGE, 0);
}

int main(int argc, char **argv)
{
	const char *part = argc > 1 ? argv[1] : "";

	if (strcmp(part, "values") == 0) {
		memory_checks();
		process_checks();
		uptime_checks();
	} else if (strcmp(part, "errors") == 0) {
		error_checks();
	} else {
		printf("usage: lab-stats values | errors\n");
		return 2;
	}
	return check_exit();
}
