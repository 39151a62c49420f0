/*
 * sys_poll.c - poll(2): which descriptors are ready, waiting up to
 * `timeout` milliseconds (-1: forever, 0: not at all). A negative fd is
 * skipped (revents 0); a closed one reports POLLNVAL. POLLERR and POLLHUP
 * are reported whether asked for or not. More descriptors than
 * RLIMIT_NOFILE allows is -EINVAL; an unreadable or unwritable array is
 * -EFAULT. Files without a poll operation (regular files, devices that
 * never block) are always ready.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "proc/task.h"
#include "proc/wait.h"
#include "proc/signal.h"
#include "mm/uaccess.h"
#include "mm/heap.h"
#include "uapi/misc.h"
#include "time/clock.h"
#include "errno.h"


static int poll_once(struct pollfd *p, u64 n)
{
	int ready = 0;
	for (u64 i = 0; i < n; i++) {
		p[i].revents = 0;
		if (p[i].fd < 0)
			continue;
		struct file *f = fd_file(current_task()->files, p[i].fd);
		int events;
		if (!f)
			events = POLLNVAL;
		else if (f->ops && f->ops->poll)
			events = f->ops->poll(f);
		else
			events = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
		p[i].revents = (short)(events & (p[i].events | POLLERR | POLLHUP | POLLNVAL));
		if (p[i].revents)
			ready++;
	}
	return ready;
}

static u64 now_ms(void)
{
	struct timespec t = clock_monotonic();
	return (u64)t.tv_sec * 1000 + (u64)t.tv_nsec / 1000000;
}

long sys_poll(struct pollfd __user *ufds, u64 nfds, int timeout)
{
	if (nfds > current_task()->rlim[RLIMIT_NOFILE].rlim_cur)
		return -EINVAL;
	struct pollfd *p = kmalloc(nfds ? nfds * sizeof(*p) : 1);
	if (!p)
		return -ENOMEM;
	long ret;
	if (copy_from_user(p, ufds, nfds * sizeof(*p))) {
		ret = -EFAULT;
		goto out;
	}
	u64 deadline = timeout > 0 ? now_ms() + (u64)timeout : 0;
	for (;;) {
		ret = poll_once(p, nfds);
		if (ret || timeout == 0 || (timeout > 0 && now_ms() >= deadline))
			break;
		if (signal_pending()) {
			ret = -ERESTARTNOHAND; /* never restarted after a handler */
			break;
		}
		wait_sleep(&tick_queue); /* re-checked every tick */
	}
	/* Only the revents fields are written back, as Linux does. */
	for (u64 i = 0; i < nfds; i++) {
		if (put_user_bytes(&ufds[i].revents, &p[i].revents, sizeof(p[i].revents))) {
			ret = -EFAULT;
			break;
		}
	}
out:
	kfree(p);
	return ret;
}
