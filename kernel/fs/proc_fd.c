/*
 * proc_fd.c - what /proc/PID shows of a process's files (procfs.h):
 *
 *  - fd/ and fdinfo/, directories whose entries are made when looked up
 *    or listed (inode_ops lookup and iterate), one per open descriptor:
 *    fd/N a magic link, fdinfo/N a text file (pos, flags, mnt_id, ino);
 *  - exe, cwd and root, magic links: readlink gives a path, following one
 *    (open, stat, chdir, execve) gives the inode itself, whatever its name
 *    has become.
 *
 * A link's text is Linux's: a file's absolute path (where open found it,
 * vfs_where; " (deleted)" once it has no name), "pipe:[INO]",
 * "socket:[INO]", "anon_inode:[eventpoll]" (MinOS's only anonymous-inode
 * file). Invariant: generated inodes hold only the pid and descriptor
 * (gen_key: fd << 32 | pid), never a task or file pointer; each use
 * finds them again, so a descriptor closed since reads -ENOENT.
 */
#include "fs/procfs.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "mm/mmap.h"
#include "proc/task.h"
#include "uapi/fcntl.h"
#include "lib/format.h"
#include "lib/string.h"
#include "errno.h"

#define KEY(pid, fd) ((u64)(u32)(fd) << 32 | (u32)(pid))
#define KEY_PID(key) ((int)(u32)(key))
#define KEY_FD(key) ((int)((key) >> 32))
#define SEARCH_DEPTH 32 /* procfs_path_search's deepest directory */
#define PROC_MNT_ID 22 /* what fdinfo's mnt_id reads: one file system */

/* The live task behind a key (a zombie has no files, cwd or memory). */
static struct task *key_task(u64 key)
{
	struct task *t = task_by_pid(KEY_PID(key));
	return t && t->state != TASK_ZOMBIE ? t : NULL;
}

static struct file *key_file(u64 key)
{
	struct task *t = key_task(key);
	return t && t->files ? fd_file(t->files, KEY_FD(key)) : NULL;
}

/* A descriptor's name: decimal, no sign, no leading zero (Linux's
 * name_to_int); -1 for anything else. */
static int name_to_fd(const char *name, size_t len)
{
	if (len == 0 || len > 9 || (len > 1 && name[0] == '0'))
		return -1;
	int n = 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	return n;
}

/* ---- a path for an inode that the file system keeps none for -------- */

static bool search(struct inode *dir, struct inode *ino, char *buf, size_t size, size_t len,
		   int depth)
{
	for (struct dentry *d = dir->dir.entries; d; d = d->next) {
		size_t n = strlen(d->name);
		bool dive = S_ISDIR(d->inode->mode) && !d->inode->iops && depth < SEARCH_DEPTH;
		if ((d->inode != ino && !dive) || len + 1 + n + 1 > size)
			continue;
		buf[len] = '/';
		memcpy(buf + len + 1, d->name, n + 1);
		if (d->inode == ino || search(d->inode, ino, buf, size, len + 1 + n, depth + 1))
			return true;
	}
	buf[len] = 0;
	return false;
}

long procfs_path_search(struct inode *ino, char *buf, size_t size)
{
	if (size < 2)
		return -ENAMETOOLONG;
	buf[0] = 0;
	if (ino == vfs_root || !search(vfs_root, ino, buf, size, 0, 0))
		return -ENOENT;
	return (long)strlen(buf);
}

/* A device inode no name links (the terminal behind the first program's
 * descriptors): /dev's entry for the same device number. */
static long device_name(u32 rdev, char *buf, size_t size)
{
	struct inode *dev;
	if (dir_lookup(vfs_root, "dev", 3, &dev) || !S_ISDIR(dev->mode))
		return -ENOENT;
	for (struct dentry *d = dev->dir.entries; d; d = d->next)
		if (S_ISCHR(d->inode->mode) && d->inode->rdev == rdev)
			return ksnprintf(buf, size, "/dev/%s", d->name);
	return -ENOENT;
}

