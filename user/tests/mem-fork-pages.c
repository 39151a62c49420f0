/*
 * mem-fork-pages - what fork costs in memory: a child forked from a
 * parent with 64 MiB of written memory takes fewer than 100 new pages
 * (page tables, kernel stack; the data pages are shared until written),
 * and writing 16 pages costs it about 16 more. Free memory is read with
 * sysinfo(2) in the parent before fork and in the child after it, which
 * MinOS answers from its page allocator. Linux's free count moves in
 * per-CPU batches of pages, so the figures are not compared with it: the
 * expected output is the target itself (tests/user.tests).
 */
#include <minos_proc.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <uapi/misc.h>

#include "check.h"
#include "mem-test.h"

#define BIG (64UL << 20)

static long free_pages(void)
{
	struct sysinfo si;
	if (__syscall1(__NR_sysinfo, (long)&si) != 0)
		return -1;
	return (long)(si.freeram * si.mem_unit / PAGE);
}

int main(void)
{
	long r = mem_mmap_anon(0, BIG, RW, PRIV_ANON);
	check("64 MiB mapped", mem_mapped(r));
	if (!mem_mapped(r))
		return check_exit();
	char *big = (char *)r;
	for (unsigned long off = 0; off < BIG; off += PAGE)
		big[off] = (char)(off / PAGE);
	long before = free_pages();
	pid_t pid = fork();
	if (pid == 0) {
		long after = free_pages();
		check("child: fewer than 100 new pages", before - after < 100);
		for (unsigned long i = 0; i < 16; i++)
			big[i * PAGE] = 'c';
		long written = free_pages();
		check("child: 16 written pages cost 16 to 24 pages",
		      after - written >= 16 && after - written <= 24);
		int same = 1;
		for (unsigned long off = 16 * PAGE; off < BIG; off += PAGE)
			same &= big[off] == (char)(off / PAGE);
		check("child: the rest reads the parent's bytes", same);
		_exit(check_failures ? 1 : 0);
	}
	int status = 0;
	check("child passed", pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
				      WEXITSTATUS(status) == 0);
	check("parent: its first page unchanged", big[0] == 0 && big[PAGE] == 1);
	return check_exit();
}
