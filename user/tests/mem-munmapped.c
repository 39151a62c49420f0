/*
 * mem-munmapped - a read of a page after munmap: the address has no area
 * any more, #PF, SIGSEGV. Expected: killed by SIGSEGV, status 139 (run on
 * the reference Linux).
 */
#include <sys/syscall.h>
#include <uapi/mman.h>

#include "fault.h"

int main(void)
{
	long r = __syscall6(__NR_mmap, 0, 2 * 4096, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (__syscall_is_error(r)) {
		printf("mem-munmapped: mmap failed: FAIL\n");
		return 1;
	}
	volatile unsigned char *p = (unsigned char *)r;
	p[0] = 1;
	p[4096] = 2;
	long e = __syscall2(__NR_munmap, r + 4096, 4096);
	printf("mem-munmapped: munmap of the second page returned %ld\n", e);
	printf("mem-munmapped: the first page still reads %d\n", p[0]);
	fault_announce("mem-munmapped", "reading the unmapped second page");
	printf("mem-munmapped: read %d\n", p[4096]);
	return fault_survived("mem-munmapped");
}
