/*
 * fs-rw - moving through a regular file: lseek with SEEK_SET, SEEK_CUR and
 * SEEK_END (EINVAL for a negative result or a bad whence, the offset
 * unchanged), holes that read as zeros (written past the end or made by
 * ftruncate), truncate, pread/pwrite at an offset without moving it,
 * readv/writev over several segments, and ESPIPE on a pipe. Expected: the
 * reference Linux's results. Works in /tmp/fs-rw.PID.
 */
#include <sys/uio.h>

#include "fs-test.h"

#define HOLE_AT 8292 /* past two pages: the hole spans whole pages */

static char buf[16384];

static int all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i])
			return 0;
	}
	return 1;
}

/* Reads n bytes at offset off and compares them with want. */
static void check_bytes(const char *what, int fd, long off, const char *want, size_t n)
{
	long got = pread(fd, buf, n, off);

	check(what, got == (long)n && !memcmp(buf, want, n));
}

static void seeking(int fd)
{
	CHECK_CALL("write(\"0123456789\")", write(fd, "0123456789", 10), 10);
	CHECK_CALL("lseek(0, SEEK_CUR) after the write", lseek(fd, 0, SEEK_CUR), 10);
	CHECK_CALL("lseek(3, SEEK_SET)", lseek(fd, 3, SEEK_SET), 3);
	CHECK_CALL("read 2 bytes", read(fd, buf, 2), 2);
	check("they are \"34\"", !memcmp(buf, "34", 2));
	CHECK_CALL("lseek(-2, SEEK_CUR)", lseek(fd, -2, SEEK_CUR), 3);
	CHECK_CALL("lseek(0, SEEK_END)", lseek(fd, 0, SEEK_END), 10);
	CHECK_CALL("lseek(-4, SEEK_END)", lseek(fd, -4, SEEK_END), 6);
	CHECK_CALL("read 100 bytes there", read(fd, buf, 100), 4);
	check("they are \"6789\"", !memcmp(buf, "6789", 4));
	CHECK_CALL("read at the end", read(fd, buf, 100), 0);
	CHECK_CALL("lseek(100, SEEK_END)", lseek(fd, 100, SEEK_END), 110);
	CHECK_CALL("read past the end", read(fd, buf, 100), 0);
	CHECK_CALL("lseek(-1, SEEK_SET)", lseek(fd, -1, SEEK_SET), -EINVAL);
	CHECK_CALL("lseek(-200, SEEK_CUR)", lseek(fd, -200, SEEK_CUR), -EINVAL);
	CHECK_CALL("lseek(-11, SEEK_END)", lseek(fd, -11, SEEK_END), -EINVAL);
	CHECK_CALL("offset unchanged by the failures", lseek(fd, 0, SEEK_CUR), 110);
	CHECK_CALL("lseek(0, whence 5)", lseek(fd, 0, 5), -EINVAL);
	CHECK_CALL("lseek(0, whence -1)", lseek(fd, 0, -1), -EINVAL);
	CHECK_CALL("lseek(closed fd)", lseek(99, 0, SEEK_SET), -EBADF);
	CHECK_CALL("size unchanged by seeking", lseek(fd, 0, SEEK_END), 10);
}

static void holes(int fd)
{
	memset(buf, 'x', sizeof(buf));
	CHECK_CALL("lseek(8292, SEEK_SET) past the end", lseek(fd, HOLE_AT, SEEK_SET),
		   HOLE_AT);
	CHECK_CALL("write(\"X\") there", write(fd, "X", 1), 1);
	CHECK_CALL("size", lseek(fd, 0, SEEK_END), HOLE_AT + 1);
	CHECK_CALL("lseek(10, SEEK_SET)", lseek(fd, 10, SEEK_SET), 10);
	CHECK_CALL("read the hole and the X", read(fd, buf, sizeof(buf)), HOLE_AT + 1 - 10);
	check("the hole reads as zeros", all_zero(buf, HOLE_AT - 10));
	check("the byte after it is X", buf[HOLE_AT - 10] == 'X');

	CHECK_CALL("ftruncate(fd, 20000) extends", ftruncate(fd, 20000), 0);
	CHECK_CALL("size", lseek(fd, 0, SEEK_END), 20000);
	memset(buf, 'x', sizeof(buf));
	CHECK_CALL("pread(12000 bytes at 8000)", pread(fd, buf, 12000, 8000), 12000);
	check("zeros after the X", buf[HOLE_AT - 8000] == 'X' &&
	      all_zero(buf, HOLE_AT - 8000) && all_zero(buf + HOLE_AT - 8000 + 1,
							12000 - (HOLE_AT - 8000) - 1));
	CHECK_CALL("ftruncate(fd, 5) shrinks", ftruncate(fd, 5), 0);
	CHECK_CALL("size", lseek(fd, 0, SEEK_END), 5);
	CHECK_CALL("read at the old offset", read(fd, buf, 10), 0);
	check_bytes("the first 5 bytes are kept", fd, 0, "01234", 5);
	CHECK_CALL("ftruncate(fd, 4100) again", ftruncate(fd, 4100), 0);
	memset(buf, 'x', sizeof(buf));
	CHECK_CALL("pread(100 at 0)", pread(fd, buf, 100, 0), 100);
	check("bytes cut off earlier come back as zeros",
	      !memcmp(buf, "01234", 5) && all_zero(buf + 5, 95));
	CHECK_CALL("truncate(\"f\", 3)", truncate("f", 3), 0);
	CHECK_CALL("size", lseek(fd, 0, SEEK_END), 3);
	CHECK_CALL("ftruncate(fd, -1)", ftruncate(fd, -1), -EINVAL);
	CHECK_CALL("truncate(\"missing\", 0)", truncate("missing", 0), -ENOENT);
	CHECK_CALL("truncate(\".\", 0)", truncate(".", 0), -EISDIR);
	int ro = open("f", O_RDONLY);
	CHECK_CALL("ftruncate(O_RDONLY fd, 0)", ftruncate(ro, 0), -EINVAL);
	close(ro);
}

