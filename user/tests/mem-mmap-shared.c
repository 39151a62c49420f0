/*
 * mem-mmap-shared - a file's mappings and its data are one: a MAP_SHARED
 * write is seen by read(2) and a write(2) through the mapping; two
 * mappings of one file, in one process or in parent and child, see each
 * other; a MAP_PRIVATE mapping sees write(2)s until it writes the page
 * itself; ftruncate shrinking the file makes a page past the new end
 * SIGBUS, shared or privately copied, and zeroes the new last page's
 * tail; growing it reads zeros; msync's checks; PROT_WRITE on a shared
 * mapping of a descriptor not open for writing (a file or /dev/zero) is
 * -EACCES, at mmap and at mprotect time. The file is /tmp/mem-mmap-shared.PID, removed at the
 * end. Expected: a run on the reference Linux.
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <minos_proc.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "mem-test.h"

/* msync's flags (include/uapi/asm-generic/mman-common.h). */
#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

#define FILE_SIZE (2 * PAGE + 100) /* two pages and a bit of a third */

static char path[64];

static long mem_msync(unsigned long addr, unsigned long len, long flags)
{
	return __syscall3(__NR_msync, (long)addr, (long)len, flags);
}

/* A fresh file of FILE_SIZE bytes: page 0 'a', page 1 'b', then 'c's;
 * the descriptor (O_RDWR), or -1. */
static int make_file(void)
{
	static char buf[FILE_SIZE];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	memset(buf, 'a', PAGE);
	memset(buf + PAGE, 'b', PAGE);
	memset(buf + 2 * PAGE, 'c', 100);
	if (write(fd, buf, FILE_SIZE) != FILE_SIZE) {
		close(fd);
		return -1;
	}
	return fd;
}

static int byte_at(int fd, long off)
{
	unsigned char c;
	return pread(fd, &c, 1, off) == 1 ? c : -1;
}

static long file_size(int fd)
{
	return lseek(fd, 0, SEEK_END);
}

static void shared_and_read_write(int fd)
{
	long r = mem_mmap(0, 3 * PAGE, RW, MAP_SHARED, fd, 0);
	check("MAP_SHARED, PROT_READ | PROT_WRITE of an O_RDWR file: mapped", mem_mapped(r));
	if (!mem_mapped(r))
		return;
	unsigned char *p = (unsigned char *)r;
	check("...shows the file",
	      all_bytes(p, PAGE, 'a') && all_bytes(p + PAGE, PAGE, 'b') &&
		      all_bytes(p + 2 * PAGE, 100, 'c'));
	check("...zeros after the end of the file in the last page",
	      all_bytes(p + FILE_SIZE, 3 * PAGE - FILE_SIZE, 0));
	p[10] = 'X';
	check("a write through the mapping is seen by read(2)", byte_at(fd, 10) == 'X');
	check("pwrite(2) to the file", pwrite(fd, "Y", 1, PAGE + 5) == 1);
	check("...is seen through the mapping", p[PAGE + 5] == 'Y');

	/* A second mapping of the same file, at an offset, and a third one
	 * through another descriptor. */
	long r2 = mem_mmap(0, PAGE, RW, MAP_SHARED, fd, (long)PAGE);
	int fd2 = open(path, O_RDWR);
	long r3 = mem_mmap(0, 3 * PAGE, RW, MAP_SHARED, fd2, 0);
	check("two more mappings, one through another descriptor",
	      mem_mapped(r2) && mem_mapped(r3) && fd2 >= 0);
	if (mem_mapped(r2) && mem_mapped(r3)) {
		unsigned char *q = (unsigned char *)r2, *s = (unsigned char *)r3;
		q[7] = 'Q';
		check("a write through the second is seen by the first and the third",
		      p[PAGE + 7] == 'Q' && s[PAGE + 7] == 'Q');
		s[2 * PAGE + 1] = 'S';
		check("a write through the third is seen by the first and by read(2)",
		      p[2 * PAGE + 1] == 'S' && byte_at(fd, 2 * PAGE + 1) == 'S');
		check("...and the second shows its offset", q[5] == 'Y' && all_bytes(q + 8, 8, 'b'));
	}
	mem_munmap(r2, PAGE);
	mem_munmap(r3, 3 * PAGE);
	close(fd2);

	/* Bytes written past the end of the file in its last page are not
	 * the file's. */
	p[FILE_SIZE + 10] = 'J';
	char c;
	check("a write past the end of the file through the mapping: size unchanged",
	      file_size(fd) == (long)FILE_SIZE && pread(fd, &c, 1, FILE_SIZE + 10) == 0);
	p[FILE_SIZE + 10] = 0; /* (what growing the file shows there differs: not compared) */
	check_result("munmap", mem_munmap(r, 3 * PAGE), 0);
	check("the file keeps the mapping's writes after munmap",
	      byte_at(fd, 10) == 'X' && byte_at(fd, PAGE + 7) == 'Q');
}

