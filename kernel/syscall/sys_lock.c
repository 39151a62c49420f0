/*
 * sys_lock.c - advisory file locks: fcntl(2)'s F_GETLK, F_SETLK,
 * F_SETLKW and their open-file-description forms (F_OFD_*), and flock(2).
 * Here the user's struct flock becomes a byte range, checked as Linux
 * checks it (type, whence, start, length; a read lock needs a descriptor
 * open for reading, a write lock one open for writing); the lock table
 * and its rules are fs/lock.c.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "fs/lock.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "uapi/fcntl.h"
#include "errno.h"

/* include/uapi/asm-generic/fcntl.h */
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
/* include/uapi/asm-generic/fcntl.h, flock(2) */
#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

#define SEEK_SET_ 0
#define SEEK_CUR_ 1
#define SEEK_END_ 2

struct flock {
	short l_type;
	short l_whence;
	s64 l_start;
	s64 l_len;
	int l_pid;
};

bool fcntl_is_lock(int cmd)
{
	return cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW || cmd == F_OFD_GETLK ||
	       cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
}

/* Linux's flock64_to_posix_lock(): the byte range the request covers. */
static long lock_range_of(struct file *f, const struct flock *fl, struct lock_range *r)
{
	s64 base;
	switch (fl->l_whence) {
	case SEEK_SET_:
		base = 0;
		break;
	case SEEK_CUR_:
		base = (s64)f->pos;
		break;
	case SEEK_END_:
		base = f->inode ? (s64)f->inode->size : 0;
		break;
	default:
		return -EINVAL;
	}
	s64 start = base + fl->l_start;
	if (start < 0)
		return -EINVAL;
	if (fl->l_len > 0) {
		if ((u64)fl->l_len - 1 > LOCK_OFFSET_MAX - (u64)start)
			return -EOVERFLOW;
		r->start = (u64)start;
		r->end = (u64)start + (u64)fl->l_len - 1;
	} else if (fl->l_len < 0) {
		if (start + fl->l_len < 0)
			return -EINVAL;
		r->start = (u64)(start + fl->l_len);
		r->end = (u64)start - 1;
	} else {
		r->start = (u64)start;
		r->end = LOCK_OFFSET_MAX;
	}
	return 0;
}

long fcntl_lock(struct file *f, int cmd, u64 arg)
{
	struct flock fl;
	struct lock_range r;
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;

	if (get_user_bytes(&fl, (void __user *)arg, sizeof(fl)))
		return -EFAULT;
	if (ofd && fl.l_pid != 0)
		return -EINVAL;
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK)
			return -EINVAL;
		long err = lock_range_of(f, &fl, &r);
		if (err)
			return err;
		r.type = fl.l_type;
		int pid = fl.l_pid;
		lock_test(f, ofd, &r, &pid);
		fl.l_type = (short)r.type;
		if (r.type != LOCK_NONE) { /* the lock in the way, from the file's start */
			fl.l_whence = SEEK_SET_;
			fl.l_start = (s64)r.start;
			fl.l_len = r.end == LOCK_OFFSET_MAX ? 0 : (s64)(r.end - r.start + 1);
			fl.l_pid = pid;
		}
		return put_user_bytes((void __user *)arg, &fl, sizeof(fl)) ? -EFAULT : 0;
	}
	long err = lock_range_of(f, &fl, &r);
	if (err)
		return err;
	u32 mode = f->flags & O_ACCMODE;
	switch (fl.l_type) {
	case F_RDLCK:
		if (mode != O_RDONLY && mode != O_RDWR)
			return -EBADF;
		break;
	case F_WRLCK:
		if (mode != O_WRONLY && mode != O_RDWR)
			return -EBADF;
		break;
	case F_UNLCK:
		break;
	default:
		return -EINVAL;
	}
	r.type = fl.l_type;
	return lock_set(f, ofd, &r, cmd == F_SETLKW || cmd == F_OFD_SETLKW);
}

long sys_flock(int fd, u32 op)
{
	struct file *f = fd_file(current_task()->files, fd);
	if (!f || (f->flags & O_PATH))
		return -EBADF;
	bool wait = !(op & LOCK_NB);
	switch (op & ~(u32)LOCK_NB) {
	case LOCK_SH:
		return lock_flock(f, LOCK_READ, wait);
	case LOCK_EX:
		return lock_flock(f, LOCK_WRITE, wait);
	case LOCK_UN:
		return lock_flock(f, LOCK_NONE, wait);
	default:
		return -EINVAL;
	}
}
