/*
 * fs-dup - descriptors that share one open file: dup, dup2, dup3,
 * F_DUPFD and F_DUPFD_CLOEXEC give descriptors with a common offset and
 * common status flags (F_GETFL/F_SETFL: O_APPEND, O_NONBLOCK; the access
 * mode cannot change) but their own FD_CLOEXEC (F_GETFD/F_SETFD); dup2 to
 * itself, dup3 to itself (EINVAL), and the EBADF/EINVAL cases. Descriptor
 * numbers are printed relative to the first one the test opens, so
 * descriptors inherited from the caller do not change the output.
 * Expected: the reference Linux's results. Works in /tmp/fs-dup.PID.
 */
#include "fs-test.h"

#define STATUS_FLAGS (O_ACCMODE | O_APPEND | O_NONBLOCK)

static char buf[64];

static void check_offset(const char *what, int fd, long want)
{
	check_result(what, rv(lseek(fd, 0, SEEK_CUR)), want);
}

/* Flag words, printed in octal as in fcntl.h. */
static void check_flags(const char *what, long got, long want)
{
	if (got == want) {
		printf("%s: 0%lo\n", what, got);
	} else {
		printf("%s: 0%lo, expected 0%lo: FAIL\n", what, got, want);
		check_failures++;
	}
}

static void sharing(int fd)
{
	int d, d2, hi, base = fd;

	CHECK_CALL("write(fd, \"abcdef\")", write(fd, "abcdef", 6), 6);
	lseek(fd, 0, SEEK_SET);
	d = dup(fd);
	check_result("dup(fd) is the lowest free descriptor (fd + 1)", d - base, 1);
	CHECK_CALL("read 2 bytes through fd", read(fd, buf, 2), 2);
	check_offset("the offset seen through the dup", d, 2);
	CHECK_CALL("read 2 bytes through the dup", read(d, buf, 2), 2);
	check("they are \"cd\"", !memcmp(buf, "cd", 2));
	check_offset("the offset seen through fd", fd, 4);

	hi = base + 10;
	CHECK_CALL("dup2(fd, fd + 10)", dup2(fd, hi) - base, 10);
	lseek(hi, 1, SEEK_SET);
	check_offset("lseek through it moves fd's offset", fd, 1);
	CHECK_CALL("dup2(fd, fd) returns fd", dup2(fd, fd) - base, 0);
	check_offset("and leaves it open", fd, 1);

	/* dup2 onto an open descriptor closes that one first. */
	int other = open("other", O_RDWR | O_CREAT, 0644);
	write(other, "OTHER", 5);
	CHECK_CALL("dup2(other, fd + 10) replaces it", dup2(other, hi) - base, 10);
	CHECK_CALL("pread through fd + 10", pread(hi, buf, 5, 0), 5);
	check("it is now the other file", !memcmp(buf, "OTHER", 5));
	check_offset("fd itself is unaffected", fd, 1);
	close(other);
	close(hi);

	CHECK_CALL("fcntl(fd, F_DUPFD, fd + 20)", fcntl(fd, F_DUPFD, base + 20) - base, 20);
	CHECK_CALL("fcntl(fd, F_DUPFD, fd + 20) again gives the next one",
		   fcntl(fd, F_DUPFD, base + 20) - base, 21);
	CHECK_CALL("fcntl(fd, F_DUPFD_CLOEXEC, fd + 20)",
		   fcntl(fd, F_DUPFD_CLOEXEC, base + 20) - base, 22);
	CHECK_CALL("F_GETFD of the F_DUPFD_CLOEXEC copy", fcntl(base + 22, F_GETFD), FD_CLOEXEC);
	CHECK_CALL("F_GETFD of the F_DUPFD copy", fcntl(base + 20, F_GETFD), 0);
	lseek(base + 22, 3, SEEK_SET);
	check_offset("they share the offset too", base + 20, 3);
	close(base + 20);
	close(base + 21);
	close(base + 22);

	d2 = dup3(fd, base + 11, O_CLOEXEC);
	CHECK_CALL("dup3(fd, fd + 11, O_CLOEXEC)", d2 - base, 11);
	CHECK_CALL("F_GETFD of it", fcntl(d2, F_GETFD), FD_CLOEXEC);
	CHECK_CALL("dup3(fd, fd + 12, 0)", dup3(fd, base + 12, 0) - base, 12);
	CHECK_CALL("F_GETFD of that", fcntl(base + 12, F_GETFD), 0);
	CHECK_CALL("dup3(fd, fd, 0)", dup3(fd, fd, 0), -EINVAL);
	CHECK_CALL("dup3(fd, fd, O_CLOEXEC)", dup3(fd, fd, O_CLOEXEC), -EINVAL);
	CHECK_CALL("dup3(fd, fd + 13, O_APPEND) (not a dup3 flag)",
		   dup3(fd, base + 13, O_APPEND), -EINVAL);
	close(d2);
	close(base + 12);

	/* Closing one descriptor leaves the open file to the others. */
	CHECK_CALL("close(fd's dup)", close(d), 0);
	d = dup(fd);
	CHECK_CALL("close(fd)", close(fd), 0);
	CHECK_CALL("pread through the remaining dup", pread(d, buf, 6, 0), 6);
	check("it is \"abcdef\"", !memcmp(buf, "abcdef", 6));
	CHECK_CALL("dup2 back to fd's number", dup2(d, base) - base, 0);
	close(d);
}

