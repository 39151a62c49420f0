/*
 * fs-open - open(2), creat(2) and close(2): the flags O_CREAT, O_EXCL,
 * O_TRUNC, O_APPEND, O_DIRECTORY and O_NOFOLLOW, the access mode enforced
 * by read and write, and the errors of path lookup (ENOENT, EISDIR,
 * ENOTDIR, ENAMETOOLONG at 256-byte names and 4096-byte paths, EFAULT for
 * bad path pointers) and of the descriptor table (EBADF, EMFILE under a
 * lowered RLIMIT_NOFILE). Expected: the reference Linux's results, run as
 * root (no permission checks are tested). Works in /tmp/fs-open.PID.
 */
#include <sys/resource.h>

#include "fs-test.h"

#define PAGE 4096UL
#define NOFILE_TEST 16 /* the lowered RLIMIT_NOFILE */

static char buf[256];
static char longpath[PATH_MAX + 16];

static void check_content(const char *what, const char *path, const char *want)
{
	long n = get_file(path, buf, sizeof(buf));

	if (n >= 0 && !strcmp(buf, want)) {
		printf("%s: \"%s\"\n", what, buf);
	} else {
		printf("%s: FAIL (%ld bytes \"%s\", expected \"%s\")\n", what, n,
		       n >= 0 ? buf : "", want);
		check_failures++;
	}
}

static void open_and_close(void)
{
	int fd, fd2;

	CHECK_CALL("open(\"f\", O_RDONLY) before it exists", open("f", O_RDONLY), -ENOENT);
	CHECK_CALL("open(\"\", O_RDONLY)", open("", O_RDONLY), -ENOENT);
	fd = open("f", O_WRONLY | O_CREAT, 0644);
	check("open(\"f\", O_WRONLY|O_CREAT) gives a descriptor", fd >= 0);
	CHECK_CALL("write(fd, \"hello\", 5)", write(fd, "hello", 5), 5);
	CHECK_CALL("read on an O_WRONLY descriptor", read(fd, buf, 1), -EBADF);

	/* The lowest free descriptor is the one handed out. */
	fd2 = open("f", O_RDONLY);
	check("a second open gives the next descriptor", fd2 == fd + 1);
	CHECK_CALL("close(fd)", close(fd), 0);
	CHECK_CALL("close(fd) again", close(fd), -EBADF);
	check("open after a close reuses the lowest free descriptor",
	      open("f", O_RDONLY) == fd);
	close(fd);
	close(fd2);
	CHECK_CALL("close(-1)", close(-1), -EBADF);
	CHECK_CALL("close(1000000)", close(1000000), -EBADF);

	CHECK_CALL("open(\"f\", O_WRONLY|O_CREAT|O_EXCL) when f exists",
		   open("f", O_WRONLY | O_CREAT | O_EXCL, 0644), -EEXIST);
	fd = open("f", O_RDONLY);
	CHECK_CALL("write on an O_RDONLY descriptor", write(fd, "x", 1), -EBADF);
	CHECK_CALL("read(O_RDONLY descriptor, 100)", read(fd, buf, 100), 5);
	CHECK_CALL("read at the end of the file", read(fd, buf, 100), 0);
	close(fd);
	check_content("f after the failed writes", "f", "hello");

	fd = open("new", O_RDWR | O_CREAT | O_EXCL, 0644);
	check("open(\"new\", O_RDWR|O_CREAT|O_EXCL) creates it", fd >= 0);
	CHECK_CALL("write and read on O_RDWR: write", write(fd, "rw", 2), 2);
	CHECK_CALL("write and read on O_RDWR: lseek", lseek(fd, 0, SEEK_SET), 0);
	CHECK_CALL("write and read on O_RDWR: read", read(fd, buf, 10), 2);
	close(fd);
}

static void truncate_append_creat(void)
{
	int fd;

	fd = open("f", O_WRONLY | O_TRUNC);
	check("open(\"f\", O_WRONLY|O_TRUNC)", fd >= 0);
	CHECK_CALL("size after O_TRUNC", lseek(fd, 0, SEEK_END), 0);
	CHECK_CALL("write \"ab\"", write(fd, "ab", 2), 2);
	close(fd);

	fd = open("f", O_WRONLY | O_APPEND);
	CHECK_CALL("O_APPEND: lseek(fd, 0, SEEK_SET)", lseek(fd, 0, SEEK_SET), 0);
	CHECK_CALL("O_APPEND: write \"cd\"", write(fd, "cd", 2), 2);
	CHECK_CALL("O_APPEND: offset after the write", lseek(fd, 0, SEEK_CUR), 4);
	close(fd);
	check_content("f after O_APPEND", "f", "abcd");

	fd = open("f", O_RDONLY | O_CREAT, 0644);
	check("O_CREAT without O_EXCL opens an existing file", fd >= 0);
	close(fd);
	check_content("f unchanged", "f", "abcd");

	fd = creat("g", 0644);
	check("creat(\"g\")", fd >= 0);
	CHECK_CALL("creat gives a write-only descriptor: read", read(fd, buf, 1), -EBADF);
	CHECK_CALL("write to it", write(fd, "xyz", 3), 3);
	close(fd);
	fd = creat("g", 0644);
	CHECK_CALL("creat of an existing file truncates it", lseek(fd, 0, SEEK_END), 0);
	close(fd);
}

