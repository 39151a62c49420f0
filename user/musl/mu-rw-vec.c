/*
 * mu-rw-vec - readv(2) and writev(2) whose vectors must stay each call's
 * own while the call sleeps: two processes block in readv on two pipes,
 * each with its own buffers, and each must find its bytes in its own
 * buffers when woken (a vector shared between calls would send the first
 * sleeper's bytes to the second one's addresses); the same for two
 * writers blocked in writev on full pipes. Also the vector's limits:
 * 1024 entries (UIO_MAXIOV) move 1024 one-byte pieces, 1025 is EINVAL,
 * a negative count EINVAL. Expected: Linux's answers, every check ok.
 */
#define _GNU_SOURCE
#include "mu-check.h"
#include <stdlib.h>
#include <sys/uio.h>

#define PIPE_CAPACITY 65536

static char a0[4], a1[4], b0[2], b1[6];

/* Sleeps in readv on fd into a0/a1 (which 1) or b0/b1, then checks that
 * its own buffers got "ABCDEFGH" and the other pair nothing. */
static void reader(int fd, int which)
{
	struct iovec va[2] = { { a0, sizeof(a0) }, { a1, sizeof(a1) } };
	struct iovec vb[2] = { { b0, sizeof(b0) }, { b1, sizeof(b1) } };
	ssize_t n = readv(fd, which ? va : vb, 2);
	char mine[9] = { 0 }, other[9] = { 0 };
	memcpy(mine, which ? a0 : b0, which ? 4 : 2);
	memcpy(mine + (which ? 4 : 2), which ? a1 : b1, which ? 4 : 6);
	memcpy(other, which ? b0 : a0, which ? 2 : 4);
	memcpy(other + (which ? 2 : 4), which ? b1 : a1, which ? 6 : 4);
	check_eq(which ? "sleeping readv 1: bytes" : "sleeping readv 2: bytes", n, 8);
	check(which ? "sleeping readv 1: its own buffers hold them" : "sleeping readv 2: its own buffers hold them",
	      memcmp(mine, "ABCDEFGH", 8) == 0);
	check(which ? "sleeping readv 1: the other buffers untouched" : "sleeping readv 2: the other buffers untouched",
	      memcmp(other, "\0\0\0\0\0\0\0\0", 8) == 0);
}

static int spawn_reader(int fd, int which)
{
	fflush(stdout);
	int pid = fork();
	if (pid == 0) {
		failures = 0;
		reader(fd, which);
		fflush(stdout);
		_exit(failures);
	}
	return pid;
}

static void reap(const char *what, int pid)
{
	int status = 0;
	check(what, waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	failures += WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static void two_sleeping_readers(void)
{
	int p1[2], p2[2];
	check("pipes", pipe(p1) == 0 && pipe(p2) == 0);
	int r1 = spawn_reader(p1[0], 1);
	wait_asleep(r1);
	int r2 = spawn_reader(p2[0], 0);
	wait_asleep(r2);
	/* The first sleeper wakes and ends before the second is fed; each
	 * write is judged after its reader's lines, which may come first. */
	long n1 = write(p1[1], "ABCDEFGH", 8);
	reap("first reader ended", r1);
	check_eq("write to the first reader's pipe", n1, 8);
	long n2 = write(p2[1], "ABCDEFGH", 8);
	reap("second reader ended", r2);
	check_eq("write to the second reader's pipe", n2, 8);
}

/* Fills the pipe, then sleeps in writev of "0123"+"4567" (which 1) or
 * "wxyz"+"WXYZ"; the parent drains it and checks what came last. */
static int spawn_writer(int fd, int which)
{
	fflush(stdout);
	int pid = fork();
	if (pid == 0) {
		static char fill[PIPE_CAPACITY];
		memset(fill, '.', sizeof(fill));
		int ok = write(fd, fill, sizeof(fill)) == (ssize_t)sizeof(fill);
		struct iovec v1[2] = { { "0123", 4 }, { "4567", 4 } };
		struct iovec v2[2] = { { "wxyz", 4 }, { "WXYZ", 4 } };
		ssize_t n = writev(fd, which ? v1 : v2, 2);
		_exit(ok && n == 8 ? 0 : 1);
	}
	return pid;
}

static void drain_and_check(const char *what, int fd)
{
	static char buf[PIPE_CAPACITY + 8];
	size_t got = 0;
	while (got < sizeof(buf)) {
		ssize_t n = read(fd, buf + got, sizeof(buf) - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	char tail[9] = { 0 };
	memcpy(tail, buf + PIPE_CAPACITY, 8);
	printf("%s: %zu bytes, last 8 \"%s\"\n", what, got, tail);
}

static void two_sleeping_writers(void)
{
	int p1[2], p2[2];
	check("pipes", pipe(p1) == 0 && pipe(p2) == 0);
	int w1 = spawn_writer(p1[1], 1);
	wait_asleep(w1);
	int w2 = spawn_writer(p2[1], 0);
	wait_asleep(w2);
	close(p1[1]);
	close(p2[1]);
	drain_and_check("first writer's pipe", p1[0]);
	reap("first writer ended with status 0", w1);
	drain_and_check("second writer's pipe", p2[0]);
	reap("second writer ended with status 0", w2);
}

static void limits(void)
{
	int p[2];
	check("pipe", pipe(p) == 0);
	struct iovec *v = calloc(1025, sizeof(*v));
	static char bytes[1025];
	for (int i = 0; i < 1025; i++) {
		bytes[i] = (char)('a' + i % 26);
		v[i].iov_base = &bytes[i];
		v[i].iov_len = 1;
	}
	check_eq("writev of 1024 one-byte pieces", writev(p[1], v, 1024), 1024);
	errno = 0;
	check_errno("writev of 1025 pieces", writev(p[1], v, 1025), EINVAL);
	check_errno("writev of -1 pieces", writev(p[1], v, -1), EINVAL);
	static char back[1024];
	for (int i = 0; i < 1024; i++)
		v[i].iov_base = &back[1023 - i]; /* scattered backwards */
	check_eq("readv into 1024 one-byte pieces", readv(p[0], v, 1024), 1024);
	int same = 1;
	for (int i = 0; i < 1024; i++)
		same &= back[1023 - i] == bytes[i];
	check("readv: every piece where its vector entry said", same);
	check_errno("readv of 1025 pieces", readv(p[0], v, 1025), EINVAL);
	free(v);
}

int main(void)
{
	check_start();
	section("two readv asleep at once", two_sleeping_readers, 20);
	section("two writev asleep at once", two_sleeping_writers, 20);
	section("vector limits", limits, 20);
	return check_exit();
}
