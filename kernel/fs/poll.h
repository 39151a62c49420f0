/*
 * poll.h - telling the waiters in poll, select and epoll that a file's
 * readiness may have changed, and what those waiters share.
 *
 * Whatever a file's readiness depends on (a pipe, a terminal, a socket)
 * embeds a struct poll_source and calls poll_notify() on it after every
 * change that can make the file readable, writable, hung up or in error
 * (data arrived, space freed, the peer closed, a connection came in).
 * The file's poll_source operation (file.h) names it. poll_notify() counts
 * the change in seq (so edge-triggered epoll sees each new event) and
 * wakes every task waiting in poll, select or epoll_wait, which re-check.
 * A zeroed poll_source is a valid one.
 * Invariant: interrupts off; may be called from an interrupt handler.
 */
#ifndef MINOS_FS_POLL_H
#define MINOS_FS_POLL_H

#include "types.h"
#include "proc/wait.h"

struct file;

struct poll_source {
	u64 seq; /* changes notified so far */
};

/* The tasks waiting in poll, select and epoll_wait. */
extern struct wait_queue poll_queue;

void poll_notify(struct poll_source *ps);

/* ---- for the waiters (poll, select, epoll) ------------------------- */

/* A deadline on CLOCK_MONOTONIC, in ns: POLL_NOW (a zero timeout: look
 * once, never sleep) and POLL_FOREVER (no timeout) are the two ends. */
#define POLL_NOW 0ULL
#define POLL_FOREVER (~0ULL)

/* One wait in progress: its deadline, and whether a file looked at has
 * no poll_source (so no notification will come for it: the waiter then
 * re-checks at the next tick). */
struct poll_wait {
	u64 deadline_ns;
	bool untracked;
};

/* CLOCK_MONOTONIC now, in ns. */
u64 poll_now_ns(void);
/* The deadline sec s and nsec ns from now (a zero time: POLL_NOW); -EINVAL
 * for a negative time or nsec beyond a second (Linux's
 * poll_select_set_timeout). */
int poll_deadline(s64 sec, s64 nsec, u64 *deadline_ns);
/* Has the wait's deadline passed? */
bool poll_timed_out(const struct poll_wait *pw);

/* The POLL* events f is ready for now: its poll operation's answer, or,
 * for a file without one (regular files, most devices), readable and
 * writable (Linux's DEFAULT_POLLMASK). Notes in pw a file that has a poll
 * operation but no poll_source. */
int poll_file(struct file *f, struct poll_wait *pw);
/* The file's poll_source, or NULL when it has none. */
struct poll_source *poll_file_source(struct file *f);

/* Sleeps until a poll_notify(), a signal for the task, or the deadline
 * (the next tick instead, when an untracked file was looked at). The
 * caller re-checks everything when it returns. */
void poll_sleep(struct poll_wait *pw);

/* ppoll, pselect6, epoll_pwait: the caller's mask (8 bytes, as Linux's
 * sigset_t; none when mask is NULL) is in force for the wait: -EINVAL
 * for another size, -EFAULT for an unreadable mask (Linux's
 * set_user_sigmask). */
long poll_sigmask_set(const u64 __user *mask, u64 size);
/* At the end of the call: the old mask comes back now, unless the call
 * was interrupted by a signal (then once that signal has been acted on,
 * and a handler runs with the old mask as the one its return restores). */
void poll_sigmask_restore(bool interrupted);

/* The time left to deadline written back to ut (a struct timeval when
 * timeval, else a struct timespec), as select, pselect6 and ppoll do;
 * nothing for a zero timeout. Ends with poll_sigmask_restore(). An
 * unwritable ut makes a call to be restarted return -EINTR instead
 * (Linux's poll_select_finish). Returns the call's result. */
long poll_finish(const struct poll_wait *pw, void __user *ut, bool timeval, long ret);

#endif