static void child_writes(int fd, unsigned char *p)
{
	/* The inherited mapping, and one of its own. */
	p[100] = 'C';
	p[PAGE + 100] = 'D'; /* untouched in the parent before fork */
	long r = mem_mmap(0, PAGE, RW, MAP_SHARED, fd, 0);
	if (!mem_mapped(r))
		_exit(2);
	((unsigned char *)r)[200] = 'E';
	_exit(p[300] == 'P' ? 0 : 3);
}

static void across_fork(int fd)
{
	long r = mem_mmap(0, 2 * PAGE, RW, MAP_SHARED, fd, 0);
	check("a shared mapping of two pages", mem_mapped(r));
	if (!mem_mapped(r))
		return;
	unsigned char *p = (unsigned char *)r;
	p[300] = 'P'; /* the first page touched, the second not */
	pid_t pid = fork();
	if (pid == 0)
		child_writes(fd, p);
	int status = -1;
	check("child: saw the parent's write and wrote",
	      pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 0);
	check("parent: sees the child's write to a page touched before fork", p[100] == 'C');
	check("parent: sees the child's write to a page untouched before fork",
	      p[PAGE + 100] == 'D');
	check("parent: sees the write through the child's own mapping", p[200] == 'E');
	check("read(2) sees them all",
	      byte_at(fd, 100) == 'C' && byte_at(fd, PAGE + 100) == 'D' && byte_at(fd, 200) == 'E');
	mem_munmap(r, 2 * PAGE);
}

static void private_mapping(int fd)
{
	long r = mem_mmap(0, 2 * PAGE, RW, MAP_PRIVATE, fd, 0);
	check("MAP_PRIVATE, PROT_READ | PROT_WRITE: mapped", mem_mapped(r));
	if (!mem_mapped(r))
		return;
	unsigned char *p = (unsigned char *)r;
	check("...shows the file", p[0] == 'a' && p[PAGE] == 'b');
	check("pwrite(2) after the private mapping read the page", pwrite(fd, "Z", 1, 0) == 1);
	check("...is seen through it (not yet written by the process)", p[0] == 'Z');
	check("pwrite(2) to a page it has not touched", pwrite(fd, "W", 1, PAGE + 1) == 1);
	check("...is seen through it", p[PAGE + 1] == 'W');
	p[1] = 'p';
	check("a write to the private mapping is not the file's",
	      p[1] == 'p' && byte_at(fd, 1) == 'a');
	check("pwrite(2) after the process wrote the page", pwrite(fd, "V", 1, 2) == 1);
	check("...is not seen any more", p[2] == 'a' && p[0] == 'Z');
	check("...the other page still follows the file",
	      pwrite(fd, "U", 1, PAGE + 2) == 1 && p[PAGE + 2] == 'U');
	long s = mem_mmap(0, PAGE, RW, MAP_SHARED, fd, (long)PAGE);
	if (mem_mapped(s))
		((unsigned char *)s)[3] = 'T';
	check("a write through a shared mapping is seen through the private one",
	      mem_mapped(s) && p[PAGE + 3] == 'T');
	mem_munmap(s, PAGE);
	mem_munmap(r, 2 * PAGE);
}

/* Touches *p in a child: the signal that ended it, 0 if it exited. */
static int touch_in_child(volatile unsigned char *p, int write)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (write)
			*p = 1;
		else
			(void)*p;
		_exit(0);
	}
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static void report_touch(const char *what, int sig)
{
	printf("%s: %s\n", what,
	       sig == SIGBUS ? "SIGBUS" : sig == SIGSEGV ? "SIGSEGV" : sig == 0 ? "no signal" : "?");
}

