/*
 * file.h - open files and the per-task descriptor table.
 *
 * A struct file is one open(2): its offset and status flags are shared by
 * every descriptor that refers to it (dup, fork); a descriptor slot adds
 * only the close-on-exec bit. File operations take user pointers and copy
 * with the uaccess helpers; they return a count or a negative errno.
 *
 * Invariants: a file is freed (release called) when its last descriptor
 * closes; f->inode holds a reference for the file's lifetime.
 */
#ifndef MINOS_FS_FILE_H
#define MINOS_FS_FILE_H

#include "types.h"
#include "fs/vfs.h"
#include "syscall/syscall.h"

struct poll_source;

struct file_ops {
	long (*read)(struct file *f, char __user *buf, u64 count, u64 *pos);
	long (*write)(struct file *f, const char __user *buf, u64 count, u64 *pos);
	long (*ioctl)(struct file *f, u32 cmd, u64 arg);
	/* Returns the POLL* events that are ready now (POLLIN, POLLOUT,
	 * POLLHUP, POLLERR). */
	int (*poll)(struct file *f);
	/* What the file's readiness depends on (fs/poll.h), or NULL. */
	struct poll_source *(*poll_source)(struct file *f);
	void (*release)(struct file *f);
	/* lseek for files with their own rule (/dev/null always answers 0);
	 * otherwise the generic one, if seekable. */
	s64 (*llseek)(struct file *f, s64 offset, int whence);
	bool seekable; /* lseek is allowed (else -ESPIPE) */
};

struct file {
	u32 refs;
	u32 flags; /* O_ACCMODE | O_APPEND | O_NONBLOCK ... */
	u64 pos;
	struct inode *inode;
	const struct file_ops *ops;
	void *private;
	struct vfs_where where; /* where open(2) found it, for its path in
				   /proc/PID/fd (dir NULL: not opened by name) */
};

struct file *file_open_inode(struct inode *ino, u32 flags, const struct file_ops *ops);
struct file *file_get(struct file *f);
void file_put(struct file *f);
/* Open files in existence (for leak checks). */
u64 file_count(void);

/* The descriptor table. */
#define FD_MAX 1024 /* hard ceiling; RLIMIT_NOFILE may set a lower one */

struct fdtable {
	struct file *fd[FD_MAX];
	u8 cloexec[FD_MAX];
	unsigned limit; /* RLIMIT_NOFILE's soft value, <= FD_MAX */
	unsigned used;  /* one past the highest descriptor ever installed:
			   fd[used..] are all NULL (fork, exit and exec look
			   no further) */
	int users;      /* tasks sharing it (CLONE_FILES): freed at 0 */
};

struct fdtable *fdtable_new(void);
struct fdtable *fdtable_clone(struct fdtable *t);
void fdtable_free(struct fdtable *t);
/* One more task shares t (CLONE_FILES); one fewer: the last one frees it. */
static inline struct fdtable *fdtable_get(struct fdtable *t) { t->users++; return t; }
static inline void fdtable_put(struct fdtable *t)
{
	if (--t->users == 0)
		fdtable_free(t);
}
/* The lowest free descriptor >= min: installs f (taking the caller's
 * reference); -EMFILE when none is below the limit. */
int fd_install(struct fdtable *t, struct file *f, int min, bool cloexec);
/* Installs f (taking the caller's reference) at fd, which must be free
 * and below the limit (dup2, dup3). */
void fd_store(struct fdtable *t, int fd, struct file *f, bool cloexec);
/* The file behind fd (not referenced), or NULL. */
struct file *fd_file(struct fdtable *t, int fd);
int fd_close(struct fdtable *t, int fd);
/* Closes every close-on-exec descriptor (execve). */
void fd_close_on_exec(struct fdtable *t);

#endif
