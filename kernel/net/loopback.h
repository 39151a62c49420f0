/*
 * loopback.h - "lo", the loopback interface: 127.0.0.1/8, and the way
 * every datagram for this machine's own addresses comes back in.
 */
#ifndef MINOS_NET_LOOPBACK_H
#define MINOS_NET_LOOPBACK_H

#include "net/netif.h"

#define LOOPBACK_MTU 65536 /* Linux's default for lo */

/* Registers lo (the first interface, index 1), up. */
void loopback_init(void);
/* lo, or NULL before loopback_init(). */
struct netif *loopback_netif(void);
/* Frames sent on lo and not yet received: how many, and how many were
 * dropped because the queue was full. */
u32 loopback_queued(void);

#endif
