/*
 * memory.c - brk(2) and sbrk() on top of it. Linux's raw brk returns the
 * break it ended with (the old one when it refuses), never an error number;
 * cur_brk caches the last break the kernel reported.
 */
#include <errno.h>
#include <unistd.h>

#include "internal.h"

static unsigned long cur_brk;

int brk(void *addr)
{
	cur_brk = (unsigned long)__syscall1(__NR_brk, (long)addr);
	if (cur_brk != (unsigned long)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void *sbrk(long incr)
{
	unsigned long old;

	if (!cur_brk)
		cur_brk = (unsigned long)__syscall1(__NR_brk, 0);
	old = cur_brk;
	if (incr == 0)
		return (void *)old;
	/* Refuse a move past either end of the address space. */
	if ((incr > 0 && old + (unsigned long)incr < old) ||
	    (incr < 0 && old < -(unsigned long)incr)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (brk((void *)(old + (unsigned long)incr)) < 0)
		return (void *)-1;
	return (void *)old;
}
