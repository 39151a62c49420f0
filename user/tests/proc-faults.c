/*
 * proc-faults - 1000 processes that each fault in one of many ways (bad
 * reads, writes and jumps, privileged and undefined instructions, int3,
 * division by zero, writes to text, executing the stack, non-canonical
 * addresses); each must die with Linux's signal for its fault (the
 * fault-* tests check the same signals against Linux one by one), and the
 * kernel must go on: every process is reaped and no page is lost.
 * Expected: tests/expected/proc-faults.out: Linux's signals (the reference
 * Linux gives the same lines), and no page lost, which only MinOS
 * promises exactly. Never run on the host: it would be 1000 crashes there.
 */
#include <minos_rawcall.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <uapi/misc.h>

#include "check.h"


/* An address the compiler cannot see through. */
static volatile long *addr(unsigned long a)
{
	__asm__("" : "+r"(a));
	return (volatile long *)a;
}

static void fault(int kind)
{
	static const unsigned char ret = 0xC3;
	unsigned char stack_code[16] = { 0xC3 };
	volatile int zero = 0;

	switch (kind) {
	case 0: (void)*addr(0); break;                          /* NULL read */
	case 1: *addr(8) = 1; break;                            /* NULL write */
	case 2: ((void (*)(void))addr(0))(); break;             /* NULL jump */
	case 3: (void)*addr(0xffffffff80000000UL); break;       /* kernel read */
	case 4: *addr(0xffffffff80000000UL) = 1; break;         /* kernel write */
	case 5: ((void (*)(void))addr(0xffffffff80100000UL))(); break; /* kernel jump */
	case 6: (void)*addr(1UL << 47); break;                  /* non-canonical */
	case 7: __asm__ volatile("ud2"); break;
	case 8: __asm__ volatile("int3"); break;
	case 9: /* in assembly: the compiler turns 1 / x into a comparison */
		__asm__ volatile("mov $1, %%eax\n\txor %%edx, %%edx\n\tdivl %0" ::"r"(zero)
				 : "rax", "rdx");
		break;
	case 10: __asm__ volatile("hlt"); break;                /* privileged */
	case 11: __asm__ volatile("cli"); break;
	case 12: *(volatile unsigned char *)addr((unsigned long)fault) = 0x90; break; /* text */
	case 13: ((void (*)(void))stack_code)(); break;         /* NX stack */
	case 14: *(volatile unsigned char *)addr((unsigned long)&ret) = 0; break; /* rodata */
	}
}

static const int expected_sig[] = {
	SIGSEGV, SIGSEGV, SIGSEGV, SIGSEGV, SIGSEGV, SIGSEGV, SIGSEGV, SIGILL,
	SIGTRAP, SIGFPE, SIGSEGV, SIGSEGV, SIGSEGV, SIGSEGV, SIGSEGV,
};
#define KINDS (int)(sizeof(expected_sig) / sizeof(expected_sig[0]))

int main(void)
{
	struct sysinfo si;
	int wrong = 0, st;

	sys(__NR_sysinfo, (long)&si, 0, 0);
	unsigned long before = si.freeram;
	for (int i = 0; i < 1000; i++) {
		long pid = sys(__NR_fork, 0, 0, 0);
		if (pid == 0) {
			fault(i % KINDS);
			sys(__NR_exit_group, 99, 0, 0); /* survived: wrong */
		}
		if (sys(__NR_wait4, pid, (long)&st, 0) != pid || (st & 0x7f) != expected_sig[i % KINDS]) {
			if (wrong++ < 5)
				printf("process %d (kind %d): status 0x%x\n", i, i % KINDS, st);
		}
	}
	check("1000 faulting processes died with their signals", wrong == 0);
	check_result("no children left", sys(__NR_wait4, -1, (long)&st, 1 /* WNOHANG */), -10);
	sys(__NR_sysinfo, (long)&si, 0, 0);
	/* The first round grows the kernel heap; compare a second round. */
	before = si.freeram;
	for (int i = 0; i < 2 * KINDS; i++) {
		long pid = sys(__NR_fork, 0, 0, 0);
		if (pid == 0) {
			fault(i % KINDS);
			sys(__NR_exit_group, 99, 0, 0);
		}
		sys(__NR_wait4, pid, (long)&st, 0);
	}
	sys(__NR_sysinfo, (long)&si, 0, 0);
	check("no page lost to faulting processes", si.freeram == before);
	return check_exit();
}
