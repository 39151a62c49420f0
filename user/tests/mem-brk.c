/*
 * mem-brk - brk(2) together with the other memory calls (sc-brk tests it
 * alone): the break does not grow into a mapping nor closer than a page
 * below it, it may stop exactly one page short; pages that grow after a
 * read-only part of the heap are writable; shrinking over such a part
 * works; mmap does not move the break; a page freed by shrinking reads
 * zero when the heap grows again. Failure is reported as the old break.
 * Expected: a run on the reference Linux (stdin /dev/null, stdout a pipe).
 */
#include <errno.h>
#include <sys/syscall.h>

#include "check.h"
#include "mem-test.h"

int main(void)
{
	unsigned long b0 = mem_brk(0);
	unsigned long b = (b0 + PAGE - 1) & ~(PAGE - 1);
	volatile unsigned char *h = (unsigned char *)b;

	check("brk(0) gives a break", b0 != 0);
	if (b != b0)
		mem_brk(b);

	/* mmap leaves the break alone. */
	long m = mem_mmap_anon(0, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS);
	check("brk(0) after an mmap: unchanged", mem_brk(0) == b);
	mem_munmap(m, PAGE);

	/* A read-only page at the top of the heap, then growth past it. */
	check("grow by two pages", mem_brk(b + 2 * PAGE) == b + 2 * PAGE);
	h[0] = 1;
	h[PAGE] = 2;
	check_result("the second heap page read-only", mem_mprotect(b + PAGE, PAGE, PROT_READ), 0);
	check("grow by one more page", mem_brk(b + 3 * PAGE) == b + 3 * PAGE);
	h[2 * PAGE] = 3;
	check("the new page is writable", h[2 * PAGE] == 3);
	check("the pages below keep their data", h[0] == 1 && h[PAGE] == 2);
	check("grow by one more page again", mem_brk(b + 4 * PAGE) == b + 4 * PAGE);
	h[3 * PAGE] = 4;
	check("...also writable", h[3 * PAGE] == 4);
	check("shrink over the read-only page", mem_brk(b + PAGE) == b + PAGE);
	check("grow back", mem_brk(b + 3 * PAGE) == b + 3 * PAGE);
	check("the regrown pages are zero and writable",
	      all_bytes((unsigned char *)b + PAGE, 2 * PAGE, 0) && (h[PAGE] = 7) == 7);
	check("the first page kept its data", h[0] == 1);
	check("shrink to the start", mem_brk(b) == b);

	/* A mapping 16 pages above the break: the heap may come up to one
	 * page below it, not closer. */
	unsigned long wall = b + 16 * PAGE;
	long r = mem_mmap_anon(wall, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE);
	check("a mapping 16 pages above the break", r == (long)wall);
	if (r == (long)wall) {
		check("brk up to the mapping: refused", mem_brk(wall) == b);
		check("brk into the mapping: refused", mem_brk(wall + PAGE) == b);
		check("brk past the mapping: refused", mem_brk(wall + 8 * PAGE) == b);
		check("brk to one byte into the page below it: refused",
		      mem_brk(wall - PAGE + 1) == b);
		check("brk to one page below it: granted", mem_brk(wall - PAGE) == wall - PAGE);
		h[15 * PAGE - 1] = 5;
		check("...the last heap byte is usable", h[15 * PAGE - 1] == 5);
		check("shrink to the start", mem_brk(b) == b);
		mem_munmap(wall, PAGE);
	}
	check("after munmap the heap can grow there", mem_brk(wall + PAGE) == wall + PAGE);
	h[16 * PAGE] = 6;
	check("...and the page is usable", h[16 * PAGE] == 6);
	check("back to the first break", mem_brk(b0) == b0);
	return check_exit();
}
