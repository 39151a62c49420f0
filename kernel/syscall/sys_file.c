/*
 * sys_file.c - opening and inspecting files: open(2), openat(2),
 * creat(2), stat(2), fstat(2), lstat(2), newfstatat(2), access(2),
 * faccessat(2), faccessat2(2), readlink(2), readlinkat(2), truncate(2),
 * ftruncate(2), umask(2).
 *
 * Each handler copies its path in (getname: -EFAULT, -ENAMETOOLONG, and
 * -ENOENT for ""), finds where a relative path starts (at_base), and
 * leaves the rest to fs/namei.c; open keeps where it found the file
 * (file.where) and readlink asks a /proc link for its text. Everyone is
 * root: reading and writing are always allowed, executing needs an x bit
 * (directories: searching is allowed).
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/regfile.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "mm/heap.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"
#include "lib/string.h"
#include "errno.h"

/* newfstatat(2) flags beyond uapi/fcntl.h: accepted and ignored
 * (include/uapi/linux/fcntl.h). */
#define AT_NO_AUTOMOUNT 0x800
#define AT_STATX_SYNC_TYPE 0x6000

/* What open(2) keeps in the file's status flags (F_GETFL): not the
 * open-time-only ones; O_LARGEFILE always, as on 64-bit Linux. */
#define OPEN_TIME_FLAGS (O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)

static struct fdtable *files(void) { return current_task()->files; }

/* Linux reserves the descriptor before resolving the path, so a full
 * table gives -EMFILE even for a file that does not exist. */
static bool fd_room(struct fdtable *t)
{
	for (unsigned i = 0; i < t->limit; i++)
		if (!t->fd[i])
			return true;
	return false;
}

