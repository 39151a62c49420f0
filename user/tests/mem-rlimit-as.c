/*
 * mem-rlimit-as - RLIMIT_AS, the limit on all the bytes a process has
 * mapped: with its soft value at 64 MiB, a 128 MiB mmap fails with
 * -ENOMEM while small ones succeed; 48 MiB and 24 MiB more do not fit
 * together, but MAP_FIXED over the 48 MiB does (what it replaces is not
 * counted twice); unmapping makes room again; brk may not pass the limit
 * either (the old break comes back). Every MAP_FIXED stays inside the
 * test's own 48 MiB. What a program has mapped before the test (code,
 * stack, and on Linux the vDSO) is far below 16 MiB on both systems.
 * Expected: a run on the reference Linux (stdin /dev/null, stdout a pipe).
 */
#include <errno.h>
#include <sys/syscall.h>
#include <uapi/misc.h>
#include <uapi/mman.h>

#include "check.h"

#define MiB (1UL << 20)
#define RW (PROT_READ | PROT_WRITE)
#define PRIV_ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static long sys_mmap(unsigned long addr, unsigned long len, long flags)
{
	return __syscall6(__NR_mmap, (long)addr, (long)len, RW, flags, -1, 0);
}
static long sys_munmap(unsigned long addr, unsigned long len)
{
	return __syscall2(__NR_munmap, (long)addr, (long)len);
}

static int mapped(long r)
{
	return !__syscall_is_error(r);
}

int main(void)
{
	struct rlimit lim = { 64 * MiB, RLIM_INFINITY };

	check_result("setrlimit(RLIMIT_AS, soft 64 MiB)",
		     __syscall2(__NR_setrlimit, RLIMIT_AS, (long)&lim), 0);
	check_result("mmap 128 MiB", sys_mmap(0, 128 * MiB, PRIV_ANON), -ENOMEM);
	check_result("mmap 64 MiB (with what is mapped already)", sys_mmap(0, 64 * MiB, PRIV_ANON),
		     -ENOMEM);
	long small = sys_mmap(0, MiB, PRIV_ANON);
	check("mmap 1 MiB", mapped(small));
	sys_munmap(small, MiB);

	long a = sys_mmap(0, 48 * MiB, PRIV_ANON);
	check("mmap 48 MiB", mapped(a));
	if (!mapped(a))
		return check_exit();
	check_result("24 MiB more", sys_mmap(0, 24 * MiB, PRIV_ANON), -ENOMEM);
	check_result("24 MiB more, PROT_NONE (counted too)",
		     __syscall6(__NR_mmap, 0, (long)(24 * MiB), PROT_NONE, PRIV_ANON, -1, 0),
		     -ENOMEM);
	check("MAP_FIXED 48 MiB over the 48 MiB",
	      sys_mmap((unsigned long)a, 48 * MiB, PRIV_ANON | MAP_FIXED) == a);
	check_result("munmap its upper 24 MiB",
		     sys_munmap((unsigned long)a + 24 * MiB, 24 * MiB), 0);
	check("MAP_FIXED 40 MiB from 8 MiB in (16 MiB over the rest)",
	      sys_mmap((unsigned long)a + 8 * MiB, 40 * MiB, PRIV_ANON | MAP_FIXED) ==
		      a + (long)(8 * MiB));
	check_result("24 MiB more, still", sys_mmap(0, 24 * MiB, PRIV_ANON), -ENOMEM);

	/* brk: growing 30 MiB does not fit, 1 MiB does. */
	unsigned long b = (unsigned long)__syscall1(__NR_brk, 0);
	check("brk 30 MiB up: refused",
	      (unsigned long)__syscall1(__NR_brk, (long)(b + 30 * MiB)) == b);
	check("brk 1 MiB up: granted",
	      (unsigned long)__syscall1(__NR_brk, (long)(b + MiB)) == b + MiB);
	__syscall1(__NR_brk, (long)b);

	check_result("munmap the 48 MiB", sys_munmap(a, 48 * MiB), 0);
	a = sys_mmap(0, 56 * MiB, PRIV_ANON);
	check("then 56 MiB fits", mapped(a));
	sys_munmap(a, 56 * MiB);

	lim.rlim_cur = RLIM_INFINITY;
	check_result("no limit again", __syscall2(__NR_setrlimit, RLIMIT_AS, (long)&lim), 0);
	a = sys_mmap(0, 128 * MiB, PRIV_ANON);
	check("then 128 MiB fits", mapped(a));
	sys_munmap(a, 128 * MiB);
	return check_exit();
}