static void truncation(int fd)
{
	long r = mem_mmap(0, 3 * PAGE, RW, MAP_SHARED, fd, 0);
	long pr = mem_mmap(0, 3 * PAGE, RW, MAP_PRIVATE, fd, 0);
	check("a shared and a private mapping of three pages", mem_mapped(r) && mem_mapped(pr));
	if (!mem_mapped(r) || !mem_mapped(pr))
		return;
	unsigned char *p = (unsigned char *)r, *q = (unsigned char *)pr;
	check("the last page reads through both", p[2 * PAGE] == 'c' && q[2 * PAGE] == 'c');
	q[2 * PAGE + 1] = 'v'; /* private copies of the last two pages */
	q[PAGE + 20] = 'v';
	report_touch("before ftruncate: a read of the last page in a child",
		     touch_in_child(p + 2 * PAGE, 0));

	check_result("ftruncate to a page and 10 bytes", ftruncate(fd, (long)PAGE + 10), 0);
	check("the shared mapping: the new last page's tail reads zero",
	      all_bytes(p + PAGE + 10, PAGE - 10, 0) && p[PAGE + 9] != 0);
	check("the private copy of that page keeps its bytes", q[PAGE + 20] == 'v');
	report_touch("shared: a read of the page past the new end, in a child",
		     touch_in_child(p + 2 * PAGE, 0));
	report_touch("shared: a write there, in a child", touch_in_child(p + 2 * PAGE, 1));
	report_touch("private: a read of its own copy of that page, in a child",
		     touch_in_child(q + 2 * PAGE, 0));
	report_touch("shared: a read of the new last page, in a child",
		     touch_in_child(p + PAGE + 100, 0));

	check_result("ftruncate to three pages", ftruncate(fd, (long)(3 * PAGE)), 0);
	check("the grown part reads zero through the mapping",
	      all_bytes(p + PAGE + 10, 2 * PAGE - 10, 0));
	static unsigned char buf[2 * PAGE];
	check("...and through read(2)", pread(fd, buf, sizeof(buf), (long)PAGE + 10) ==
						(long)(2 * PAGE - 10) &&
					      all_bytes(buf, 2 * PAGE - 10, 0));
	report_touch("shared: the page past the old end, after growing, in a child",
		     touch_in_child(p + 2 * PAGE, 1));
	check("...the child's write is the file's", byte_at(fd, 2 * PAGE) == 1);
	check("private: the page past the old end reads the file again", q[2 * PAGE] == 1);

	check("write(2) far past the end",
	      pwrite(fd, "G", 1, (long)(4 * PAGE + 50)) == 1 &&
		      file_size(fd) == (long)(4 * PAGE + 51));
	check("...the gap reads zero", byte_at(fd, 3 * PAGE) == 0 && byte_at(fd, 4 * PAGE + 49) == 0);
	mem_munmap(r, 3 * PAGE);
	mem_munmap(pr, 3 * PAGE);
}

