/*
 * sys_fd.c - descriptors themselves: close(2), dup(2), dup2(2), dup3(2),
 * fcntl(2) (its locks in sys_lock.c), ioctl(2), pipe(2), pipe2(2). Errors as on Linux: -EBADF for a
 * descriptor that is not open (or, as a target, out of range), -EMFILE
 * when no descriptor is free below RLIMIT_NOFILE, -EINVAL for bad flags
 * or commands, -ENOTTY for an ioctl the file does not know.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "fs/pipe.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "uapi/fcntl.h"
#include "errno.h"

/* Record locks (sys_lock.c). */
bool fcntl_is_lock(int cmd);
long fcntl_lock(struct file *f, int cmd, u64 arg);

static struct fdtable *fds(void) { return current_task()->files; }

long sys_close(int fd) { return fd_close(fds(), fd); }

static long dup_from(int oldfd, int min, bool cloexec)
{
	struct file *f = fd_file(fds(), oldfd);
	if (!f)
		return -EBADF;
	int fd = fd_install(fds(), file_get(f), min, cloexec);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_dup(int oldfd) { return dup_from(oldfd, 0, false); }

static long dup_to(int oldfd, int newfd, bool cloexec)
{
	struct fdtable *t = fds();
	struct file *f = fd_file(t, oldfd);
	if (!f)
		return -EBADF;
	if (newfd < 0 || (unsigned)newfd >= t->limit)
		return -EBADF;
	file_get(f);
	if (t->fd[newfd])
		fd_close(t, newfd);
	fd_store(t, newfd, f, cloexec);
	return newfd;
}

long sys_dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)
		return fd_file(fds(), oldfd) ? newfd : -EBADF;
	return dup_to(oldfd, newfd, false);
}

long sys_dup3(int oldfd, int newfd, int flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return dup_to(oldfd, newfd, flags & O_CLOEXEC);
}

/* The status flags F_SETFL may change (fs/fcntl.c's SETFL_MASK, less the
 * ones MinOS has no use for). */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME)

long sys_fcntl(int fd, int cmd, u64 arg)
{
	struct fdtable *t = fds();
	struct file *f = fd_file(t, fd);
	if (!f)
		return -EBADF;

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= t->limit)
			return -EINVAL;
		return dup_from(fd, (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return t->cloexec[fd] ? FD_CLOEXEC : 0;
	case F_SETFD:
		t->cloexec[fd] = arg & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | ((u32)arg & SETFL_MASK);
		return 0;
	default:
		if (fcntl_is_lock(cmd))
			return (f->flags & O_PATH) ? -EBADF : fcntl_lock(f, cmd, arg);
		return -EINVAL;
	}
}

long sys_ioctl(int fd, u32 cmd, u64 arg)
{
	struct file *f = fd_file(fds(), fd);
	if (!f)
		return -EBADF;
	if (!f->ops || !f->ops->ioctl)
		return -ENOTTY;
	return f->ops->ioctl(f, cmd, arg);
}

long sys_pipe2(int __user *fdsp, int flags)
{
	struct file *ends[2];
	int fd[2];

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	int err = pipe_create(ends, (u32)flags);
	if (err)
		return err;
	fd[0] = fd_install(fds(), ends[0], 0, flags & O_CLOEXEC);
	if (fd[0] < 0) {
		file_put(ends[0]);
		file_put(ends[1]);
		return fd[0];
	}
	fd[1] = fd_install(fds(), ends[1], 0, flags & O_CLOEXEC);
	if (fd[1] < 0) {
		fd_close(fds(), fd[0]);
		file_put(ends[1]);
		return fd[1];
	}
	if (put_user_bytes(fdsp, fd, sizeof(fd))) {
		fd_close(fds(), fd[0]);
		fd_close(fds(), fd[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(int __user *fdsp) { return sys_pipe2(fdsp, 0); }
