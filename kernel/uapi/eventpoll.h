/*
 * uapi/eventpoll.h - epoll's ABI (include/uapi/linux/eventpoll.h) and the
 * poll events beyond uapi/misc.h's (include/uapi/asm-generic/poll.h).
 * Invariant: struct epoll_event is packed on x86-64 (12 bytes), as Linux's
 * EPOLL_PACKED makes it there.
 */
#ifndef MINOS_UAPI_EVENTPOLL_H
#define MINOS_UAPI_EVENTPOLL_H

#include "types.h"

#ifndef POLLRDBAND
#define POLLRDBAND 0x0080
#endif
#ifndef POLLWRBAND
#define POLLWRBAND 0x0200
#endif
#ifndef POLLMSG
#define POLLMSG 0x0400
#endif
#ifndef POLLRDHUP
#define POLLRDHUP 0x2000
#endif

/* epoll_ctl's operations. */
#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3

/* epoll_create1's flag: O_CLOEXEC's value. */
#define EPOLL_CLOEXEC 02000000

/* The events are poll's (EPOLLIN == POLLIN ...); these are epoll's own. */
#define EPOLLEXCLUSIVE (1U << 28)
#define EPOLLWAKEUP (1U << 29)
#define EPOLLONESHOT (1U << 30)
#define EPOLLET (1U << 31)

struct epoll_event {
	u32 events;
	u64 data;
} __packed;

#endif
