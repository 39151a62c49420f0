/*
 * file.c - open files and descriptor tables (file.h).
 * Locking: descriptor tables, open files and open_files under the kernel lock
 * (arch/x86_64/klock.h); no interrupt handler touches them.
 */
#include "fs/file.h"
#include "fs/eventpoll.h"
#include "fs/lock.h"
#include "uapi/fcntl.h"
#include "mm/heap.h"
#include "lib/string.h"
#include "errno.h"
#include "panic.h"

static u64 open_files;

/* A regular file of the RAM file system open for writing counts as one
 * of its writers (vfs.h: inode.writecount) while it is open. */
static bool counts_as_writer(const struct file *f)
{
	return f->inode && S_ISREG(f->inode->mode) && !f->inode->fops &&
	       !(f->flags & O_PATH) && (f->flags & O_ACCMODE) != O_RDONLY;
}

struct file *file_open_inode(struct inode *ino, u32 flags, const struct file_ops *ops)
{
	struct file *f = kzalloc(sizeof(*f));
	if (!f)
		return NULL;
	f->refs = 1;
	f->flags = flags;
	f->inode = ino ? inode_get(ino) : NULL;
	f->ops = ops;
	if (counts_as_writer(f))
		f->inode->writecount++; /* the opener checked for ETXTBSY */
	open_files++;
	return f;
}

struct file *file_get(struct file *f)
{
	f->refs++;
	return f;
}

void file_put(struct file *f)
{
	BUG_ON(f->refs == 0);
	if (--f->refs)
		return;
	eventpoll_file_released(f); /* no epoll item may outlive its file */
	lock_release_file(f);       /* nor an OFD or flock lock */
	if (f->ops && f->ops->release)
		f->ops->release(f);
	if (counts_as_writer(f))
		inode_put_write(f->inode);
	if (f->inode)
		inode_put(f->inode);
	where_put(&f->where);
	open_files--;
	kfree(f);
}

u64 file_count(void) { return open_files; }

struct fdtable *fdtable_new(void)
{
	struct fdtable *t = kzalloc(sizeof(*t));
	if (t) {
		t->limit = FD_MAX;
		t->users = 1;
	}
	return t;
}

struct fdtable *fdtable_clone(struct fdtable *src)
{
	struct fdtable *t = fdtable_new();
	if (!t)
		return NULL;
	t->limit = src->limit;
	t->used = src->used;
	for (unsigned i = 0; i < src->used; i++) {
		if (src->fd[i]) {
			t->fd[i] = file_get(src->fd[i]);
			t->cloexec[i] = src->cloexec[i];
		}
	}
	return t;
}

void fdtable_free(struct fdtable *t)
{
	for (unsigned i = 0; i < t->used; i++)
		if (t->fd[i]) {
			lock_close_posix(t->fd[i], t);
			file_put(t->fd[i]);
		}
	kfree(t);
}

void fd_store(struct fdtable *t, int fd, struct file *f, bool cloexec)
{
	t->fd[fd] = f;
	t->cloexec[fd] = cloexec;
	if ((unsigned)fd >= t->used)
		t->used = (unsigned)fd + 1;
}

int fd_install(struct fdtable *t, struct file *f, int min, bool cloexec)
{
	if (min < 0)
		return -EINVAL;
	for (unsigned i = (unsigned)min; i < t->limit; i++) {
		if (!t->fd[i]) {
			fd_store(t, (int)i, f, cloexec);
			return (int)i;
		}
	}
	return -EMFILE;
}

struct file *fd_file(struct fdtable *t, int fd)
{
	if (fd < 0 || fd >= FD_MAX)
		return NULL;
	return t->fd[fd];
}

int fd_close(struct fdtable *t, int fd)
{
	struct file *f = fd_file(t, fd);
	if (!f)
		return -EBADF;
	t->fd[fd] = NULL;
	t->cloexec[fd] = 0;
	lock_close_posix(f, t); /* any close drops the process's record locks */
	file_put(f);
	return 0;
}

void fd_close_on_exec(struct fdtable *t)
{
	for (unsigned i = 0; i < t->used; i++)
		if (t->fd[i] && t->cloexec[i])
			fd_close(t, i);
}
