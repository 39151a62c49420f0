/*
 * initramfs.c - unpacking the boot archives into the VFS (initramfs.h),
 * as Linux's init/initramfs.c does for its rootfs: entries in archive
 * order (parents come before their contents in an archive made with
 * `find | cpio`), data copied into the file's pages, and directory mtimes
 * set in a second pass, once their contents stopped changing them.
 * Invariant: the archive is only read; every length was checked by
 * cpio_next() before use.
 * Written once at boot, before other CPUs run tasks (the unpack and its
 * static `target`); the in-kernel tests' unpacks also run on the boot CPU
 * alone.
 */
#include "fs/initramfs.h"
#include "fs/cpio.h"
#include "fs/namei.h"
#include "mm/vm.h"
#include "uapi/fcntl.h"
#include "lib/string.h"
#include "errno.h"
#include "log.h"

/* "./a/b", "/a/b" and "a/b" name the same path; "." and "" the root. */
/* unpack_entry()'s answer for an entry type the tree does not hold. */
#define SKIPPED 1


static bool is_root(const char *p) { return p[0] == 0 || (p[0] == '.' && p[1] == 0); }

static void set_attrs(struct inode *ino, const struct cpio_entry *e)
{
	ino->mode = (ino->mode & S_IFMT) | (e->mode & 07777);
	ino->uid = e->uid;
	ino->gid = e->gid;
	ino->atime = ino->mtime = (struct timespec){ (long)e->mtime, 0 };
}

/* Removes whatever path names unless it is a directory and keep_dir;
 * -ENOTEMPTY for a directory with contents. */
static int clear_path(struct inode *root, const char *path, bool keep_dir)
{
	struct inode *old;
	if (vfs_lookup(root, path, 0, &old))
		return 0;
	bool dir = S_ISDIR(old->mode);
	inode_put(old);
	if (dir && keep_dir)
		return 0;
	return dir ? vfs_rmdir(root, path) : vfs_unlink(root, path);
}

static int unpack_entry(struct inode *root, const char *path, const struct cpio_entry *e)
{
	struct inode *ino;
	int err;

	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		err = clear_path(root, path, true);
		if (!err)
			err = vfs_mkdir(root, path, e->mode & 07777);
		if (err == -EEXIST)
			err = 0; /* an earlier archive made it: its contents stay */
		if (!err)
			err = vfs_lookup(root, path, 0, &ino);
		break;
	case S_IFREG:
		err = clear_path(root, path, false);
		if (!err)
			err = vfs_open_path(root, path, O_WRONLY | O_CREAT | O_EXCL, e->mode & 07777, &ino);
		if (!err && e->size) {
			long n = inode_write(ino, e->data, e->size, 0);
			if (n != (long)e->size) {
				inode_put(ino);
				vfs_unlink(root, path);
				return n < 0 ? (int)n : -ENOSPC;
			}
		}
		break;
	case S_IFLNK: {
		static char target[PATH_MAX]; /* one unpack at a time */
		if (e->size == 0 || e->size >= PATH_MAX || strnlen(e->data, e->size) != e->size)
			return -EINVAL;
		memcpy(target, e->data, e->size);
		target[e->size] = 0;
		err = clear_path(root, path, false);
		if (!err)
			err = vfs_symlink(target, root, path);
		if (!err)
			err = vfs_lookup(root, path, 0, &ino);
		break;
	}
	default:
		return SKIPPED;
	}
	if (err)
		return err;
	set_attrs(ino, e);
	inode_put(ino);
	return 0;
}

/* The second pass: directory times, now that nothing is added to them. */
static void set_dir_times(struct inode *root, const void *archive, size_t size)
{
	struct cpio_entry e;
	size_t off = 0;
	while (cpio_next(archive, size, &off, &e) == 0) {
		const char *path = cpio_strip_prefix(e.name);
		struct inode *dir;
		if (!S_ISDIR(e.mode))
			continue;
		if (is_root(path) || vfs_lookup(root, path, 0, &dir))
			continue;
		if (S_ISDIR(dir->mode))
			dir->atime = dir->mtime = (struct timespec){ (long)e.mtime, 0 };
		inode_put(dir);
	}
}

long initramfs_unpack(struct inode *root, const void *archive, size_t size)
{
	struct cpio_entry e;
	size_t off = 0;
	long made = 0;
	int r;

	while ((r = cpio_next(archive, size, &off, &e)) == 0) {
		const char *path = cpio_strip_prefix(e.name);
		if (is_root(path))
			continue; /* the root keeps its own mode */
		int err = unpack_entry(root, path, &e);
		if (err == SKIPPED)
			pr_warn("initramfs: %s: type 0%o not supported, skipped\n", e.name,
				e.mode & S_IFMT);
		else if (err)
			pr_warn("initramfs: %s: error %d, skipped\n", e.name, err);
		else
			made++;
	}
	set_dir_times(root, archive, size);
	return r < 0 ? -EINVAL : made;
}

void initramfs_init(const struct boot_info *bi)
{
	for (unsigned i = 0; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];
		u64 size = m->end - m->start;
		long n = initramfs_unpack(vfs_root, phys_to_virt(m->start), size);
		if (n < 0)
			pr_err("initramfs: module %u \"%s\" is damaged; unpacked what came before\n",
			       i, m->name);
		else
			pr_info("initramfs: module %u \"%s\": %llu KiB at 0x%llx, %ld entries\n", i,
				m->name, (unsigned long long)(size >> 10),
				(unsigned long long)m->start, n);
	}
	if (!bi->module_count)
		pr_warn("initramfs: the boot loader passed no archive; no programs to run\n");
}
