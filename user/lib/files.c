/*
 * files.c - the calls on file descriptors: open, close, seeking and
 * positioned and vectored I/O, dup, pipes, fcntl, ioctl, truncation and
 * poll. Invariant: each wrapper is one system call whose result is returned
 * as the kernel gave it, or -1 with errno; nothing is emulated.
 */
#include <fcntl.h>
#include <minos_files.h>
#include <poll.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/uio.h>

#include "internal.h"


int open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return (int)SYSCALL_RET(__NR_open, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return (int)SYSCALL4_RET(__NR_openat, dirfd, path, flags, mode);
}

int creat(const char *path, mode_t mode)
{
	return (int)SYSCALL_RET(__NR_creat, path, mode, 0);
}

int close(int fd)
{
	return (int)SYSCALL_RET(__NR_close, fd, 0, 0);
}

off_t lseek(int fd, off_t offset, int whence)
{
	return SYSCALL_RET(__NR_lseek, fd, offset, whence);
}

ssize_t pread(int fd, void *buf, size_t count, off_t offset)
{
	return SYSCALL4_RET(__NR_pread64, fd, buf, count, offset);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
	return SYSCALL4_RET(__NR_pwrite64, fd, buf, count, offset);
}

ssize_t readv(int fd, const struct iovec *iov, int iovcnt)
{
	return SYSCALL_RET(__NR_readv, fd, iov, iovcnt);
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
	return SYSCALL_RET(__NR_writev, fd, iov, iovcnt);
}

int dup(int fd)
{
	return (int)SYSCALL_RET(__NR_dup, fd, 0, 0);
}

int dup2(int oldfd, int newfd)
{
	return (int)SYSCALL_RET(__NR_dup2, oldfd, newfd, 0);
}

int dup3(int oldfd, int newfd, int flags)
{
	return (int)SYSCALL_RET(__NR_dup3, oldfd, newfd, flags);
}

int pipe(int fds[2])
{
	return (int)SYSCALL_RET(__NR_pipe, fds, 0, 0);
}

int pipe2(int fds[2], int flags)
{
	return (int)SYSCALL_RET(__NR_pipe2, fds, flags, 0);
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	/* Every command's argument fits a long; those without one ignore it. */
	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return (int)SYSCALL_RET(__NR_fcntl, fd, cmd, arg);
}

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	long arg;

	va_start(ap, request);
	arg = va_arg(ap, long);
	va_end(ap);
	return (int)SYSCALL_RET(__NR_ioctl, fd, request, arg);
}

int ftruncate(int fd, off_t length)
{
	return (int)SYSCALL_RET(__NR_ftruncate, fd, length, 0);
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	return (int)SYSCALL_RET(__NR_poll, fds, nfds, timeout);
}
