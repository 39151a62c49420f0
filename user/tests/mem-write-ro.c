/*
 * mem-write-ro - a store into a page mapped PROT_READ: #PF (protection),
 * SIGSEGV. The page is read first, so the fault is about the write, not
 * about a page that is missing. Expected: killed by SIGSEGV, status 139
 * (run on the reference Linux).
 */
#include <sys/syscall.h>
#include <uapi/mman.h>

#include "fault.h"

int main(void)
{
	long r = __syscall6(__NR_mmap, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (__syscall_is_error(r)) {
		printf("mem-write-ro: mmap failed: FAIL\n");
		return 1;
	}
	volatile unsigned char *p = (unsigned char *)r;
	printf("mem-write-ro: the read-only page reads %d\n", p[100]);
	fault_announce("mem-write-ro", "writing to the read-only page");
	p[100] = 1;
	return fault_survived("mem-write-ro");
}
