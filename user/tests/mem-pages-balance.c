/*
 * mem-pages-balance - MinOS gives back every page: after rounds of fork,
 * copy-on-write in both processes, reads of untouched memory, execve and
 * exit, the free page count (sysinfo(2), which MinOS answers from its
 * page allocator) is exactly what it was before. A first round warms up
 * what the kernel keeps once made (its heap, the vDSO's pages). Linux
 * keeps pages in caches and per-CPU lists, so it is not compared: the
 * expectation is the invariant itself (status 0, tests/user.tests).
 */
#include <minos_proc.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <uapi/misc.h>

#include "mem-test.h"

static long free_pages(void)
{
	struct sysinfo si;
	if (__syscall1(__NR_sysinfo, (long)&si) != 0)
		return -1;
	return (long)(si.freeram * si.mem_unit / PAGE);
}

/* One round: a parent with written, shared and untouched memory forks
 * children that write, read and exec; everything is unmapped after. */
static int round(void)
{
	long r = mem_mmap_anon(0, 64 * PAGE, RW, PRIV_ANON);
	long s = mem_mmap_anon(0, 8 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS);
	if (!mem_mapped(r) || !mem_mapped(s))
		return 0;
	char *p = (char *)r, *sh = (char *)s;
	for (int i = 0; i < 32; i++)
		p[i * PAGE] = (char)i; /* pages 32..63 stay untouched */
	int ok = 1;
	for (int child = 0; child < 4; child++) {
		pid_t pid = fork();
		if (pid == 0) {
			int sum = 0;
			for (int i = 32; i < 64; i++)
				sum += p[i * PAGE]; /* untouched pages: the zero page */
			for (int i = child; i < 64; i += 4)
				p[i * PAGE] = 'x'; /* copies, and fresh pages */
			sh[child * PAGE] = 's';
			if (child == 3) {
				char *argv[] = { "/bin/true", NULL };
				execve("/bin/true", argv, argv + 1);
			}
			_exit(sum == 0 ? 0 : 1);
		}
		p[(child + 1) * PAGE] = 'p'; /* the parent copies too */
		int status = 0;
		ok &= pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 0;
	}
	ok &= sh[0] == 's' && sh[3 * PAGE] == 's';
	mem_munmap((unsigned long)r, 64 * PAGE);
	mem_munmap((unsigned long)s, 8 * PAGE);
	return ok;
}

int main(void)
{
	if (!round())
		return printf("warm-up round failed\n"), 1;
	long before = free_pages();
	int ok = 1;
	for (int i = 0; i < 20; i++)
		ok &= round();
	long after = free_pages();
	printf("20 rounds of fork, copy-on-write, exec and exit: %s\n", ok ? "ok" : "FAIL");
	printf("free pages after = before: %s\n", after == before ? "ok" : "FAIL");
	if (after != before)
		printf("  before %ld, after %ld\n", before, after);
	return ok && after == before ? 0 : 1;
}
