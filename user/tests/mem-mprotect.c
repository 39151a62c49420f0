/*
 * mem-mprotect - mprotect(2): read-only pages keep their data, part of a
 * mapping can change alone, PROT_NONE keeps the bytes for when access
 * comes back, code becomes runnable with PROT_EXEC, the heap and the
 * stack can be changed too, and the argument errors in Linux's order
 * (alignment, then length 0 - which succeeds whatever prot says - then a
 * wrapping range, then prot, then holes). Touching a page the protection
 * forbids is left to mem-write-ro and mem-protnone. Expected: a run on the
 * Linux host (stdin /dev/null, stdout a pipe).
 */
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "../../kernel/uapi/mman.h"

#define PAGE 4096UL
#define USER_END 0x00007FFFFFFFF000UL /* Linux's TASK_SIZE = MinOS's USER_TOP */
#define PRIV_ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)
/* include/uapi/asm-generic/mman-common.h */
#define PROT_SEM_BIT 0x8
#define PROT_GROWSDOWN_BIT 0x01000000
#define PROT_GROWSUP_BIT 0x02000000

static long sys_mmap(unsigned long addr, unsigned long len, long prot, long flags)
{
	return __syscall6(__NR_mmap, (long)addr, (long)len, prot, flags, -1, 0);
}
static long sys_munmap(unsigned long addr, unsigned long len)
{
	return __syscall2(__NR_munmap, (long)addr, (long)len);
}
static long sys_mprotect(unsigned long addr, unsigned long len, long prot)
{
	return __syscall3(__NR_mprotect, (long)addr, (long)len, prot);
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

static void changes(void)
{
	unsigned long at = map_filled(3);
	check("three filled pages", at != 0);
	if (!at)
		return;
	volatile unsigned char *p = (unsigned char *)at;

	check_result("all three read-only", sys_mprotect(at, 3 * PAGE, PROT_READ), 0);
	check("...they keep their data",
	      all_bytes((unsigned char *)at, PAGE, 'a') &&
		      all_bytes((unsigned char *)at + 2 * PAGE, PAGE, 'c'));
	check_result("the middle one read-write again", sys_mprotect(at + PAGE, PAGE, RW), 0);
	p[PAGE] = 'B';
	check("...can be written", p[PAGE] == 'B' && p[PAGE + 1] == 'b');

	check_result("the middle one PROT_NONE", sys_mprotect(at + PAGE, PAGE, PROT_NONE), 0);
	check_result("all three read-write", sys_mprotect(at, 3 * PAGE, RW), 0);
	check("the PROT_NONE page kept its data", p[PAGE] == 'B' && p[PAGE + PAGE - 1] == 'b');
	p[0] = 'A';
	p[2 * PAGE] = 'C';
	check("all three writable again", p[0] == 'A' && p[2 * PAGE] == 'C');

	/* A mapping made PROT_NONE from the start, opened later. */
	long r = sys_mmap(0, PAGE, PROT_NONE, PRIV_ANON);
	check("PROT_NONE mapping", !__syscall_is_error(r));
	check_result("...made read-write", sys_mprotect(r, PAGE, RW), 0);
	check("...reads zero", all_bytes((unsigned char *)r, PAGE, 0));
	sys_munmap(r, PAGE);

	check_result("PROT_SEM is accepted (and ignored)",
		     sys_mprotect(at, PAGE, PROT_READ | PROT_WRITE | PROT_SEM_BIT), 0);
	check_result("PROT_EXEC | PROT_READ | PROT_WRITE",
		     sys_mprotect(at, PAGE, RW | PROT_EXEC), 0);
	p[1] = 'x';
	check("...still writable", p[1] == 'x');
	sys_munmap(at, 3 * PAGE);
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
	check_result("heap page read-only", sys_mprotect(b, PAGE, PROT_READ), 0);
	h[PAGE] = 3;
	check("...its data stays, the next page is still writable", h[0] == 1 && h[PAGE] == 3);
	check_result("heap page read-write again", sys_mprotect(b, PAGE, RW), 0);
	h[0] = 4;
	check("...writable", h[0] == 4);
	__syscall1(__NR_brk, (long)b0);

	/* The stack: PROT_GROWSDOWN extends the change to the stack's bottom. */
	volatile char here = 0;
	unsigned long sp_page = (unsigned long)&here & ~(PAGE - 1);
	check_result("stack page read-write with PROT_GROWSDOWN",
		     sys_mprotect(sp_page, PAGE, RW | PROT_GROWSDOWN_BIT), 0);
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

	check_result("addr not page-aligned", sys_mprotect(at + 1, PAGE, PROT_READ), -EINVAL);
	check_result("addr not page-aligned, length 0",
		     sys_mprotect(at + 1, 0, PROT_READ), -EINVAL);
	check_result("length 0", sys_mprotect(at, 0, PROT_READ), 0);
	check_result("length 0 with a bad prot", sys_mprotect(at, 0, 0x10), 0);
	check_result("length 0 over nothing", sys_mprotect(0x10000000, 0, PROT_READ), 0);
	check_result("prot bit 0x10", sys_mprotect(at, PAGE, PROT_READ | 0x10), -EINVAL);
	check_result("prot bit 0x100", sys_mprotect(at, PAGE, 0x100), -EINVAL);
	check_result("PROT_GROWSUP", sys_mprotect(at, PAGE, PROT_READ | PROT_GROWSUP_BIT), -EINVAL);
	check_result("PROT_GROWSDOWN | PROT_GROWSUP",
		     sys_mprotect(at, PAGE, PROT_READ | PROT_GROWSDOWN_BIT | PROT_GROWSUP_BIT),
		     -EINVAL);
	check_result("PROT_GROWSDOWN on a mapping that is not a stack",
		     sys_mprotect(at, PAGE, PROT_READ | PROT_GROWSDOWN_BIT), -EINVAL);
	check_result("length wraps around", sys_mprotect(at, -PAGE, PROT_READ), -ENOMEM);
	check_result("length ~0 (rounds to 0: wraps)", sys_mprotect(at, ~0UL, PROT_READ), -ENOMEM);

	sys_munmap(at + PAGE, PAGE);
	check_result("a hole in the middle", sys_mprotect(at, 3 * PAGE, RW), -ENOMEM);
	check_result("starting in the hole", sys_mprotect(at + PAGE, 2 * PAGE, RW), -ENOMEM);
	check_result("running past the end", sys_mprotect(at + 2 * PAGE, 2 * PAGE, RW), -ENOMEM);
	check_result("a bad prot before a hole (prot is checked first)",
		     sys_mprotect(at + PAGE, PAGE, 0x10), -EINVAL);
	check_result("nothing mapped", sys_mprotect(0x10000000, PAGE, PROT_READ), -ENOMEM);
	check_result("page 0", sys_mprotect(0, PAGE, PROT_READ), -ENOMEM);
	check_result("the end of the user half", sys_mprotect(USER_END, PAGE, PROT_READ), -ENOMEM);
	check_result("the kernel half",
		     sys_mprotect(0xffff800000000000UL, PAGE, PROT_READ), -ENOMEM);
	check_result("the last page alone", sys_mprotect(at + 2 * PAGE, PAGE, RW), 0);
	sys_munmap(at, 3 * PAGE);
}

int main(void)
{
	changes();
	heap_and_stack();
	errors();
	return check_exit();
}
