/*
 * mem-mmap - mmap(2) of anonymous memory: pages that read zero and keep
 * what is written, lengths rounded up to pages, the address hint (used
 * when free, rounded down, ignored when taken or outside the user half),
 * MAP_FIXED replacing what was there, MAP_FIXED_NOREPLACE, MAP_SHARED,
 * MAP_POPULATE, MAP_32BIT, a large mapping touched sparsely, code run from
 * a PROT_EXEC mapping, and every argument error in Linux's order of
 * checks. Expected: a run on the reference Linux (stdin /dev/null, stdout a
 * pipe); no address is printed, only facts about addresses.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "check.h"
#include "mem-test.h"

#define MAP_32BIT_FLAG 0x40           /* arch/x86/include/uapi/asm/mman.h */

static void basics(void)
{
	long r = mem_mmap(0, PAGE, RW, PRIV_ANON, -1, 0);
	check("anonymous page: mapped, page-aligned", mem_mapped(r));
	if (!mem_mapped(r))
		return;
	unsigned char *p = (unsigned char *)r;
	check("anonymous page reads zero", all_bytes(p, PAGE, 0));
	for (unsigned long i = 0; i < PAGE; i++)
		p[i] = (unsigned char)(i * 13 + 7);
	int same = 1;
	for (unsigned long i = 0; i < PAGE; i++)
		same &= p[i] == (unsigned char)(i * 13 + 7);
	check("anonymous page keeps what was written", same);

	long r2 = mem_mmap(0, 3 * PAGE, RW, PRIV_ANON, -1, 0);
	check("second mapping: mapped", mem_mapped(r2));
	check("second mapping does not overlap the first",
	      (unsigned long)r2 + 3 * PAGE <= (unsigned long)r ||
		      (unsigned long)r + PAGE <= (unsigned long)r2);
	check_result("munmap both", mem_munmap(r, PAGE) | mem_munmap(r2, 3 * PAGE), 0);

	/* 100 bytes give a whole page. Where: at a hint whose next page is
	 * known to be free (r2's first two pages, unmapped). */
	r = mem_mmap(r2, 100, RW, PRIV_ANON, -1, 0);
	check("mmap of 100 bytes: mapped", mem_mapped(r));
	if (mem_mapped(r)) {
		p = (unsigned char *)r;
		p[PAGE - 1] = 0x55;
		check("...the whole page is usable", p[PAGE - 1] == 0x55 && p[0] == 0);
		check_result("...and is one page (mprotect of it)",
			     mem_mprotect(r, PAGE, PROT_READ), 0);
		check_result("...the page after is not part of it",
			     mem_mprotect(r, 2 * PAGE, PROT_READ), -ENOMEM);
		mem_munmap(r, PAGE);
	}

	r = mem_mmap(0, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	check("MAP_SHARED anonymous: mapped", mem_mapped(r));
	if (mem_mapped(r)) {
		p = (unsigned char *)r;
		check("...reads zero", all_bytes(p, 2 * PAGE, 0));
		p[PAGE] = 9;
		check("...is writable", p[PAGE] == 9);
		mem_munmap(r, 2 * PAGE);
	}

	r = mem_mmap(0, 4 * PAGE, RW, PRIV_ANON | MAP_POPULATE, -1, 0);
	check("MAP_POPULATE: mapped", mem_mapped(r));
	if (mem_mapped(r)) {
		check("...reads zero", all_bytes((unsigned char *)r, 4 * PAGE, 0));
		mem_munmap(r, 4 * PAGE);
	}

	/* Prot bits mmap does not know are ignored (mprotect refuses them). */
	r = mem_mmap(0, PAGE, PROT_READ | 0x10, PRIV_ANON, -1, 0);
	check("prot with an unknown bit: mapped anyway", mem_mapped(r));
	if (mem_mapped(r))
		mem_munmap(r, PAGE);

	r = mem_mmap(0, PAGE, RW, PRIV_ANON | MAP_32BIT_FLAG, -1, 0);
	check("MAP_32BIT: mapped below 2 GiB", mem_mapped(r) && (unsigned long)r + PAGE <= (2UL << 30));
	if (mem_mapped(r))
		mem_munmap(r, PAGE);

	/* A huge mapping costs nothing until touched. */
	unsigned long big = 1UL << 30;
	r = mem_mmap(0, big, RW, PRIV_ANON | MAP_NORESERVE, -1, 0);
	check("1 GiB mapping: mapped", mem_mapped(r));
	if (mem_mapped(r)) {
		p = (unsigned char *)r;
		p[0] = 1;
		p[big / 2] = 2;
		p[big - 1] = 3;
		check("...its first, middle and last pages work",
		      p[0] == 1 && p[big / 2] == 2 && p[big - 1] == 3 && p[PAGE] == 0);
		check_result("...munmap", mem_munmap(r, big), 0);
	}
}

static void hints(void)
{
	long r = mem_mmap(0, 3 * PAGE, RW, PRIV_ANON, -1, 0);
	if (!mem_mapped(r)) {
		check("hint: a place to try", 0);
		return;
	}
	unsigned long at = (unsigned long)r;

	mem_munmap(at, 3 * PAGE);
	check("a free hint is used", mem_mmap(at, 3 * PAGE, RW, PRIV_ANON, -1, 0) == (long)at);
	r = mem_mmap(at, PAGE, RW, PRIV_ANON, -1, 0);
	check("a taken hint is not used, another place is",
	      mem_mapped(r) && (unsigned long)r != at);
	mem_munmap(r, PAGE);
	mem_munmap(at, 3 * PAGE);
	check("an unaligned hint is rounded down",
	      mem_mmap(at + 123, PAGE, RW, PRIV_ANON, -1, 0) == (long)at);
	mem_munmap(at, PAGE);
	r = mem_mmap(1UL << 47, PAGE, RW, PRIV_ANON, -1, 0);
	check("a hint beyond the user half is ignored", mem_mapped(r) && (unsigned long)r < USER_END);
	mem_munmap(r, PAGE);
	r = mem_mmap(USER_END - PAGE, 2 * PAGE, RW, PRIV_ANON, -1, 0);
	check("a hint running past the user half is ignored",
	      mem_mapped(r) && (unsigned long)r + 2 * PAGE <= USER_END);
	mem_munmap(r, 2 * PAGE);
}

static void fixed(void)
{
	long r = mem_mmap(0, 4 * PAGE, RW, PRIV_ANON, -1, 0);
	if (!mem_mapped(r)) {
		check("MAP_FIXED: a place to try", 0);
		return;
	}
	unsigned long at = (unsigned long)r;
	unsigned char *p = (unsigned char *)r;

	for (unsigned long i = 0; i < 4 * PAGE; i++)
		p[i] = 'a';
	check("MAP_FIXED over the middle two pages returns addr",
	      mem_mmap(at + PAGE, 2 * PAGE, RW, PRIV_ANON | MAP_FIXED, -1, 0) == (long)(at + PAGE));
	check("...the new pages read zero", all_bytes(p + PAGE, 2 * PAGE, 0));
	check("...the pages around keep their data",
	      all_bytes(p, PAGE, 'a') && all_bytes(p + 3 * PAGE, PAGE, 'a'));

	check_result("MAP_FIXED_NOREPLACE over a mapping",
		     mem_mmap(at, PAGE, RW, PRIV_ANON | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST);
	check_result("MAP_FIXED_NOREPLACE partly over a mapping",
		     mem_mmap(at + 3 * PAGE, 2 * PAGE, RW, PRIV_ANON | MAP_FIXED_NOREPLACE, -1, 0),
		     -EEXIST);
	check("...the mapping is untouched", all_bytes(p + 3 * PAGE, PAGE, 'a'));
	mem_munmap(at, 4 * PAGE);
	check("MAP_FIXED_NOREPLACE on free pages returns addr",
	      mem_mmap(at + PAGE, PAGE, RW, PRIV_ANON | MAP_FIXED_NOREPLACE, -1, 0) ==
		      (long)(at + PAGE));
	mem_munmap(at + PAGE, PAGE);

	check_result("MAP_FIXED, addr not page-aligned",
		     mem_mmap(at + 1, PAGE, RW, PRIV_ANON | MAP_FIXED, -1, 0), -EINVAL);
	check_result("MAP_FIXED_NOREPLACE, addr not page-aligned",
		     mem_mmap(at + 1, PAGE, RW, PRIV_ANON | MAP_FIXED_NOREPLACE, -1, 0), -EINVAL);
	check_result("MAP_FIXED at the end of the user half",
		     mem_mmap(USER_END, PAGE, RW, PRIV_ANON | MAP_FIXED, -1, 0), -ENOMEM);
	check_result("MAP_FIXED running past the user half",
		     mem_mmap(USER_END - PAGE, 2 * PAGE, RW, PRIV_ANON | MAP_FIXED, -1, 0),
		     -ENOMEM);
	check_result("MAP_FIXED in the kernel half",
		     mem_mmap(0xffff800000000000UL, PAGE, RW, PRIV_ANON | MAP_FIXED, -1, 0),
		     -ENOMEM);
	check_result("MAP_FIXED, unaligned and past the end (the end is checked first)",
		     mem_mmap(USER_END - PAGE + 1, PAGE, RW, PRIV_ANON | MAP_FIXED, -1, 0),
		     -ENOMEM);
}

static void errors(void)
{
	check_result("length 0", mem_mmap(0, 0, RW, PRIV_ANON, -1, 0), -EINVAL);
	check_result("offset not page-aligned", mem_mmap(0, PAGE, RW, PRIV_ANON, -1, 1), -EINVAL);
	check_result("no MAP_SHARED or MAP_PRIVATE", mem_mmap(0, PAGE, RW, MAP_ANONYMOUS, -1, 0),
		     -EINVAL);
	check_result("MAP_SHARED_VALIDATE anonymous",
		     mem_mmap(0, PAGE, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0), -EINVAL);
	check_result("map type 4", mem_mmap(0, PAGE, RW, 0x04 | MAP_ANONYMOUS, -1, 0), -EINVAL);
	check_result("map type 15", mem_mmap(0, PAGE, RW, 0x0f | MAP_ANONYMOUS, -1, 0), -EINVAL);
	check_result("MAP_SHARED | MAP_GROWSDOWN anonymous",
		     mem_mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0),
		     -EINVAL);
	check_result("length ~0 (rounds up past 2^64)", mem_mmap(0, ~0UL, RW, PRIV_ANON, -1, 0),
		     -ENOMEM);
	check_result("length 2^64 - 4096", mem_mmap(0, -PAGE, RW, PRIV_ANON, -1, 0), -ENOMEM);
	check_result("length 2^47", mem_mmap(0, 1UL << 47, RW, PRIV_ANON, -1, 0), -ENOMEM);
	check_result("length of the whole user half",
		     mem_mmap(0, USER_END, RW, PRIV_ANON, -1, 0), -ENOMEM);

	/* Without MAP_ANONYMOUS the descriptor matters. */
	check_result("fd -1 without MAP_ANONYMOUS", mem_mmap(0, PAGE, RW, MAP_PRIVATE, -1, 0),
		     -EBADF);
	check_result("fd 1000 (not open)", mem_mmap(0, PAGE, RW, MAP_PRIVATE, 1000, 0), -EBADF);
	check_result("bad fd and length 0 (fd is checked first)",
		     mem_mmap(0, 0, RW, MAP_PRIVATE, 1000, 0), -EBADF);
	check_result("bad fd and offset 1 (offset is checked first)",
		     mem_mmap(0, PAGE, RW, MAP_PRIVATE, 1000, 1), -EINVAL);
	check_result("bad fd and no map type", mem_mmap(0, PAGE, RW, 0, 1000, 0), -EBADF);
	check_result("fd 1000 with MAP_ANONYMOUS is ignored",
		     mem_mapped(mem_mmap(0x50000000, PAGE, RW, PRIV_ANON, 1000, 0)), 1);
	mem_munmap(0x50000000, PAGE);
	/* Standard input is read-only and not a regular file (/dev/null or a
	 * pipe); standard output is write-only (a pipe). */
	check_result("MAP_PRIVATE of stdin (not a regular file)",
		     mem_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, 0, 0), -ENODEV);
	check_result("MAP_SHARED, PROT_WRITE of stdin (read-only)",
		     mem_mmap(0, PAGE, RW, MAP_SHARED, 0, 0), -EACCES);
	check_result("MAP_PRIVATE of stdout (write-only)",
		     mem_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, 1, 0), -EACCES);
}

/* mov eax, 42; ret */
static const unsigned char code42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };

static void exec(void)
{
	long r = mem_mmap(0, PAGE, RW, PRIV_ANON, -1, 0);
	if (!mem_mapped(r)) {
		check("PROT_EXEC: a page", 0);
		return;
	}
	unsigned char *p = (unsigned char *)r;
	memcpy(p, code42, sizeof(code42));
	check_result("mprotect to PROT_READ | PROT_EXEC",
		     mem_mprotect(r, PAGE, PROT_READ | PROT_EXEC), 0);
	int (*fn)(void) = (int (*)(void))(uintptr_t)r;
	check_result("code in the mapping runs", fn(), 42);
	mem_mprotect(r, PAGE, RW);
	p[1] = 43;
	mem_mprotect(r, PAGE, PROT_READ | PROT_EXEC);
	check_result("rewritten code runs", fn(), 43);
	mem_munmap(r, PAGE);
}

int main(void)
{
	basics();
	hints();
	fixed();
	errors();
	exec();
	return check_exit();
}
