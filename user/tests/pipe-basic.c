/*
 * pipe-basic - pipes within one process: pipe and pipe2 (O_CLOEXEC,
 * O_NONBLOCK), data in order, EBADF on the wrong end, EAGAIN on an empty
 * non-blocking pipe, end of file once every writer is closed, fstat
 * (S_IFIFO, 0600), lseek (ESPIPE), poll (POLLIN, POLLOUT, POLLHUP,
 * POLLERR, POLLNVAL, a timeout), and the capacity: a non-blocking pipe
 * takes 65536 bytes (Linux's default of 16 pages) and then EAGAIN. Writing
 * with no reader left is in pipe-sigpipe and pipe-epipe. Expected: the
 * reference Linux's results. Creates no files.
 */
#include <poll.h>

#include "fs-test.h"

#define PIPE_CAPACITY 65536 /* Linux: 16 buffers of a page */
#define CHUNK 4096

static char buf[100000];

static void check_hex(const char *what, long got, long want)
{
	if (got == want) {
		printf("%s: 0x%lx\n", what, got);
	} else {
		printf("%s: 0x%lx, expected 0x%lx: FAIL\n", what, got, want);
		check_failures++;
	}
}

static void check_flags(const char *what, long got, long want)
{
	if (got == want) {
		printf("%s: 0%lo\n", what, got);
	} else {
		printf("%s: 0%lo, expected 0%lo: FAIL\n", what, got, want);
		check_failures++;
	}
}

