/*
 * sys_xattr.c - extended attributes: getxattr(2), lgetxattr(2),
 * fgetxattr(2), listxattr(2), llistxattr(2), flistxattr(2), setxattr(2),
 * lsetxattr(2), fsetxattr(2), removexattr(2), lremovexattr(2),
 * fremovexattr(2).
 *
 * Every file answers as a file of Linux 6.1's tmpfs (the reference
 * Linux's root): it keeps security.* and trusted.* attributes (fs/xattr.h;
 * everyone is root, so trusted.* is always allowed and listed); the POSIX
 * ACL names read as absent, removing them succeeds, and setting one is
 * -EINVAL (MinOS has no ACLs; Linux would accept a well-formed one); every
 * other name, user.* included (tmpfs stores user.* only since Linux 6.6),
 * is -EOPNOTSUPP, except that a user.* name on anything but a file or a
 * directory is -ENODATA to read and -EPERM to change. Errors come in
 * Linux's order: the file first (lookup, -EBADF), then the flags, the name
 * (-EFAULT; -ERANGE when it is empty or longer than 255 bytes), the size
 * (-E2BIG) and the value (-EFAULT), then the namespace.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/vfs.h"
#include "fs/xattr.h"
#include "proc/task.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"
#include "lib/string.h"
#include "errno.h"

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* What the name space of a name is, as tmpfs's handlers see it. */
enum xattr_ns { NS_STORED, NS_ACL, NS_USER, NS_NONE, NS_BARE_PREFIX };

static enum xattr_ns name_space(const char *name)
{
	if (has_prefix(name, "security.") || has_prefix(name, "trusted."))
		return strchr(name, '.')[1] ? NS_STORED : NS_BARE_PREFIX;
	if (strcmp(name, "system.posix_acl_access") == 0 ||
	    strcmp(name, "system.posix_acl_default") == 0)
		return NS_ACL;
	if (has_prefix(name, "user."))
		return NS_USER;
	return NS_NONE;
}

/* The name copied in: -ERANGE when empty or too long, -EFAULT. */
static long get_xattr_name(const char __user *uname, char name[XATTR_NAME_MAX + 1])
{
	long n = strncpy_from_user(name, uname, XATTR_NAME_MAX + 1);
	if (n == -ENAMETOOLONG || n == 0)
		return -ERANGE;
	return n < 0 ? n : 0;
}

static bool user_ok(const struct inode *ino)
{
	return S_ISREG(ino->mode) || S_ISDIR(ino->mode);
}

static long path_inode(const char __user *upath, bool follow, struct inode **ino)
{
	return at_lookup(AT_FDCWD, upath, follow ? 0 : AT_SYMLINK_NOFOLLOW, ino, NULL);
}

/* The file open as fd, referenced (O_PATH allowed, as before). */
static long fd_inode(int fd, struct inode **ino)
{
	struct file *f = fd_file(current_task()->files, fd);
	if (!f || !f->inode)
		return -EBADF;
	*ino = inode_get(f->inode);
	return 0;
}

/* ---- get --------------------------------------------------------------- */

static long do_getxattr(struct inode *ino, const char __user *uname, void __user *value, u64 size)
{
	char name[XATTR_NAME_MAX + 1];
	long err = get_xattr_name(uname, name);
	if (err)
		return err;
	switch (name_space(name)) {
	case NS_USER:
		return user_ok(ino) ? -EOPNOTSUPP : -ENODATA;
	case NS_NONE:
		return -EOPNOTSUPP;
	case NS_BARE_PREFIX:
		return -EINVAL;
	case NS_ACL:
		return -ENODATA;
	case NS_STORED:
		break;
	}
	size = MIN(size, (u64)XATTR_SIZE_MAX);
	void *buf = size ? kmalloc(size) : NULL;
	if (size && !buf)
		return -ENOMEM;
	long r = xattr_get(ino, name, buf, size);
	if (r > 0 && size && put_user_bytes(value, buf, (u64)r))
		r = -EFAULT;
	kfree(buf);
	return r;
}

static long getxattr_at(long err, struct inode *ino, const char __user *name, void __user *value,
			u64 size)
{
	if (err)
		return err;
	err = do_getxattr(ino, name, value, size);
	inode_put(ino);
	return err;
}

long sys_getxattr(const char __user *path, const char __user *name, void __user *value, u64 size)
{
	struct inode *ino = NULL;
	long err = path_inode(path, true, &ino);
	return getxattr_at(err, ino, name, value, size);
}

long sys_lgetxattr(const char __user *path, const char __user *name, void __user *value, u64 size)
{
	struct inode *ino = NULL;
	long err = path_inode(path, false, &ino);
	return getxattr_at(err, ino, name, value, size);
}

