/*
 * mu-ptrace-mem.c - a tracer's view of its tracee's memory and registers,
 * compared with Linux: PEEKDATA/POKEDATA on a variable, PEEKTEXT/POKETEXT
 * on a function's code (read-only text, written for the tracee only),
 * PTRACE_SINGLESTEP through a known instruction sequence, GETFPREGS and
 * GETREGSET (NT_PRSTATUS, NT_PRFPREG), PEEKUSER/POKEUSER on the registers
 * and the debug registers, and process_vm_readv/writev with partial and
 * failed transfers.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <elf.h>
#include "mu-ptrace.h"

static volatile long data_word = 0x1122334455667788L;

__attribute__((noinline)) static int text_fn(void)
{
	__asm__ volatile("");
	return 1;
}
static int (*volatile text_ptr)(void) = text_fn;

static int peek_poke_child(void)
{
	return (data_word == 0x42 ? 10 : 20) + text_ptr();
}

static void peek_poke(void)
{
	pid_t pid = traced_child(peek_poke_child);

	wait_expect("first stop", pid, "stop 19");
	long w = ptrace(PTRACE_PEEKDATA, pid, (void *)&data_word, 0);
	printf("peekdata: 0x%lx\n", w);
	pt_ok("pokedata", PTRACE_POKEDATA, pid, (void *)&data_word, (void *)0x42);
	w = ptrace(PTRACE_PEEKDATA, pid, (void *)&data_word, 0);
	printf("peekdata after poke: 0x%lx\n", w);
	printf("tracer's own copy: 0x%lx\n", data_word);
	/* Unaligned, across the variable's first byte. */
	w = ptrace(PTRACE_PEEKDATA, pid, (char *)&data_word + 1, 0);
	printf("unaligned peek low byte: 0x%lx\n", w & 0xff);

	/* mov $2, %eax; ret: the tracee's text_fn returns 2. */
	long code = ptrace(PTRACE_PEEKTEXT, pid, (void *)text_fn, 0);
	long patch = (code & ~0xffffffffffffL) | 0xc300000002b8L;
	pt_ok("poketext", PTRACE_POKETEXT, pid, (void *)text_fn, (void *)patch);
	printf("peektext after poke: 0x%lx\n", ptrace(PTRACE_PEEKTEXT, pid, (void *)text_fn, 0) & 0xffffffffffffL);
	printf("tracer's text_fn: %d\n", text_ptr());
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("end (10 + 2)", pid, "exit 12");
}

extern char step_start[], step_end[];

static int step_child(void)
{
	long out;
	__asm__ volatile("int3\n"
			 ".globl step_start\n"
			 "step_start:\n\t"
			 "nop\n\t"
			 "mov $1, %%eax\n\t"
			 "add $2, %%eax\n\t"
			 "lea 3(%%rax,%%rax,1), %%rax\n\t"
			 "xchg %%ax, %%ax\n\t"
			 ".globl step_end\n"
			 "step_end:\n\t"
			 "int3\n"
			 : "=a"(out));
	return (int)out;
}

/* int3 stops the tracee at step_start; SINGLESTEP walks to step_end. */
static void single_step(void)
{
	pid_t pid = traced_child(step_child);
	struct user_regs_struct r;
	siginfo_t si;

	wait_expect("first stop", pid, "stop 19");
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("int3", pid, "stop 5");
	pt_ok("getsiginfo", PTRACE_GETSIGINFO, pid, 0, &si);
	printf("int3 siginfo: signo %d code %d\n", si.si_signo, si.si_code);
	pt(PTRACE_GETREGS, pid, 0, &r);
	printf("at step_start: %d\n", r.rip == (unsigned long)step_start);
	int steps = 0;
	while (r.rip != (unsigned long)step_end && steps < 20) {
		pt_ok("singlestep", PTRACE_SINGLESTEP, pid, 0, 0);
		int st = wait_show("step", pid);
		if (st < 0 || !WIFSTOPPED(st))
			return;
		if (steps == 0) {
			pt_ok("getsiginfo", PTRACE_GETSIGINFO, pid, 0, &si);
			printf("step siginfo: signo %d code %d\n", si.si_signo, si.si_code);
		}
		pt(PTRACE_GETREGS, pid, 0, &r);
		steps++;
		printf("  +%ld rax %ld, tf shown %d\n", (long)(r.rip - (unsigned long)step_start),
		       (long)(r.rax & 0xffffffff), (int)((r.eflags >> 8) & 1));
	}
	printf("steps: %d\n", steps);
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("second int3", pid, "stop 5");
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("end", pid, "exit 9");
}

static int fp_child(void)
{
	uint64_t lo = 0x0123456789abcdefULL;
	__asm__ volatile("movq %0, %%xmm0\n\t"
			 "int3\n" ::"r"(lo)
			 : "xmm0");
	return 0;
}

