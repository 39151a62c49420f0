/*
 * poll.c - readiness notifications and the waiting shared by poll,
 * select and epoll_wait (poll.h). A waiter sleeps on poll_queue, with a
 * timed wake-up at its deadline only (wait_sleep_until): while nothing
 * changes it is never run, at no tick.
 * Locking: poll_queue's list under wait_lock (rank 3, proc/spinlock.h), taken
 * inside the kernel lock (arch/x86_64/klock.h) as for every wait queue
 * (proc/wait.c).
 */
#include "fs/poll.h"
#include "fs/file.h"
#include "time/clock.h"
#include "time/tick.h"
#include "uapi/misc.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "mm/uaccess.h"
#include "uapi/time.h"
#include "errno.h"

#define NSEC_PER_SEC 1000000000LL

struct wait_queue poll_queue;

void poll_notify(struct poll_source *ps)
{
	if (ps)
		ps->seq++;
	wake_up(&poll_queue);
}

u64 poll_now_ns(void)
{
	struct timespec t = clock_monotonic();
	return (u64)t.tv_sec * (u64)NSEC_PER_SEC + (u64)t.tv_nsec;
}

int poll_deadline(s64 sec, s64 nsec, u64 *deadline_ns)
{
	if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if (sec == 0 && nsec == 0) {
		*deadline_ns = POLL_NOW;
		return 0;
	}
	/* Far enough to be forever, and no overflow (Linux saturates too). */
	if (sec > (s64)(POLL_FOREVER / 2 / NSEC_PER_SEC)) {
		*deadline_ns = POLL_FOREVER;
		return 0;
	}
	*deadline_ns = poll_now_ns() + (u64)sec * (u64)NSEC_PER_SEC + (u64)nsec;
	return 0;
}

bool poll_timed_out(const struct poll_wait *pw)
{
	if (pw->deadline_ns == POLL_FOREVER)
		return false;
	return pw->deadline_ns == POLL_NOW || poll_now_ns() >= pw->deadline_ns;
}

struct poll_source *poll_file_source(struct file *f)
{
	if (!f->ops || !f->ops->poll_source)
		return NULL;
	return f->ops->poll_source(f);
}

int poll_file(struct file *f, struct poll_wait *pw)
{
	if (!f->ops || !f->ops->poll)
		return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
	if (pw && !poll_file_source(f))
		pw->untracked = true;
	return f->ops->poll(f);
}

void poll_sleep(struct poll_wait *pw)
{
	u64 deadline = pw->deadline_ns;
	if (pw->untracked) {
		u64 next_tick = poll_now_ns() + TICK_NS;
		if (next_tick < deadline)
			deadline = next_tick;
	}
	pw->untracked = false; /* the caller's next look says it again */
	if (deadline == POLL_FOREVER)
		wait_sleep(&poll_queue);
	else
		wait_sleep_until(&poll_queue, deadline);
}

long poll_sigmask_set(const u64 __user *mask, u64 size)
{
	struct task *t = current_task();
	u64 m;

	if (!mask)
		return 0;
	if (size != sizeof(m))
		return -EINVAL;
	if (get_user_bytes(&m, mask, sizeof(m)))
		return -EFAULT;
	t->sig.saved_mask = t->sig.blocked;
	t->sig.restore_mask = true;
	t->sig.blocked = m & ~SIG_UNBLOCKABLE;
	return 0;
}

void poll_sigmask_restore(bool interrupted)
{
	struct task *t = current_task();

	/* Interrupted: signal_deliver() restores it, after the handler's
	 * frame has recorded it. */
	if (interrupted || !t->sig.restore_mask)
		return;
	t->sig.blocked = t->sig.saved_mask;
	t->sig.restore_mask = false;
}

long poll_finish(const struct poll_wait *pw, void __user *ut, bool timeval, long ret)
{
	poll_sigmask_restore(ret == -ERESTARTNOHAND);
	if (!ut || pw->deadline_ns == POLL_NOW)
		return ret;
	u64 now = poll_now_ns();
	u64 left = pw->deadline_ns > now ? pw->deadline_ns - now : 0;
	s64 sec = (s64)(left / (u64)NSEC_PER_SEC);
	s64 nsec = (s64)(left % (u64)NSEC_PER_SEC);
	int err;
	if (timeval) {
		struct timeval tv = { sec, nsec / 1000 };
		err = put_user_bytes(ut, &tv, sizeof(tv));
	} else {
		struct timespec ts = { sec, nsec };
		err = put_user_bytes(ut, &ts, sizeof(ts));
	}
	/* Not updated, so not restartable with the time left. */
	if (err && ret == -ERESTARTNOHAND)
		ret = -EINTR;
	return ret;
}
