/*
 * udp.c - UDP (RFC 768) behind AF_INET SOCK_DGRAM sockets (udp.h): bind
 * and autobind through the port table (inet.h), connect, send to any
 * address, receive with the source address, and the errors an ICMP
 * port unreachable brings to a connected socket.
 * Invariants: a socket is in udp_ports exactly while bind.port != 0; a
 * received datagram goes to the one best-matching socket (exact local
 * address over INADDR_ANY, connected over unconnected) or, sent to a
 * broadcast address, to every matching one; with none, a unicast one is
 * answered with ICMP port unreachable. Every drop is counted.
 * Locking: udp_ports under the kernel lock (arch/x86_64/klock.h), held by the
 * system calls and taken by trap_dispatch for the card's interrupt and the
 * boot CPU's tick (inet_tick).
 */
#include "net/udp.h"
#include "net/inet.h"
#include "net/ip.h"
#include "net/route.h"
#include "mm/heap.h"
#include "lib/string.h"
#include "errno.h"

#define UDP_HLEN 8

struct udp_hdr {
	u16 sport, dport, len, check;
} __packed;

struct udp_sock {
	struct socket *sock;
	struct inet_bind bind;        /* local address and port */
	bool user_addr, user_port;    /* chosen by bind(2): kept by disconnect */
	bool connected;
	u32 peer;
	u16 peer_port;
	int ttl;                      /* IP_TTL; -1: the default */
	u8 shut;                      /* INET_SHUT_* */
	struct inet_dgram_queue q;
};

static struct inet_port_table udp_ports;

static struct udp_sock *udp_of(struct socket *s) { return s->sk; }

/* The socket a datagram from src:sport to dst:dport belongs to, scored as
 * Linux's compute_score does: a bound address and a connected peer each
 * make a socket more specific. */
static struct udp_sock *udp_lookup(u32 src, u16 sport, u32 dst, u16 dport)
{
	struct udp_sock *best = NULL;
	int best_score = -1;
	for (struct inet_bind *b = inet_port_first(&udp_ports, dport); b; b = inet_port_next(b, dport)) {
		struct udp_sock *u = b->owner;
		int score = 0;
		if (b->addr != INADDR_ANY) {
			if (b->addr != dst)
				continue;
			score += 2;
		}
		if (u->connected) {
			if (u->peer != src || u->peer_port != sport)
				continue;
			score += 4;
		}
		if (score > best_score) {
			best = u;
			best_score = score;
		}
	}
	return best;
}

static void udp_deliver(struct udp_sock *u, u32 src, u16 sport, const u8 *data, u32 len)
{
	if (!inet_dgram_enqueue(u->sock, &u->q, src, sport, data, len))
		ip_counters.udp_rcvbuf_errors++;
}

void udp_input(struct netif *nif, u32 src, u32 dst, const u8 *data, u32 len)
{
	(void)nif;
	struct udp_hdr h;
	if (len < UDP_HLEN)
		goto bad;
	memcpy(&h, data, sizeof(h));
	u32 ulen = net16(h.len);
	if (ulen < UDP_HLEN || ulen > len)
		goto bad;
	if (h.check && ip_checksum_fold(ip_checksum_add(ip_pseudo_sum(src, dst, IPPROTO_UDP, (u16)ulen),
							data, ulen)) != 0) {
		ip_counters.udp_csum_errors++;
		goto bad;
	}
	ip_counters.udp_in++;
	const u8 *payload = data + UDP_HLEN;
	u32 plen = ulen - UDP_HLEN;
	if (ip_is_broadcast(dst)) {
		for (struct inet_bind *b = inet_port_first(&udp_ports, h.dport); b;
		     b = inet_port_next(b, h.dport)) {
			struct udp_sock *u = b->owner;
			if ((b->addr == INADDR_ANY || b->addr == dst) &&
			    (!u->connected || (u->peer == src && u->peer_port == h.sport)))
				udp_deliver(u, src, h.sport, payload, plen);
		}
		return;
	}
	struct udp_sock *u = udp_lookup(src, h.sport, dst, h.dport);
	if (!u) {
		ip_counters.udp_no_ports++;
		ip_unreach_current(ICMP_UNREACH_PORT);
		return;
	}
	udp_deliver(u, src, h.sport, payload, plen);
	return;
bad:
	ip_counters.udp_in_errors++;
}

/* A connected socket learns of an ICMP error about what it sent
 * (Linux's __udp4_lib_err without IP_RECVERR: only connected sockets,
 * only hard errors, which icmp.c alone passes here). */
