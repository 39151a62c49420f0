/*
 * inet.h - AF_INET sockets: what the IPv4 transports (udp.c, icmp.c and
 * tcp.c) share. inet.c registers the family, picks the transport for
 * socket(2)'s type and protocol, answers the interface ioctls, runs the
 * network's tick and owns these helpers:
 *   - sockaddr_in checks and building (Linux's errnos: EINVAL for a short
 *     address, EAFNOSUPPORT for another family),
 *   - a port table per transport: binding with EADDRINUSE as Linux decides
 *     it, ephemeral ports from INET_EPHEMERAL_LOW..HIGH,
 *   - a datagram receive queue with Linux's recvmsg semantics (UDP and
 *     raw ICMP sockets).
 * Invariant: interrupts off (socket.h); ports are network byte order in
 * every struct and argument here, as addresses are.
 */
#ifndef MINOS_NET_INET_H
#define MINOS_NET_INET_H

#include "net/socket.h"
#include "uapi/in.h"

/* Registers the family, lo, and the network's tick (net_init). */
void inet_init(void);

/* The interface requests (uapi/if.h: SIOCGIFCONF, SIOCGIFFLAGS,
 * SIOCSIFFLAGS, SIOCGIFADDR, ...), answered the same on a socket of any
 * family, as Linux does; -ENOTTY for any other request. */
long inet_if_ioctl(u32 cmd, u64 arg);

/* --- addresses --------------------------------------------------------- */

/* Checks a sockaddr_in a program passed (len bytes): -EINVAL when shorter
 * than struct sockaddr_in, -EAFNOSUPPORT unless sin_family is AF_INET (or
 * AF_UNSPEC when unspec_ok, which Linux takes as AF_INET in some calls);
 * else 0 with *addr and *port (network order) filled. */
int inet_addr_get(const struct sockaddr_storage *ss, u32 len, bool unspec_ok, u32 *addr, u16 *port);
/* Writes a sockaddr_in; returns its length (sizeof(struct sockaddr_in)). */
int inet_addr_put(struct sockaddr_storage *ss, u32 addr, u16 port);
/* bind(2)'s address check: 0 for INADDR_ANY, a local address (any of
 * 127/8) or a broadcast one, else -EADDRNOTAVAIL. */
int inet_addr_bindable(u32 addr);

/* --- ports --------------------------------------------------------------- */

#define INET_EPHEMERAL_LOW 32768  /* net.ipv4.ip_local_port_range */
#define INET_EPHEMERAL_HIGH 60999

/* One bound socket in a transport's port table. The transport embeds it
 * in its own socket state and fills owner, reuseaddr and reuseport
 * (from struct socket at bind time) before inet_port_bind(). */
struct inet_bind {
	u32 addr;         /* local address; INADDR_ANY: all of them */
	u16 port;         /* network order; 0 while not in the table */
	bool reuseaddr, reuseport;
	bool listening;   /* TCP: SO_REUSEADDR does not share with a listener */
	void *owner;      /* the transport's socket state */
	struct inet_bind *next;
};

struct inet_port_table {
	struct inet_bind *head;
	u16 next_ephemeral; /* host order: where the next search starts */
};

/* Binds b to addr:port, or to a free ephemeral port when port is 0.
 * Two bindings of one port clash when their addresses are equal or one
 * is INADDR_ANY, unless both set SO_REUSEPORT, or both set SO_REUSEADDR
 * and neither is listening (Linux's rule). Returns 0, -EADDRINUSE, or
 * -EAGAIN when no ephemeral port is free (as Linux's autobind). */
int inet_port_bind(struct inet_port_table *t, struct inet_bind *b, u32 addr, u16 port);
void inet_port_unbind(struct inet_port_table *t, struct inet_bind *b);
/* The bindings of port (network order), for a transport's own choice of
 * the best match: walk from inet_port_first() with inet_port_next(). */
struct inet_bind *inet_port_first(struct inet_port_table *t, u16 port);
struct inet_bind *inet_port_next(struct inet_bind *b, u16 port);

/* --- datagram receive queues --------------------------------------------- */

struct inet_dgram {
	struct inet_dgram *next;
	u32 src;    /* where it came from, for recvfrom's address */
	u16 sport;  /* network order; 0 for raw sockets */
	u32 len;
	u8 data[];
};

struct inet_dgram_queue {
	struct inet_dgram *head, *tail;
	u64 charged;  /* bytes counted against SO_RCVBUF */
	u64 drops;    /* datagrams refused because the queue was full */
	bool rd_shut; /* shutdown(SHUT_RD): recv gives 0 instead of waiting */
};

/* Queues a copy of data for s (wakes its readers, notifies poll); false
 * (and counted in q->drops) when s->rcvbuf is exceeded or out of memory. */
bool inet_dgram_enqueue(struct socket *s, struct inet_dgram_queue *q, u32 src, u16 sport,
			const void *data, u32 len);
/* recvmsg(2) of one datagram, as Linux's UDP and raw sockets do it: a
 * pending s->error first (returned and cleared), then the queue; waits
 * unless MSG_DONTWAIT (SO_RCVTIMEO: -EAGAIN when it runs out; a signal:
 * -ERESTARTSYS, or -EINTR with a timeout); MSG_PEEK leaves it queued;
 * MSG_TRUNC in flags returns the datagram's real length; a longer
 * datagram sets MSG_TRUNC in m->flags. The source goes to m->name. A
 * datagram that could not be copied (-EFAULT) is dropped all the same. */
long inet_dgram_recv(struct socket *s, struct inet_dgram_queue *q, struct sock_msg *m, int flags);
/* Bytes of the first datagram (FIONREAD), 0 when none. */
u32 inet_dgram_next_len(const struct inet_dgram_queue *q);
void inet_dgram_purge(struct inet_dgram_queue *q);

/* Sleeps on s->wait until ready(s, arg), delivering local datagrams and
 * segments first each time (they wait for the stack's top level, ip.h);
 * 0, or -ERESTARTSYS for a signal (-EINTR when a timeout is set, as
 * Linux's sock_intr_errno()), -EAGAIN when timeo_ns (SO_RCVTIMEO or
 * SO_SNDTIMEO; 0: none) runs out. UDP's and TCP's blocking calls. */
int inet_wait(struct socket *s, u64 timeo_ns, bool (*ready)(struct socket *s, void *arg),
	      void *arg);

/* poll for a datagram socket: readable with a datagram queued, an error
 * (POLLERR) or after SHUT_RD; always writable (Linux's datagram_poll). */
int inet_dgram_poll(struct socket *s, const struct inet_dgram_queue *q, u8 shut);
/* FIONREAD/SIOCINQ (the next datagram's bytes) and SIOCOUTQ (0); -ENOTTY
 * for any other request. */
long inet_dgram_ioctl(const struct inet_dgram_queue *q, u32 cmd, u64 arg);

/* --- options ------------------------------------------------------------- */

/* IP_TTL's setsockopt: 1..255, or -1 for the default; -EINVAL otherwise. */
int inet_ttl_set(int *ttl, const void __user *val, u32 len);
/* getsockopt's answer for an int option, truncated to *len as Linux does. */
int inet_put_int_opt(int v, void __user *val, u32 __user *len);

/* --- shutdown ------------------------------------------------------------ */

/* shutdown(2)'s how, checked: the RCV/SEND bits (1, 2) or -EINVAL. */
int inet_shutdown_bits(int how);
#define INET_SHUT_RD 1
#define INET_SHUT_WR 2

#endif
