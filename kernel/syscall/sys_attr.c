/*
 * sys_attr.c - changing what stat(2) shows of a file: the owner
 * (chown(2), fchown(2), lchown(2), fchownat(2)), the permission bits
 * (chmod(2), fchmod(2), fchmodat(2)) and the times (utimensat(2),
 * utimes(2), futimesat(2), utime(2)); and fsync(2) and fdatasync(2),
 * which have nothing to write back in a RAM file system.
 *
 * Everyone is root, so every change is allowed. Linux's rules kept:
 * every change sets the ctime to now; a chown of anything but a directory
 * clears the set-user-ID bit, and the set-group-ID bit when group
 * execution is on (ATTR_KILL_SUID/SGID), even for root and even when
 * neither id changes; -1 leaves an id as it is. A descriptor opened with
 * O_PATH is -EBADF here, except as the dirfd of an AT_EMPTY_PATH call.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"
#include "uapi/time.h"
#include "errno.h"

/* utimensat(2)'s special nanosecond values (include/uapi/linux/stat.h). */
#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)

#define NSEC_PER_SEC 1000000000L
#define USEC_PER_SEC 1000000L

/* The file open as fd, for the calls that refuse O_PATH (Linux's fdget). */
static struct inode *fd_inode(int fd)
{
	struct file *f = fd_file(current_task()->files, fd);
	return f && !(f->flags & O_PATH) ? f->inode : NULL;
}

/* ---- owner ------------------------------------------------------------- */

static void chown_inode(struct inode *ino, u32 uid, u32 gid)
{
	if (uid != (u32)-1)
		ino->uid = uid;
	if (gid != (u32)-1)
		ino->gid = gid;
	if (!S_ISDIR(ino->mode)) {
		ino->mode &= ~S_ISUID;
		if ((ino->mode & (S_ISGID | 0010)) == (S_ISGID | 0010))
			ino->mode &= ~S_ISGID;
	}
	ino->ctime = vfs_now();
}

long sys_fchownat(int dirfd, const char __user *upath, u32 uid, u32 gid, int flags)
{
	struct inode *ino;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	int err = at_lookup(dirfd, upath, flags, &ino, NULL);
	if (err)
		return err;
	chown_inode(ino, uid, gid);
	inode_put(ino);
	return 0;
}

long sys_chown(const char __user *path, u32 uid, u32 gid)
{
	return sys_fchownat(AT_FDCWD, path, uid, gid, 0);
}

