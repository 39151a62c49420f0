/*
 * mem-mprotect - mprotect(2): read-only pages keep their data, part of a
 * mapping can change alone, PROT_NONE keeps the bytes for when access
 * comes back, code becomes runnable with PROT_EXEC, the heap and the
 * stack can be changed too, and the argument errors in Linux's order
 * (alignment, then length 0 - which succeeds whatever prot says - then a
 * wrapping range, then prot, then holes). Touching a page the protection
 * forbids is left to mem-write-ro and mem-protnone. Expected: a run on the
 * reference Linux (stdin /dev/null, stdout a pipe).
 */
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "mem-test.h"

/* include/uapi/asm-generic/mman-common.h */
#define PROT_SEM_BIT 0x8
#define PROT_GROWSDOWN_BIT 0x01000000
#define PROT_GROWSUP_BIT 0x02000000

static void changes(void)
{
	unsigned long at = map_filled(3);
	check("three filled pages", at != 0);
	if (!at)
		return;
	volatile unsigned char *p = (unsigned char *)at;

	check_result("all three read-only", mem_mprotect(at, 3 * PAGE, PROT_READ), 0);
	check("...they keep their data",
	      all_bytes((unsigned char *)at, PAGE, 'a') &&
		      all_bytes((unsigned char *)at + 2 * PAGE, PAGE, 'c'));
	check_result("the middle one read-write again", mem_mprotect(at + PAGE, PAGE, RW), 0);
	p[PAGE] = 'B';
	check("...can be written", p[PAGE] == 'B' && p[PAGE + 1] == 'b');

	check_result("the middle one PROT_NONE", mem_mprotect(at + PAGE, PAGE, PROT_NONE), 0);
	check_result("all three read-write", mem_mprotect(at, 3 * PAGE, RW), 0);
	check("the PROT_NONE page kept its data", p[PAGE] == 'B' && p[PAGE + PAGE - 1] == 'b');
	p[0] = 'A';
	p[2 * PAGE] = 'C';
	check("all three writable again", p[0] == 'A' && p[2 * PAGE] == 'C');

	/* A mapping made PROT_NONE from the start, opened later. */
	long r = mem_mmap_anon(0, PAGE, PROT_NONE, PRIV_ANON);
	check("PROT_NONE mapping", !__syscall_is_error(r));
	check_result("...made read-write", mem_mprotect(r, PAGE, RW), 0);
	check("...reads zero", all_bytes((unsigned char *)r, PAGE, 0));
	mem_munmap(r, PAGE);

	check_result("PROT_SEM is accepted (and ignored)",
		     mem_mprotect(at, PAGE, PROT_READ | PROT_WRITE | PROT_SEM_BIT), 0);
	check_result("PROT_EXEC | PROT_READ | PROT_WRITE",
		     mem_mprotect(at, PAGE, RW | PROT_EXEC), 0);
	p[1] = 'x';
	check("...still writable", p[1] == 'x');
	mem_munmap(at, 3 * PAGE);
}

static void heap_and_stack(void)
{
	unsigned long b0 = (unsigned long)__syscall1(__NR_brk, 0);
	unsigned long b = (b0 + PAGE - 1) & ~(PAGE - 1);

	if ((unsigned long)__syscall1(__NR_brk, (long)(b + 2 * PAGE)) != b + 2 * PAGE) {
		check("the heap grows by two pages", 0);
		return;
	}
	volatile unsigned char *h = (unsigned char *)b;
	h[0] = 1;
	h[PAGE] = 2;
	check_result("heap page read-only", mem_mprotect(b, PAGE, PROT_READ), 0);
	h[PAGE] = 3;
	check("...its data stays, the next page is still writable", h[0] == 1 && h[PAGE] == 3);
	check_result("heap page read-write again", mem_mprotect(b, PAGE, RW), 0);
	h[0] = 4;
	check("...writable", h[0] == 4);
	__syscall1(__NR_brk, (long)b0);

	/* The stack: PROT_GROWSDOWN extends the change to the stack's bottom. */
	volatile char here = 0;
	unsigned long sp_page = (unsigned long)&here & ~(PAGE - 1);
	check_result("stack page read-write with PROT_GROWSDOWN",
		     mem_mprotect(sp_page, PAGE, RW | PROT_GROWSDOWN_BIT), 0);
	here = 5;
	check("...the stack still works", here == 5);
}

static void errors(void)
{
	unsigned long at = map_filled(3);
	if (!at) {
		check("three pages", 0);
		return;
	}

	check_result("addr not page-aligned", mem_mprotect(at + 1, PAGE, PROT_READ), -EINVAL);
	check_result("addr not page-aligned, length 0",
		     mem_mprotect(at + 1, 0, PROT_READ), -EINVAL);
	check_result("length 0", mem_mprotect(at, 0, PROT_READ), 0);
	check_result("length 0 with a bad prot", mem_mprotect(at, 0, 0x10), 0);
	check_result("length 0 over nothing", mem_mprotect(0x10000000, 0, PROT_READ), 0);
	check_result("prot bit 0x10", mem_mprotect(at, PAGE, PROT_READ | 0x10), -EINVAL);
	check_result("prot bit 0x100", mem_mprotect(at, PAGE, 0x100), -EINVAL);
	check_result("PROT_GROWSUP", mem_mprotect(at, PAGE, PROT_READ | PROT_GROWSUP_BIT), -EINVAL);
	check_result("PROT_GROWSDOWN | PROT_GROWSUP",
		     mem_mprotect(at, PAGE, PROT_READ | PROT_GROWSDOWN_BIT | PROT_GROWSUP_BIT),
		     -EINVAL);
	check_result("PROT_GROWSDOWN on a mapping that is not a stack",
		     mem_mprotect(at, PAGE, PROT_READ | PROT_GROWSDOWN_BIT), -EINVAL);
	check_result("length wraps around", mem_mprotect(at, -PAGE, PROT_READ), -ENOMEM);
	check_result("length ~0 (rounds to 0: wraps)", mem_mprotect(at, ~0UL, PROT_READ), -ENOMEM);

	mem_munmap(at + PAGE, PAGE);
	check_result("a hole in the middle", mem_mprotect(at, 3 * PAGE, RW), -ENOMEM);
	check_result("starting in the hole", mem_mprotect(at + PAGE, 2 * PAGE, RW), -ENOMEM);
	check_result("running past the end", mem_mprotect(at + 2 * PAGE, 2 * PAGE, RW), -ENOMEM);
	check_result("a bad prot before a hole (prot is checked first)",
		     mem_mprotect(at + PAGE, PAGE, 0x10), -EINVAL);
	check_result("nothing mapped", mem_mprotect(0x10000000, PAGE, PROT_READ), -ENOMEM);
	check_result("page 0", mem_mprotect(0, PAGE, PROT_READ), -ENOMEM);
	check_result("the end of the user half", mem_mprotect(USER_END, PAGE, PROT_READ), -ENOMEM);
	check_result("the kernel half",
		     mem_mprotect(0xffff800000000000UL, PAGE, PROT_READ), -ENOMEM);
	check_result("the last page alone", mem_mprotect(at + 2 * PAGE, PAGE, RW), 0);
	mem_munmap(at, 3 * PAGE);
}

int main(void)
{
	changes();
	heap_and_stack();
	errors();
	return check_exit();
}
