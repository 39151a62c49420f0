/*
 * sys_epoll.c - epoll_create(2), epoll_create1, epoll_ctl(2), epoll_wait(2)
 * and epoll_pwait: the descriptor-level checks, in Linux's order
 * (fs/eventpoll.c), around the instances of fs/eventpoll.c. epoll_pwait2
 * (441) is left out: the add-syscall lab checks that 441 gives -ENOSYS.
 * epoll_wait sleeps on poll_queue (fs/poll.h) until an item is ready, the
 * timeout passes or a signal comes; a signal makes it -EINTR, never
 * restarted, even without a handler (a stop and SIGCONT), as on Linux.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "fs/poll.h"
#include "fs/eventpoll.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "mm/uaccess.h"
#include "uapi/eventpoll.h"
#include "errno.h"

#define MSEC_PER_SEC 1000
#define NSEC_PER_MSEC 1000000

/* The events EPOLLEXCLUSIVE may come with (Linux's
 * EPOLLEXCLUSIVE_OK_BITS). */
#define EXCLUSIVE_OK_BITS (POLLIN | POLLOUT | POLLERR | POLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)

static long epoll_new(u32 flags)
{
	struct file *f = eventpoll_create();
	if (!f)
		return -ENOMEM;
	int fd = fd_install(current_task()->files, f, 0, flags & EPOLL_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* size is only a hint, but must be positive. */
long sys_epoll_create(int size)
{
	return size <= 0 ? -EINVAL : epoll_new(0);
}

long sys_epoll_create1(int flags)
{
	return flags & ~EPOLL_CLOEXEC ? -EINVAL : epoll_new((u32)flags);
}

long sys_epoll_ctl(int epfd, int op, int fd, struct epoll_event __user *uev)
{
	struct fdtable *files = current_task()->files;
	struct epoll_event ev = { 0, 0 };

	if (op != EPOLL_CTL_DEL && get_user_bytes(&ev, uev, sizeof(ev)))
		return -EFAULT;
	struct file *f = fd_file(files, epfd);
	struct file *tf = fd_file(files, fd);
	if (!f || !tf)
		return -EBADF;
	/* Only files that can wait: not regular files nor directories. */
	if (!tf->ops || !tf->ops->poll)
		return -EPERM;
	struct eventpoll *ep = eventpoll_of(f);
	if (f == tf || !ep)
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && (ev.events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == EPOLL_CTL_ADD && (eventpoll_of(tf) || (ev.events & ~EXCLUSIVE_OK_BITS)))
			return -EINVAL;
	}
	return eventpoll_ctl(ep, op, tf, fd, &ev);
}

/* Linux's do_epoll_wait and ep_poll: events first, then the timeout,
 * then signals. */
static long epoll_wait_until(int epfd, struct epoll_event __user *uev, int maxevents,
			     struct poll_wait *pw)
{
	if (maxevents <= 0 || maxevents > EP_MAX_EVENTS)
		return -EINVAL;
	if (!access_ok((u64)uev, (u64)maxevents * sizeof(struct epoll_event)))
		return -EFAULT;
	struct file *f = fd_file(current_task()->files, epfd);
	if (!f)
		return -EBADF;
	struct eventpoll *ep = eventpoll_of(f);
	if (!ep)
		return -EINVAL;
	file_get(f); /* the instance stays while this task sleeps in it */
	long n;
	for (;;) {
		n = eventpoll_collect(ep, uev, maxevents, pw);
		if (n || poll_timed_out(pw))
			break;
		if (signal_pending()) {
			n = -EINTR;
			break;
		}
		poll_sleep(pw);
	}
	file_put(f);
	return n;
}

static u64 deadline_ms(int timeout_ms)
{
	u64 deadline = POLL_FOREVER;
	if (timeout_ms >= 0)
		poll_deadline(timeout_ms / MSEC_PER_SEC, (s64)(timeout_ms % MSEC_PER_SEC) * NSEC_PER_MSEC,
			      &deadline);
	return deadline;
}

long sys_epoll_wait(int epfd, struct epoll_event __user *uev, int maxevents, int timeout_ms)
{
	struct poll_wait pw = { deadline_ms(timeout_ms), false };
	return epoll_wait_until(epfd, uev, maxevents, &pw);
}

/* With the caller's signal mask for the wait (Linux's do_epoll_pwait). */
static long epoll_pwait_until(int epfd, struct epoll_event __user *uev, int maxevents,
			      struct poll_wait *pw, const u64 __user *sigmask, u64 sigsetsize)
{
	long ret = poll_sigmask_set(sigmask, sigsetsize);
	if (ret)
		return ret;
	ret = epoll_wait_until(epfd, uev, maxevents, pw);
	poll_sigmask_restore(ret == -EINTR);
	return ret;
}

long sys_epoll_pwait(int epfd, struct epoll_event __user *uev, int maxevents, int timeout_ms,
		     const u64 __user *sigmask, u64 sigsetsize)
{
	struct poll_wait pw = { deadline_ms(timeout_ms), false };
	return epoll_pwait_until(epfd, uev, maxevents, &pw, sigmask, sigsetsize);
}
