/*
 * icmp.c - ICMP (RFC 792, icmp.h): echo replies, destination unreachable
 * sent for a closed UDP port or an unknown protocol and passed to UDP and
 * TCP when received, and raw ICMP sockets, which get a copy of every ICMP
 * datagram received (IP header included) and send ICMP messages built by
 * the program (the kernel adds only the IP header).
 * Invariants: no ICMP error is sent about an ICMP error, a broadcast, or
 * a datagram from no one (RFC 1122 3.2.2); a received message with a bad
 * checksum is dropped and counted.
 * Locking: raw_sockets under the kernel lock (arch/x86_64/klock.h), held by
 * the system calls and taken by trap_dispatch for the card's interrupt and
 * the boot CPU's tick (inet_tick).
 */
#include "net/icmp.h"
#include "net/inet.h"
#include "net/ip.h"
#include "net/route.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "lib/string.h"
#include "errno.h"


struct icmp_hdr {
	u8 type, code;
	u16 check;
	u16 id, seq; /* echo; "unused" in errors */
} __packed;

/* The most of the offending datagram quoted in an error: the message stays
 * within 576 bytes (RFC 1812 4.3.2.3; Linux's limit). */
#define ICMP_ERROR_MAX 576

static void icmp_send(u32 src, u32 dst, void *msg, u32 len)
{
	struct icmp_hdr *h = msg;
	h->check = 0;
	h->check = ip_checksum_fold(ip_checksum_add(0, msg, len));
	ip_counters.icmp_out++;
	ip_output_ex(src, dst, IPPROTO_ICMP, msg, len, IP_TTL_DEFAULT, false);
}

void icmp_send_unreach(const u8 *orig, u32 len, u8 code)
{
	const struct ip_hdr *oh = (const struct ip_hdr *)orig;
	u32 ihl = (oh->ver_ihl & 0xf) * 4u;
	if (oh->src == INADDR_ANY || ip_is_broadcast(oh->src) || ip_is_broadcast(oh->dst))
		return;
	if (oh->proto == IPPROTO_ICMP) {
		if (len < ihl + 1)
			return;
		u8 type = orig[ihl];
		if (type != ICMP_ECHO && type != ICMP_ECHOREPLY)
			return; /* an error, or something we cannot tell apart from one */
	}
	u32 quote = MIN(len, (u32)(ICMP_ERROR_MAX - IP_HLEN - ICMP_HLEN));
	u8 *msg = kzalloc(ICMP_HLEN + quote);
	if (!msg)
		return;
	struct icmp_hdr *h = (struct icmp_hdr *)msg;
	h->type = ICMP_DEST_UNREACH;
	h->code = code;
	memcpy(msg + ICMP_HLEN, orig, quote);
	ip_counters.icmp_out_unreach++;
	icmp_send(ip_is_local(oh->dst) ? oh->dst : 0, oh->src, msg, ICMP_HLEN + quote);
	kfree(msg);
}

/* Destination unreachable codes (RFC 792, RFC 1122) as errnos and
 * whether a connected UDP socket takes them (Linux's icmp_err_convert). */
static const struct {
	u8 err;
	bool fatal;
} icmp_unreach_errno[16] = {
	{ ENETUNREACH, false }, { EHOSTUNREACH, false }, { ENOPROTOOPT, true },
	{ ECONNREFUSED, true }, { EMSGSIZE, false },     { EOPNOTSUPP, false },
	{ ENETUNREACH, true },  { EHOSTUNREACH, true },  { EHOSTUNREACH, true },
	{ ENETUNREACH, true },  { EHOSTUNREACH, true },  { ENETUNREACH, false },
	{ EHOSTUNREACH, false }, { EHOSTUNREACH, true }, { EHOSTUNREACH, true },
	{ EHOSTUNREACH, true },
};

static void icmp_unreach(const u8 *data, u32 len)
{
	const struct icmp_hdr *h = (const struct icmp_hdr *)data;
	const u8 *q = data + ICMP_HLEN;
	u32 qlen = len - ICMP_HLEN;
	if (qlen < IP_HLEN || h->code >= ARRAY_SIZE(icmp_unreach_errno))
		return;
	const struct ip_hdr *qh = (const struct ip_hdr *)q;
	u32 ihl = (qh->ver_ihl & 0xf) * 4u;
	if ((qh->ver_ihl >> 4) != 4 || ihl < IP_HLEN || qlen < ihl + 8)
		return;
	int err = icmp_unreach_errno[h->code].err;
	if (qh->proto == IPPROTO_UDP && icmp_unreach_errno[h->code].fatal)
		udp_icmp_error(err, q, qlen);
	else if (qh->proto == IPPROTO_TCP)
		tcp_icmp_error(err, q, qlen);
}

