/*
 * devices.c - the nodes of /dev (devices.h). The memory devices behave as
 * Linux's drivers/char/mem.c and random.c do for a program: null reads
 * end of file and swallows writes; zero reads zeros; random and urandom
 * read random bytes (random.h) and accept writes. Each is seekable with
 * st_size 0. tty and console are the terminal (dev/tty.h).
 * Invariant: /dev and /tmp exist after devices_init(), whatever the
 * archive held; an archive's own regular file at a device's path is
 * replaced by the device.
 */
#include "dev/devices.h"
#include "dev/tty.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "mm/uaccess.h"
#include "arch/x86_64/random.h"
#include "uapi/misc.h"
#include "lib/string.h"
#include "errno.h"
#include "log.h"
#include "panic.h"

static long null_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	(void)f;
	(void)buf;
	(void)count;
	(void)pos;
	return 0;
}

static long sink_write(struct file *f, const char __user *buf, u64 count, u64 *pos)
{
	(void)f;
	(void)buf;
	(void)pos;
	return (long)count;
}

static long zero_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	(void)f;
	(void)pos;
	u64 left = clear_user(buf, count);
	if (left == count)
		return -EFAULT;
	return (long)(count - left);
}

static long random_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	(void)f;
	(void)pos;
	u64 done = random_to_user(buf, count);
	return done ? (long)done : -EFAULT;
}

/* Linux's null_lseek(): every seek on /dev/null and /dev/zero lands at 0. */
static s64 seek_to_zero(struct file *f, s64 offset, int whence)
{
	(void)offset;
	(void)whence;
	f->pos = 0;
	return 0;
}

/* No poll operation: always ready for poll and select, refused by epoll
 * (-EPERM), as Linux's /dev/null and /dev/zero (fs/poll.h). */
static const struct file_ops null_fops = {
	.read = null_read, .write = sink_write,
	.llseek = seek_to_zero, .seekable = true,
};
static const struct file_ops zero_fops = {
	.read = zero_read, .write = sink_write, .llseek = seek_to_zero,
	.seekable = true,
};
static const struct file_ops random_fops = {
	.read = random_read, .write = sink_write, .seekable = true,
};

static const struct {
	const char *name;
	u32 mode;
	u32 major, minor; /* Documentation/admin-guide/devices.txt */
	const struct file_ops *fops;
} nodes[] = {
	{ "null", 0666, 1, 3, &null_fops },
	{ "zero", 0666, 1, 5, &zero_fops },
	{ "random", 0666, 1, 8, &random_fops },
	{ "urandom", 0666, 1, 9, &random_fops },
	{ "tty", 0666, 5, 0, &tty_fops },
	{ "console", 0600, 5, 1, &tty_fops },
};

/* The directory at path (made with mode when missing), referenced. */
static struct inode *ensure_dir(const char *path, u32 mode)
{
	struct inode *dir;
	if (vfs_lookup(vfs_root, path, LOOKUP_FOLLOW, &dir) == 0) {
		if (S_ISDIR(dir->mode))
			return dir;
		inode_put(dir);
		vfs_unlink(vfs_root, path);
	}
	int err = vfs_mkdir(vfs_root, path, mode);
	if (err || vfs_lookup(vfs_root, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dir))
		panic("devices: cannot make %s: error %d", path, err);
	dir->mode = S_IFDIR | mode; /* exactly, whatever mkdir's masks */
	return dir;
}

void devices_init(void)
{
	struct inode *dev = ensure_dir("/dev", 0755);
	inode_put(ensure_dir("/tmp", 01777));

	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++) {
		const char *name = nodes[i].name;
		struct inode *old;
		if (dir_lookup(dev, name, strlen(name), &old) == 0) {
			if (S_ISDIR(old->mode)) {
				pr_warn("devices: /dev/%s is a directory; not replaced\n", name);
				continue;
			}
			dir_unlink(dev, name, strlen(name));
		}
		struct inode *ino = inode_new(S_IFCHR | nodes[i].mode);
		if (!ino)
			panic("devices: no memory for /dev/%s", name);
		ino->rdev = MKDEV(nodes[i].major, nodes[i].minor);
		ino->fops = nodes[i].fops;
		inode_get(ino);
		int err = dir_link(dev, name, strlen(name), ino);
		inode_put(ino);
		if (err)
			panic("devices: cannot make /dev/%s: error %d", name, err);
	}
	inode_put(dev);
	pr_info("devices: /dev has null, zero, random, urandom, tty, console\n");
}