static void fp_regs(void)
{
	pid_t pid = traced_child(fp_child);
	struct user_fpregs_struct fp;

	wait_expect("first stop", pid, "stop 19");
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("int3", pid, "stop 5");
	pt_ok("getfpregs", PTRACE_GETFPREGS, pid, 0, &fp);
	printf("cwd 0x%x mxcsr 0x%x xmm0 0x%08x%08x\n", fp.cwd, fp.mxcsr, fp.xmm_space[1],
	       fp.xmm_space[0]);
	struct user_regs_struct r1, r2;
	struct iovec iov = { &r2, sizeof(r2) };
	pt(PTRACE_GETREGS, pid, 0, &r1);
	pt_ok("getregset prstatus", PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov);
	printf("regset size %zu, same as getregs %d\n", iov.iov_len, memcmp(&r1, &r2, sizeof(r1)) == 0);
	iov = (struct iovec){ &fp, 64 };
	pt_ok("getregset prfpreg, 64 bytes", PTRACE_GETREGSET, pid, (void *)NT_PRFPREG, &iov);
	printf("regset size %zu\n", iov.iov_len);

	/* PEEKUSER/POKEUSER: a register, the debug registers, the limits. */
	long v = 0;
	pt_ok("peekuser rip", PTRACE_PEEKUSER, pid, (void *)offsetof(struct user, regs.rip), &v);
	printf("peekuser rip same: %d\n", v == (long)r1.rip);
	size_t dr = offsetof(struct user, u_debugreg);
	printf("u_debugreg offset %zu, struct user %zu\n", dr, sizeof(struct user));
	pt_ok("peekuser dr7", PTRACE_PEEKUSER, pid, (void *)(dr + 7 * 8), &v);
	printf("dr7: %ld\n", v);
	pt_ok("pokeuser dr0", PTRACE_POKEUSER, pid, (void *)dr, (void *)0x400000);
	pt_ok("peekuser dr0", PTRACE_PEEKUSER, pid, (void *)dr, &v);
	printf("dr0: 0x%lx\n", v);
	pt_ok("peekuser in u_comm", PTRACE_PEEKUSER, pid, (void *)(dr - 8), &v);
	printf("u_comm: %ld\n", v);
	pt_ok("pokeuser rax", PTRACE_POKEUSER, pid, (void *)offsetof(struct user, regs.rax), (void *)5);
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("end", pid, "exit 0");
}

#define PAGE 4096

/* process_vm_readv/writev on a child: two mapped pages (the second made
 * read-only) followed by an unmapped one. */
static void vm_rw(void)
{
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 2 * PAGE; i++)
		p[i] = (char)('a' + i % 26);
	munmap(p + 2 * PAGE, PAGE);
	mprotect(p + PAGE, PAGE, PROT_READ);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	char buf[256];
	struct iovec l = { buf, sizeof(buf) }, r[2];

	r[0] = (struct iovec){ p, 10 };
	memset(buf, 0, sizeof(buf));
	printf("readv 10: %zd %.10s\n", process_vm_readv(pid, &l, 1, r, 1, 0), buf);
	r[0] = (struct iovec){ p + 2 * PAGE - 10, 100 };
	printf("readv across the end: %zd\n", process_vm_readv(pid, &l, 1, r, 1, 0));
	r[0] = (struct iovec){ p + 2 * PAGE, 10 };
	check_errno("readv unmapped", process_vm_readv(pid, &l, 1, r, 1, 0), EFAULT);
	r[0] = (struct iovec){ p + 3, 5 };
	r[1] = (struct iovec){ p + 2 * PAGE, 5 };
	printf("readv good then bad: %zd\n", process_vm_readv(pid, &l, 1, r, 2, 0));
	struct iovec two[2] = { { buf, 3 }, { buf + 100, 4 } };
	r[0] = (struct iovec){ p, 20 };
	printf("readv into 3+4: %zd %.3s %.4s\n", process_vm_readv(pid, two, 2, r, 1, 0), buf, buf + 100);
	struct iovec bad = { (void *)16, 10 };
	check_errno("readv to a bad local address", process_vm_readv(pid, &bad, 1, r, 1, 0), EFAULT);
	struct iovec empty = { buf, 0 };
	printf("readv nothing: %zd\n", process_vm_readv(pid, &empty, 1, r, 1, 0));
	check_errno("readv flags 1", process_vm_readv(pid, &l, 1, r, 1, 1), EINVAL);
	check_errno("readv 1025 iovecs", process_vm_readv(pid, &l, 1025, r, 1, 0), EINVAL);

	memcpy(buf, "XYZ", 3);
	struct iovec w = { buf, 3 };
	r[0] = (struct iovec){ p + 5, 3 };
	printf("writev 3: %zd\n", process_vm_writev(pid, &w, 1, r, 1, 0));
	r[0] = (struct iovec){ p, 10 };
	memset(buf, 0, sizeof(buf));
	printf("read back: %zd %.10s (own copy %.10s)\n", process_vm_readv(pid, &l, 1, r, 1, 0), buf, p);
	r[0] = (struct iovec){ p + PAGE, 3 };
	check_errno("writev read-only page", process_vm_writev(pid, &w, 1, r, 1, 0), EFAULT);
	r[0] = (struct iovec){ p + PAGE - 2, 3 };
	printf("writev into the read-only page's edge: %zd\n", process_vm_writev(pid, &w, 1, r, 1, 0));

	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	r[0] = (struct iovec){ p, 10 };
	check_errno("readv reaped pid", process_vm_readv(pid, &l, 1, r, 1, 0), ESRCH);
}

int main(void)
{
	check_start();
	section("peek poke", peek_poke, 20);
	section("single step", single_step, 20);
	section("fp regs", fp_regs, 20);
	section("process_vm", vm_rw, 20);
	return check_exit();
}