void icmp_input(struct netif *nif, u32 src, u32 dst, const u8 *data, u32 len)
{
	(void)nif;
	ip_counters.icmp_in++;
	if (len < ICMP_HLEN || ip_checksum_fold(ip_checksum_add(0, data, len)) != 0) {
		ip_counters.icmp_in_errors++;
		return;
	}
	const struct icmp_hdr *h = (const struct icmp_hdr *)data;
	switch (h->type) {
	case ICMP_ECHO: {
		/* Broadcast echoes go unanswered (icmp_echo_ignore_broadcasts). */
		if (ip_is_broadcast(dst))
			return;
		u8 *reply = kmalloc(len);
		if (!reply)
			return;
		memcpy(reply, data, len);
		reply[0] = ICMP_ECHOREPLY;
		icmp_send(dst, src, reply, len);
		kfree(reply);
		break;
	}
	case ICMP_DEST_UNREACH:
		icmp_unreach(data, len);
		break;
	default:
		break;
	}
}

/* --- raw ICMP sockets ---------------------------------------------------- */

struct icmp_raw {
	struct socket *sock;
	struct icmp_raw *next;
	u32 addr;        /* bind(): only datagrams to it; the source */
	u32 peer;        /* connect(): only datagrams from it; the default */
	u16 peer_port;
	bool connected;
	u32 filter;      /* ICMP_FILTER: bit n set drops type n */
	int ttl;         /* IP_TTL; -1: the default */
	u8 shut;         /* INET_SHUT_* */
	struct inet_dgram_queue q;
};

static struct icmp_raw *raw_sockets;

void icmp_raw_input(const u8 *pkt, u32 len, u32 src)
{
	const struct ip_hdr *h = (const struct ip_hdr *)pkt;
	u32 ihl = (h->ver_ihl & 0xf) * 4u;
	for (struct icmp_raw *r = raw_sockets; r; r = r->next) {
		if (r->addr && r->addr != h->dst)
			continue;
		if (r->connected && r->peer != src)
			continue;
		if (len > ihl && pkt[ihl] < 32 && (r->filter & (1u << pkt[ihl])))
			continue;
		if (r->shut & INET_SHUT_RD)
			continue;
		inet_dgram_enqueue(r->sock, &r->q, src, 0, pkt, len);
	}
}

static struct icmp_raw *raw_of(struct socket *s) { return s->sk; }

static void raw_release(struct socket *s)
{
	struct icmp_raw *r = raw_of(s);
	for (struct icmp_raw **link = &raw_sockets; *link; link = &(*link)->next) {
		if (*link == r) {
			*link = r->next;
			break;
		}
	}
	inet_dgram_purge(&r->q);
	kfree(r);
	s->sk = NULL;
}

static int raw_bind(struct socket *s, const struct sockaddr_storage *a, u32 len)
{
	struct icmp_raw *r = raw_of(s);
	if (r->connected || len < sizeof(struct sockaddr_in))
		return -EINVAL;
	u32 addr = ((const struct sockaddr_in *)a)->sin_addr.s_addr;
	int err = inet_addr_bindable(addr);
	if (err)
		return err;
	r->addr = addr;
	return 0;
}

static int raw_connect(struct socket *s, const struct sockaddr_storage *a, u32 len, u32 flags)
{
	(void)flags;
	struct icmp_raw *r = raw_of(s);
	if (len >= sizeof(a->ss_family) && a->ss_family == AF_UNSPEC) {
		r->connected = false;
		r->peer = 0;
		r->peer_port = 0;
		return 0;
	}
	u32 addr;
	u16 port;
	int err = inet_addr_get(a, len, false, &addr, &port);
	if (err)
		return err;
	struct ip_route rt;
	if ((err = ip_route(addr, &rt)))
		return err;
	if (rt.broadcast && !s->broadcast)
		return -EACCES;
	r->peer = addr;
	r->peer_port = port;
	r->connected = true;
	return 0;
}

static int raw_getname(struct socket *s, struct sockaddr_storage *a, int peer)
{
	struct icmp_raw *r = raw_of(s);
	if (peer) {
		if (!r->connected)
			return -ENOTCONN;
		return inet_addr_put(a, r->peer, r->peer_port);
	}
	/* A raw socket's "port" is its protocol (Linux's inet_sport). */
	return inet_addr_put(a, r->addr, net16(IPPROTO_ICMP));
}