long sys_lchown(const char __user *path, u32 uid, u32 gid)
{
	return sys_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown(int fd, u32 uid, u32 gid)
{
	struct inode *ino = fd_inode(fd);
	if (!ino)
		return -EBADF;
	chown_inode(ino, uid, gid);
	return 0;
}

/* ---- permission bits ---------------------------------------------------- */

static void chmod_inode(struct inode *ino, u32 mode)
{
	ino->mode = (ino->mode & S_IFMT) | (mode & 07777);
	ino->ctime = vfs_now();
}

/* Linux 6.1's fchmodat has no flags argument: it always follows. */
long sys_fchmodat(int dirfd, const char __user *upath, u32 mode)
{
	struct inode *ino;
	int err = at_lookup(dirfd, upath, 0, &ino, NULL);
	if (err)
		return err;
	chmod_inode(ino, mode);
	inode_put(ino);
	return 0;
}

long sys_chmod(const char __user *path, u32 mode)
{
	return sys_fchmodat(AT_FDCWD, path, mode);
}

long sys_fchmod(int fd, u32 mode)
{
	struct inode *ino = fd_inode(fd);
	if (!ino)
		return -EBADF;
	chmod_inode(ino, mode);
	return 0;
}

/* ---- times ------------------------------------------------------------- */

static bool nsec_valid(long nsec)
{
	return nsec == UTIME_NOW || nsec == UTIME_OMIT || (nsec >= 0 && nsec < NSEC_PER_SEC);
}

/* Linux's vfs_utimes(): times NULL means both now. */
static int set_times(struct inode *ino, const struct timespec *times)
{
	if (times && (!nsec_valid(times[0].tv_nsec) || !nsec_valid(times[1].tv_nsec)))
		return -EINVAL;
	struct timespec now = vfs_now();
	if (!times || times[0].tv_nsec != UTIME_OMIT)
		ino->atime = !times || times[0].tv_nsec == UTIME_NOW ? now : times[0];
	if (!times || times[1].tv_nsec != UTIME_OMIT)
		ino->mtime = !times || times[1].tv_nsec == UTIME_NOW ? now : times[1];
	ino->ctime = now;
	return 0;
}

/* Linux's do_utimes(): a NULL path with a real dirfd changes the file
 * open as dirfd (no flags allowed then); otherwise a path lookup, whose
 * errors come before those of the times. */
static long do_utimes(int dirfd, const char __user *upath, const struct timespec *times,
		      int flags)
{
	if (!upath && dirfd != AT_FDCWD) {
		if (flags)
			return -EINVAL;
		struct inode *ino = fd_inode(dirfd);
		return ino ? set_times(ino, times) : -EBADF;
	}
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct inode *ino;
	int err = at_lookup(dirfd, upath, flags, &ino, NULL);
	if (err)
		return err;
	err = set_times(ino, times);
	inode_put(ino);
	return err;
}

long sys_utimensat(int dirfd, const char __user *upath, const struct timespec __user *utimes,
		   int flags)
{
	struct timespec ts[2];
	if (utimes) {
		if (get_user_bytes(ts, utimes, sizeof(ts)))
			return -EFAULT;
		/* Nothing to do: Linux does not even look at the path. */
		if (ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
			return 0;
	}
	return do_utimes(dirfd, upath, utimes ? ts : NULL, flags);
}

/* utimes(2) and futimesat(2): microseconds, checked before the path. */
long sys_futimesat(int dirfd, const char __user *upath, const struct timeval __user *utimes)
{
	struct timeval tv[2];
	struct timespec ts[2];
	if (utimes) {
		if (get_user_bytes(tv, utimes, sizeof(tv)))
			return -EFAULT;
		for (int i = 0; i < 2; i++) {
			if (tv[i].tv_usec < 0 || tv[i].tv_usec >= USEC_PER_SEC)
				return -EINVAL;
			ts[i].tv_sec = tv[i].tv_sec;
			ts[i].tv_nsec = tv[i].tv_usec * 1000;
		}
	}
	return do_utimes(dirfd, upath, utimes ? ts : NULL, 0);
}

long sys_utimes(const char __user *upath, const struct timeval __user *utimes)
{
	return sys_futimesat(AT_FDCWD, upath, utimes);
}

/* utime(2): struct utimbuf, whole seconds. */
long sys_utime(const char __user *upath, const long __user *utimbuf)
{
	long secs[2];
	struct timespec ts[2];
	if (utimbuf) {
		if (get_user_bytes(secs, utimbuf, sizeof(secs)))
			return -EFAULT;
		for (int i = 0; i < 2; i++) {
			ts[i].tv_sec = secs[i];
			ts[i].tv_nsec = 0;
		}
	}
	return do_utimes(AT_FDCWD, upath, utimbuf ? ts : NULL, 0);
}

/* ---- fsync ------------------------------------------------------------- */

/* Linux answers -EINVAL for a file whose operations have no fsync: pipes,
 * sockets, terminals, devices, /proc. tmpfs's files and directories have
 * one that does nothing. */
long sys_fsync(int fd)
{
	struct inode *ino = fd_inode(fd);
	if (!ino)
		return -EBADF;
	if (ino->fops || (!S_ISREG(ino->mode) && !S_ISDIR(ino->mode)))
		return -EINVAL;
	return 0;
}

long sys_fdatasync(int fd)
{
	return sys_fsync(fd);
}
