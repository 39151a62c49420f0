/*
 * io-sendfile - sendfile(2) from a regular file to a file, a pipe and a
 * socket: with and without an offset (which moves instead of the input's
 * position), from the middle, past the end, a count larger than what is
 * left, a count of 0; and the errors in Linux's order (a bad offset
 * pointer first, closed and wrong-direction descriptors, an offset on a
 * pipe, a negative offset, an O_APPEND output, a pipe or a directory as
 * input). Expected: the reference Linux's results. Works in
 * /tmp/io-sendfile.PID.
 */
#include <minos_rawcall.h>

#include "fs-test.h"

static const char text[] = "0123456789abcdefghijklmnopqrstuvwxyz";

static void show(const char *what, const char *path)
{
	char buf[128], line[200];
	long n = get_file(path, buf, sizeof(buf));
	snprintf(line, sizeof(line), "%s: %ld bytes \"%s\"", what, n, n >= 0 ? buf : "");
	check(line, 1);
}

int main(void)
{
	scratch_enter("io-sendfile");
	check_result("the input file", put_file("in", text, 36), 0);
	int in = open("in", O_RDONLY);
	int out = open("out", O_WRONLY | O_CREAT | O_TRUNC, 0644);

	check_result("sendfile(out, in, NULL, 10)", sys(__NR_sendfile, out, in, 0, 10), 10);
	check_result("  the input's position", lseek(in, 0, SEEK_CUR), 10);
	check_result("  the output's position", lseek(out, 0, SEEK_CUR), 10);
	long off = 30;
	check_result("sendfile(out, in, &30, 100)", sys(__NR_sendfile, out, in, &off, 100), 6);
	check_result("  the offset after", off, 36);
	check_result("  the input's position kept", lseek(in, 0, SEEK_CUR), 10);
	check_result("sendfile of the rest", sys(__NR_sendfile, out, in, 0, 1000), 26);
	check_result("sendfile at the end", sys(__NR_sendfile, out, in, 0, 10), 0);
	off = 100;
	check_result("sendfile past the end", sys(__NR_sendfile, out, in, &off, 10), 0);
	check_result("  the offset after", off, 100);
	off = 0;
	check_result("sendfile of 0 bytes", sys(__NR_sendfile, out, in, &off, 0), 0);
	show("the output file", "out");

	int p[2];
	pipe(p);
	off = 26;
	check_result("sendfile to a pipe", sys(__NR_sendfile, p[1], in, &off, 10), 10);
	char buf[64];
	memset(buf, 0, sizeof(buf));
	check_result("  read back", read(p[0], buf, sizeof(buf)), 10);
	check("  the bytes", memcmp(buf, "qrstuvwxyz", 10) == 0);

	int sv[2];
	check_result("socketpair", sys(__NR_socketpair, 1, 1, 0, sv), 0);
	off = 0;
	check_result("sendfile to a socket", sys(__NR_sendfile, sv[0], in, &off, 36), 36);
	memset(buf, 0, sizeof(buf));
	check_result("  read back", read(sv[1], buf, sizeof(buf)), 36);
	check("  the bytes", memcmp(buf, text, 36) == 0);

	/* the errors */
	check_result("a bad offset pointer before a closed descriptor",
		     sys(__NR_sendfile, 99, 98, 1, 10), -EFAULT);
	check_result("a closed input", sys(__NR_sendfile, out, 99, 0, 10), -EBADF);
	check_result("a closed output", sys(__NR_sendfile, 99, in, 0, 10), -EBADF);
	check_result("an input open for writing only", sys(__NR_sendfile, out, out, 0, 10), -EBADF);
	check_result("an output open for reading only", sys(__NR_sendfile, in, in, 0, 10), -EBADF);
	off = 0;
	check_result("an offset on a pipe input", sys(__NR_sendfile, out, p[0], &off, 10), -ESPIPE);
	check_result("a pipe input", sys(__NR_sendfile, out, p[0], 0, 10), -EINVAL);
	off = -1;
	check_result("a negative offset", sys(__NR_sendfile, out, in, &off, 10), -EINVAL);
	off = 0;
	check_result("  before a closed output", sys(__NR_sendfile, 99, in, &off, -1l), -EINVAL);
	int app = open("out", O_WRONLY | O_APPEND);
	check_result("an O_APPEND output", sys(__NR_sendfile, app, in, &off, 10), -EINVAL);
	int dir = open(".", O_RDONLY | O_DIRECTORY);
	check_result("a directory as input", sys(__NR_sendfile, out, dir, 0, 10), -EINVAL);
	check_result("a socket as input", sys(__NR_sendfile, out, sv[1], 0, 10), -EINVAL);
	int opath = open("in", O_PATH);
	check_result("an O_PATH input", sys(__NR_sendfile, out, opath, 0, 10), -EBADF);
	off = 0;
	check_result("an offset pointer Linux cannot write back",
		     sys(__NR_sendfile, out, in, (long *)0x1000, 10), -EFAULT);
	show("the output file at the end", "out");
	close(in);
	close(out);
	close(app);
	close(dir);
	close(opath);
	scratch_leave();
	return check_exit();
}
