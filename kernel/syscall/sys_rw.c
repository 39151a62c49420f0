/*
 * sys_rw.c - moving data through descriptors: read(2), write(2),
 * readv(2), writev(2), pread64(2), pwrite64(2), lseek(2).
 *
 * The checks come in Linux's order: a bad descriptor or one open in the
 * wrong direction is -EBADF; a zero count does nothing; a buffer outside
 * the user half is -EFAULT; one call moves at most MAX_RW_COUNT bytes.
 * What happens when a buffer runs into an unmapped page is up to the file
 * (a short count, or -EFAULT when nothing moved).
 * Locking: nothing of its own; each readv/writev keeps its vector on its
 * stack or in its own heap block, since a read or write may sleep.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "mm/heap.h"
#include "uapi/fcntl.h"
#include "uapi/misc.h"
#include "errno.h"

#define MAX_RW_COUNT 0x7FFFF000L /* Linux's cap: INT_MAX rounded down to a page */

/* Access mode 3 (O_ACCMODE) opens for neither reading nor writing, as on
 * Linux; O_PATH descriptors allow neither. */
static struct file *readable(int fd)
{
	struct file *f = fd_file(current_task()->files, fd);
	u32 mode = f ? f->flags & O_ACCMODE : 0;
	if (!f || (mode != O_RDONLY && mode != O_RDWR) || (f->flags & O_PATH) || !f->ops->read)
		return NULL;
	return f;
}

static struct file *writable(int fd)
{
	struct file *f = fd_file(current_task()->files, fd);
	u32 mode = f ? f->flags & O_ACCMODE : 0;
	if (!f || (mode != O_WRONLY && mode != O_RDWR) || (f->flags & O_PATH) || !f->ops->write)
		return NULL;
	return f;
}

/* The part read, write, pread64 and pwrite64 share, after the descriptor
 * checks: a zero count does nothing, a buffer outside the user half is
 * -EFAULT, and at most MAX_RW_COUNT bytes move. */
static long do_rw(struct file *f, char __user *buf, u64 count, u64 *pos, bool write)
{
	if (count == 0)
		return 0;
	if (!access_ok((u64)buf, count))
		return -EFAULT;
	count = MIN(count, (u64)MAX_RW_COUNT);
	return write ? f->ops->write(f, buf, count, pos) : f->ops->read(f, buf, count, pos);
}

/* pread64/pwrite64: a position of their own, on seekable files only. */
static long do_prw(struct file *f, char __user *buf, u64 count, s64 pos, bool write)
{
	if (!f)
		return -EBADF;
	if (!f->ops->seekable)
		return -ESPIPE;
	if (pos < 0)
		return -EINVAL;
	u64 p = (u64)pos;
	return do_rw(f, buf, count, &p, write);
}

long sys_read(int fd, char __user *buf, u64 count)
{
	struct file *f = readable(fd);
	return f ? do_rw(f, buf, count, &f->pos, false) : -EBADF;
}

long sys_write(int fd, const char __user *buf, u64 count)
{
	struct file *f = writable(fd);
	return f ? do_rw(f, (char __user *)buf, count, &f->pos, true) : -EBADF;
}

long sys_pread64(int fd, char __user *buf, u64 count, s64 pos)
{
	return do_prw(readable(fd), buf, count, pos, false);
}

long sys_pwrite64(int fd, const char __user *buf, u64 count, s64 pos)
{
	return do_prw(writable(fd), (char __user *)buf, count, pos, true);
}

/* Copies in and checks an iovec array: -EINVAL for a bad count or a total
 * that overflows, -EFAULT for an unreadable array or a segment outside the
 * user half (Linux checks every segment before moving any data). */
static long import_iovec(const struct iovec __user *uiov, int iovcnt, struct iovec *iov)
{
	u64 total = 0;

	if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
		return -EINVAL;
	if (copy_from_user(iov, uiov, (u64)iovcnt * sizeof(*iov)))
		return -EFAULT;
	for (int i = 0; i < iovcnt; i++) {
		if ((s64)iov[i].iov_len < 0)
			return -EINVAL;
		if (!access_ok((u64)iov[i].iov_base, iov[i].iov_len))
			return -EFAULT;
		total += iov[i].iov_len;
		if ((s64)total < 0)
			return -EINVAL;
	}
	return (long)total;
}

/* Vectors of up to this many entries stay on the kernel stack; longer
 * ones (up to UIO_MAXIOV) go to the heap. Each call has its own: a read
 * or write may sleep, and another task's readv/writev run meanwhile. */
#define RW_FAST_IOV 8

static long rw_vec(struct file *f, const struct iovec *iov, int iovcnt, bool write)
{
	long done = 0;
	for (int i = 0; i < iovcnt && done < MAX_RW_COUNT; i++) {
		u64 len = MIN(iov[i].iov_len, (u64)(MAX_RW_COUNT - done));
		if (len == 0)
			continue;
		long n = write ? f->ops->write(f, iov[i].iov_base, len, &f->pos)
			       : f->ops->read(f, iov[i].iov_base, len, &f->pos);
		if (n < 0)
			return done ? done : n;
		done += n;
		if ((u64)n < len)
			break; /* a short transfer ends the call, as on Linux */
	}
	return done;
}

static long do_rw_vec(struct file *f, const struct iovec __user *uiov, int iovcnt, bool write)
{
	struct iovec fast[RW_FAST_IOV];
	struct iovec *iov = fast;
	if (iovcnt > RW_FAST_IOV && iovcnt <= UIO_MAXIOV) {
		iov = kmalloc((size_t)iovcnt * sizeof(*iov));
		if (!iov)
			return -ENOMEM;
	}
	long ret = import_iovec(uiov, iovcnt, iov);
	if (ret >= 0)
		ret = rw_vec(f, iov, iovcnt, write);
	if (iov != fast)
		kfree(iov);
	return ret;
}

long sys_readv(int fd, const struct iovec __user *iov, int iovcnt)
{
	struct file *f = readable(fd);
	return f ? do_rw_vec(f, iov, iovcnt, false) : -EBADF;
}

long sys_writev(int fd, const struct iovec __user *iov, int iovcnt)
{
	struct file *f = writable(fd);
	return f ? do_rw_vec(f, iov, iovcnt, true) : -EBADF;
}

long sys_lseek(int fd, s64 offset, int whence)
{
	struct file *f = fd_file(current_task()->files, fd);
	s64 base;

	if (!f || (f->flags & O_PATH))
		return -EBADF;
	if (f->ops && f->ops->llseek)
		return f->ops->llseek(f, offset, whence);
	if (!f->ops || !f->ops->seekable)
		return -ESPIPE;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (s64)f->pos;
		break;
	case SEEK_END:
		base = f->inode ? (s64)f->inode->size : 0;
		break;
	default:
		return -EINVAL;
	}
	s64 pos = base + offset;
	if ((offset > 0 && pos < base) || pos < 0)
		return -EINVAL;
	f->pos = (u64)pos;
	return pos;
}
