/*
 * mem-munmap - munmap(2): unmapping the middle of a mapping leaves the
 * pages around it as they were; ranges that are partly or wholly unmapped
 * are fine; a range may cover several mappings and the holes between;
 * lengths are rounded up to pages; unmapped pages can be mapped again and
 * read zero; and the argument errors. Whether a page is mapped is asked
 * without touching it: mprotect(2) answers -ENOMEM for a hole. Expected: a
 * run on the reference Linux (stdin /dev/null, stdout a pipe).
 */
#include <errno.h>
#include <sys/syscall.h>

#include "check.h"
#include "mem-test.h"

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

static void middle(void)
{
	unsigned long at = map_filled(3);
	check("three filled pages", at != 0);
	if (!at)
		return;
	unsigned char *p = (unsigned char *)at;

	check_result("munmap the middle page", mem_munmap(at + PAGE, PAGE), 0);
	check("the middle page is gone", is_unmapped(at + PAGE, PAGE));
	check("the first and last pages are mapped",
	      is_mapped(at, PAGE) && is_mapped(at + 2 * PAGE, PAGE));
	check("...and keep their data",
	      all_bytes(p, PAGE, 'a') && all_bytes(p + 2 * PAGE, PAGE, 'c'));
	check_result("munmap the middle page again", mem_munmap(at + PAGE, PAGE), 0);
	check("the hole can be mapped again",
	      mem_mmap_anon(at + PAGE, PAGE, RW, PRIV_ANON | MAP_FIXED_NOREPLACE) == (long)(at + PAGE));
	check("...and reads zero", all_bytes(p + PAGE, PAGE, 0));

	/* A range over the first page and a hole after the last. */
	check_result("munmap the last page and the page after it",
		     mem_munmap(at + 2 * PAGE, 2 * PAGE), 0);
	check("the last page is gone", is_unmapped(at + 2 * PAGE, PAGE));
	check_result("munmap of the first two pages with length 5000",
		     mem_munmap(at, 5000), 0);
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
	mem_munmap(at + PAGE, PAGE);
	mem_munmap(at + 4 * PAGE, PAGE);
	check("pages 0, 2-3 and 5-6 mapped",
	      is_mapped(at, PAGE) && is_mapped(at + 2 * PAGE, 2 * PAGE) &&
		      is_mapped(at + 5 * PAGE, 2 * PAGE));
	check_result("munmap across mappings and holes (pages 0-5)", mem_munmap(at, 6 * PAGE), 0);
	check("pages 0-5 are gone", is_unmapped(at, 6 * PAGE));
	check("page 6 is left, with its data",
	      is_mapped(at + 6 * PAGE, PAGE) &&
		      all_bytes((unsigned char *)at + 6 * PAGE, PAGE, 'g'));
	check_result("munmap of length 1 takes the page", mem_munmap(at + 6 * PAGE, 1), 0);
	check("page 6 is gone", is_unmapped(at + 6 * PAGE, PAGE));
	check_result("munmap where nothing is mapped", mem_munmap(at, 7 * PAGE), 0);
}

static void errors(void)
{
	unsigned long at = map_filled(1);

	check_result("addr not page-aligned", mem_munmap(at + 1, PAGE), -EINVAL);
	check_result("length 0", mem_munmap(at, 0), -EINVAL);
	check("...the page is still mapped", at && is_mapped(at, PAGE));
	check_result("length ~0", mem_munmap(at, ~0UL), -EINVAL);
	check_result("length 2^64 - 4096 (wraps)", mem_munmap(at, -PAGE), -EINVAL);
	check_result("range past the user half", mem_munmap(USER_END - PAGE, 2 * PAGE), -EINVAL);
	check_result("the end of the user half", mem_munmap(USER_END, PAGE), -EINVAL);
	check_result("addr 2^47", mem_munmap(1UL << 47, PAGE), -EINVAL);
	check_result("the kernel half", mem_munmap(0xffff800000000000UL, PAGE), -EINVAL);
	check_result("page 0 (nothing there)", mem_munmap(0, PAGE), 0);
	check_result("munmap the page", mem_munmap(at, PAGE), 0);
}

int main(void)
{
	middle();
	several();
	errors();
	return check_exit();
}
