/*
 * sys_xattr.c - extended attributes: getxattr(2), lgetxattr(2),
 * fgetxattr(2), listxattr(2), llistxattr(2), flistxattr(2).
 *
 * The RAM file system stores no attributes, so every file answers as a
 * file of Linux 6.1's tmpfs (the reference Linux's root) on which none was
 * ever set: the names tmpfs has a home for (security.*, trusted.* for
 * root, system.posix_acl_access and system.posix_acl_default) are
 * -ENODATA, every other name -EOPNOTSUPP, and the list is empty. Errors
 * come in Linux's order: the file first (lookup, -EBADF), then the name
 * (-EFAULT; -ERANGE when it is empty or longer than 255 bytes), then the
 * namespace. Setting and removing attributes are not implemented.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/vfs.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"
#include "lib/string.h"
#include "errno.h"

#define XATTR_NAME_MAX 255

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* What tmpfs answers for a name it finds nothing under. */
static long no_attribute(const struct inode *ino, const char __user *uname)
{
	char name[XATTR_NAME_MAX + 1];
	long n = strncpy_from_user(name, uname, sizeof(name));
	if (n == -ENAMETOOLONG || n == 0)
		return -ERANGE;
	if (n < 0)
		return n;
	if (has_prefix(name, "user.") && !S_ISREG(ino->mode) && !S_ISDIR(ino->mode))
		return -ENODATA; /* user.* lives only on files and directories */
	if (has_prefix(name, "security.") || has_prefix(name, "trusted."))
		return strchr(name, '.')[1] ? -ENODATA : -EINVAL; /* "security." alone */
	if (strcmp(name, "system.posix_acl_access") == 0 ||
	    strcmp(name, "system.posix_acl_default") == 0)
		return -ENODATA;
	return -EOPNOTSUPP; /* no handler for it (user.* included, as in 6.1) */
}

static long path_inode(const char __user *upath, bool follow, struct inode **ino)
{
	char *path;
	struct inode *base;
	int err = getname(upath, false, &path);
	if (err)
		return err;
	err = at_base(AT_FDCWD, path, &base);
	if (!err)
		err = vfs_lookup(base, path, follow ? LOOKUP_FOLLOW : 0, ino);
	putname(path);
	return err;
}

static long path_getxattr(const char __user *upath, const char __user *name, bool follow)
{
	struct inode *ino;
	long err = path_inode(upath, follow, &ino);
	if (err)
		return err;
	err = no_attribute(ino, name);
	inode_put(ino);
	return err;
}

long sys_getxattr(const char __user *path, const char __user *name, void __user *value, u64 size)
{
	(void)value;
	(void)size;
	return path_getxattr(path, name, true);
}

long sys_lgetxattr(const char __user *path, const char __user *name, void __user *value, u64 size)
{
	(void)value;
	(void)size;
	return path_getxattr(path, name, false);
}

long sys_fgetxattr(int fd, const char __user *name, void __user *value, u64 size)
{
	(void)value;
	(void)size;
	struct file *f = fd_file(current_task()->files, fd);
	return f ? no_attribute(f->inode, name) : -EBADF;
}

/* No attribute on any file: the list is empty, whatever the buffer. */
long sys_listxattr(const char __user *path, char __user *list, u64 size)
{
	(void)list;
	(void)size;
	struct inode *ino;
	long err = path_inode(path, true, &ino);
	if (!err)
		inode_put(ino);
	return err;
}

long sys_llistxattr(const char __user *path, char __user *list, u64 size)
{
	(void)list;
	(void)size;
	struct inode *ino;
	long err = path_inode(path, false, &ino);
	if (!err)
		inode_put(ino);
	return err;
}

long sys_flistxattr(int fd, char __user *list, u64 size)
{
	(void)list;
	(void)size;
	return fd_file(current_task()->files, fd) ? 0 : -EBADF;
}
