/*
 * mem-oom - touches every page of a 512 MiB anonymous mapping, more than
 * MinOS's guest has (scripts/minos-run gives it 256 MiB). The mapping
 * itself succeeds (pages come on first touch); when physical memory runs
 * out on a page fault, Linux's answer is the OOM killer: the process is
 * killed by SIGKILL. Expected: the reference Linux's results
 * (tests/user.tests "linux vm-only"): in the same 256 MiB, the
 * announcement line, then killed by SIGKILL, status 137. Never run on the
 * host, where with enough memory it would print "touched 512 MiB" and
 * exit 0.
 */
#include <sys/syscall.h>
#include <uapi/mman.h>

#include "fault.h"

#define PAGE 4096UL
#define SIZE (512UL << 20)

int main(void)
{
	long r = __syscall6(__NR_mmap, 0, (long)SIZE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (__syscall_is_error(r)) {
		printf("mem-oom: mmap of 512 MiB failed: FAIL\n");
		return 1;
	}
	fault_announce("mem-oom", "touching every page of 512 MiB");
	volatile unsigned char *p = (unsigned char *)r;
	for (unsigned long off = 0; off < SIZE; off += PAGE)
		p[off] = 1;
	printf("mem-oom: touched 512 MiB\n");
	return 0;
}
