/*
 * exhaust - each way of exhausting a resource stops the process that does
 * it and nothing else, and leaves nothing behind.
 *  - an mmap hog and a brk hog touching memory until none is left: killed
 *    by SIGKILL (the kernel keeps a reserve for itself), or refused with
 *    -ENOMEM; a stack hog: SIGSEGV at RLIMIT_STACK;
 *  - opening files until -EMFILE, then closing them;
 *  - a writer blocked on a full pipe, killed with SIGKILL;
 *  - 2000 short-lived processes.
 * The whole round runs twice; after the second, free memory and the
 * number of processes must equal what they were before it (the first
 * round lets the kernel's heap reach its working size).
 * Expected output: tests/expected/exhaust.out, not Linux's: the reference
 * Linux gives the same lines except the last check's, free memory back
 * where it was, which it misses by 48 KiB that its page and slab caches
 * keep. Never run on the host.
 */
#include <minos_rawcall.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <uapi/misc.h>
#include <uapi/mman.h>
#include <uapi/time.h>

#include "check.h"

static int child_status(void (*body)(void))
{
	int st = -1;
	long pid = sys(__NR_fork, 0, 0, 0, 0, 0, 0);
	if (pid == 0) {
		body();
		sys(__NR_exit_group, 0, 0, 0, 0, 0, 0);
	}
	sys(__NR_wait4, pid, (long)&st, 0, 0, 0, 0);
	return st;
}

/* Maps and touches 64 MiB at a time (each request is smaller than RAM, so
 * none is an obvious overcommit that mmap refuses at once) until a fault
 * finds no page. */
static void mmap_hog(void)
{
	unsigned long len = 64UL << 20;
	for (;;) {
		char *p = (char *)sys(__NR_mmap, 0, (long)len, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if ((long)p < 0)
			sys(__NR_exit_group, 3, 0, 0, 0, 0, 0);
		for (unsigned long off = 0; off < len; off += 4096)
			p[off] = 1;
	}
}

static void brk_hog(void)
{
	long cur = sys(__NR_brk, 0, 0, 0, 0, 0, 0);
	for (;;) {
		long want = cur + (1 << 20);
		if (sys(__NR_brk, want, 0, 0, 0, 0, 0) != want)
			sys(__NR_exit_group, 0, 0, 0, 0, 0, 0); /* refused: fine */
		for (long a = cur; a < want; a += 4096)
			*(volatile char *)a = 1;
		cur = want;
	}
}

static unsigned long deep(unsigned long n)
{
	volatile char frame[8192];
	frame[0] = (char)n;
	if (n == ~0UL)
		return 0;
	return deep(n + 1) + frame[0];
}

static void stack_hog(void) { deep(0); }

static void blocked_writer_killed(void)
{
	int fds[2], st;
	static char buf[4096];
	sys(__NR_pipe, (long)fds, 0, 0, 0, 0, 0);
	long pid = sys(__NR_fork, 0, 0, 0, 0, 0, 0);
	if (pid == 0) {
		for (;;)
			sys(__NR_write, fds[1], (long)buf, sizeof(buf), 0, 0, 0);
	}
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	sys(__NR_nanosleep, (long)&ts, 0, 0, 0, 0, 0);
	sys(__NR_kill, pid, 9, 0, 0, 0, 0);
	sys(__NR_wait4, pid, (long)&st, 0, 0, 0, 0);
	check("blocked pipe writer killed", (st & 0x7f) == 9);
	sys(__NR_close, fds[0], 0, 0, 0, 0, 0);
	sys(__NR_close, fds[1], 0, 0, 0, 0, 0);
}

static void round_of_exhaustion(void)
{
	int st = child_status(mmap_hog);
	check("mmap hog stopped by SIGKILL", (st & 0x7f) == 9);
	st = child_status(brk_hog);
	check("brk hog stopped (SIGKILL or refused)", (st & 0x7f) == 9 || st == 0);
	st = child_status(stack_hog);
	check("stack hog stopped by SIGSEGV", (st & 0x7f) == 11);

	int opened = 0;
	long fd, first = -1;
	while ((fd = sys(__NR_open, (long)"/dev/null", 0, 0, 0, 0, 0)) >= 0) {
		if (first < 0)
			first = fd;
		opened++;
	}
	check_result("open with the descriptor table full", fd, -24);
	for (long i = first; i < first + opened; i++)
		sys(__NR_close, i, 0, 0, 0, 0, 0);
	check("descriptors come back", sys(__NR_open, (long)"/dev/null", 0, 0, 0, 0, 0) == first &&
					      sys(__NR_close, first, 0, 0, 0, 0, 0) == 0);

	blocked_writer_killed();
	int bad = 0;
	for (int i = 0; i < 2000; i++) {
		long pid = sys(__NR_fork, 0, 0, 0, 0, 0, 0);
		if (pid == 0)
			sys(__NR_exit_group, 7, 0, 0, 0, 0, 0);
		bad += sys(__NR_wait4, pid, (long)&st, 0, 0, 0, 0) != pid || ((st >> 8) & 0xff) != 7;
	}
	check("2000 short-lived processes", bad == 0);
}

int main(void)
{
	struct sysinfo a, b;

	round_of_exhaustion(); /* warm-up */
	sys(__NR_sysinfo, (long)&a, 0, 0, 0, 0, 0);
	round_of_exhaustion();
	sys(__NR_sysinfo, (long)&b, 0, 0, 0, 0, 0);
	check("free memory back to where it was", a.freeram == b.freeram);
	check("process count back to where it was", a.procs == b.procs);
	if (a.freeram != b.freeram)
		printf("free memory before %lu, after %lu\n", a.freeram, b.freeram);
	return check_exit();
}
