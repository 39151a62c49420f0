/*
 * sys_futex.c - futex(2), set_robust_list(2) and get_robust_list(2): the
 * arguments checked in Linux 6.1's order, the work done by proc/futex.c.
 *
 * futex(2): a timeout is read and checked first, for the operations that
 * take one (-EFAULT, -EINVAL for a negative or unnormalized one); then
 * FUTEX_CLOCK_REALTIME with anything but FUTEX_WAIT_BITSET (and the PI
 * waits) is -ENOSYS, plain FUTEX_WAIT included, as measured on Linux 6.1;
 * so is an unknown operation and the PI ones MinOS lacks. FUTEX_WAIT's
 * timeout is relative and measured on CLOCK_MONOTONIC; FUTEX_WAIT_BITSET's
 * is absolute, on CLOCK_MONOTONIC or (FUTEX_CLOCK_REALTIME) CLOCK_REALTIME.
 * FUTEX_REQUEUE and FUTEX_CMP_REQUEUE take their second count in the
 * timeout argument, as Linux does. A signal ends a wait without a timeout
 * with -ERESTARTSYS (restarted after an SA_RESTART handler); a timed one
 * is -EINTR after any handler, and otherwise goes on to the same
 * deadline through restart_syscall(2).
 */
#include "syscall/syscall.h"
#include "proc/futex.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "time/clock.h"
#include "uapi/futex.h"
#include "uapi/time.h"
#include "errno.h"

#define NSEC_PER_SEC 1000000000LL

static bool has_timeout(int cmd)
{
	return cmd == FUTEX_WAIT || cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 ||
	       cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAIT_REQUEUE_PI;
}

static s64 ts_ns(struct timespec t)
{
	if (t.tv_sec >= INT64_MAX / NSEC_PER_SEC)
		return INT64_MAX;
	return t.tv_sec * NSEC_PER_SEC + t.tv_nsec;
}

/* ktime_add_safe: a sum that saturates instead of wrapping. */
static s64 add_safe(s64 a, s64 b) { return a > INT64_MAX - b ? INT64_MAX : a + b; }

static long futex_restart(struct restart_block *rb);

/* A wait, and what a signal turns it into when it has a deadline. */
static long wait(u64 uaddr, bool shared, u32 val, u32 bitset, const struct futex_deadline *dl)
{
	long ret = futex_do_wait(uaddr, shared, val, bitset, dl);
	if (ret == -ERESTARTSYS && dl) {
		current_task()->restart = (struct restart_block){
			.fn = futex_restart, .clock = dl->clock | (shared ? 0x100 : 0),
			.deadline_ns = dl->ns, .rem = uaddr,
			.arg = (u64)val | (u64)bitset << 32 };
		ret = -ERESTART_RESTARTBLOCK;
	}
	return ret;
}

static long futex_restart(struct restart_block *rb)
{
	struct futex_deadline dl = { rb->clock & 0xff, rb->deadline_ns };
	return wait(rb->rem, rb->clock & 0x100, (u32)rb->arg, (u32)(rb->arg >> 32), &dl);
}

long sys_futex(u64 uaddr, int op, u32 val, u64 utime, u64 uaddr2, u32 val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool shared = !(op & FUTEX_PRIVATE_FLAG);
	struct futex_deadline dl, *dlp = NULL;

	if (utime && has_timeout(cmd)) {
		struct timespec ts;
		if (get_user_bytes(&ts, (const void *)utime, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		if (cmd == FUTEX_WAIT) {
			struct timespec now = clock_monotonic();
			dl = (struct futex_deadline){ CLOCK_MONOTONIC, add_safe(ts_ns(now), ts_ns(ts)) };
		} else {
			dl = (struct futex_deadline){
				op & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC, ts_ns(ts) };
		}
		dlp = &dl;
	}
	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT_REQUEUE_PI &&
	    cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;

	switch (cmd) {
	case FUTEX_WAIT:
		return wait(uaddr, shared, val, FUTEX_BITSET_MATCH_ANY, dlp);
	case FUTEX_WAIT_BITSET:
		return wait(uaddr, shared, val, val3, dlp);
	case FUTEX_WAKE:
		return futex_do_wake(uaddr, shared, (int)val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_do_wake(uaddr, shared, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_do_requeue(uaddr, uaddr2, shared, (int)val, (int)(u32)utime, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_do_requeue(uaddr, uaddr2, shared, (int)val, (int)(u32)utime, &val3);
	case FUTEX_WAKE_OP:
		return futex_do_wake_op(uaddr, uaddr2, shared, (int)val, (int)(u32)utime, val3);
	}
	return -ENOSYS; /* FUTEX_FD (gone since Linux 2.6.26), the PI operations, unknown */
}

long sys_set_robust_list(u64 head, u64 len)
{
	if (len != sizeof(struct robust_list_head))
		return -EINVAL;
	struct task *t = current_task();
	t->robust_list = head;
	t->robust_len = len;
	return 0;
}

/* Any task's list may be read: every MinOS task is root, so Linux's
 * ptrace_may_access check (-EPERM) never refuses. */
long sys_get_robust_list(int pid, u64 __user *head_ptr, u64 __user *len_ptr)
{
	struct task *t = pid ? task_by_pid(pid) : current_task();
	if (!t)
		return -ESRCH;
	u64 head = t->robust_list, len = sizeof(struct robust_list_head);
	if (put_user_bytes(len_ptr, &len, sizeof(len)))
		return -EFAULT;
	return put_user_bytes(head_ptr, &head, sizeof(head));
}
