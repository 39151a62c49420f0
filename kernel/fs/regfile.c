/*
 * regfile.c - open files on the tree's inodes (regfile.h): regular files
 * read and written at the file's offset (O_APPEND: at the end, decided at
 * each write), directories (read gives -EISDIR; getdents64 in
 * sys_dir.c walks them by offset), and O_PATH handles.
 * Invariant: the offset only moves by what was transferred.
 */
#include "fs/regfile.h"
#include "fs/pipe.h"
#include "fs/file.h"
#include "uapi/fcntl.h"
#include "uapi/misc.h"
#include "errno.h"

static long reg_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	long n = inode_read_user(f->inode, buf, count, *pos);
	if (n > 0)
		*pos += (u64)n;
	return n;
}

static long reg_write(struct file *f, const char __user *buf, u64 count, u64 *pos)
{
	if (f->flags & O_APPEND)
		*pos = f->inode->size; /* pwrite too, as on Linux */
	long n = inode_write_user(f->inode, buf, count, *pos);
	if (n > 0)
		*pos += (u64)n;
	return n;
}

static long dir_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	(void)f;
	(void)buf;
	(void)count;
	(void)pos;
	return -EISDIR;
}

/* Regular files and directories have no poll operation: poll and select
 * find them always ready, and epoll refuses them (-EPERM), as on Linux
 * (fs/poll.h). */
const struct file_ops regfile_fops = {
	.read = reg_read,
	.write = reg_write,
	.seekable = true,
};

const struct file_ops dir_fops = {
	.read = dir_read,
	.seekable = true,
};

const struct file_ops path_fops = {
	.seekable = false,
};

int vfs_open_file(struct inode *ino, u32 flags, struct file **out)
{
	const struct file_ops *ops;

	if (flags & O_PATH) {
		ops = &path_fops;
	} else if (S_ISREG(ino->mode)) {
		/* A file whose contents are made when read (/proc) has its own. */
		ops = ino->fops ? ino->fops : &regfile_fops;
	} else if (S_ISDIR(ino->mode)) {
		if ((flags & O_ACCMODE) != O_RDONLY)
			return -EISDIR;
		ops = &dir_fops;
	} else if (S_ISLNK(ino->mode)) {
		return -ELOOP;
	} else if (S_ISFIFO(ino->mode) && !ino->fops) {
		return pipe_open_inode(ino, flags, out); /* through /proc/PID/fd */
	} else if (ino->fops) {
		ops = ino->fops; /* a device (dev/devices.c) */
	} else {
		return -ENXIO; /* no driver: FIFOs, sockets, unknown devices */
	}
	struct file *f = file_open_inode(ino, flags, ops);
	if (!f)
		return -ENOMEM;
	*out = f;
	return 0;
}
