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
/* ip_output_pbuf()'s way onto lo: the Ethernet header is pushed in
 * front of p's datagram and lo queues p itself with a reference of its
 * own (no copy); 0 or -ENOBUFS when the queue is full. */
struct pbuf;
int loopback_xmit_pbuf(struct netif *nif, struct pbuf *p);
/* For the self-tests only (kernel/test/test_tcp_peer.c): a filter that
 * sees every frame lo is about to deliver and takes it (true: it is not
 * delivered) or lets it go on. NULL removes it. */
typedef bool loopback_tap_fn(const u8 *frame, u32 len);
void loopback_set_tap(loopback_tap_fn *fn);
/* Frames sent on lo and not yet received: how many, and how many were
 * dropped because the queue was full. */
u32 loopback_queued(void);

#endif