static long raw_sendmsg(struct socket *s, struct sock_msg *m, int flags)
{
	struct icmp_raw *r = raw_of(s);
	u64 len = m->resid;
	if (len > IP_MAXPACKET)
		return -EMSGSIZE;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	u32 dst;
	if (m->namelen) {
		u16 port;
		int err = inet_addr_get(&m->name, m->namelen, true, &dst, &port);
		if (err)
			return err;
	} else if (r->connected) {
		dst = r->peer;
	} else {
		return -EDESTADDRREQ;
	}
	if (r->shut & INET_SHUT_WR)
		return -EPIPE;
	struct ip_route rt;
	int err = ip_route(dst, &rt);
	if (err)
		return err;
	if (rt.broadcast && !s->broadcast)
		return -EACCES;
	if (s->error) {
		int e = s->error;
		s->error = 0;
		return -e;
	}
	u8 *buf = kmalloc(len ? len : 1);
	if (!buf)
		return -ENOBUFS;
	long got = msg_copy_in(m, buf, len);
	if (got >= 0) {
		u32 src = (r->addr && !ip_is_broadcast(r->addr)) ? r->addr : 0;
		ip_counters.icmp_out++;
		err = ip_output_ex(src, dst, IPPROTO_ICMP, buf, (u32)len,
				   r->ttl < 0 ? IP_TTL_DEFAULT : (u8)r->ttl, true);
		got = err ? err : (long)len;
	}
	kfree(buf);
	return got;
}

static long raw_recvmsg(struct socket *s, struct sock_msg *m, int flags)
{
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	return inet_dgram_recv(s, &raw_of(s)->q, m, flags);
}

static int raw_shutdown(struct socket *s, int how)
{
	struct icmp_raw *r = raw_of(s);
	int bits = inet_shutdown_bits(how);
	if (bits < 0)
		return bits;
	r->shut |= (u8)bits;
	r->q.rd_shut = r->shut & INET_SHUT_RD;
	wake_up(&s->wait);
	poll_notify(&s->poll);
	return r->connected ? 0 : -ENOTCONN;
}

static int raw_setsockopt(struct socket *s, int level, int name, const void __user *val, u32 len)
{
	struct icmp_raw *r = raw_of(s);
	if (level == SOL_RAW && name == ICMP_FILTER) {
		u32 f = 0;
		if (get_user_bytes(&f, val, MIN(len, (u32)sizeof(f))))
			return -EFAULT;
		r->filter = f;
		return 0;
	}
	if (level == IPPROTO_IP && name == IP_TTL)
		return inet_ttl_set(&r->ttl, val, len);
	return -ENOPROTOOPT;
}

static int raw_getsockopt(struct socket *s, int level, int name, void __user *val, u32 __user *len)
{
	struct icmp_raw *r = raw_of(s);
	if (level == SOL_RAW && name == ICMP_FILTER)
		return inet_put_int_opt((int)r->filter, val, len);
	if (level == IPPROTO_IP && name == IP_TTL)
		return inet_put_int_opt(r->ttl < 0 ? IP_TTL_DEFAULT : r->ttl, val, len);
	return -ENOPROTOOPT;
}

static int raw_poll(struct socket *s)
{
	struct icmp_raw *r = raw_of(s);
	return inet_dgram_poll(s, &r->q, r->shut);
}

static long raw_ioctl(struct socket *s, u32 cmd, u64 arg)
{
	return inet_dgram_ioctl(&raw_of(s)->q, cmd, arg);
}

static const struct proto_ops icmp_raw_ops = {
	.release = raw_release,
	.bind = raw_bind,
	.connect = raw_connect,
	.getname = raw_getname,
	.sendmsg = raw_sendmsg,
	.recvmsg = raw_recvmsg,
	.shutdown = raw_shutdown,
	.setsockopt = raw_setsockopt,
	.getsockopt = raw_getsockopt,
	.poll = raw_poll,
	.ioctl = raw_ioctl,
};

int icmp_raw_create(struct socket *s)
{
	struct icmp_raw *r = kzalloc(sizeof(*r));
	if (!r)
		return -ENOBUFS;
	r->sock = s;
	r->ttl = -1;
	r->next = raw_sockets;
	raw_sockets = r;
	s->ops = &icmp_raw_ops;
	s->sk = r;
	return 0;
}