long sys_openat(int dirfd, const char __user *upath, int flags, u32 mode)
{
	struct task *t = current_task();
	struct inode *base, *ino;
	struct file *f;
	char *path;
	u32 fl = (u32)flags;
	struct vfs_where w = { NULL, kmalloc(NAME_MAX + 1) };

	if (!w.name)
		return -ENOMEM;
	int err = getname(upath, false, &path);
	if (err) {
		where_put(&w);
		return err;
	}
	if (!fd_room(t->files))
		err = -EMFILE;
	if (!err)
		err = at_base(dirfd, path, &base);
	if (!err) {
		u32 m = (fl & O_CREAT) ? mode & ~t->umask & 07777 : 0;
		err = vfs_open_path_where(base, path, fl, m, &ino, &w);
	}
	putname(path);
	if (err) {
		where_put(&w);
		return err;
	}

	u32 kept = (fl & O_PATH) ? fl & (O_PATH | O_DIRECTORY | O_NOFOLLOW)
				 : (fl & ~OPEN_TIME_FLAGS) | O_LARGEFILE;
	err = vfs_open_file(ino, kept, &f);
	inode_put(ino); /* the file holds its own reference */
	if (err) {
		where_put(&w);
		return err;
	}
	if (w.dir) /* the file keeps a copy that fits (none if memory is short) */
		(void)where_copy(&f->where, &w);
	where_put(&w);
	int fd = fd_install(t->files, f, 0, fl & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_open(const char __user *path, int flags, u32 mode)
{
	return sys_openat(AT_FDCWD, path, flags, mode);
}

long sys_creat(const char __user *path, u32 mode)
{
	return sys_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* ---- stat ----------------------------------------------------------- */

static long put_stat(const struct inode *ino, struct stat __user *ust)
{
	struct stat st;
	if (ino) {
		inode_stat(ino, &st);
	} else { /* a file with no inode behind it */
		memset(&st, 0, sizeof(st));
		st.st_blksize = 4096;
	}
	return put_user_bytes(ust, &st, sizeof(st));
}

long sys_newfstatat(int dirfd, const char __user *upath, struct stat __user *ust, int flags)
{
	struct inode *base, *ino;
	char *path;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	bool empty_ok = flags & AT_EMPTY_PATH;
	int err = (!upath && empty_ok) ? 0 : getname(upath, empty_ok, &path);
	if (err)
		return err;
	if (!upath || !path[0]) { /* AT_EMPTY_PATH (NULL too, as Linux 6.11) */
		if (upath)
			putname(path);
		if (dirfd == AT_FDCWD)
			return put_stat(current_cwd(), ust);
		struct file *f = fd_file(files(), dirfd);
		return f ? put_stat(f->inode, ust) : -EBADF;
	}
	err = at_base(dirfd, path, &base);
	if (!err)
		err = vfs_lookup(base, path, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &ino);
	putname(path);
	if (err)
		return err;
	long r = put_stat(ino, ust);
	inode_put(ino);
	return r;
}

long sys_stat(const char __user *path, struct stat __user *st)
{
	return sys_newfstatat(AT_FDCWD, path, st, 0);
}

long sys_lstat(const char __user *path, struct stat __user *st)
{
	return sys_newfstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

long sys_fstat(int fd, struct stat __user *st)
{
	struct file *f = fd_file(files(), fd);
	return f ? put_stat(f->inode, st) : -EBADF;
}

/* ---- access, readlink ------------------------------------------------ */

/* faccessat2(2): Linux's order is the mode, then the flags, then the
 * path. AT_EACCESS changes nothing when everyone is root. */
long sys_faccessat2(int dirfd, const char __user *upath, int mode, int flags)
{
	struct inode *ino;

	if (mode & ~(F_OK | R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	int err = at_lookup(dirfd, upath, flags & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH), &ino, NULL);
	if (err)
		return err;
	/* Root may read and write anything; executing needs an x bit
	 * somewhere, searching a directory nothing (generic_permission). */
	if ((mode & X_OK) && !S_ISDIR(ino->mode) && !(ino->mode & 0111))
		err = -EACCES;
	inode_put(ino);
	return err;
}

long sys_faccessat(int dirfd, const char __user *upath, int mode)
{
	return sys_faccessat2(dirfd, upath, mode, 0);
}

long sys_access(const char __user *path, int mode)
{
	return sys_faccessat(AT_FDCWD, path, mode);
}

/* readlinkat(2): a size of 0 or less is -EINVAL before anything else.
 * An empty path names the file open as dirfd (a link opened with
 * O_PATH | O_NOFOLLOW), and is -ENOENT when that is not a link; a path
 * naming something else than a link is -EINVAL. */
long sys_readlinkat(int dirfd, const char __user *upath, char __user *buf, int bufsiz)
{
	struct inode *ino;
	bool empty;

	if (bufsiz <= 0)
		return -EINVAL;
	int err = at_lookup(dirfd, upath, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &ino, &empty);
	if (err)
		return err;
	long r = empty ? -ENOENT : -EINVAL;
	if (S_ISLNK(ino->mode) && ino->iops && ino->iops->readlink) { /* /proc's */
		char *text = kmalloc(PATH_MAX);
		r = text ? ino->iops->readlink(ino, text, PATH_MAX) : -ENOMEM;
		if (r >= 0) {
			u64 n = MIN((u64)r, (u64)bufsiz);
			r = put_user_bytes(buf, text, n) ? -EFAULT : (long)n;
		}
		kfree(text);
	} else if (S_ISLNK(ino->mode)) {
		u64 n = MIN(ino->size, (u64)bufsiz); /* no NUL, as readlink(2) */
		r = put_user_bytes(buf, ino->link.target, n) ? -EFAULT : (long)n;
	}
	inode_put(ino);
	return r;
}

long sys_readlink(const char __user *upath, char __user *buf, int bufsiz)
{
	return sys_readlinkat(AT_FDCWD, upath, buf, bufsiz);
}

/* ---- sizes and the umask --------------------------------------------- */

long sys_truncate(const char __user *upath, s64 length)
{
	struct inode *ino;
	char *path;

	if (length < 0)
		return -EINVAL;
	int err = getname(upath, false, &path);
	if (err)
		return err;
	err = vfs_lookup(current_cwd(), path, LOOKUP_FOLLOW, &ino);
	putname(path);
	if (err)
		return err;
	if (S_ISDIR(ino->mode))
		err = -EISDIR;
	else if (!S_ISREG(ino->mode))
		err = -EINVAL;
	else if (ino->writecount < 0)
		err = -ETXTBSY; /* a program some process runs */
	else
		err = inode_truncate(ino, (u64)length);
	inode_put(ino);
	return err;
}

/* Linux's do_ftruncate(): only a regular file open for writing; anything
 * else (a directory, a read-only descriptor, a device) is -EINVAL. */
long sys_ftruncate(int fd, s64 length)
{
	if (length < 0)
		return -EINVAL;
	struct file *f = fd_file(files(), fd);
	if (!f || (f->flags & O_PATH))
		return -EBADF;
	if (!f->inode || !S_ISREG(f->inode->mode) || f->ops != &regfile_fops ||
	    (f->flags & O_ACCMODE) == O_RDONLY)
		return -EINVAL;
	return inode_truncate(f->inode, (u64)length);
}

long sys_umask(u32 mask)
{
	struct task *t = current_task();
	u32 old = t->umask;
	task_set_umask(t, mask & 0777); /* and every task sharing it (CLONE_FS) */
	return old;
}
