/*
 * mem-test.h - what the memory tests (mem-*.c) share: raw mmap, munmap,
 * mprotect and brk calls that return the kernel's answer as it is (-errno
 * on failure), and checks on mapped bytes. Invariant: no C-library wrapper
 * stands in between, so Linux and MinOS are asked exactly the same thing.
 */
#ifndef MINOS_USER_TESTS_MEM_TEST_H
#define MINOS_USER_TESTS_MEM_TEST_H

#include <string.h>
#include <sys/syscall.h>

#include <uapi/mman.h>

#define PAGE 4096UL
#define USER_END 0x00007FFFFFFFF000UL /* Linux's TASK_SIZE = MinOS's USER_TOP */
#define PRIV_ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

static inline long mem_mmap(unsigned long addr, unsigned long len, long prot, long flags,
			    long fd, long off)
{
	return __syscall6(__NR_mmap, (long)addr, (long)len, prot, flags, fd, off);
}
/* An anonymous mapping (no descriptor, offset 0). */
static inline long mem_mmap_anon(unsigned long addr, unsigned long len, long prot, long flags)
{
	return mem_mmap(addr, len, prot, flags, -1, 0);
}
static inline long mem_munmap(unsigned long addr, unsigned long len)
{
	return __syscall2(__NR_munmap, (long)addr, (long)len);
}
static inline long mem_mprotect(unsigned long addr, unsigned long len, long prot)
{
	return __syscall3(__NR_mprotect, (long)addr, (long)len, prot);
}
/* brk(2) as the kernel answers it: the new break, or the old one. */
static inline unsigned long mem_brk(unsigned long addr)
{
	return (unsigned long)__syscall1(__NR_brk, (long)addr);
}

/* A successful mmap: not an error, not 0 and page-aligned. */
static inline int mem_mapped(long r)
{
	return !__syscall_is_error(r) && r != 0 && ((unsigned long)r & (PAGE - 1)) == 0;
}

static inline int all_bytes(const unsigned char *p, unsigned long n, unsigned char c)
{
	for (unsigned long i = 0; i < n; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

/* n pages, each filled with its index + 'a', with a free page on either
 * side (on Linux a new mapping may sit right against another one, the
 * vDSO for one); 0 on failure. */
static inline unsigned long map_filled(unsigned long n)
{
	long r = mem_mmap_anon(0, (n + 2) * PAGE, RW, PRIV_ANON);
	if (__syscall_is_error(r))
		return 0;
	mem_munmap((unsigned long)r, PAGE);
	mem_munmap((unsigned long)r + (n + 1) * PAGE, PAGE);
	r += PAGE;
	for (unsigned long i = 0; i < n; i++)
		memset((char *)r + i * PAGE, (int)('a' + i), PAGE);
	return (unsigned long)r;
}

#endif