long sys_fgetxattr(int fd, const char __user *name, void __user *value, u64 size)
{
	struct inode *ino = NULL;
	long err = fd_inode(fd, &ino);
	return getxattr_at(err, ino, name, value, size);
}

/* ---- list -------------------------------------------------------------- */

static long listxattr_at(long err, struct inode *ino, char __user *list, u64 size)
{
	if (err)
		return err;
	size = MIN(size, (u64)XATTR_LIST_MAX);
	char *buf = size ? kmalloc(size) : NULL;
	if (size && !buf) {
		inode_put(ino);
		return -ENOMEM;
	}
	long r = xattr_list(ino, buf, size, true);
	if (r > 0 && size && put_user_bytes(list, buf, (u64)r))
		r = -EFAULT;
	kfree(buf);
	inode_put(ino);
	return r;
}

long sys_listxattr(const char __user *path, char __user *list, u64 size)
{
	struct inode *ino = NULL;
	long err = path_inode(path, true, &ino);
	return listxattr_at(err, ino, list, size);
}

long sys_llistxattr(const char __user *path, char __user *list, u64 size)
{
	struct inode *ino = NULL;
	long err = path_inode(path, false, &ino);
	return listxattr_at(err, ino, list, size);
}

long sys_flistxattr(int fd, char __user *list, u64 size)
{
	struct inode *ino = NULL;
	long err = fd_inode(fd, &ino);
	return listxattr_at(err, ino, list, size);
}

/* ---- set and remove ----------------------------------------------------- */

/* value NULL: removexattr. */
static long change_xattr(struct inode *ino, const char __user *uname, const void __user *uvalue,
			 u64 size, int flags, bool remove)
{
	char name[XATTR_NAME_MAX + 1];
	if (!remove && (flags & ~(XATTR_CREATE | XATTR_REPLACE)))
		return -EINVAL;
	long err = get_xattr_name(uname, name);
	if (err)
		return err;
	void *value = NULL;
	if (!remove) {
		if (size > XATTR_SIZE_MAX)
			return -E2BIG;
		value = kmalloc(size ? size : 1);
		if (!value)
			return -ENOMEM;
		if (size && get_user_bytes(value, uvalue, size)) {
			kfree(value);
			return -EFAULT;
		}
	}
	switch (name_space(name)) {
	case NS_USER:
		err = user_ok(ino) ? -EOPNOTSUPP : -EPERM;
		break;
	case NS_NONE:
		err = -EOPNOTSUPP;
		break;
	case NS_BARE_PREFIX:
		err = -EINVAL;
		break;
	case NS_ACL:
		err = remove ? 0 : -EINVAL;
		break;
	case NS_STORED:
		err = xattr_set(ino, name, value, size, remove ? XATTR_REPLACE : flags);
		if (!err)
			ino->ctime = vfs_now();
		break;
	}
	kfree(value);
	return err;
}

static long change_at(long err, struct inode *ino, const char __user *name, const void __user *value,
		      u64 size, int flags, bool remove)
{
	if (err)
		return err;
	err = change_xattr(ino, name, value, size, flags, remove);
	inode_put(ino);
	return err;
}

long sys_setxattr(const char __user *path, const char __user *name, const void __user *value,
		  u64 size, int flags)
{
	struct inode *ino = NULL;
	long err = path_inode(path, true, &ino);
	return change_at(err, ino, name, value, size, flags, false);
}

long sys_lsetxattr(const char __user *path, const char __user *name, const void __user *value,
		   u64 size, int flags)
{
	struct inode *ino = NULL;
	long err = path_inode(path, false, &ino);
	return change_at(err, ino, name, value, size, flags, false);
}

long sys_fsetxattr(int fd, const char __user *name, const void __user *value, u64 size, int flags)
{
	struct inode *ino = NULL;
	long err = fd_inode(fd, &ino);
	return change_at(err, ino, name, value, size, flags, false);
}

long sys_removexattr(const char __user *path, const char __user *name)
{
	struct inode *ino = NULL;
	long err = path_inode(path, true, &ino);
	return change_at(err, ino, name, NULL, 0, 0, true);
}

long sys_lremovexattr(const char __user *path, const char __user *name)
{
	struct inode *ino = NULL;
	long err = path_inode(path, false, &ino);
	return change_at(err, ino, name, NULL, 0, 0, true);
}

long sys_fremovexattr(int fd, const char __user *name)
{
	struct inode *ino = NULL;
	long err = fd_inode(fd, &ino);
	return change_at(err, ino, name, NULL, 0, 0, true);
}