/* readlink's text for an open file. */
static long file_text(struct file *f, char *buf, size_t size)
{
	struct inode *ino = f->inode;
	if (!ino)
		return -ENOENT;
	switch (ino->mode & S_IFMT) {
	case S_IFIFO:
		return ksnprintf(buf, size, "pipe:[%llu]", (unsigned long long)ino->ino);
	case S_IFSOCK:
		return ksnprintf(buf, size, "socket:[%llu]", (unsigned long long)ino->ino);
	case 0:
		return ksnprintf(buf, size, "anon_inode:[eventpoll]");
	}
	long len = where_path(ino, &f->where, buf, size);
	if (len < 0)
		len = procfs_path_search(ino, buf, size);
	if (len < 0 && S_ISCHR(ino->mode))
		len = device_name(ino->rdev, buf, size);
	return len;
}

/* ---- fd/ ---------------------------------------------------------------- */

static int fd_follow(struct inode *link, struct inode **out, struct vfs_where *w)
{
	struct file *f = key_file(link->gen_key);
	if (!f || !f->inode)
		return -ENOENT;
	if (w && where_copy(w, &f->where))
		return -ENOMEM;
	*out = inode_get(f->inode);
	return 0;
}

static long fd_readlink(struct inode *link, char *buf, size_t size)
{
	struct file *f = key_file(link->gen_key);
	return f ? file_text(f, buf, size) : -ENOENT;
}

static const struct inode_ops fd_link_iops = { .follow = fd_follow, .readlink = fd_readlink };

/* Linux's mode for fd/N: r-x for reading, -wx for writing, both. */
static u32 fd_link_mode(const struct file *f)
{
	u32 acc = f->flags & O_ACCMODE, mode = S_IFLNK;
	if (f->flags & O_PATH)
		return mode; /* neither: Linux shows l--------- */
	if (acc == O_RDONLY || acc == O_RDWR)
		mode |= 0500;
	if (acc == O_WRONLY || acc == O_RDWR)
		mode |= 0300;
	return mode;
}

/* A fresh inode for fd/N or fdinfo/N; no name links it. */
static int make_entry(struct inode *dir, const char *name, size_t len, bool info,
		      struct inode **out)
{
	int fd = name_to_fd(name, len);
	u64 key = KEY(KEY_PID(dir->gen_key), fd);
	struct file *f = fd < 0 ? NULL : key_file(key);
	if (!f)
		return -ENOENT;
	struct inode *ino = inode_new(info ? S_IFREG | 0444 : fd_link_mode(f));
	if (!ino)
		return -ENOMEM;
	ino->gen_key = key;
	if (info) {
		ino->fops = &proc_fdinfo_fops;
		ino->private = (void *)(long)key;
	} else {
		ino->iops = &fd_link_iops;
	}
	*out = inode_get(ino);
	return 0;
}

static int next_fd(struct inode *dir, u64 *index, struct vfs_dirent *out, u32 type)
{
	struct task *t = key_task(dir->gen_key);
	if (!t || !t->files)
		return 1;
	for (u64 fd = *index; fd < t->files->used; fd++) {
		if (!t->files->fd[fd])
			continue;
		*index = fd;
		ksnprintf(out->name, sizeof(out->name), "%llu", (unsigned long long)fd);
		out->ino = (u64)KEY_PID(dir->gen_key) << 16 | fd; /* Linux's are made up too */
		out->type = type;
		return 0;
	}
	return 1;
}

static int fd_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	return make_entry(dir, name, len, false, out);
}

static int fd_iterate(struct inode *dir, u64 *index, struct vfs_dirent *out)
{
	return next_fd(dir, index, out, S_IFLNK);
}

static int fdinfo_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	return make_entry(dir, name, len, true, out);
}

static int fdinfo_iterate(struct inode *dir, u64 *index, struct vfs_dirent *out)
{
	return next_fd(dir, index, out, S_IFREG);
}

const struct inode_ops proc_fd_iops = { .lookup = fd_lookup, .iterate = fd_iterate,
					.readonly = true };
