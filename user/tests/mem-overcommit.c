/*
 * mem-overcommit - the "obvious overcommit" refusal of Linux's default
 * heuristic (vm.overcommit_memory = 0): one request for more memory than
 * the machine could ever back (1 TiB here, beyond any test machine's RAM
 * and swap) is refused with ENOMEM when it is charged: private writable
 * and shared anonymous mappings, and a break that grows. Read-only
 * private mappings and MAP_NORESERVE are not charged and succeed, and
 * nothing of a refused request is left mapped.
 * Expected: a run on the reference Linux (stdin /dev/null, stdout a pipe).
 */
#include <errno.h>
#include <sys/syscall.h>

#include "check.h"
#include "mem-test.h"

#define TIB (1UL << 40)

/* Maps len bytes and unmaps them again; returns mmap's result, or 0 for
 * a success (the address is not printed: it differs between kernels). */
static long map_and_unmap(unsigned long len, long prot, long flags)
{
	long r = mem_mmap_anon(0, len, prot, flags);
	if (r < 0 && r >= -4095)
		return r;
	if (mem_munmap((unsigned long)r, len) != 0)
		return -1;
	return 0;
}

int main(void)
{
	check_result("1 TiB private read-write", map_and_unmap(TIB, RW, PRIV_ANON), -ENOMEM);
	check_result("1 TiB private read-write, MAP_NORESERVE",
		     map_and_unmap(TIB, RW, PRIV_ANON | MAP_NORESERVE), 0);
	check_result("1 TiB private read-only", map_and_unmap(TIB, PROT_READ, PRIV_ANON), 0);
	check_result("1 TiB private PROT_NONE", map_and_unmap(TIB, PROT_NONE, PRIV_ANON), 0);
	check_result("1 TiB shared anonymous",
		     map_and_unmap(TIB, RW, MAP_SHARED | MAP_ANONYMOUS), -ENOMEM);
	check_result("16 MiB private read-write", map_and_unmap(16UL << 20, RW, PRIV_ANON), 0);

	/* The refused request left nothing behind: a small mapping still
	 * fits where the kernel would put the next one, and works. */
	long small = mem_mmap_anon(0, PAGE, RW, PRIV_ANON);
	check("a page after the refusals", small > 0);
	if (small > 0) {
		*(volatile char *)small = 1;
		check_result("unmapped", mem_munmap((unsigned long)small, PAGE), 0);
	}

	unsigned long b = mem_brk(0);
	check("brk + 1 TiB is refused (the break stays)", mem_brk(b + TIB) == b);
	check("brk + 1 page works", mem_brk(b + PAGE) == b + PAGE);
	check("brk back", mem_brk(b) == b);
	return check_exit();
}
