/*
 * sys_statx.c - what a file and its file system look like: statx(2),
 * statfs(2) and fstatfs(2).
 *
 * statx answers from the same view as stat(2) (inode_stat), in Linux's
 * layout: every field is filled whatever the mask asked for, and the
 * mask returned is what Linux 6.1's tmpfs returns (the basic fields and
 * the mount id). The whole tree is one RAM file system, so statfs answers
 * as Linux's tmpfs for every path; only a pipe and a socket answer with
 * pipefs's and sockfs's magic, and /proc's files and directories with
 * proc's (no blocks or inodes, mounted relatime, as on Linux). Sizes follow tmpfs's defaults: half of RAM
 * in blocks and in inodes. Every structure is zeroed before it is filled.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/proc_sys.h"
#include "proc/task.h"
#include "mm/page.h"
#include "mm/pmm.h"
#include "mm/uaccess.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"
#include "uapi/statfs.h"
#include "lib/string.h"
#include "errno.h"

#define AT_NO_AUTOMOUNT 0x800
#define AT_STATX_SYNC_TYPE 0x6000
#define STATX_FLAGS (AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)

/* Linux's device-number split (include/linux/kdev_t.h, new_decode_dev). */
static u32 dev_major(u64 dev) { return (u32)((dev & 0xfff00) >> 8); }
static u32 dev_minor(u64 dev) { return (u32)((dev & 0xff) | ((dev >> 12) & 0xfff00)); }

static struct statx_timestamp stx_time(struct timespec ts)
{
	struct statx_timestamp t = { .tv_sec = ts.tv_sec, .tv_nsec = (u32)ts.tv_nsec };
	return t;
}

static void fill_statx(const struct inode *ino, struct statx *sx)
{
	struct stat st;
	inode_stat(ino, &st);
	memset(sx, 0, sizeof(*sx));
	sx->stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
	sx->stx_blksize = (u32)st.st_blksize;
	sx->stx_nlink = (u32)st.st_nlink;
	sx->stx_uid = st.st_uid;
	sx->stx_gid = st.st_gid;
	sx->stx_mode = (u16)st.st_mode;
	sx->stx_ino = st.st_ino;
	sx->stx_size = (u64)st.st_size;
	sx->stx_blocks = (u64)st.st_blocks;
	sx->stx_attributes_mask = STATX_ATTR_AUTOMOUNT | STATX_ATTR_MOUNT_ROOT | STATX_ATTR_DAX |
				  STATX_ATTR_APPEND | STATX_ATTR_IMMUTABLE | STATX_ATTR_NODUMP;
	if (ino == vfs_root)
		sx->stx_attributes |= STATX_ATTR_MOUNT_ROOT;
	sx->stx_atime = stx_time(st.st_atim);
	sx->stx_ctime = stx_time(st.st_ctim);
	sx->stx_mtime = stx_time(st.st_mtim);
	sx->stx_rdev_major = dev_major(st.st_rdev);
	sx->stx_rdev_minor = dev_minor(st.st_rdev);
	sx->stx_dev_major = dev_major(st.st_dev);
	sx->stx_dev_minor = dev_minor(st.st_dev);
	sx->stx_mnt_id = 1;
}

/* Linux's order: the sync type and the reserved mask bit, then the flags,
 * then the path. */
long sys_statx(int dirfd, const char __user *upath, int flags, u32 mask, struct statx __user *ubuf)
{
	struct inode *ino;
	struct statx sx;

	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
		return -EINVAL;
	if (flags & ~STATX_FLAGS)
		return -EINVAL;
	int err = at_lookup(dirfd, upath, flags, &ino, NULL);
	if (err)
		return err;
	fill_statx(ino, &sx);
	inode_put(ino);
	return put_user_bytes(ubuf, &sx, sizeof(sx));
}

/* ---- statfs ------------------------------------------------------------ */

static void fill_statfs(const struct inode *ino, struct statfs *sf)
{
	memset(sf, 0, sizeof(*sf));
	sf->f_bsize = PAGE_SIZE;
	sf->f_frsize = PAGE_SIZE;
	sf->f_namelen = NAME_MAX;
	sf->f_flags = ST_VALID;
	if (ino && (ino->mode & S_IFMT) == S_IFIFO) {
		sf->f_type = PIPEFS_MAGIC;
		return;
	}
	if (ino && (ino->mode & S_IFMT) == S_IFSOCK) {
		sf->f_type = SOCKFS_MAGIC;
		return;
	}
	if (procfs_holds(ino)) {
		sf->f_type = PROC_SUPER_MAGIC;
		sf->f_flags |= ST_RELATIME;
		return;
	}
	/* tmpfs's defaults (mm/shmem.c): half of RAM, in blocks and inodes. */
	u64 total = pmm_total_pages(), used = total - pmm_free_pages();
	sf->f_type = TMPFS_MAGIC;
	sf->f_blocks = total / 2;
	sf->f_bfree = sf->f_bavail = sf->f_blocks > used ? sf->f_blocks - used : 0;
	sf->f_files = total / 2;
	u64 inodes = inode_count();
	sf->f_ffree = sf->f_files > inodes ? sf->f_files - inodes : 0;
}

long sys_statfs(const char __user *upath, struct statfs __user *ubuf)
{
	struct inode *ino;
	struct statfs sf;
	int err = at_lookup(AT_FDCWD, upath, 0, &ino, NULL);
	if (err)
		return err;
	fill_statfs(ino, &sf);
	inode_put(ino);
	return put_user_bytes(ubuf, &sf, sizeof(sf));
}

/* Any descriptor, O_PATH included (Linux's fdget_raw). */
long sys_fstatfs(int fd, struct statfs __user *ubuf)
{
	struct statfs sf;
	struct file *f = fd_file(current_task()->files, fd);
	if (!f)
		return -EBADF;
	fill_statfs(f->inode, &sf);
	return put_user_bytes(ubuf, &sf, sizeof(sf));
}
