/*
 * mem-cow - what fork promises about memory, whatever the kernel does
 * underneath (copy-on-write on MinOS, docs/memory.md): after fork a
 * private page written by one process is not seen by the other, in
 * either direction, also when the kernel writes it (read(2) into it);
 * untouched anonymous memory reads zero before and after; a MAP_SHARED
 * mapping stays one memory for parent and child, touched before fork or
 * not; mprotect in the child does not open the parent's pages; a
 * grandchild's writes stay its own. Expected: a run on the reference Linux.
 */
#include <minos_files.h>
#include <minos_proc.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "mem-test.h"

/* Runs fn in a child, which prints its own checks; 1 if it passed. */
static int in_child(void (*fn)(unsigned long), unsigned long arg)
{
	pid_t pid = fork();
	if (pid == 0) {
		check_failures = 0; /* the child's own checks only */
		fn(arg);
			_exit(check_failures ? 1 : 0);
	}
	int status = 0;
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

static int pages_are(unsigned long at, unsigned long n, unsigned char first)
{
	for (unsigned long i = 0; i < n; i++)
		if (!all_bytes((unsigned char *)at + i * PAGE, PAGE, (unsigned char)(first + i)))
			return 0;
	return 1;
}

static void child_writes_half(unsigned long at)
{
	check("child: sees the parent's 8 pages", pages_are(at, 8, 'a'));
	memset((char *)at, 'X', 4 * PAGE);
	check("child: its writes to 4 pages", all_bytes((unsigned char *)at, 4 * PAGE, 'X'));
	check("child: the other 4 unchanged", pages_are(at + 4 * PAGE, 4, 'e'));
}

static void private_pages(void)
{
	unsigned long at = map_filled(8);
	check("8 filled private pages", at != 0);
	if (!at)
		return;
	check("child ran", in_child(child_writes_half, at));
	check("parent: the child's writes are not seen", pages_are(at, 8, 'a'));
	memset((char *)at, 'P', PAGE);
	check("parent: writes its first page after the child ended",
	      all_bytes((unsigned char *)at, PAGE, 'P') && pages_are(at + PAGE, 7, 'b'));
	mem_munmap(at, 8 * PAGE);
}

static void child_waits_then_checks(unsigned long at)
{
	/* The parent writes once the child has started; then the child looks. */
	char c;
	int *fds = (int *)(at + PAGE);
	close(fds[1]);
	check("child: the parent wrote", read(fds[0], &c, 1) == 1);
	check("child: still sees the old bytes", all_bytes((unsigned char *)at, PAGE, 'a'));
}

static void parent_writes_first(void)
{
	unsigned long at = map_filled(2);
	int *fds = (int *)(at + PAGE);
	check("pipe", pipe(fds) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		child_waits_then_checks(at);
			_exit(check_failures ? 1 : 0);
	}
	close(fds[0]);
	memset((char *)at, 'Q', PAGE);
	/* Said after the child's lines: it runs as soon as the byte is in. */
	int wrote = write(fds[1], "x", 1) == 1;
	int status = 0;
	waitpid(pid, &status, 0);
	check("parent: wrote its page while the child lived", wrote);
	check("child passed", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	check("parent: keeps its own bytes", all_bytes((unsigned char *)at, PAGE, 'Q'));
	close(fds[1]);
	mem_munmap(at, 2 * PAGE);
}

static void child_reads_into(unsigned long at)
{
	int fds[2];
	check("child: pipe", pipe(fds) == 0);
	char buf[100];
	memset(buf, 'R', sizeof(buf));
	check("child: write to the pipe", write(fds[1], buf, sizeof(buf)) == (long)sizeof(buf));
	/* The kernel writes into the shared page: the child's copy only. */
	check("child: read(2) into a page shared with the parent",
	      read(fds[0], (char *)at + 10, sizeof(buf)) == (long)sizeof(buf));
	unsigned char *p = (unsigned char *)at;
	check("child: sees what read(2) wrote",
	      all_bytes(p, 10, 'a') && all_bytes(p + 10, sizeof(buf), 'R') &&
		      all_bytes(p + 10 + sizeof(buf), PAGE - 10 - sizeof(buf), 'a'));
}

static void kernel_writes(void)
{
	unsigned long at = map_filled(1);
	check("child ran", in_child(child_reads_into, at));
	check("parent: read(2) in the child changed nothing here",
	      all_bytes((unsigned char *)at, PAGE, 'a'));
	mem_munmap(at, PAGE);
}

static void child_writes_zero_pages(unsigned long at)
{
	check("child: untouched pages read zero", all_bytes((unsigned char *)at, 4 * PAGE, 0));
	memset((char *)at + PAGE, 'Z', PAGE);
	check("child: one page written, the others zero",
	      all_bytes((unsigned char *)at, PAGE, 0) &&
		      all_bytes((unsigned char *)at + PAGE, PAGE, 'Z') &&
		      all_bytes((unsigned char *)at + 2 * PAGE, 2 * PAGE, 0));
}

static void untouched_memory(void)
{
	long r = mem_mmap_anon(0, 4 * PAGE, RW, PRIV_ANON);
	check("4 untouched private pages", mem_mapped(r));
	if (!mem_mapped(r))
		return;
	unsigned long at = (unsigned long)r;
	check("parent: they read zero", all_bytes((unsigned char *)at, 2 * PAGE, 0));
	check("child ran", in_child(child_writes_zero_pages, at));
	check("parent: still zero", all_bytes((unsigned char *)at, 4 * PAGE, 0));
	memset((char *)at + 3 * PAGE, 'W', 8);
	check("parent: writes one page",
	      all_bytes((unsigned char *)at + 3 * PAGE, 8, 'W') &&
		      all_bytes((unsigned char *)at, 3 * PAGE, 0));
	mem_munmap(at, 4 * PAGE);
}

static void child_writes_shared(unsigned long at)
{
	check("child: sees the touched page", all_bytes((unsigned char *)at, PAGE, 's'));
	check("child: the untouched page reads zero", all_bytes((unsigned char *)at + PAGE, PAGE, 0));
	memset((char *)at, 'S', PAGE);
	memset((char *)at + PAGE, 'T', PAGE);
}

static void shared_pages(void)
{
	long r = mem_mmap_anon(0, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS);
	check("2 shared anonymous pages", mem_mapped(r));
	if (!mem_mapped(r))
		return;
	unsigned long at = (unsigned long)r;
	memset((char *)at, 's', PAGE); /* the second page stays untouched */
	check("child ran", in_child(child_writes_shared, at));
	check("parent: sees the child's write to the touched page",
	      all_bytes((unsigned char *)at, PAGE, 'S'));
	check("parent: sees the child's write to the untouched page",
	      all_bytes((unsigned char *)at + PAGE, PAGE, 'T'));
	mem_munmap(at, 2 * PAGE);
}

static void child_opens_and_writes(unsigned long at)
{
	check_result("child: mprotect read-write", mem_mprotect(at, PAGE, RW), 0);
	memset((char *)at, 'M', PAGE);
	check("child: wrote the page", all_bytes((unsigned char *)at, PAGE, 'M'));
}

static void mprotect_after_fork(void)
{
	unsigned long at = map_filled(1);
	check_result("parent: mprotect read-only", mem_mprotect(at, PAGE, PROT_READ), 0);
	check("child ran", in_child(child_opens_and_writes, at));
	check("parent: page unchanged", all_bytes((unsigned char *)at, PAGE, 'a'));
	check_result("parent: mprotect read-write", mem_mprotect(at, PAGE, RW), 0);
	memset((char *)at, 'N', PAGE);
	check("parent: wrote the page", all_bytes((unsigned char *)at, PAGE, 'N'));
	mem_munmap(at, PAGE);
}

static void grandchild_writes(unsigned long at)
{
	memset((char *)at + PAGE, 'G', PAGE);
	check("grandchild: its write", all_bytes((unsigned char *)at + PAGE, PAGE, 'G'));
}

static void child_forks(unsigned long at)
{
	memset((char *)at, 'C', PAGE);
	check("grandchild ran", in_child(grandchild_writes, at));
	check("child: its page and the grandchild's untouched",
	      all_bytes((unsigned char *)at, PAGE, 'C') && pages_are(at + PAGE, 2, 'b'));
}

static void three_generations(void)
{
	unsigned long at = map_filled(3);
	check("child ran", in_child(child_forks, at));
	check("parent: all three pages as before", pages_are(at, 3, 'a'));
	mem_munmap(at, 3 * PAGE);
}

int main(void)
{
	private_pages();
	parent_writes_first();
	kernel_writes();
	untouched_memory();
	shared_pages();
	mprotect_after_fork();
	three_generations();
	return check_exit();
}
