/*
 * eventpoll.h - epoll instances: an open file (an anonymous inode, as
 * Linux's "[eventpoll]") holding a set of watched (file, descriptor)
 * pairs, each with the events asked for and the user's data word. The
 * system calls are in syscall/sys_epoll.c.
 * Invariants: an item refers to its file without holding a reference, so
 * every item of a file is removed when the file is released (file_put()
 * calls eventpoll_file_released() first), never only when one of its
 * descriptors closes; an epoll instance never watches itself, nor through
 * a loop of instances (-ELOOP).
 */
#ifndef MINOS_FS_EVENTPOLL_H
#define MINOS_FS_EVENTPOLL_H

#include "types.h"
#include "uapi/eventpoll.h"

struct file;
struct eventpoll;
struct poll_wait;

/* Linux's EP_MAX_NESTS: how deep instances may watch instances. */
#define EP_MAX_NESTS 4
/* Linux's EP_MAX_EVENTS: epoll_wait's maxevents bound. */
#define EP_MAX_EVENTS (0x7fffffff / (int)sizeof(struct epoll_event))

/* A new epoll instance as an open file (O_RDWR), or NULL without memory. */
struct file *eventpoll_create(void);
/* The instance behind f, or NULL when f is no epoll file. */
struct eventpoll *eventpoll_of(struct file *f);
/* EPOLL_CTL_ADD, _MOD or _DEL of (tf, fd), after the checks that need
 * only the descriptors (sys_epoll.c): 0, -EEXIST, -ENOENT, -EINVAL,
 * -ELOOP, -ENOMEM. */
int eventpoll_ctl(struct eventpoll *ep, int op, struct file *tf, int fd,
		  const struct epoll_event *ev);
/* One look at every item: the events of up to max ready ones written to
 * uev, with what reporting does to them (an edge-triggered item waits for
 * its next event, a one-shot one is disarmed). Returns the count, or
 * -EFAULT when not even the first could be written. */
long eventpoll_collect(struct eventpoll *ep, struct epoll_event __user *uev, int max,
		       struct poll_wait *pw);
/* f is being released: its items leave every instance. */
void eventpoll_file_released(struct file *f);

#endif
