/*
 * mem-mmap-file - mmap(2) of a file: the program's own executable
 * (argv[0]), opened read-only. A private mapping shows the file's bytes,
 * at an offset too, with zeros after the end of the file in its last
 * page; writing to a private copy leaves the file alone; the mapping
 * outlives the descriptor; a read-only MAP_SHARED mapping works but can
 * be made neither writable at mmap time nor later with mprotect;
 * /dev/zero maps zeros, as MAP_ANONYMOUS; and the errors for files: a
 * directory, a pipe or /dev/null (-ENODEV), a write-only descriptor
 * (-EACCES), an offset past the largest file (-EOVERFLOW), unknown
 * MAP_SHARED_VALIDATE flags (-EOPNOTSUPP), MAP_HUGETLB (-EINVAL).
 * Touching a page wholly past the end of the file is mem-file-eof's
 * subject. Expected: a run on the reference Linux (stdin /dev/null, stdout a
 * pipe); needs open(2), read(2), close(2) and pipe2(2).
 */
#include <errno.h>
#include <sys/syscall.h>
#include <uapi/fcntl.h>

#include "check.h"
#include "mem-test.h"

#define MAP_HUGETLB_FLAG 0x40000 /* include/uapi/asm-generic/mman-common.h */
#define EOVERFLOW_RESULT (-75L)  /* include/uapi/asm-generic/errno.h */
#define EOPNOTSUPP_RESULT (-95L)
#define BUF_MAX (4UL << 20) /* the largest executable this test expects */

static long sys_open(const char *path, long flags)
{
	return __syscall3(__NR_open, (long)path, flags, 0);
}
static long sys_close(long fd)
{
	return __syscall1(__NR_close, fd);
}

/* The whole file, read with read(2) into an anonymous mapping; its size
 * in *size. NULL on failure. */
static unsigned char *slurp(const char *path, unsigned long *size)
{
	long fd = sys_open(path, O_RDONLY);
	long r = mem_mmap(0, BUF_MAX, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long n = 0;

	if (fd < 0 || !mem_mapped(r))
		return NULL;
	for (;;) {
		long got = __syscall3(__NR_read, fd, r + (long)n, (long)(BUF_MAX - n));
		if (got <= 0)
			break;
		n += (unsigned long)got;
	}
	sys_close(fd);
	*size = n;
	return (unsigned char *)r;
}

static void private_mappings(const char *self, const unsigned char *want, unsigned long size)
{
	long fd = sys_open(self, O_RDONLY);
	unsigned long len = (size + PAGE - 1) & ~(PAGE - 1);

	long r = mem_mmap(0, size, PROT_READ, MAP_PRIVATE, fd, 0);
	check("MAP_PRIVATE, PROT_READ of the whole file: mapped", mem_mapped(r));
	if (!mem_mapped(r))
		return;
	const unsigned char *p = (const unsigned char *)r;
	check("...shows the bytes read() gives", memcmp(p, want, size) == 0);
	check("...zeros after the end of the file in the last page",
	      all_bytes(p + size, len - size, 0));
	check_result("...munmap", mem_munmap(r, size), 0);

	r = mem_mmap(0, size - PAGE, PROT_READ, MAP_PRIVATE, fd, (long)PAGE);
	check("at offset 4096: matches the file from byte 4096",
	      mem_mapped(r) && memcmp((void *)r, want + PAGE, size - PAGE) == 0);
	mem_munmap(r, size - PAGE);

	/* A private copy may be written, even with a read-only descriptor. */
	r = mem_mmap(0, size, RW, MAP_PRIVATE, fd, 0);
	check("MAP_PRIVATE, PROT_WRITE on a read-only descriptor: mapped", mem_mapped(r));
	if (mem_mapped(r)) {
		unsigned char *w = (unsigned char *)r;
		w[0] = 'X';
		w[size - 1] ^= 0xff;
		check("...the copy takes the writes",
		      w[0] == 'X' && w[size - 1] == (want[size - 1] ^ 0xff));
		long r2 = mem_mmap(0, size, PROT_READ, MAP_PRIVATE, fd, 0);
		check("...another mapping still shows the file",
		      mem_mapped(r2) && memcmp((void *)r2, want, size) == 0);
		mem_munmap(r2, size);
		mem_munmap(r, size);
	}

	/* The mapping keeps the file, not the descriptor. */
	r = mem_mmap(0, size, PROT_READ, MAP_PRIVATE, fd, 0);
	check_result("close the descriptor", sys_close(fd), 0);
	check("...the mapping still shows the file",
	      mem_mapped(r) && memcmp((void *)r, want, size) == 0);
	check_result("...PROT_NONE and back",
		     mem_mprotect(r, PAGE, PROT_NONE) | mem_mprotect(r, PAGE, PROT_READ), 0);
	check("...still the same bytes", mem_mapped(r) && memcmp((void *)r, want, PAGE) == 0);
	/* Anonymous pages over the middle of it. */
	check("MAP_FIXED anonymous over its second page",
	      mem_mmap(r + (long)PAGE, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
		      r + (long)PAGE);
	check("...zeros there, the file around it",
	      all_bytes((unsigned char *)r + PAGE, PAGE, 0) && memcmp((void *)r, want, PAGE) == 0 &&
		      memcmp((unsigned char *)r + 2 * PAGE, want + 2 * PAGE, size - 2 * PAGE) == 0);
	mem_munmap(r, size);
}

static void shared_mappings(const char *self, const unsigned char *want, unsigned long size)
{
	long fd = sys_open(self, O_RDONLY);

	long r = mem_mmap(0, size, PROT_READ, MAP_SHARED, fd, 0);
	check("MAP_SHARED, PROT_READ: mapped", mem_mapped(r));
	check("...shows the file", mem_mapped(r) && memcmp((void *)r, want, size) == 0);
	check_result("...mprotect to PROT_READ | PROT_WRITE", mem_mprotect(r, PAGE, RW), -EACCES);
	check_result("...mprotect to PROT_READ | PROT_EXEC",
		     mem_mprotect(r, PAGE, PROT_READ | PROT_EXEC), 0);
	mem_munmap(r, size);
	check_result("MAP_SHARED, PROT_WRITE on a read-only descriptor",
		     mem_mmap(0, size, RW, MAP_SHARED, fd, 0), -EACCES);
	r = mem_mmap(0, size, PROT_READ, MAP_SHARED_VALIDATE, fd, 0);
	check("MAP_SHARED_VALIDATE, PROT_READ: mapped", mem_mapped(r));
	mem_munmap(r, size);
	check_result("MAP_SHARED_VALIDATE with an unknown flag",
		     mem_mmap(0, size, PROT_READ, MAP_SHARED_VALIDATE | 0x800000, fd, 0),
		     EOPNOTSUPP_RESULT);
	r = mem_mmap(0, size, PROT_READ, MAP_SHARED | 0x800000, fd, 0);
	check("MAP_SHARED with the same flag: mapped (not validated)", mem_mapped(r));
	mem_munmap(r, size);

	check_result("offset past the largest file size",
		     mem_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 0x7ffffffffffff000L),
		     EOVERFLOW_RESULT);
	check_result("MAP_HUGETLB with a file",
		     mem_mmap(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_HUGETLB_FLAG, fd, 0), -EINVAL);
	check_result("no map type, with a file", mem_mmap(0, PAGE, PROT_READ, 0, fd, 0), -EINVAL);
	check_result("offset 1, with a file", mem_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 1),
		     -EINVAL);
	r = mem_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 1L << 40);
	check("offset far past the end of the file: mapped (touching it would be SIGBUS)",
	      mem_mapped(r));
	mem_munmap(r, PAGE);
	sys_close(fd);
}

