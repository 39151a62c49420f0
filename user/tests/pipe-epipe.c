/*
 * pipe-epipe - with SIGPIPE ignored (rt_sigaction, SIG_IGN), write and
 * writev to a pipe with no reader left fail with EPIPE (a 0-byte write
 * still returns 0) and the process lives on, unread data or not.
 * Expected: the reference Linux's results. Stops before the writes when
 * SIGPIPE cannot be ignored, so that the failure reads as such rather
 * than as a death by SIGPIPE.
 */
#include <errno.h>
#include <minos_files.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <uapi/signal.h> /* the kernel's struct sigaction, not glibc's */
#include <unistd.h>

#include "check.h"

#define SIGSET_BYTES 8  /* the kernel's sigset_t: 64 signals */

int main(void)
{
	struct kernel_sigaction ign = { .handler = SIG_IGN };
	struct iovec iov = { "abc", 3 };
	int p[2];
	long r;

	r = __syscall6(__NR_rt_sigaction, SIGPIPE, (long)&ign, 0, SIGSET_BYTES, 0, 0);
	check_result("rt_sigaction(SIGPIPE, SIG_IGN)", r, 0);
	if (r != 0)
		return check_exit();

	pipe(p);
	write(p[1], "left over", 9);
	close(p[0]);
	check_result("write(1 byte) with the reader closed",
		     __syscall3(__NR_write, p[1], (long)"x", 1), -EPIPE);
	check_result("write(0 bytes)", __syscall3(__NR_write, p[1], (long)"x", 0), 0);
	check_result("writev(3 bytes)", __syscall3(__NR_writev, p[1], (long)&iov, 1), -EPIPE);
	check_result("write again", __syscall3(__NR_write, p[1], (long)"x", 1), -EPIPE);
	close(p[1]);

	pipe(p);
	close(p[0]);
	check_result("write on a fresh pipe whose reader closed",
		     __syscall3(__NR_write, p[1], (long)"x", 1), -EPIPE);
	close(p[1]);
	printf("still alive\n");
	return check_exit();
}
