/*
 * sys_io.c - read(2) and write(2) on the terminal.
 *
 * Descriptor 0 is the terminal opened for reading, 1 and 2 for writing
 * (as when a program runs with a pipe on each side); any other descriptor
 * is -EBADF. As on Linux, a buffer outside the user half is -EFAULT before
 * anything happens. Writes go to the terminal in chunks of 2048 bytes, as
 * Linux's tty layer does: a chunk that cannot be copied whole is not
 * written, and the call returns what the earlier chunks wrote, or -EFAULT.
 */
#include "syscall/syscall.h"
#include "dev/tty.h"
#include "mm/uaccess.h"
#include "errno.h"

#define CHUNK 4096
#define TTY_WRITE_CHUNK 2048 /* Linux's tty_write() chunk */
#define MAX_RW_COUNT 0x7FFFF000L /* Linux's cap on one read or write */

static char bounce[CHUNK];

long sys_read(int fd, char __user *buf, u64 count)
{
	if (fd != 0)
		return -EBADF;
	if (count == 0)
		return 0;
	if (!access_ok((u64)buf, count))
		return -EFAULT;
	count = MIN(count, (u64)MAX_RW_COUNT);

	long got = tty_read(bounce, MIN(count, (u64)CHUNK));
	if (got <= 0)
		return got;
	u64 left = copy_to_user(buf, bounce, (u64)got);
	if (left == (u64)got)
		return -EFAULT;
	return got - (long)left;
}

long sys_write(int fd, const char __user *buf, u64 count)
{
	long done = 0;

	if (fd != 1 && fd != 2)
		return -EBADF;
	if (count == 0)
		return 0;
	if (!access_ok((u64)buf, count))
		return -EFAULT;
	count = MIN(count, (u64)MAX_RW_COUNT);

	while ((u64)done < count) {
		u64 n = MIN(count - (u64)done, (u64)TTY_WRITE_CHUNK);
		if (copy_from_user(bounce, buf + done, n))
			return done ? done : -EFAULT;
		tty_write(bounce, n);
		done += (long)n;
	}
	return done;
}