static void positioned(int fd)
{
	ftruncate(fd, 0);
	pwrite(fd, "0123456789", 10, 0);
	CHECK_CALL("lseek(7, SEEK_SET)", lseek(fd, 7, SEEK_SET), 7);
	CHECK_CALL("pread(4 bytes at 2)", pread(fd, buf, 4, 2), 4);
	check("they are \"2345\"", !memcmp(buf, "2345", 4));
	CHECK_CALL("offset unchanged by pread", lseek(fd, 0, SEEK_CUR), 7);
	CHECK_CALL("pwrite(\"ab\" at 1)", pwrite(fd, "ab", 2, 1), 2);
	CHECK_CALL("offset unchanged by pwrite", lseek(fd, 0, SEEK_CUR), 7);
	check_bytes("the file is \"0ab3456789\"", fd, 0, "0ab3456789", 10);
	CHECK_CALL("pread at the end", pread(fd, buf, 4, 10), 0);
	CHECK_CALL("pread past the end", pread(fd, buf, 4, 1000), 0);
	CHECK_CALL("pread at offset -1", pread(fd, buf, 4, -1), -EINVAL);
	CHECK_CALL("pwrite at offset -1", pwrite(fd, "z", 1, -1), -EINVAL);
	CHECK_CALL("pwrite(\"Z\" at 12) past the end", pwrite(fd, "Z", 1, 12), 1);
	check_bytes("the gap is a zero pair", fd, 9, "9\0\0Z", 4);
	CHECK_CALL("offset still unchanged", lseek(fd, 0, SEEK_CUR), 7);

	/* Linux ignores pwrite's offset on an O_APPEND file (pwrite(2), BUGS). */
	int ap = open("f", O_WRONLY | O_APPEND);
	CHECK_CALL("pwrite(\"A\" at 0) on O_APPEND", pwrite(ap, "A", 1, 0), 1);
	close(ap);
	check_bytes("it went to the end", fd, 0, "0ab3456789\0\0ZA", 14);
	int wo = open("f", O_WRONLY);
	CHECK_CALL("pread on O_WRONLY", pread(wo, buf, 1, 0), -EBADF);
	close(wo);
}

static void vectored(int fd)
{
	char a[2], b[3], c[8];
	struct iovec out[3] = {
		{ "ab", 2 }, { "", 0 }, { "cdefg", 5 },
	};
	struct iovec in[4] = {
		{ a, sizeof(a) }, { NULL, 0 }, { b, sizeof(b) }, { c, sizeof(c) },
	};

	ftruncate(fd, 0);
	lseek(fd, 0, SEEK_SET);
	CHECK_CALL("writev(3 segments: 2, 0, 5 bytes)", writev(fd, out, 3), 7);
	CHECK_CALL("offset after writev", lseek(fd, 0, SEEK_CUR), 7);
	lseek(fd, 0, SEEK_SET);
	memset(c, '.', sizeof(c));
	CHECK_CALL("readv(4 segments: 2, 0, 3, 8 bytes)", readv(fd, in, 4), 7);
	check("segments filled in order", !memcmp(a, "ab", 2) && !memcmp(b, "cde", 3) &&
	      !memcmp(c, "fg......", 8));
	CHECK_CALL("readv at the end", readv(fd, in, 4), 0);
	CHECK_CALL("writev(iovcnt 0)", writev(fd, out, 0), 0);
	CHECK_CALL("writev(iovcnt -1)", writev(fd, out, -1), -EINVAL);
	CHECK_CALL("readv(iovcnt 1025)", readv(fd, in, 1025), -EINVAL);
	CHECK_CALL("writev(iovcnt 1025)", writev(fd, out, 1025), -EINVAL);
	struct iovec bad[2] = { { "xy", 2 }, { (void *)0x10000000UL, 4 } };
	lseek(fd, 0, SEEK_END);
	CHECK_CALL("writev(2 bytes, then 4 unmapped)", writev(fd, bad, 2), 2);
	CHECK_CALL("writev(NULL iov)", writev(fd, NULL, 1), -EFAULT);
	check_bytes("the file is \"abcdefgxy\"", fd, 0, "abcdefgxy", 9);
}

static void not_seekable(void)
{
	int p[2];
	struct iovec one = { "ab", 2 };

	if (pipe(p) < 0) {
		check("pipe", 0);
		return;
	}
	CHECK_CALL("lseek on a pipe", lseek(p[0], 0, SEEK_CUR), -ESPIPE);
	CHECK_CALL("lseek on a pipe's write end", lseek(p[1], 0, SEEK_SET), -ESPIPE);
	CHECK_CALL("pread on a pipe", pread(p[0], buf, 1, 0), -ESPIPE);
	CHECK_CALL("pwrite on a pipe", pwrite(p[1], "x", 1, 0), -ESPIPE);
	CHECK_CALL("writev on a pipe", writev(p[1], &one, 1), 2);
	CHECK_CALL("read it back", read(p[0], buf, 10), 2);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	int fd;

	scratch_enter("fs-rw");
	fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		printf("open(\"f\", O_RDWR|O_CREAT): FAIL\n");
		return 1;
	}
	seeking(fd);
	holes(fd);
	positioned(fd);
	vectored(fd);
	close(fd);
	not_seekable();
	scratch_leave();
	return check_exit();
}