void udp_icmp_error(int err, const u8 *orig, u32 len)
{
	const struct ip_hdr *h = (const struct ip_hdr *)orig;
	u32 ihl = (h->ver_ihl & 0xf) * 4u;
	if (len < ihl + UDP_HLEN)
		return;
	struct udp_hdr uh;
	memcpy(&uh, orig + ihl, sizeof(uh));
	struct udp_sock *u = udp_lookup(h->dst, uh.dport, h->src, uh.sport);
	if (!u || !u->connected)
		return;
	u->sock->error = err;
	wake_up(&u->sock->wait);
	poll_notify(&u->sock->poll);
}

/* An unbound socket gets an ephemeral port before its first send or
 * connect (Linux's inet_autobind); -EAGAIN when none is free. */
static int udp_autobind(struct udp_sock *u)
{
	if (u->bind.port)
		return 0;
	u->bind.reuseaddr = u->sock->reuseaddr;
	u->bind.reuseport = u->sock->reuseport;
	return inet_port_bind(&udp_ports, &u->bind, u->bind.addr, 0);
}

/* Sending to 0.0.0.0 means this machine (Linux's ip_route_output_key). */
static u32 udp_real_dst(const struct udp_sock *u, u32 dst)
{
	if (dst != INADDR_ANY)
		return dst;
	return u->bind.addr ? u->bind.addr : net32(INADDR_LOOPBACK_NET);
}

static void udp_release(struct socket *s)
{
	struct udp_sock *u = udp_of(s);
	if (u->bind.port)
		inet_port_unbind(&udp_ports, &u->bind);
	inet_dgram_purge(&u->q);
	kfree(u);
	s->sk = NULL;
}

static int udp_bind(struct socket *s, const struct sockaddr_storage *a, u32 len)
{
	struct udp_sock *u = udp_of(s);
	u32 addr;
	u16 port;
	int err = inet_addr_get(a, len, false, &addr, &port);
	if (err == -EAFNOSUPPORT && a->ss_family == AF_UNSPEC &&
	    ((const struct sockaddr_in *)a)->sin_addr.s_addr == INADDR_ANY)
		err = 0; /* Linux's compatibility case: AF_UNSPEC with INADDR_ANY */
	if (err)
		return err;
	if ((err = inet_addr_bindable(addr)))
		return err;
	if (u->bind.port || u->connected)
		return -EINVAL;
	u->bind.reuseaddr = s->reuseaddr;
	u->bind.reuseport = s->reuseport;
	if ((err = inet_port_bind(&udp_ports, &u->bind, addr, port)))
		return err;
	u->user_addr = addr != INADDR_ANY;
	u->user_port = port != 0;
	return 0;
}

static void udp_disconnect(struct udp_sock *u)
{
	u->connected = false;
	u->peer = 0;
	u->peer_port = 0;
	if (!u->user_addr)
		u->bind.addr = INADDR_ANY;
	if (!u->user_port && u->bind.port)
		inet_port_unbind(&udp_ports, &u->bind);
}

static int udp_connect(struct socket *s, const struct sockaddr_storage *a, u32 len, u32 flags)
{
	(void)flags;
	struct udp_sock *u = udp_of(s);
	if (len < sizeof(a->ss_family))
		return -EINVAL;
	if (a->ss_family == AF_UNSPEC) {
		udp_disconnect(u);
		return 0;
	}
	int err = udp_autobind(u);
	if (err)
		return err;
	u32 addr;
	u16 port;
	if ((err = inet_addr_get(a, len, false, &addr, &port)))
		return err;
	addr = udp_real_dst(u, addr);
	struct ip_route rt;
	if ((err = ip_route(addr, &rt)))
		return err;
	if (rt.broadcast && !s->broadcast)
		return -EACCES;
	if (u->bind.addr == INADDR_ANY)
		u->bind.addr = rt.src;
	u->peer = addr;
	u->peer_port = port;
	u->connected = true;
	return 0;
}

static int udp_getname(struct socket *s, struct sockaddr_storage *a, int peer)
{
	struct udp_sock *u = udp_of(s);
	if (peer) {
		if (!u->connected)
			return -ENOTCONN;
		return inet_addr_put(a, u->peer, u->peer_port);
	}
	return inet_addr_put(a, u->bind.addr, u->bind.port);
}