static void not_files(void)
{
	long dir = sys_open("/", O_RDONLY | O_DIRECTORY);
	check_result("MAP_PRIVATE of a directory",
		     mem_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, dir, 0), -ENODEV);
	sys_close(dir);

	/* /dev/zero maps zeros, as MAP_ANONYMOUS; /dev/null maps nothing. */
	long zero = sys_open("/dev/zero", O_RDONLY);
	long r = mem_mmap(0, 2 * PAGE, RW, MAP_PRIVATE, zero, 0);
	check("MAP_PRIVATE of /dev/zero: mapped", mem_mapped(r));
	if (mem_mapped(r)) {
		unsigned char *z = (unsigned char *)r;
		check("...reads zero", all_bytes(z, 2 * PAGE, 0));
		z[PAGE] = 1;
		check("...is writable", z[PAGE] == 1);
		mem_munmap(r, 2 * PAGE);
	}
	check_result("MAP_SHARED, PROT_WRITE of /dev/zero opened read-only",
		     mem_mmap(0, PAGE, RW, MAP_SHARED, zero, 0), -EACCES);
	sys_close(zero);
	long null = sys_open("/dev/null", O_RDONLY);
	check_result("MAP_PRIVATE of /dev/null", mem_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, null, 0),
		     -ENODEV);
	sys_close(null);

	int pipefd[2] = { -1, -1 };
	check_result("pipe2", __syscall2(__NR_pipe2, (long)pipefd, 0), 0);
	check_result("MAP_PRIVATE of a pipe's read end",
		     mem_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, pipefd[0], 0), -ENODEV);
	check_result("MAP_PRIVATE of a pipe's write end (not readable)",
		     mem_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, pipefd[1], 0), -EACCES);
	check_result("MAP_SHARED of a pipe's read end",
		     mem_mmap(0, PAGE, PROT_READ, MAP_SHARED, pipefd[0], 0), -ENODEV);
	sys_close(pipefd[0]);
	sys_close(pipefd[1]);
	check_result("a closed descriptor", mem_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, pipefd[0], 0),
		     -EBADF);
}

int main(int argc, char **argv)
{
	unsigned long size = 0;
	const unsigned char *want = argc > 0 ? slurp(argv[0], &size) : NULL;

	check("read the program's own file", want != NULL && size > 3 * PAGE && size % PAGE != 0);
	if (!want || size <= 3 * PAGE || size % PAGE == 0)
		return check_exit();
	private_mappings(argv[0], want, size);
	shared_mappings(argv[0], want, size);
	not_files();
	return check_exit();
}
