/*
 * mem-file-eof - a read of a file mapping's page that lies wholly past the
 * end of the file (the program's own executable, mapped one page longer
 * than it is): Linux sends SIGBUS, not a page of zeros; the last page that
 * holds the file's end reads zeros after it. Expected: killed by SIGBUS,
 * status 135 (run on the reference Linux). Needs open(2).
 */
#include <sys/syscall.h>
#include <uapi/fcntl.h>
#include <uapi/mman.h>

#include "fault.h"

#define PAGE 4096UL

int main(int argc, char **argv)
{
	long fd = argc > 0 ? __syscall3(__NR_open, (long)argv[0], O_RDONLY, 0) : -1;
	long size = fd >= 0 ? __syscall3(__NR_lseek, fd, 0, 2 /* SEEK_END */) : -1;
	if (size <= 0) {
		printf("mem-file-eof: cannot open and measure argv[0]: FAIL\n");
		return 1;
	}
	unsigned long len = ((unsigned long)size + PAGE - 1) & ~(PAGE - 1);
	long r = __syscall6(__NR_mmap, 0, (long)(len + PAGE), PROT_READ, MAP_PRIVATE, fd, 0);
	if (__syscall_is_error(r)) {
		printf("mem-file-eof: mmap failed: FAIL\n");
		return 1;
	}
	volatile unsigned char *p = (unsigned char *)r;
	printf("mem-file-eof: the ELF magic reads %c%c%c\n", p[1], p[2], p[3]);
	printf("mem-file-eof: the byte after the end of the file reads %d\n", p[size]);
	fault_announce("mem-file-eof", "reading the page past the end of the file");
	printf("mem-file-eof: read %d\n", p[len]);
	return fault_survived("mem-file-eof");
}
