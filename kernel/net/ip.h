/*
 * ip.h - IPv4: addresses, routing, sending and receiving datagrams, and
 * the Internet checksum (RFC 791, RFC 1071). ip.c owns this; the
 * transports (icmp.c, udp.c, tcp.c) sit on it.
 *
 * Addresses are u32 in network byte order everywhere in net/, as in
 * struct sockaddr_in; ports are u16 in network byte order.
 * Invariants: interrupts off (socket.h). ip_output() copies the payload
 * (ip_output_pbuf() does not, on lo);
 * a datagram for a local address (127.0.0.0/8 or an interface's own) is
 * queued and delivered after the current call or interrupt returns to the
 * stack's top level, never by recursion, so a transport may send from
 * inside its own input function.
 */
#ifndef MINOS_NET_IP_H
#define MINOS_NET_IP_H

#include "types.h"
#include "net/netif.h"

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

#define INADDR_ANY 0u
#define IP_HLEN 20 /* without options */

static inline u16 net16(u16 x) { return (u16)((x >> 8) | (x << 8)); }
static inline u32 net32(u32 x)
{
	return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
}

/* One's-complement sum of len bytes, folded, not inverted; chain it
 * through `sum` and finish with ip_checksum_fold(). */
u32 ip_checksum_add(u32 sum, const void *data, u32 len);
u16 ip_checksum_fold(u32 sum);
/* The TCP/UDP pseudo-header's part of the sum (RFC 793 3.1, RFC 768);
 * len (the transport's header and data) in host byte order. */
u32 ip_pseudo_sum(u32 src, u32 dst, u8 proto, u16 len);

/* The source address a datagram to dst would leave with (the outgoing
 * interface's address), or 0 when dst is unreachable. */
u32 ip_source_for(u32 dst);
/* True when addr is one of this machine's (127/8, an interface's own). */
bool ip_is_local(u32 addr);

/* Sends one datagram: header built here (TTL 64, DF set as Linux does
 * for TCP), routed (local, on-link via ARP, or via the gateway), copied.
 * Returns 0, -ENETUNREACH, -EHOSTUNREACH, -EMSGSIZE (beyond the MTU: no
 * fragmentation) or -ENOBUFS. */
int ip_output(u32 src, u32 dst, u8 proto, const void *payload, u32 len);
/* The same for a transport payload already in a packet buffer
 * (p->data, p->len, with PBUF_HEADROOM in front): the IPv4 header is
 * written in front of it, and lo queues the buffer itself. The caller
 * keeps its reference and must not change the buffer while lo holds one
 * (p->refs > 1). */
struct pbuf;
int ip_output_pbuf(u32 src, u32 dst, u8 proto, struct pbuf *p);

/* Delivers the datagrams queued for local addresses (loopback.c). Called
 * where the stack returns to its top level: after each operation on an
 * AF_INET socket (inet.c), at every tick, after a card's frame; a
 * transport about to sleep calls it first, since what it waits for may be
 * in that queue. Does nothing when called from inside a delivery. */
void ip_deliver_local(void);

/* The transports' input functions, called by ip.c for each datagram with
 * a good header checksum addressed to this machine (payload only). */
void icmp_input(struct netif *nif, u32 src, u32 dst, const u8 *data, u32 len);
void udp_input(struct netif *nif, u32 src, u32 dst, const u8 *data, u32 len);
void tcp_input(struct netif *nif, u32 src, u32 dst, const u8 *data, u32 len);
/* An ICMP destination-unreachable (or other error) about a datagram we
 * sent: `orig` is the quoted IP header and at least 8 payload bytes; err
 * is the positive errno it stands for (ECONNREFUSED for port
 * unreachable, EHOSTUNREACH, ENETUNREACH, ENOPROTOOPT, EMSGSIZE). */
void udp_icmp_error(int err, const u8 *orig, u32 len);
void tcp_icmp_error(int err, const u8 *orig, u32 len);

#endif
