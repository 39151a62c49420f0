/*
 * sys_dir.c - directories and names: getdents64(2), mkdir(2), mkdirat(2),
 * rmdir(2), unlink(2), unlinkat(2), rename(2), renameat(2), symlink(2),
 * getcwd(2), chdir(2), fchdir(2). The rules live in fs/namei.c; this file
 * copies arguments and picks where relative paths start.
 *
 * getdents64 reads a directory by position: 0 is ".", 1 is "..", n >= 2
 * the (n-2)th entry in creation order; d_off is the position after the
 * record, so lseek(fd, d_off, SEEK_SET) resumes after it. A directory
 * that makes its entries (a /proc one with an iterate operation) lists
 * those instead: position n >= 2 is its entry of index n - 2 or the next
 * one after it (a descriptor number in /proc/PID/fd).
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/regfile.h"
#include "proc/task.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "uapi/dirent.h"
#include "uapi/fcntl.h"
#include "lib/string.h"
#include "errno.h"

/* struct linux_dirent64 up to d_name: 19 bytes. */
#define DIRENT_HEADER __builtin_offsetof(struct linux_dirent64, d_name)

/* The entry at position pos >= 2, or NULL past the end. */
static struct dentry *nth_entry(struct inode *dir, u64 pos)
{
	struct dentry *d = dir->dir.entries;
	for (u64 i = 2; d && i < pos; i++)
		d = d->next;
	return d;
}

