/*
 * poll.h - poll(2) with glibc's prototype. struct pollfd and the POLL*
 * bits are Linux's, from kernel/uapi/misc.h (which also defines struct
 * utsname: do not include this together with the older sys/utsname.h).
 */
#ifndef MINC_POLL_H
#define MINC_POLL_H

#include <uapi/misc.h>

typedef unsigned long nfds_t;

/* timeout in milliseconds; negative waits for ever. Returns the number of
 * entries with nonzero revents, 0 on timeout, or -1 and errno. */
int poll(struct pollfd *fds, nfds_t nfds, int timeout);

#endif
