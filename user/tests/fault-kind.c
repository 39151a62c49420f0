/*
 * fault-kind KIND - one more way for a program to fault, chosen by name,
 * to compare MinOS's answer with Linux's (the reference Linux runs the
 * same binary): the process must end with Linux's signal (status 128+N in
 * a shell), or go on where Linux lets it. Kinds: in, out, sti, wrmsr,
 * rdmsr, lgdt, mov-cr3, invlpg, swapgs, sysret, iretq-kernel-cs,
 * idiv-int-min, ac-unaligned, tf-syscall, stack-overflow, exec-heap,
 * exec-data, write-rodata, kernel-write, kernel-jump, noncanonical-jump.
 * Expected results: the reference Linux's (tests/user.tests "linux"),
 * except for iretq-kernel-cs: under QEMU's TCG an IRETQ to the kernel's CS
 * raises a supervisor-mode #PF, on which Linux 6.1 oopses and kills the
 * process with SIGKILL; on hardware it is #GP and SIGSEGV (Intel SDM
 * vol. 2A, IRET), which MinOS keeps: status 139 and
 * tests/expected/fk-iretq-kernel-cs.out.
 * ac-unaligned is not in tests/user.tests: QEMU's TCG does not check
 * alignment, so there it survives; on hardware (KVM) it is SIGBUS as on
 * Linux.
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const unsigned char rodata_byte = 0xC3;
static unsigned char data_code[16] = { 0xC3 };

static unsigned long opaque(unsigned long v)
{
	__asm__("" : "+r"(v));
	return v;
}

static unsigned long recurse(unsigned long n)
{
	volatile char pad[4096];
	pad[0] = (char)n;
	if (n == ~0UL)
		return 0;
	return recurse(n + 1) + pad[0];
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	const char *k = argv[1];
	printf("fault-kind %s\n", k);
	if (!strcmp(k, "in"))
		__asm__ volatile("inb $0x60, %%al" ::: "rax");
	else if (!strcmp(k, "out"))
		__asm__ volatile("outb %%al, $0x80" ::"a"(0));
	else if (!strcmp(k, "sti"))
		__asm__ volatile("sti");
	else if (!strcmp(k, "wrmsr"))
		__asm__ volatile("wrmsr" ::"c"(0xC0000082), "a"(0), "d"(0));
	else if (!strcmp(k, "rdmsr"))
		__asm__ volatile("rdmsr" ::"c"(0xC0000082) : "rax", "rdx");
	else if (!strcmp(k, "lgdt")) {
		struct {
			unsigned short limit;
			unsigned long base;
		} __attribute__((packed)) g = { 0, 0 };
		__asm__ volatile("lgdt %0" ::"m"(g));
	} else if (!strcmp(k, "mov-cr3"))
		__asm__ volatile("mov %0, %%cr3" ::"r"(0UL));
	else if (!strcmp(k, "invlpg"))
		__asm__ volatile("invlpg (%0)" ::"r"(0UL));
	else if (!strcmp(k, "swapgs"))
		__asm__ volatile("swapgs");
	else if (!strcmp(k, "sysret"))
		__asm__ volatile("sysretq");
	else if (!strcmp(k, "iretq-kernel-cs")) {
		/* An IRET frame whose CS is the kernel's 0x10: refused (#GP). */
		__asm__ volatile("mov %%rsp, %%rax\n\t"
				 "pushq $0x2b\n\t"
				 "pushq %%rax\n\t"
				 "pushfq\n\t"
				 "pushq $0x10\n\t"
				 "lea 1f(%%rip), %%rax\n\t"
				 "pushq %%rax\n\t"
				 "iretq\n"
				 "1:" ::: "rax", "memory");
	} else if (!strcmp(k, "idiv-int-min")) {
		int lo = (int)opaque(0x80000000UL), minus1 = (int)opaque(~0UL);
		__asm__ volatile("cltd\n\tidivl %1" : "+a"(lo) : "r"(minus1) : "rdx");
	} else if (!strcmp(k, "ac-unaligned")) {
		/* With EFLAGS.AC set, an unaligned access in ring 3 raises #AC
		 * (CR0.AM is on): SIGBUS. */
		static char buf[16];
		__asm__ volatile("pushfq\n\torq $0x40000, (%%rsp)\n\tpopfq\n\t"
				 "movl 1(%0), %%eax\n\t"
				 "pushfq\n\tandq $~0x40000, (%%rsp)\n\tpopfq" ::"r"(buf)
				 : "rax", "memory", "cc");
	} else if (!strcmp(k, "tf-syscall")) {
		/* TF set, then a system call: the single-step trap comes right
		 * after it (SIGTRAP). */
		__asm__ volatile("pushfq\n\torq $0x100, (%%rsp)\n\tpopfq\n\t"
				 "mov $39, %%eax\n\tsyscall\n\tnop" ::: "rax", "rcx", "r11", "memory");
	} else if (!strcmp(k, "stack-overflow"))
		recurse(0);
	else if (!strcmp(k, "exec-heap")) {
		unsigned char *p = sbrk(4096);
		p[0] = 0xC3;
		((void (*)(void))p)();
	} else if (!strcmp(k, "exec-data"))
		((void (*)(void))data_code)();
	else if (!strcmp(k, "write-rodata"))
		*(volatile unsigned char *)opaque((unsigned long)&rodata_byte) = 0;
	else if (!strcmp(k, "kernel-write"))
		*(volatile long *)opaque(0xffffffff80100000UL) = 0;
	else if (!strcmp(k, "kernel-jump"))
		((void (*)(void))opaque(0xffffffff80100000UL))();
	else if (!strcmp(k, "noncanonical-jump"))
		((void (*)(void))opaque(1UL << 47))();
	else
		return 2;
	printf("fault-kind %s: survived\n", k);
	return 0;
}