static void msync_calls(int fd)
{
	/* Two pages with a hole after them: three mapped, the last unmapped. */
	long r = mem_mmap(0, 3 * PAGE, RW, MAP_SHARED, fd, 0);
	check("a shared mapping for msync", mem_mapped(r) && mem_munmap(r + 2 * PAGE, PAGE) == 0);
	if (!mem_mapped(r))
		return;
	unsigned long a = (unsigned long)r;
	((unsigned char *)a)[0] = 'M';
	check_result("msync MS_SYNC", mem_msync(a, 2 * PAGE, MS_SYNC), 0);
	check("...the file has the byte", byte_at(fd, 0) == 'M');
	check_result("msync MS_ASYNC", mem_msync(a, PAGE, MS_ASYNC), 0);
	check_result("msync MS_INVALIDATE", mem_msync(a, PAGE, MS_INVALIDATE), 0);
	check_result("msync MS_SYNC | MS_INVALIDATE", mem_msync(a, PAGE, MS_SYNC | MS_INVALIDATE), 0);
	check_result("msync flags 0", mem_msync(a, PAGE, 0), 0);
	check_result("msync a length that is not whole pages", mem_msync(a, 10, MS_SYNC), 0);
	check_result("msync length 0", mem_msync(a, 0, MS_SYNC), 0);
	check_result("msync MS_ASYNC | MS_SYNC", mem_msync(a, PAGE, MS_ASYNC | MS_SYNC), -EINVAL);
	check_result("msync an unknown flag", mem_msync(a, PAGE, 8), -EINVAL);
	check_result("msync a misaligned address", mem_msync(a + 1, PAGE, MS_SYNC), -EINVAL);
	check_result("msync past the end of the mapping", mem_msync(a, 3 * PAGE, MS_SYNC),
		     -ENOMEM);
	check_result("msync past the end of the mapping, MS_ASYNC",
		     mem_msync(a, 3 * PAGE, MS_ASYNC), -ENOMEM);
	check_result("msync a length that wraps", mem_msync(a, -2 * PAGE, MS_SYNC), -ENOMEM);
	check_result("msync a length that rounds up to 0", mem_msync(a, -1UL, MS_SYNC), 0);
	long anon = mem_mmap_anon(0, PAGE, RW, PRIV_ANON);
	check_result("msync anonymous memory", mem_msync((unsigned long)anon, PAGE, MS_SYNC), 0);
	mem_munmap((unsigned long)anon, PAGE);
	mem_munmap(a, 2 * PAGE);
	check_result("msync an unmapped range", mem_msync(a, PAGE, MS_SYNC), -ENOMEM);
	check_result("msync an unmapped range, flags 0", mem_msync(a, PAGE, 0), -ENOMEM);
}

static void write_rights(int fd)
{
	int ro = open(path, O_RDONLY);
	check("open read-only", ro >= 0);
	check_result("MAP_SHARED, PROT_WRITE of a read-only descriptor",
		     mem_mmap(0, PAGE, RW, MAP_SHARED, ro, 0), -EACCES);
	long r = mem_mmap(0, PAGE, PROT_READ, MAP_SHARED, ro, 0);
	check("MAP_SHARED, PROT_READ of it: mapped", mem_mapped(r));
	check_result("...mprotect PROT_READ | PROT_WRITE", mem_mprotect(r, PAGE, RW), -EACCES);
	check_result("...mprotect PROT_WRITE", mem_mprotect(r, PAGE, PROT_WRITE), -EACCES);
	mem_munmap(r, PAGE);
	r = mem_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, ro, 0);
	check_result("MAP_PRIVATE, PROT_READ of it: mprotect PROT_READ | PROT_WRITE",
		     mem_mapped(r) ? mem_mprotect(r, PAGE, RW) : r, 0);
	mem_munmap(r, PAGE);
	close(ro);

	r = mem_mmap(0, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	check_result("MAP_SHARED, PROT_READ of an O_RDWR descriptor: mprotect PROT_READ | PROT_WRITE",
		     mem_mapped(r) ? mem_mprotect(r, PAGE, RW) : r, 0);
	if (mem_mapped(r)) {
		((unsigned char *)r)[5] = 'R';
		check("...a write through it is the file's", byte_at(fd, 5) == 'R');
	}
	mem_munmap(r, PAGE);

	int zero = open("/dev/zero", O_RDONLY);
	r = mem_mmap(0, PAGE, PROT_READ, MAP_SHARED, zero, 0);
	check_result("MAP_SHARED, PROT_READ of /dev/zero opened read-only: mprotect PROT_READ | PROT_WRITE",
		     mem_mapped(r) ? mem_mprotect(r, PAGE, RW) : r, -EACCES);
	mem_munmap(r, PAGE);
	close(zero);

	int wo = open(path, O_WRONLY);
	check_result("MAP_SHARED of a write-only descriptor",
		     mem_mmap(0, PAGE, RW, MAP_SHARED, wo, 0), -EACCES);
	close(wo);
}

int main(void)
{
	snprintf(path, sizeof(path), "/tmp/mem-mmap-shared.%d", (int)getpid());
	int fd = make_file();
	check("make the file", fd >= 0);
	if (fd < 0)
		return check_exit();
	shared_and_read_write(fd);
	across_fork(fd);
	private_mapping(fd);
	close(fd);

	fd = make_file();
	truncation(fd);
	close(fd);

	fd = make_file();
	msync_calls(fd);
	write_rights(fd);
	close(fd);
	check("unlink the file", unlink(path) == 0);
	return check_exit();
}
