/*
 * sys_sendfile.c - sendfile(2): copies from a regular file to any file
 * open for writing (a file, a pipe, a socket, a terminal).
 *
 * The checks come in Linux 6.1's order (do_sendfile): the offset is read
 * first (-EFAULT); the input must be open for reading (-EBADF), seekable
 * when an offset is given (-ESPIPE), at a position that is not negative
 * (-EINVAL); the output must be open for writing (-EBADF) and not
 * O_APPEND (-EINVAL); the input must be a regular file (-EINVAL). With
 * an offset, the input's own position does not move and the offset is
 * written back; without, the input's position advances.
 *
 * The data goes through a bounce area mapped for the call in the
 * caller's own address space and unmapped after it, so that the output
 * is written by its ordinary write operation, which takes user memory.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "proc/task.h"
#include "mm/mmap.h"
#include "mm/page.h"
#include "mm/uaccess.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"
#include "errno.h"

#define MAX_RW_COUNT 0x7FFFF000L
#define BOUNCE_SIZE (64 * 1024)

static bool can_read(const struct file *f)
{
	u32 m = f->flags & O_ACCMODE;
	return (m == O_RDONLY || m == O_RDWR) && !(f->flags & O_PATH) && f->ops && f->ops->read;
}

static bool can_write(const struct file *f)
{
	u32 m = f->flags & O_ACCMODE;
	return (m == O_WRONLY || m == O_RDWR) && !(f->flags & O_PATH) && f->ops && f->ops->write;
}

/* Moves up to count bytes from in at *pos to out at its position. */
static long copy_through(struct mm *mm, struct file *in, u64 *pos, struct file *out, u64 count)
{
	u64 at = mm_find_gap(mm, BOUNCE_SIZE);
	if (!at || vma_add(mm, at, at + BOUNCE_SIZE, VMA_READ | VMA_WRITE, 0, NULL, 0))
		return -ENOMEM;
	char __user *buf = (char __user *)at;
	long total = 0;
	while ((u64)total < count) {
		u64 want = MIN(count - (u64)total, (u64)BOUNCE_SIZE);
		u64 rpos = *pos;
		long n = in->ops->read(in, buf, want, &rpos);
		if (n <= 0) {
			if (!total)
				total = n;
			break;
		}
		long w = out->ops->write(out, buf, (u64)n, &out->pos);
		if (w <= 0) {
			if (!total)
				total = w;
			break;
		}
		*pos += (u64)w;
		total += w;
		if (w < n)
			break;
	}
	vma_remove(mm, at, at + BOUNCE_SIZE);
	return total;
}

long sys_sendfile(int out_fd, int in_fd, s64 __user *uoffset, u64 count)
{
	struct task *t = current_task();
	s64 off = 0;

	if (uoffset && get_user_bytes(&off, uoffset, sizeof(off)))
		return -EFAULT;
	struct file *in = fd_file(t->files, in_fd);
	if (!in || !can_read(in))
		return -EBADF;
	if (uoffset && !in->ops->seekable)
		return -ESPIPE;
	u64 pos = uoffset ? (u64)off : in->pos;
	if ((s64)count < 0 || (s64)pos < 0)
		return -EINVAL;
	count = MIN(count, (u64)MAX_RW_COUNT);
	struct file *out = fd_file(t->files, out_fd);
	if (!out || !can_write(out))
		return -EBADF;
	bool out_pipe = out->inode && S_ISFIFO(out->inode->mode);
	if (!out_pipe && (out->flags & O_APPEND))
		return -EINVAL;
	if (!in->inode || !S_ISREG(in->inode->mode) || in->inode->fops)
		return -EINVAL;
	long r = count ? copy_through(t->mm, in, &pos, out, count) : 0;
	if (uoffset) {
		off = (s64)pos;
		if (put_user_bytes(uoffset, &off, sizeof(off)))
			return -EFAULT;
	} else {
		in->pos = pos;
	}
	return r;
}
