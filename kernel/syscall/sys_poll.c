/*
 * sys_poll.c - poll(2) and ppoll(2): which descriptors are ready, waiting
 * until one is, the timeout passes or a signal comes (fs/poll.h: the
 * waiter sleeps on poll_queue and looks again when a file notifies).
 * A negative fd is skipped (revents 0); a closed one reports POLLNVAL.
 * POLLERR and POLLHUP are reported whether asked for or not. More
 * descriptors than RLIMIT_NOFILE allows is -EINVAL; an unreadable or
 * unwritable array is -EFAULT. Files without a poll operation (regular
 * files, devices that never block) are always ready. A signal ends the
 * wait with -EINTR after a handler, never restarted: when no handler
 * runs, poll goes on to its first deadline (restart_syscall) and ppoll
 * starts again with the time left it wrote back, as on Linux.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "fs/poll.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "mm/uaccess.h"
#include "mm/heap.h"
#include "uapi/misc.h"
#include "uapi/eventpoll.h"
#include "uapi/time.h"
#include "errno.h"

#define MSEC_PER_SEC 1000
#define NSEC_PER_MSEC 1000000

/* One look at every descriptor: the number with events (Linux's
 * do_pollfd, for each). */
static int poll_scan(struct pollfd *p, u32 n, struct poll_wait *pw)
{
	struct fdtable *files = current_task()->files;
	int ready = 0;

	for (u32 i = 0; i < n; i++) {
		int events = 0;
		if (p[i].fd >= 0) {
			struct file *f = fd_file(files, p[i].fd);
			if (!f)
				events = POLLNVAL;
			else
				events = poll_file(f, pw) & ((u16)p[i].events | POLLERR | POLLHUP);
		}
		p[i].revents = (short)events;
		if (events)
			ready++;
	}
	return ready;
}

/* The wait poll and ppoll share (Linux's do_sys_poll): the count ready,
 * 0 at the deadline, or -ERESTARTNOHAND when a signal came first. Every
 * revents is written back, whatever the result. */
static long do_poll(struct pollfd __user *ufds, u32 nfds, struct poll_wait *pw)
{
	if (nfds > current_task()->rlim[RLIMIT_NOFILE].rlim_cur)
		return -EINVAL;
	struct pollfd *p = kmalloc(nfds ? nfds * sizeof(*p) : 1);
	if (!p)
		return -ENOMEM;
	long ret;
	if (copy_from_user(p, ufds, (u64)nfds * sizeof(*p))) {
		ret = -EFAULT;
		goto out;
	}
	for (;;) {
		ret = poll_scan(p, nfds, pw);
		if (!ret && signal_pending())
			ret = -ERESTARTNOHAND;
		if (ret || poll_timed_out(pw))
			break;
		poll_sleep(pw);
	}
	/* Only the revents fields are written back, as Linux does. */
	for (u32 i = 0; i < nfds; i++) {
		if (put_user_bytes(&ufds[i].revents, &p[i].revents, sizeof(p[i].revents))) {
			ret = -EFAULT;
			break;
		}
	}
out:
	kfree(p);
	return ret;
}

/* poll's arguments kept for restart_syscall(2): the array's address in
 * rem, its length in clock (at most RLIMIT_NOFILE), the deadline (or
 * POLL_FOREVER) in deadline_ns. */
static long poll_restart(struct restart_block *rb);

static long poll_until(struct pollfd __user *ufds, u32 nfds, u64 deadline_ns)
{
	struct poll_wait pw = { deadline_ns, false };
	long ret = do_poll(ufds, nfds, &pw);

	if (ret == -ERESTARTNOHAND) {
		current_task()->restart = (struct restart_block){
			.fn = poll_restart, .clock = (int)nfds,
			.deadline_ns = (s64)deadline_ns, .rem = (u64)ufds };
		ret = -ERESTART_RESTARTBLOCK;
	}
	return ret;
}

static long poll_restart(struct restart_block *rb)
{
	return poll_until((struct pollfd __user *)rb->rem, (u32)rb->clock, (u64)rb->deadline_ns);
}

long sys_poll(struct pollfd __user *ufds, u32 nfds, int timeout_ms)
{
	u64 deadline = POLL_FOREVER;

	if (timeout_ms >= 0)
		poll_deadline(timeout_ms / MSEC_PER_SEC, (s64)(timeout_ms % MSEC_PER_SEC) * NSEC_PER_MSEC,
			      &deadline);
	return poll_until(ufds, nfds, deadline);
}

long sys_ppoll(struct pollfd __user *ufds, u32 nfds, struct timespec __user *uts,
	       const u64 __user *sigmask, u64 sigsetsize)
{
	struct poll_wait pw = { POLL_FOREVER, false };

	if (uts) {
		struct timespec ts;
		if (get_user_bytes(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (poll_deadline(ts.tv_sec, ts.tv_nsec, &pw.deadline_ns))
			return -EINVAL;
	}
	long ret = poll_sigmask_set(sigmask, sigsetsize);
	if (ret)
		return ret;
	ret = do_poll(ufds, nfds, &pw);
	return poll_finish(&pw, uts, false, ret);
}