const struct inode_ops proc_fdinfo_iops = { .lookup = fdinfo_lookup, .iterate = fdinfo_iterate,
					    .readonly = true };

/* fdinfo/N: Linux 6.1's four lines (fs/proc/fd.c); the flags carry
 * O_CLOEXEC when the descriptor has it. */
static long fdinfo_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	u64 key = (u64)(long)f->inode->private;
	struct task *t = key_task(key);
	struct file *of = key_file(key);
	if (!of)
		return -ENOENT;
	u32 flags = of->flags;
	if (t->files->cloexec[KEY_FD(key)])
		flags |= O_CLOEXEC;
	char text[128];
	int len = ksnprintf(text, sizeof(text), "pos:\t%llu\nflags:\t0%o\nmnt_id:\t%d\nino:\t%llu\n",
			    (unsigned long long)of->pos, flags, PROC_MNT_ID,
			    (unsigned long long)(of->inode ? of->inode->ino : 0));
	return procfs_read_text(text, (u64)len, buf, count, pos);
}

const struct file_ops proc_fdinfo_fops = { .read = fdinfo_read,
                                           .write = procfs_no_write,
                                           .seekable = true };

/* ---- exe, cwd, root ------------------------------------------------------ */

static int exe_follow(struct inode *link, struct inode **out, struct vfs_where *w)
{
	struct task *t = key_task(link->gen_key);
	if (!t || !t->mm || !t->mm->exe)
		return -ENOENT;
	if (w && where_copy(w, &t->mm->exe_where))
		return -ENOMEM;
	*out = inode_get(t->mm->exe);
	return 0;
}

static long exe_readlink(struct inode *link, char *buf, size_t size)
{
	struct task *t = key_task(link->gen_key);
	if (!t || !t->mm || !t->mm->exe)
		return -ENOENT;
	long len = where_path(t->mm->exe, &t->mm->exe_where, buf, size);
	return len >= 0 ? len : procfs_path_search(t->mm->exe, buf, size);
}

static struct inode *task_dir(u64 key, bool root)
{
	struct task *t = key_task(key);
	if (!t)
		return NULL;
	return root ? vfs_root : t->cwd;
}

static int cwd_follow(struct inode *link, struct inode **out, struct vfs_where *w)
{
	(void)w; /* a directory: its path comes from its parents */
	struct inode *d = task_dir(link->gen_key, false);
	if (!d)
		return -ENOENT;
	*out = inode_get(d);
	return 0;
}

static int root_follow(struct inode *link, struct inode **out, struct vfs_where *w)
{
	(void)w;
	struct inode *d = task_dir(link->gen_key, true);
	if (!d)
		return -ENOENT;
	*out = inode_get(d);
	return 0;
}

/* A directory's path by its parents; a removed one's is its parent's
 * and the name it had, then " (deleted)", as Linux's. */
static long dir_text(struct inode *d, char *buf, size_t size)
{
	if (!d)
		return -ENOENT;
	if (d->nlink || !d->dir.gone || !d->dir.parent)
		return vfs_path_of(d, buf, size);
	long len = vfs_path_of(d->dir.parent, buf, size);
	if (len < 0)
		return len;
	int n = ksnprintf(buf + len, size - (size_t)len, "%s%s (deleted)", len > 1 ? "/" : "",
			  d->dir.gone->name);
	return (size_t)(len + n) < size ? len + n : -ENAMETOOLONG;
}

static long cwd_readlink(struct inode *link, char *buf, size_t size)
{
	return dir_text(task_dir(link->gen_key, false), buf, size);
}

static long root_readlink(struct inode *link, char *buf, size_t size)
{
	return dir_text(task_dir(link->gen_key, true), buf, size);
}

const struct inode_ops proc_exe_iops = { .follow = exe_follow, .readlink = exe_readlink };
const struct inode_ops proc_cwd_iops = { .follow = cwd_follow, .readlink = cwd_readlink };
const struct inode_ops proc_root_iops = { .follow = root_follow, .readlink = root_readlink };
