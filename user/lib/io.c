/*
 * io.c - read(2) and write(2). Invariant: one call is one system call; a
 * short count is returned to the caller as the kernel gave it.
 */
#include <unistd.h>

#include "internal.h"

ssize_t read(int fd, void *buf, size_t count)
{
	return SYSCALL_RET(__NR_read, fd, buf, count);
}

ssize_t write(int fd, const void *buf, size_t count)
{
	return SYSCALL_RET(__NR_write, fd, buf, count);
}