static long udp_sendmsg(struct socket *s, struct sock_msg *m, int flags)
{
	struct udp_sock *u = udp_of(s);
	int err = udp_autobind(u);
	if (err)
		return err;
	u64 len = m->resid;
	if (len > 0xffff)
		return -EMSGSIZE;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	u32 dst;
	u16 dport;
	if (m->namelen) {
		if ((err = inet_addr_get(&m->name, m->namelen, true, &dst, &dport)))
			return err;
		if (dport == 0)
			return -EINVAL;
	} else if (u->connected) {
		dst = u->peer;
		dport = u->peer_port;
	} else {
		return -EDESTADDRREQ;
	}
	dst = udp_real_dst(u, dst);
	struct ip_route rt;
	if ((err = ip_route(dst, &rt)))
		return err;
	if (rt.broadcast && !s->broadcast)
		return -EACCES;
	if (s->error) {
		err = s->error;
		s->error = 0;
		return -err;
	}
	if (u->shut & INET_SHUT_WR)
		return -EPIPE;
	u32 src = (u->bind.addr && !ip_is_broadcast(u->bind.addr)) ? u->bind.addr : rt.src;
	u32 total = UDP_HLEN + (u32)len;
	u8 *buf = kmalloc(total);
	if (!buf)
		return -ENOBUFS;
	long got = msg_copy_in(m, buf + UDP_HLEN, len);
	if (got < 0) {
		kfree(buf);
		return got;
	}
	struct udp_hdr h = { u->bind.port, dport, net16((u16)total), 0 };
	memcpy(buf, &h, sizeof(h));
	u16 sum = ip_checksum_fold(ip_checksum_add(ip_pseudo_sum(src, dst, IPPROTO_UDP, (u16)total), buf, total));
	h.check = sum ? sum : 0xffff; /* 0 means "no checksum" (RFC 768) */
	memcpy(buf, &h, sizeof(h));
	err = ip_output_ex(src, dst, IPPROTO_UDP, buf, total, u->ttl < 0 ? IP_TTL_DEFAULT : (u8)u->ttl, true);
	kfree(buf);
	if (err)
		return err;
	ip_counters.udp_out++;
	return (long)len;
}

static long udp_recvmsg(struct socket *s, struct sock_msg *m, int flags)
{
	return inet_dgram_recv(s, &udp_of(s)->q, m, flags);
}

static int udp_shutdown(struct socket *s, int how)
{
	struct udp_sock *u = udp_of(s);
	int bits = inet_shutdown_bits(how);
	if (bits < 0)
		return bits;
	u->shut |= (u8)bits;
	u->q.rd_shut = u->shut & INET_SHUT_RD;
	wake_up(&s->wait);
	poll_notify(&s->poll);
	/* Linux marks an unconnected socket shut down too, and says ENOTCONN. */
	return u->connected ? 0 : -ENOTCONN;
}

static int udp_setsockopt(struct socket *s, int level, int name, const void __user *val, u32 len)
{
	if (level == IPPROTO_IP && name == IP_TTL)
		return inet_ttl_set(&udp_of(s)->ttl, val, len);
	return -ENOPROTOOPT;
}

static int udp_getsockopt(struct socket *s, int level, int name, void __user *val, u32 __user *len)
{
	struct udp_sock *u = udp_of(s);
	if (level == IPPROTO_IP && name == IP_TTL)
		return inet_put_int_opt(u->ttl < 0 ? IP_TTL_DEFAULT : u->ttl, val, len);
	return -ENOPROTOOPT;
}

static int udp_poll(struct socket *s)
{
	struct udp_sock *u = udp_of(s);
	return inet_dgram_poll(s, &u->q, u->shut);
}

static long udp_ioctl(struct socket *s, u32 cmd, u64 arg)
{
	return inet_dgram_ioctl(&udp_of(s)->q, cmd, arg);
}

static const struct proto_ops udp_ops = {
	.release = udp_release,
	.bind = udp_bind,
	.connect = udp_connect,
	.getname = udp_getname,
	.sendmsg = udp_sendmsg,
	.recvmsg = udp_recvmsg,
	.shutdown = udp_shutdown,
	.setsockopt = udp_setsockopt,
	.getsockopt = udp_getsockopt,
	.poll = udp_poll,
	.ioctl = udp_ioctl,
};

int udp_create(struct socket *s)
{
	struct udp_sock *u = kzalloc(sizeof(*u));
	if (!u)
		return -ENOBUFS;
	u->sock = s;
	u->bind.owner = u;
	u->ttl = -1;
	s->ops = &udp_ops;
	s->sk = u;
	return 0;
}
