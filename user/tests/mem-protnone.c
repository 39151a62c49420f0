/*
 * mem-protnone - a read of a page whose data is still there but which
 * mprotect made PROT_NONE: #PF, SIGSEGV. Expected: killed by SIGSEGV,
 * status 139 (run on the reference Linux).
 */
#include <sys/syscall.h>
#include <uapi/mman.h>

#include "fault.h"

int main(void)
{
	long r = __syscall6(__NR_mmap, 0, 4096, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (__syscall_is_error(r)) {
		printf("mem-protnone: mmap failed: FAIL\n");
		return 1;
	}
	volatile unsigned char *p = (unsigned char *)r;
	p[0] = 42;
	long e = __syscall3(__NR_mprotect, r, 4096, PROT_NONE);
	printf("mem-protnone: mprotect(PROT_NONE) returned %ld\n", e);
	fault_announce("mem-protnone", "reading the PROT_NONE page");
	printf("mem-protnone: read %d\n", p[0]);
	return fault_survived("mem-protnone");
}
