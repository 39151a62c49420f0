/*
 * sys_lock.c - advisory file locks: fcntl(2)'s F_GETLK, F_SETLK,
 * F_SETLKW and their open-file-description forms (F_OFD_*), and flock(2).
 *
 * MinOS keeps no lock table yet: every lock is checked as Linux checks it
 * (the struct flock's type, whence and start; a read lock needs a
 * descriptor open for reading, a write lock one open for writing) and
 * then granted, so two owners (processes, open file descriptions for
 * F_OFD_ and flock) never conflict and F_GETLK always answers F_UNLCK.
 * One owner alone (SQLite on its database) sees what it sees on Linux,
 * where an owner's own locks never conflict with each other either.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
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

/* Linux's flock_to_posix_lock(): the start the lock would have. */
static long lock_start(struct file *f, const struct flock *fl, s64 *start)
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
	*start = base + fl->l_start;
	if (*start < 0)
		return -EINVAL;
	if (fl->l_len < 0 && *start + fl->l_len < 0)
		return -EINVAL;
	return 0;
}

long fcntl_lock(struct file *f, int cmd, u64 arg)
{
	struct flock fl;
	s64 start;
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;

	if (get_user_bytes(&fl, (void __user *)arg, sizeof(fl)))
		return -EFAULT;
	if (ofd && fl.l_pid != 0)
		return -EINVAL;
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK)
			return -EINVAL;
		long err = lock_start(f, &fl, &start);
		if (err)
			return err;
		fl.l_type = F_UNLCK; /* nothing would stand in the way */
		return put_user_bytes((void __user *)arg, &fl, sizeof(fl)) ? -EFAULT : 0;
	}
	long err = lock_start(f, &fl, &start);
	if (err)
		return err;
	u32 mode = f->flags & O_ACCMODE;
	switch (fl.l_type) {
	case F_RDLCK:
		return mode == O_RDONLY || mode == O_RDWR ? 0 : -EBADF;
	case F_WRLCK:
		return mode == O_WRONLY || mode == O_RDWR ? 0 : -EBADF;
	case F_UNLCK:
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_flock(int fd, u32 op)
{
	struct file *f = fd_file(current_task()->files, fd);
	if (!f || (f->flags & O_PATH))
		return -EBADF;
	switch (op & ~(u32)LOCK_NB) {
	case LOCK_SH:
	case LOCK_EX:
	case LOCK_UN:
		return 0;
	default:
		return -EINVAL;
	}
}