static void basics(void)
{
	int p[2];
	struct stat st, st2;

	CHECK_CALL("pipe(p)", pipe(p), 0);
	check("the write end is the next descriptor", p[1] == p[0] + 1);
	CHECK_CALL("write(p[1], \"hello\", 5)", write(p[1], "hello", 5), 5);
	CHECK_CALL("write(p[1], \" world\", 6)", write(p[1], " world", 6), 6);
	CHECK_CALL("read(p[0], 3 bytes)", read(p[0], buf, 3), 3);
	check("they are \"hel\"", !memcmp(buf, "hel", 3));
	CHECK_CALL("read(p[0], 100 bytes) takes the rest", read(p[0], buf, 100), 8);
	check("\"lo world\"", !memcmp(buf, "lo world", 8));
	CHECK_CALL("write of 0 bytes", write(p[1], buf, 0), 0);
	CHECK_CALL("read of 0 bytes", read(p[0], buf, 0), 0);
	CHECK_CALL("read(p[1]) (the write end)", read(p[1], buf, 1), -EBADF);
	CHECK_CALL("write(p[0]) (the read end)", write(p[0], "x", 1), -EBADF);
	CHECK_CALL("F_GETFD of p[0]", fcntl(p[0], F_GETFD), 0);
	CHECK_CALL("F_GETFL & O_ACCMODE of p[0]", fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
	CHECK_CALL("F_GETFL & O_ACCMODE of p[1]", fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY);
	CHECK_CALL("fstat(p[0])", fstat(p[0], &st), 0);
	check("S_IFIFO", S_ISFIFO(st.st_mode));
	printf("permission bits: %04o\n", st.st_mode & 07777);
	fstat(p[1], &st2);
	check("both ends are one inode", st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
	CHECK_CALL("lseek(p[0], 0, SEEK_CUR)", lseek(p[0], 0, SEEK_CUR), -ESPIPE);
	CHECK_CALL("lseek(p[1], 0, SEEK_SET)", lseek(p[1], 0, SEEK_SET), -ESPIPE);

	/* Non-blocking by F_SETFL on one end. */
	CHECK_CALL("F_SETFL O_NONBLOCK on p[0]", fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
	CHECK_CALL("read(p[0]) from the empty pipe", read(p[0], buf, 10), -EAGAIN);

	/* End of file: only when every writer (here a dup too) is closed. */
	int w2 = dup(p[1]);
	write(p[1], "z", 1);
	close(p[1]);
	CHECK_CALL("read with one writer left", read(p[0], buf, 10), 1);
	CHECK_CALL("read again: still a writer, so EAGAIN", read(p[0], buf, 10), -EAGAIN);
	close(w2);
	CHECK_CALL("read after the last writer closed", read(p[0], buf, 10), 0);
	CHECK_CALL("and again", read(p[0], buf, 10), 0);
	close(p[0]);

	CHECK_CALL("pipe(NULL)", pipe(NULL), -EFAULT);
	CHECK_CALL("pipe(unmapped)", pipe((int *)0x10000000UL), -EFAULT);
}

static void with_flags(void)
{
	int p[2];

	CHECK_CALL("pipe2(p, O_CLOEXEC|O_NONBLOCK)", pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	CHECK_CALL("F_GETFD of p[0]", fcntl(p[0], F_GETFD), FD_CLOEXEC);
	CHECK_CALL("F_GETFD of p[1]", fcntl(p[1], F_GETFD), FD_CLOEXEC);
	check_flags("F_GETFL & (O_ACCMODE|O_NONBLOCK) of p[0]",
		    fcntl(p[0], F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDONLY | O_NONBLOCK);
	check_flags("F_GETFL & (O_ACCMODE|O_NONBLOCK) of p[1]",
		    fcntl(p[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_WRONLY | O_NONBLOCK);
	CHECK_CALL("read from the empty pipe", read(p[0], buf, 10), -EAGAIN);
	CHECK_CALL("write 3 bytes", write(p[1], "abc", 3), 3);
	CHECK_CALL("read them", read(p[0], buf, 10), 3);
	CHECK_CALL("read from the empty pipe again", read(p[0], buf, 10), -EAGAIN);
	close(p[0]);
	close(p[1]);

	CHECK_CALL("pipe2(p, O_CLOEXEC)", pipe2(p, O_CLOEXEC), 0);
	CHECK_CALL("F_GETFL & O_NONBLOCK of p[0]", fcntl(p[0], F_GETFL) & O_NONBLOCK, 0);
	close(p[0]);
	close(p[1]);
	CHECK_CALL("pipe2(p, 0)", pipe2(p, 0), 0);
	CHECK_CALL("F_GETFD of p[1]", fcntl(p[1], F_GETFD), 0);
	close(p[0]);
	close(p[1]);
	CHECK_CALL("pipe2(p, O_APPEND) (not a pipe2 flag)", pipe2(p, O_APPEND), -EINVAL);
	CHECK_CALL("pipe2(p, O_RDWR)", pipe2(p, O_RDWR), -EINVAL);
}

static void polling(void)
{
	int p[2];
	struct pollfd fds[2];

	pipe(p);
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CHECK_CALL("poll(empty pipe: read end POLLIN, write end POLLOUT, 0 ms)",
		   poll(fds, 2, 0), 1);
	check_hex("  read end revents", fds[0].revents, 0);
	check_hex("  write end revents", fds[1].revents, POLLOUT);
	write(p[1], "x", 1);
	CHECK_CALL("poll after a write", poll(fds, 2, 0), 2);
	check_hex("  read end revents", fds[0].revents, POLLIN);
	check_hex("  write end revents", fds[1].revents, POLLOUT);
	fds[0].events = POLLIN | POLLRDNORM;
	CHECK_CALL("poll(read end, POLLIN|POLLRDNORM)", poll(fds, 1, 0), 1);
	check_hex("  revents", fds[0].revents, POLLIN | POLLRDNORM);
	fds[0].events = POLLIN;
	close(p[1]);
	CHECK_CALL("poll(read end) after the writer closed, data left", poll(fds, 1, 0), 1);
	check_hex("  revents", fds[0].revents, POLLIN | POLLHUP);
	read(p[0], buf, 10);
	CHECK_CALL("poll(read end) once drained", poll(fds, 1, 0), 1);
	check_hex("  revents", fds[0].revents, POLLHUP);
	fds[0].events = 0;
	CHECK_CALL("poll(read end, no events): POLLHUP is always reported", poll(fds, 1, 0), 1);
	check_hex("  revents", fds[0].revents, POLLHUP);
	close(p[0]);

	pipe(p);
	close(p[0]);
	fds[0] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CHECK_CALL("poll(write end, POLLOUT) with the reader closed", poll(fds, 1, 0), 1);
	check_hex("  revents", fds[0].revents, POLLOUT | POLLERR);
	close(p[1]);

	pipe(p);
	fds[0] = (struct pollfd){ .fd = -1, .events = POLLIN, .revents = 0x7 };
	fds[1] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	CHECK_CALL("poll(fd -1 and an empty pipe, 20 ms): times out", poll(fds, 2, 20), 0);
	check_hex("  revents of fd -1 (cleared)", fds[0].revents, 0);
	fds[0] = (struct pollfd){ .fd = 99, .events = POLLIN };
	CHECK_CALL("poll(closed fd 99)", poll(fds, 1, 0), 1);
	check_hex("  revents", fds[0].revents, POLLNVAL);
	CHECK_CALL("poll(NULL, 0, 0)", poll(NULL, 0, 0), 0);
	CHECK_CALL("poll(NULL, 1, 0)", poll(NULL, 1, 0), -EFAULT);
	CHECK_CALL("poll(fds, 0x7fffffff, 0)", poll(fds, 0x7fffffff, 0), -EINVAL);
	close(p[0]);
	close(p[1]);
}

static void capacity(void)
{
	int p[2];
	long total = 0, n;
	long err = 0;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 7 + i / 251);
	pipe2(p, O_NONBLOCK);
	while (total <= PIPE_CAPACITY) {
		n = write(p[1], buf + total, CHUNK);
		if (n < 0) {
			err = -errno;
			break;
		}
		total += n;
	}
	check_result("4096-byte writes into a non-blocking pipe: bytes taken", total,
		     PIPE_CAPACITY);
	check_result("then write fails with", err, -EAGAIN);
	CHECK_CALL("a 1-byte write into the full pipe", write(p[1], "x", 1), -EAGAIN);
	CHECK_CALL("read 4096 bytes", read(p[0], buf + sizeof(buf) - CHUNK, CHUNK), CHUNK);
	check("they are the first ones written", !memcmp(buf + sizeof(buf) - CHUNK, buf, CHUNK));
	CHECK_CALL("a 4096-byte write fits again", write(p[1], buf + total, CHUNK), CHUNK);
	CHECK_CALL("a 1-byte write into the full pipe", write(p[1], "x", 1), -EAGAIN);
	close(p[0]);
	close(p[1]);

	pipe2(p, O_NONBLOCK);
	CHECK_CALL("one 100000-byte write into an empty non-blocking pipe",
		   write(p[1], buf, sizeof(buf)), PIPE_CAPACITY);
	static char back[PIPE_CAPACITY + 1];
	long got = 0;
	while ((n = read(p[0], back + got, sizeof(back) - (size_t)got)) > 0)
		got += n;
	check_result("bytes read back", got, PIPE_CAPACITY);
	check("in order", !memcmp(back, buf, PIPE_CAPACITY));
	CHECK_CALL("then the pipe is empty", read(p[0], back, 1), -EAGAIN);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	basics();
	with_flags();
	polling();
	capacity();
	return check_exit();
}