static void kinds_of_file(void)
{
	int fd;

	mkdir("d", 0755);
	fd = open(".", O_RDONLY | O_DIRECTORY);
	check("open(\".\", O_RDONLY|O_DIRECTORY)", fd >= 0);
	close(fd);
	fd = open("d", O_RDONLY);
	check("open(\"d\", O_RDONLY) on a directory", fd >= 0);
	CHECK_CALL("read on a directory", read(fd, buf, 10), -EISDIR);
	close(fd);
	CHECK_CALL("open(\"f\", O_RDONLY|O_DIRECTORY) on a file",
		   open("f", O_RDONLY | O_DIRECTORY), -ENOTDIR);
	CHECK_CALL("open(\"d\", O_WRONLY)", open("d", O_WRONLY), -EISDIR);
	CHECK_CALL("open(\"d\", O_RDWR)", open("d", O_RDWR), -EISDIR);
	CHECK_CALL("open(\"d\", O_RDONLY|O_CREAT)", open("d", O_RDONLY | O_CREAT, 0644),
		   -EISDIR);
	CHECK_CALL("open(\"d/\", O_WRONLY|O_CREAT)", open("d/", O_WRONLY | O_CREAT, 0644),
		   -EISDIR);
	CHECK_CALL("open(\"f/x\", O_RDONLY)", open("f/x", O_RDONLY), -ENOTDIR);
	CHECK_CALL("open(\"f/\", O_RDONLY)", open("f/", O_RDONLY), -ENOTDIR);
	CHECK_CALL("open(\"f/x\", O_WRONLY|O_CREAT)", open("f/x", O_WRONLY | O_CREAT, 0644),
		   -ENOTDIR);
	CHECK_CALL("open(\"nodir/x\", O_WRONLY|O_CREAT)",
		   open("nodir/x", O_WRONLY | O_CREAT, 0644), -ENOENT);
	CHECK_CALL("open(\"newfile/\", O_WRONLY|O_CREAT)",
		   open("newfile/", O_WRONLY | O_CREAT, 0644), -EISDIR);

	CHECK_CALL("symlink(\"f\", \"lnk\")", symlink("f", "lnk"), 0);
	CHECK_CALL("open(\"lnk\", O_RDONLY|O_NOFOLLOW)", open("lnk", O_RDONLY | O_NOFOLLOW),
		   -ELOOP);
	check_content("open(\"lnk\", O_RDONLY) follows it", "lnk", "abcd");
	fd = open("f", O_RDONLY | O_NOFOLLOW);
	check("O_NOFOLLOW on a regular file opens it", fd >= 0);
	close(fd);
	CHECK_CALL("symlink(\"d\", \"dlnk\")", symlink("d", "dlnk"), 0);
	fd = open("dlnk/", O_RDONLY | O_NOFOLLOW);
	check("O_NOFOLLOW does not stop a link followed by a trailing slash", fd >= 0);
	close(fd);
	CHECK_CALL("symlink(\"gone\", \"dangling\")", symlink("gone", "dangling"), 0);
	CHECK_CALL("open(\"dangling\", O_RDONLY)", open("dangling", O_RDONLY), -ENOENT);
	CHECK_CALL("open(\"dangling\", O_WRONLY|O_CREAT|O_EXCL)",
		   open("dangling", O_WRONLY | O_CREAT | O_EXCL, 0644), -EEXIST);
	fd = open("dangling", O_WRONLY | O_CREAT, 0644);
	check("open(\"dangling\", O_WRONLY|O_CREAT) creates the target", fd >= 0);
	close(fd);
	check_content("the new target \"gone\"", "gone", "");
}

