/*
 * sc-brk - brk(2): brk(0) reports the break (page-aligned, above the
 * program's bss), growing maps zeroed memory the program can use,
 * shrinking gives it back (a regrown page is zero again), impossible
 * requests leave the break alone and are reported as the old break, and
 * sbrk() on top of it. Expected: brk(2) and a run on the reference Linux, all
 * ok. Addresses vary with ASLR, so none is printed.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

#define PAGE 4096UL
#define GROW_PAGES 64 /* 256 KiB */

extern char _end[]; /* ld: the end of bss */

static unsigned long raw_brk(unsigned long addr)
{
	return (unsigned long)__syscall1(__NR_brk, (long)addr);
}

static int all_zero(const unsigned char *p, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

int main(void)
{
	unsigned long b0 = raw_brk(0);
	unsigned long r;

	check("brk(0) returns a break", b0 != 0);
	check("initial break is page-aligned", (b0 & (PAGE - 1)) == 0);
	check("initial break is above bss", b0 >= (uintptr_t)_end);
	check("brk(0) again: same break", raw_brk(0) == b0);

	/* Grow by one page, use it, shrink back. */
	unsigned char *p = (unsigned char *)b0;
	check("grow by a page", raw_brk(b0 + PAGE) == b0 + PAGE);
	check("brk(0) after growing", raw_brk(0) == b0 + PAGE);
	check("new page reads zero", all_zero(p, PAGE));
	for (unsigned long i = 0; i < PAGE; i++)
		p[i] = (unsigned char)(i * 7 + 1);
	int same = 1;
	for (unsigned long i = 0; i < PAGE; i++)
		same &= p[i] == (unsigned char)(i * 7 + 1);
	check("new page keeps what was written", same);
	check("shrink by a page", raw_brk(b0) == b0);
	check("brk(0) after shrinking", raw_brk(0) == b0);
	check("grow again", raw_brk(b0 + PAGE) == b0 + PAGE);
	check("regrown page reads zero", all_zero(p, PAGE));

	/* Many pages at once, each touched. */
	r = raw_brk(b0 + GROW_PAGES * PAGE);
	check("grow by 64 pages", r == b0 + GROW_PAGES * PAGE);
	if (r == b0 + GROW_PAGES * PAGE) {
		for (unsigned long i = 0; i < GROW_PAGES; i++)
			p[i * PAGE + PAGE - 1] = (unsigned char)i;
		same = 1;
		for (unsigned long i = 0; i < GROW_PAGES; i++)
			same &= p[i * PAGE + PAGE - 1] == (unsigned char)i;
		check("64 pages usable", same);
	}

	/* An unaligned break is kept as given; its whole page is usable. */
	check("brk to an unaligned address", raw_brk(b0 + 100) == b0 + 100);
	check("brk(0) reports the unaligned break", raw_brk(0) == b0 + 100);
	p[PAGE - 1] = 1;
	check("the break's page is mapped to its end", p[PAGE - 1] == 1);

	/* Refused requests: the break stays where it was. */
	unsigned long cur = raw_brk(b0);
	check("back to the initial break", cur == b0);
	check("brk below the program: unchanged", raw_brk(0x1000) == cur);
	check("brk into the kernel half: unchanged",
	      raw_brk(0xffffffff80000000UL) == cur);
	check("brk to 1 << 47: unchanged", raw_brk(1UL << 47) == cur);
	check("brk to ~0: unchanged", raw_brk(~0UL) == cur);

	/* The C library's view. */
	errno = 0;
	check("libc brk below the program: -1 ENOMEM",
	      brk((void *)0x1000) == -1 && errno == ENOMEM);
	char *s0 = sbrk(0);
	check("sbrk(0) is the break", (unsigned long)s0 == b0);
	check("sbrk(4096) returns the old break", sbrk(PAGE) == s0);
	check("sbrk(0) after sbrk(4096)", sbrk(0) == s0 + PAGE);
	s0[PAGE - 1] = 'x';
	check("sbrk(-4096) returns the old break", sbrk(-(long)PAGE) == s0 + PAGE);
	check("sbrk(0) after sbrk(-4096)", sbrk(0) == s0);
	return check_exit();
}
