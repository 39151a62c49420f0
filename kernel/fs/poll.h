/*
 * poll.h - telling the waiters in poll, select and epoll that a file's
 * readiness may have changed.
 *
 * Whatever a file's readiness depends on (a pipe, a terminal, a socket)
 * embeds a struct poll_source and calls poll_notify() on it after every
 * change that can make the file readable, writable, hung up or in error
 * (data arrived, space freed, the peer closed, a connection came in).
 * The file's poll_source operation (file.h) names it. poll_notify() counts
 * the change in seq (so edge-triggered epoll sees each new event) and
 * wakes every task waiting in poll, select or epoll_wait, which re-check.
 * Invariant: interrupts off; may be called from an interrupt handler.
 */
#ifndef MINOS_FS_POLL_H
#define MINOS_FS_POLL_H

#include "types.h"
#include "proc/wait.h"

struct poll_source {
	u64 seq; /* changes notified so far */
};

/* The tasks waiting in poll, select and epoll_wait. */
extern struct wait_queue poll_queue;

void poll_notify(struct poll_source *ps);

#endif