static void long_names(void)
{
	char name[300];
	int fd;

	memset(name, 'n', 255);
	name[255] = '\0';
	fd = open(name, O_WRONLY | O_CREAT, 0644);
	check("open(255-byte name, O_CREAT) creates it", fd >= 0);
	close(fd);
	CHECK_CALL("unlink(255-byte name)", unlink(name), 0);
	name[255] = 'n';
	name[256] = '\0';
	CHECK_CALL("open(256-byte name, O_RDONLY)", open(name, O_RDONLY), -ENAMETOOLONG);
	CHECK_CALL("open(256-byte name, O_CREAT)", open(name, O_WRONLY | O_CREAT, 0644),
		   -ENAMETOOLONG);
	name[256] = '/';
	name[257] = 'x';
	name[258] = '\0';
	CHECK_CALL("open(256-byte directory name + \"/x\")", open(name, O_RDONLY),
		   -ENAMETOOLONG);

	/* "." then slashes then "f": 4095 bytes plus the NUL is PATH_MAX. */
	memset(longpath, '/', sizeof(longpath));
	longpath[0] = '.';
	longpath[PATH_MAX - 2] = 'f';
	longpath[PATH_MAX - 1] = '\0';
	fd = open(longpath, O_RDONLY);
	check("open(\"./////...f\", 4095 bytes) opens f", fd >= 0);
	close(fd);
	longpath[PATH_MAX - 2] = '/';
	longpath[PATH_MAX - 1] = 'f';
	longpath[PATH_MAX] = '\0';
	CHECK_CALL("open(\"./////...f\", 4096 bytes)", open(longpath, O_RDONLY),
		   -ENAMETOOLONG);
	longpath[PATH_MAX + 8] = '\0';
	CHECK_CALL("open(4104-byte path)", open(longpath, O_RDONLY), -ENAMETOOLONG);
}

static void bad_pointers(void)
{
	CHECK_CALL("open(NULL, O_RDONLY)", open(NULL, O_RDONLY), -EFAULT);
	CHECK_CALL("open(0x10000000 (unmapped), O_RDONLY)",
		   open((const char *)0x10000000UL, O_RDONLY), -EFAULT);
	CHECK_CALL("open(kernel address, O_RDONLY)",
		   open((const char *)0xffffffff80000000UL, O_RDONLY), -EFAULT);
	CHECK_CALL("open(NULL, O_WRONLY|O_CREAT)", open(NULL, O_WRONLY | O_CREAT, 0644),
		   -EFAULT);

	/* A mapped page [top - PAGE, top) with nothing mapped above it. */
	unsigned long old = (unsigned long)sbrk(0);
	unsigned long top = ((old + PAGE - 1) & ~(PAGE - 1)) + PAGE;
	if (brk((void *)top) < 0) {
		check("brk to a page boundary", 0);
		return;
	}
	char *end = (char *)top;
	memcpy(end - 3, "abc", 3);
	CHECK_CALL("open(path running into an unmapped page)", open(end - 3, O_RDONLY),
		   -EFAULT);
	memcpy(end - 2, "f", 2);
	int fd = open(end - 2, O_RDONLY);
	check("open(\"f\" ending at the last mapped byte)", fd >= 0);
	close(fd);
	brk((void *)old);
}

static void too_many_files(void)
{
	struct rlimit old, low;
	int fd, last = -1, opened = 0;
	long err = 0;

	if (getrlimit(RLIMIT_NOFILE, &old) < 0) {
		check("getrlimit(RLIMIT_NOFILE)", 0);
		return;
	}
	low.rlim_cur = NOFILE_TEST;
	low.rlim_max = old.rlim_max;
	CHECK_CALL("setrlimit(RLIMIT_NOFILE, 16)", setrlimit(RLIMIT_NOFILE, &low), 0);
	for (int i = 0; i < 2 * NOFILE_TEST; i++) {
		fd = open("f", O_RDONLY);
		if (fd < 0) {
			err = -errno;
			break;
		}
		last = fd;
		opened++;
	}
	check_result("open until it fails", err, -EMFILE);
	check_result("the last descriptor opened", last, NOFILE_TEST - 1);
	CHECK_CALL("open(\"new2\", O_CREAT) at the limit", open("new2", O_WRONLY | O_CREAT, 0644),
		   -EMFILE);
	close(last);
	CHECK_CALL("open after closing one", open("f", O_RDONLY), NOFILE_TEST - 1);
	for (int i = 0; i < opened; i++)
		close(last - i);
	CHECK_CALL("open(\"new2\", O_RDONLY) below the limit", open("new2", O_RDONLY), -ENOENT);
	CHECK_CALL("setrlimit back", setrlimit(RLIMIT_NOFILE, &old), 0);
}

int main(void)
{
	scratch_enter("fs-open");
	open_and_close();
	truncate_append_creat();
	kinds_of_file();
	long_names();
	bad_pointers();
	too_many_files();
	scratch_leave();
	return check_exit();
}