static void descriptor_flags(int fd)
{
	int d;

	CHECK_CALL("F_GETFD of a plain open", fcntl(fd, F_GETFD), 0);
	CHECK_CALL("F_SETFD FD_CLOEXEC", fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
	CHECK_CALL("F_GETFD", fcntl(fd, F_GETFD), FD_CLOEXEC);
	d = dup(fd);
	CHECK_CALL("F_GETFD of a dup of it (cleared)", fcntl(d, F_GETFD), 0);
	CHECK_CALL("F_SETFD 0", fcntl(fd, F_SETFD, 0), 0);
	CHECK_CALL("F_GETFD", fcntl(fd, F_GETFD), 0);
	close(d);
	int c = open("f", O_RDONLY | O_CLOEXEC);
	CHECK_CALL("F_GETFD of open(O_CLOEXEC)", fcntl(c, F_GETFD), FD_CLOEXEC);
	close(c);
}

static void status_flags(int fd)
{
	int d = dup(fd);
	int wo;

	check_flags("F_GETFL & (O_ACCMODE|O_APPEND|O_NONBLOCK) of O_RDWR",
		    fcntl(fd, F_GETFL) & STATUS_FLAGS, O_RDWR);
	check("F_GETFL includes O_LARGEFILE (Linux sets it on 64-bit)",
	      (fcntl(fd, F_GETFL) & O_LARGEFILE) != 0);
	CHECK_CALL("F_SETFL O_APPEND|O_NONBLOCK", fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK), 0);
	check_flags("F_GETFL & (...)", fcntl(fd, F_GETFL) & STATUS_FLAGS,
		    O_RDWR | O_APPEND | O_NONBLOCK);
	check_flags("F_GETFL & (...) of the dup (shared)", fcntl(d, F_GETFL) & STATUS_FLAGS,
		    O_RDWR | O_APPEND | O_NONBLOCK);
	lseek(d, 0, SEEK_SET);
	CHECK_CALL("write \"G\" through the dup at offset 0", write(d, "G", 1), 1);
	check_offset("it was appended: the offset", d, 7);
	CHECK_CALL("F_SETFL O_WRONLY (the access mode stays)", fcntl(fd, F_SETFL, O_WRONLY), 0);
	check_flags("F_GETFL & (...)", fcntl(fd, F_GETFL) & STATUS_FLAGS, O_RDWR);
	CHECK_CALL("pread still works", pread(fd, buf, 7, 0), 7);
	check("the file is \"abcdefG\"", !memcmp(buf, "abcdefG", 7));
	close(d);

	wo = open("f", O_WRONLY | O_APPEND);
	check_flags("F_GETFL & (...) of open(O_WRONLY|O_APPEND)",
		    fcntl(wo, F_GETFL) & STATUS_FLAGS, O_WRONLY | O_APPEND);
	CHECK_CALL("F_SETFL O_RDWR on it", fcntl(wo, F_SETFL, O_RDWR), 0);
	check_flags("F_GETFL & (...)", fcntl(wo, F_GETFL) & STATUS_FLAGS, O_WRONLY);
	CHECK_CALL("read is still refused", read(wo, buf, 1), -EBADF);
	close(wo);
}

static void bad_descriptors(int fd)
{
	CHECK_CALL("dup(-1)", dup(-1), -EBADF);
	CHECK_CALL("dup(99)", dup(99), -EBADF);
	CHECK_CALL("dup2(99, fd)", dup2(99, fd), -EBADF);
	CHECK_CALL("dup2(fd, -1)", dup2(fd, -1), -EBADF);
	CHECK_CALL("dup2(fd, 0x7fffffff)", dup2(fd, 0x7fffffff), -EBADF);
	CHECK_CALL("dup2(99, 99) (to itself, closed)", dup2(99, 99), -EBADF);
	CHECK_CALL("dup3(99, 100, 0)", dup3(99, 100, 0), -EBADF);
	CHECK_CALL("dup3(fd, -1, 0)", dup3(fd, -1, 0), -EBADF);
	CHECK_CALL("fcntl(99, F_GETFD)", fcntl(99, F_GETFD), -EBADF);
	CHECK_CALL("fcntl(99, F_DUPFD, 0)", fcntl(99, F_DUPFD, 0), -EBADF);
	CHECK_CALL("fcntl(fd, F_DUPFD, -1)", fcntl(fd, F_DUPFD, -1), -EINVAL);
	CHECK_CALL("fcntl(fd, F_DUPFD, 0x7fffffff)", fcntl(fd, F_DUPFD, 0x7fffffff), -EINVAL);
	CHECK_CALL("fcntl(fd, 9999) (unknown command)", fcntl(fd, 9999), -EINVAL);
	check("fd is still open", fcntl(fd, F_GETFD) == 0);
}

int main(void)
{
	int fd;

	scratch_enter("fs-dup");
	fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		printf("open(\"f\", O_RDWR|O_CREAT): FAIL\n");
		return 1;
	}
	sharing(fd);
	descriptor_flags(fd);
	status_flags(fd);
	bad_descriptors(fd);
	close(fd);
	scratch_leave();
	return check_exit();
}
