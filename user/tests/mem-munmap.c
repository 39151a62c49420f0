/*
 * mem-munmap - munmap(2): unmapping the middle of a mapping leaves the
 * pages around it as they were; ranges that are partly or wholly unmapped
 * are fine; a range may cover several mappings and the holes between;
 * lengths are rounded up to pages; unmapped pages can be mapped again and
 * read zero; and the argument errors. Whether a page is mapped is asked
 * without touching it: mprotect(2) answers -ENOMEM for a hole. Expected: a
 * run on the Linux host (stdin /dev/null, stdout a pipe).
 */
#include <errno.h>
#include <sys/syscall.h>

#include "check.h"
#include "../../kernel/uapi/mman.h"

#define PAGE 4096UL
#define USER_END 0x00007FFFFFFFF000UL /* Linux's TASK_SIZE = MinOS's USER_TOP */
#define PRIV_ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

static long sys_mmap(unsigned long addr, unsigned long len, long prot, long flags)
{
	return __syscall6(__NR_mmap, (long)addr, (long)len, prot, flags, -1, 0);
}
static long sys_munmap(unsigned long addr, unsigned long len)
{
	return __syscall2(__NR_munmap, (long)addr, (long)len);
}

/* 1 if every page of the range is mapped, 0 if the range holds a hole. */
static int is_mapped(unsigned long addr, unsigned long len)
{
	return __syscall3(__NR_mprotect, (long)addr, (long)len, RW) == 0;
}

static int is_unmapped(unsigned long addr, unsigned long len)
{
	for (unsigned long off = 0; off < len; off += PAGE)
		if (is_mapped(addr + off, PAGE))
			return 0;
	return 1;
}

static int all_bytes(const unsigned char *p, unsigned long n, unsigned char c)
{
	for (unsigned long i = 0; i < n; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

/* n pages, each filled with its index + 'a'; 0 on failure. */
static unsigned long map_filled(unsigned long n)
{
	/* With a free page on either side: on Linux a new mapping may sit
	 * right against another one (the vDSO, for one). */
	long r = sys_mmap(0, (n + 2) * PAGE, RW, PRIV_ANON);
	if (__syscall_is_error(r))
		return 0;
	sys_munmap((unsigned long)r, PAGE);
	sys_munmap((unsigned long)r + (n + 1) * PAGE, PAGE);
	r += PAGE;
	for (unsigned long i = 0; i < n; i++)
		memset((char *)r + i * PAGE, (int)('a' + i), PAGE);
	return (unsigned long)r;
}

static void middle(void)
{
	unsigned long at = map_filled(3);
	check("three filled pages", at != 0);
	if (!at)
		return;
	unsigned char *p = (unsigned char *)at;

	check_result("munmap the middle page", sys_munmap(at + PAGE, PAGE), 0);
	check("the middle page is gone", is_unmapped(at + PAGE, PAGE));
	check("the first and last pages are mapped",
	      is_mapped(at, PAGE) && is_mapped(at + 2 * PAGE, PAGE));
	check("...and keep their data",
	      all_bytes(p, PAGE, 'a') && all_bytes(p + 2 * PAGE, PAGE, 'c'));
	check_result("munmap the middle page again", sys_munmap(at + PAGE, PAGE), 0);
	check("the hole can be mapped again",
	      sys_mmap(at + PAGE, PAGE, RW, PRIV_ANON | MAP_FIXED_NOREPLACE) == (long)(at + PAGE));
	check("...and reads zero", all_bytes(p + PAGE, PAGE, 0));

	/* A range over the first page and a hole after the last. */
	check_result("munmap the last page and the page after it",
		     sys_munmap(at + 2 * PAGE, 2 * PAGE), 0);
	check("the last page is gone", is_unmapped(at + 2 * PAGE, PAGE));
	check_result("munmap of the first two pages with length 5000",
		     sys_munmap(at, 5000), 0);
	check("all three pages are gone", is_unmapped(at, 3 * PAGE));
}

static void several(void)
{
	/* Three mappings side by side with holes between: [a][ ][b b][ ][c]. */
	unsigned long at = map_filled(7);
	if (!at) {
		check("seven filled pages", 0);
		return;
	}
	sys_munmap(at + PAGE, PAGE);
	sys_munmap(at + 4 * PAGE, PAGE);
	check("pages 0, 2-3 and 5-6 mapped",
	      is_mapped(at, PAGE) && is_mapped(at + 2 * PAGE, 2 * PAGE) &&
		      is_mapped(at + 5 * PAGE, 2 * PAGE));
	check_result("munmap across mappings and holes (pages 0-5)", sys_munmap(at, 6 * PAGE), 0);
	check("pages 0-5 are gone", is_unmapped(at, 6 * PAGE));
	check("page 6 is left, with its data",
	      is_mapped(at + 6 * PAGE, PAGE) &&
		      all_bytes((unsigned char *)at + 6 * PAGE, PAGE, 'g'));
	check_result("munmap of length 1 takes the page", sys_munmap(at + 6 * PAGE, 1), 0);
	check("page 6 is gone", is_unmapped(at + 6 * PAGE, PAGE));
	check_result("munmap where nothing is mapped", sys_munmap(at, 7 * PAGE), 0);
}

static void errors(void)
{
	unsigned long at = map_filled(1);

	check_result("addr not page-aligned", sys_munmap(at + 1, PAGE), -EINVAL);
	check_result("length 0", sys_munmap(at, 0), -EINVAL);
	check("...the page is still mapped", at && is_mapped(at, PAGE));
	check_result("length ~0", sys_munmap(at, ~0UL), -EINVAL);
	check_result("length 2^64 - 4096 (wraps)", sys_munmap(at, -PAGE), -EINVAL);
	check_result("range past the user half", sys_munmap(USER_END - PAGE, 2 * PAGE), -EINVAL);
	check_result("the end of the user half", sys_munmap(USER_END, PAGE), -EINVAL);
	check_result("addr 2^47", sys_munmap(1UL << 47, PAGE), -EINVAL);
	check_result("the kernel half", sys_munmap(0xffff800000000000UL, PAGE), -EINVAL);
	check_result("page 0 (nothing there)", sys_munmap(0, PAGE), 0);
	check_result("munmap the page", sys_munmap(at, PAGE), 0);
}

int main(void)
{
	middle();
	several();
	errors();
	return check_exit();
}