long sys_getdents64(int fd, void __user *dirp, u32 count)
{
	struct file *f = fd_file(current_task()->files, fd);
	if (!f || (f->flags & O_PATH))
		return -EBADF;
	if (f->ops != &dir_fops || !f->inode || !S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	struct inode *dir = f->inode;
	if (dir->nlink == 0)
		return -ENOENT; /* removed (Linux's iterate_dir(), IS_DEADDIR) */

	union {
		struct linux_dirent64 d;
		u8 bytes[ALIGN_UP(DIRENT_HEADER + NAME_MAX + 1, 8)];
	} rec;
	struct dentry *next = NULL; /* the entry at pos, once pos >= 2 */
	struct vfs_dirent *gen = NULL; /* a generated directory's entry */
	bool located = false;
	if (dir->iops && dir->iops->populate)
		dir->iops->populate(dir);
	if (dir->iops && dir->iops->iterate) {
		gen = kmalloc(sizeof(*gen));
		if (!gen)
			return -ENOMEM;
	}
	u64 pos = f->pos;
	u32 done = 0;
	long err = 0;

	for (;; pos++) {
		const char *name;
		struct inode *ino;
		u64 d_ino;
		u32 type;
		if (pos < 2) {
			name = pos == 0 ? "." : "..";
			ino = pos == 0 || !dir->dir.parent ? dir : dir->dir.parent;
		} else if (gen) {
			u64 index = pos - 2;
			if (dir->iops->iterate(dir, &index, gen) != 0)
				break;
			pos = index + 2;
			name = gen->name;
			ino = NULL;
		} else {
			if (!located) {
				next = nth_entry(dir, pos);
				located = true;
			}
			if (!next)
				break;
			name = next->name;
			ino = next->inode;
		}
		size_t len = strlen(name);
		u32 reclen = (u32)ALIGN_UP(DIRENT_HEADER + len + 1, 8);
		if (reclen > count - done) {
			if (!done)
				err = -EINVAL; /* not even one record fits */
			break;
		}
		d_ino = ino ? ino->ino : gen->ino;
		type = ino ? ino->mode : gen->type;
		memset(rec.bytes, 0, reclen);
		rec.d.d_ino = d_ino;
		rec.d.d_off = (long)(pos + 1);
		rec.d.d_reclen = (unsigned short)reclen;
		rec.d.d_type = (unsigned char)((type & S_IFMT) >> 12); /* DT_* */
		memcpy(rec.d.d_name, name, len);
		if (copy_to_user((u8 *)dirp + done, rec.bytes, reclen)) {
			if (!done)
				err = -EFAULT;
			break;
		}
		done += reclen;
		if (pos >= 2 && !gen)
			next = next->next;
	}
	kfree(gen);
	if (err)
		return err;
	f->pos = pos;
	return done;
}

/* ---- making and removing names ------------------------------------- */

long sys_mkdirat(int dirfd, const char __user *upath, u32 mode)
{
	struct inode *base;
	char *path;
	int err = getname(upath, false, &path);
	if (err)
		return err;
	err = at_base(dirfd, path, &base);
	if (!err) /* Linux keeps the permission and sticky bits only */
		err = vfs_mkdir(base, path, mode & ~current_task()->umask & 01777);
	putname(path);
	return err;
}

long sys_mkdir(const char __user *path, u32 mode) { return sys_mkdirat(AT_FDCWD, path, mode); }

long sys_unlinkat(int dirfd, const char __user *upath, int flags)
{
	struct inode *base;
	char *path;
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	int err = getname(upath, false, &path);
	if (err)
		return err;
	err = at_base(dirfd, path, &base);
	if (!err)
		err = (flags & AT_REMOVEDIR) ? vfs_rmdir(base, path) : vfs_unlink(base, path);
	putname(path);
	return err;
}

long sys_unlink(const char __user *path) { return sys_unlinkat(AT_FDCWD, path, 0); }
long sys_rmdir(const char __user *path) { return sys_unlinkat(AT_FDCWD, path, AT_REMOVEDIR); }

long sys_renameat(int olddirfd, const char __user *uold, int newdirfd, const char __user *unew)
{
	struct inode *obase, *nbase;
	char *oldpath, *newpath;
	int err = getname(uold, false, &oldpath);
	if (err)
		return err;
	err = getname(unew, false, &newpath);
	if (err) {
		putname(oldpath);
		return err;
	}
	err = at_base(olddirfd, oldpath, &obase);
	if (!err)
		err = at_base(newdirfd, newpath, &nbase);
	if (!err)
		err = vfs_rename(obase, oldpath, nbase, newpath);
	putname(newpath);
	putname(oldpath);
	return err;
}

long sys_rename(const char __user *oldpath, const char __user *newpath)
{
	return sys_renameat(AT_FDCWD, oldpath, AT_FDCWD, newpath);
}

long sys_symlink(const char __user *utarget, const char __user *ulink)
{
	char *target, *link;
	int err = getname(utarget, false, &target);
	if (err)
		return err;
	err = getname(ulink, false, &link);
	if (!err) {
		err = vfs_symlink(target, current_cwd(), link);
		putname(link);
	}
	putname(target);
	return err;
}

/* ---- the current directory ------------------------------------------- */

/* Returns the length with the NUL, as the raw Linux call does (the C
 * library's getcwd returns the buffer instead). */
long sys_getcwd(char __user *buf, u64 size)
{
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	long len = vfs_path_of(current_cwd(), path, PATH_MAX);
	if (len >= 0 && (u64)len + 1 > size)
		len = -ERANGE;
	else if (len >= 0)
		len = put_user_bytes(buf, path, (u64)len + 1) ? -EFAULT : len + 1;
	kfree(path);
	return len;
}

/* Takes the caller's reference; every task sharing the caller's
 * directory (CLONE_FS) moves too. */
static void set_cwd(struct inode *dir) { task_set_cwd(current_task(), dir); }

long sys_chdir(const char __user *upath)
{
	struct inode *dir;
	char *path;
	int err = getname(upath, false, &path);
	if (err)
		return err;
	err = vfs_lookup(current_cwd(), path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dir);
	putname(path);
	if (!err)
		set_cwd(dir);
	return err;
}

long sys_fchdir(int fd)
{
	struct file *f = fd_file(current_task()->files, fd);
	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	set_cwd(inode_get(f->inode));
	return 0;
}
