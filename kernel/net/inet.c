/*
 * inet.c - AF_INET sockets (inet.h): the family's socket(2), the
 * transports' shared helpers (addresses, port tables, datagram queues),
 * the interface ioctls and the network's tick.
 *
 * Every AF_INET socket's operations go through inet_ops, which calls the
 * transport's own (kept per socket type in inner_ops[]) and then
 * ip_deliver_local(): that is the stack's top level, where datagrams a
 * call sent to a local address reach their receivers (ip.h).
 * Locking: inner_ops[] (filled at each type's first socket) and every inet
 * socket under the kernel lock (arch/x86_64/klock.h), held by the system
 * calls and taken by trap_dispatch for the card's interrupt and the boot
 * CPU's tick (inet_tick).
 */
#include "net/inet.h"
#include "net/ip.h"
#include "net/route.h"
#include "net/arp.h"
#include "net/loopback.h"
#include "net/tcp.h"
#include "net/udp.h"
#include "net/icmp.h"
#include "uapi/if.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "time/tick.h"
#include "lib/string.h"
#include "errno.h"

#ifndef POLLWRBAND
#define POLLWRBAND 0x0200 /* include/uapi/asm-generic/poll.h */
#endif
#ifndef POLLRDHUP
#define POLLRDHUP 0x2000
#endif
#define SIOCOUTQ 0x5411 /* = TIOCOUTQ (include/uapi/linux/sockios.h) */
#define SIOCINQ 0x541B  /* = FIONREAD */

/* --- TCP's place, until a kernel has TCP -------------------------------- */
/* tcp.c's strong definitions replace these weak ones when it is linked. */
__attribute__((weak)) int tcp_create(struct socket *s)
{
	(void)s;
	return -EPROTONOSUPPORT;
}
__attribute__((weak)) void tcp_init(void) {}
/* The retransmission and TIME_WAIT timers, called at every tick. */
__attribute__((weak)) void tcp_tick(void) {}
__attribute__((weak)) void tcp_icmp_error(int err, const u8 *orig, u32 len)
{
	(void)err, (void)orig, (void)len;
}

/* --- addresses ----------------------------------------------------------- */

int inet_addr_get(const struct sockaddr_storage *ss, u32 len, bool unspec_ok, u32 *addr, u16 *port)
{
	if (len < sizeof(struct sockaddr_in))
		return -EINVAL;
	const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
	*addr = sin->sin_addr.s_addr;
	*port = sin->sin_port;
	if (sin->sin_family != AF_INET && !(unspec_ok && sin->sin_family == AF_UNSPEC))
		return -EAFNOSUPPORT;
	return 0;
}

int inet_addr_put(struct sockaddr_storage *ss, u32 addr, u16 port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = port;
	sin->sin_addr.s_addr = addr;
	return sizeof(*sin);
}

int inet_addr_bindable(u32 addr)
{
	if (addr == INADDR_ANY || ip_is_local(addr) || ip_is_broadcast(addr))
		return 0;
	return -EADDRNOTAVAIL;
}

/* --- ports --------------------------------------------------------------- */

static bool inet_port_clash(const struct inet_bind *a, u32 addr, const struct inet_bind *b)
{
	if (a->addr != addr && a->addr != INADDR_ANY && addr != INADDR_ANY)
		return false;
	if (a->reuseport && b->reuseport)
		return false;
	if (a->reuseaddr && b->reuseaddr && !a->listening && !b->listening)
		return false;
	return true;
}

static bool inet_port_free(struct inet_port_table *t, const struct inet_bind *b, u32 addr, u16 port)
{
	for (struct inet_bind *o = inet_port_first(t, port); o; o = inet_port_next(o, port))
		if (o != b && inet_port_clash(o, addr, b))
			return false;
	return true;
}

int inet_port_bind(struct inet_port_table *t, struct inet_bind *b, u32 addr, u16 port)
{
	if (port == 0) {
		const u32 range = INET_EPHEMERAL_HIGH - INET_EPHEMERAL_LOW + 1;
		if (t->next_ephemeral < INET_EPHEMERAL_LOW || t->next_ephemeral > INET_EPHEMERAL_HIGH)
			t->next_ephemeral = INET_EPHEMERAL_LOW + (u16)((tick_count() * 7919) % range);
		for (u32 i = 0; i < range && !port; i++) {
			u16 p = t->next_ephemeral;
			t->next_ephemeral = p == INET_EPHEMERAL_HIGH ? INET_EPHEMERAL_LOW : p + 1;
			/* An ephemeral port is never shared, whatever the options. */
			if (!inet_port_first(t, net16(p)))
				port = net16(p);
		}
		if (!port)
			return -EAGAIN;
	} else if (!inet_port_free(t, b, addr, port)) {
		return -EADDRINUSE;
	}
	b->addr = addr;
	b->port = port;
	b->next = t->head;
	t->head = b;
	return 0;
}

void inet_port_unbind(struct inet_port_table *t, struct inet_bind *b)
{
	for (struct inet_bind **link = &t->head; *link; link = &(*link)->next) {
		if (*link == b) {
			*link = b->next;
			break;
		}
	}
	b->next = NULL;
	b->port = 0;
}

struct inet_bind *inet_port_first(struct inet_port_table *t, u16 port)
{
	struct inet_bind *b = t->head;
	while (b && b->port != port)
		b = b->next;
	return b;
}

struct inet_bind *inet_port_next(struct inet_bind *b, u16 port)
{
	for (b = b->next; b && b->port != port; b = b->next)
		;
	return b;
}

/* --- datagram queues ----------------------------------------------------- */

/* What a queued datagram costs against SO_RCVBUF: its bytes and about
 * what Linux's sk_buff around it weighs, so the number of small
 * datagrams a default queue holds is of Linux's order. */
#define INET_DGRAM_OVERHEAD 768

bool inet_dgram_enqueue(struct socket *s, struct inet_dgram_queue *q, u32 src, u16 sport,
			const void *data, u32 len)
{
	u64 charge = (u64)len + INET_DGRAM_OVERHEAD;
	/* Linux lets one datagram overshoot a queue that is not yet full. */
	if (q->charged >= s->rcvbuf || (q->charged && q->charged + charge > (u64)s->rcvbuf * 2)) {
		q->drops++;
		return false;
	}
	struct inet_dgram *d = kmalloc(sizeof(*d) + len);
	if (!d) {
		q->drops++;
		return false;
	}
	d->next = NULL;
	d->src = src;
	d->sport = sport;
	d->len = len;
	memcpy(d->data, data, len);
	if (q->tail)
		q->tail->next = d;
	else
		q->head = d;
	q->tail = d;
	q->charged += charge;
	wake_up(&s->wait);
	poll_notify(&s->poll);
	return true;
}

static bool dgram_ready(struct socket *s, void *arg)
{
	struct inet_dgram_queue *q = arg;
	return q->head || s->error || q->rd_shut;
}

long inet_dgram_recv(struct socket *s, struct inet_dgram_queue *q, struct sock_msg *m, int flags)
{
	if (!q->head && !s->error && !q->rd_shut) {
		if (flags & MSG_DONTWAIT)
			return -EAGAIN;
		int r = inet_wait(s, s->rcvtimeo_ns, dgram_ready, q);
		if (r)
			return r;
	}
	if (s->error) {
		int e = s->error;
		s->error = 0;
		return -e;
	}
	struct inet_dgram *d = q->head;
	if (!d)
		return flags & MSG_DONTWAIT ? -EAGAIN : 0; /* shut down for reading */
	u64 want = m->resid;
	u64 n = d->len < want ? d->len : want;
	long copied = msg_copy_out(m, d->data, n);
	long ret = copied;
	if (copied >= 0) {
		if (d->len > want)
			m->flags |= MSG_TRUNC;
		m->namelen = (u32)inet_addr_put(&m->name, d->src, d->sport);
		if (flags & MSG_TRUNC)
			ret = (long)d->len;
	} else {
		q->drops++; /* as Linux: a datagram that faulted is gone */
	}
	if (!(flags & MSG_PEEK)) {
		q->head = d->next;
		if (!q->head)
			q->tail = NULL;
		q->charged -= (u64)d->len + INET_DGRAM_OVERHEAD;
		kfree(d);
		poll_notify(&s->poll);
	}
	return ret;
}

u32 inet_dgram_next_len(const struct inet_dgram_queue *q)
{
	return q->head ? q->head->len : 0;
}

void inet_dgram_purge(struct inet_dgram_queue *q)
{
	while (q->head) {
		struct inet_dgram *d = q->head;
		q->head = d->next;
		kfree(d);
	}
	q->tail = NULL;
	q->charged = 0;
}

int inet_wait(struct socket *s, u64 timeo_ns, bool (*ready)(struct socket *s, void *arg),
	      void *arg)
{
	u64 deadline = timeo_ns ? tick_count() + (timeo_ns + TICK_NS - 1) / TICK_NS : 0;
	for (;;) {
		ip_deliver_local();
		if (ready(s, arg))
			return 0;
		if (signal_pending())
			return deadline ? -EINTR : -ERESTARTSYS;
		if (deadline && tick_count() >= deadline)
			return -EAGAIN;
		/* With a deadline the tick must wake us too; one queue only. */
		wait_sleep(deadline ? &tick_queue : &s->wait);
	}
}

int inet_shutdown_bits(int how)
{
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	return how + 1; /* SHUT_RD 0 -> 1, SHUT_WR 1 -> 2, SHUT_RDWR 2 -> 3 */
}

/* Datagram sockets: readable with a datagram queued, an error or after
 * shutdown(SHUT_RD); always writable (Linux's datagram_poll). */
int inet_dgram_poll(struct socket *s, const struct inet_dgram_queue *q, u8 shut)
{
	int ev = POLLOUT | POLLWRNORM | POLLWRBAND;
	if (q->head)
		ev |= POLLIN | POLLRDNORM;
	if (s->error)
		ev |= POLLERR;
	if (shut & INET_SHUT_RD)
		ev |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (shut == (INET_SHUT_RD | INET_SHUT_WR))
		ev |= POLLHUP;
	return ev;
}

long inet_dgram_ioctl(const struct inet_dgram_queue *q, u32 cmd, u64 arg)
{
	int v;
	if (cmd == SIOCINQ)
		v = (int)inet_dgram_next_len(q);
	else if (cmd == SIOCOUTQ)
		v = 0; /* sent at once */
	else
		return -ENOTTY;
	return put_user_bytes((void __user *)arg, &v, sizeof(v));
}

int inet_ttl_set(int *ttl, const void __user *val, u32 len)
{
	int v;
	if (len < 1)
		return -EINVAL;
	if (len >= sizeof(int)) {
		if (get_user_bytes(&v, val, sizeof(v)))
			return -EFAULT;
	} else {
		u8 c; /* Linux reads a shorter int option as one byte */
		if (get_user_bytes(&c, val, 1))
			return -EFAULT;
		v = c;
	}
	if (v != -1 && (v < 1 || v > 255))
		return -EINVAL;
	*ttl = v;
	return 0;
}

int inet_put_int_opt(int v, void __user *val, u32 __user *lenp)
{
	u32 len;
	if (get_user_bytes(&len, lenp, sizeof(len)))
		return -EFAULT;
	if ((int)len < 0)
		return -EINVAL;
	len = MIN(len, (u32)sizeof(int));
	if (put_user_bytes(val, &v, len) || put_user_bytes(lenp, &len, sizeof(len)))
		return -EFAULT;
	return 0;
}

/* --- the interface ioctls ------------------------------------------------ */

static int inet_ifreq_addr(struct ifreq *r, u32 addr)
{
	memset(&r->ifr_addr, 0, sizeof(r->ifr_addr));
	inet_addr_put((struct sockaddr_storage *)(void *)&r->ifr_addr, addr, 0);
	return 0;
}

static long inet_ifconf(void __user *arg)
{
	struct ifconf c;
	if (get_user_bytes(&c, arg, sizeof(c)))
		return -EFAULT;
	int used = 0;
	for (struct netif *n = netif_first(); n; n = n->next) {
		if (!n->addr)
			continue;
		if (c.ifc_buf) {
			if (c.ifc_len < 0 || (u64)c.ifc_len - (u64)used < sizeof(struct ifreq))
				break;
			struct ifreq r;
			memset(&r, 0, sizeof(r));
			strlcpy(r.ifr_name, n->name, IFNAMSIZ);
			inet_ifreq_addr(&r, n->addr);
			if (put_user_bytes(c.ifc_buf + used, &r, sizeof(r)))
				return -EFAULT;
		}
		used += sizeof(struct ifreq);
	}
	c.ifc_len = used;
	return put_user_bytes(arg, &c, sizeof(c));
}

static long inet_ifreq(u32 cmd, void __user *arg)
{
	struct ifreq r;
	if (get_user_bytes(&r, arg, sizeof(r)))
		return -EFAULT;
	r.ifr_name[IFNAMSIZ - 1] = 0;
	struct netif *n;
	if (cmd == SIOCGIFNAME) {
		n = r.ifr_ifindex > 0 ? netif_by_index((u32)r.ifr_ifindex) : NULL;
		if (!n)
			return -ENODEV;
		strlcpy(r.ifr_name, n->name, IFNAMSIZ);
		return put_user_bytes(arg, &r, sizeof(r));
	}
	n = netif_by_name(r.ifr_name);
	if (!n)
		return -ENODEV;
	switch (cmd) {
	case SIOCGIFFLAGS:
		r.ifr_flags = (short)n->flags;
		break;
	case SIOCSIFFLAGS:
		n->flags &= ~(u32)(IFF_UP | IFF_RUNNING);
		if (r.ifr_flags & IFF_UP)
			n->flags |= IFF_UP | IFF_RUNNING;
		return 0;
	case SIOCGIFADDR:
	case SIOCGIFNETMASK:
	case SIOCGIFBRDADDR:
		if (!n->addr)
			return -EADDRNOTAVAIL;
		inet_ifreq_addr(&r, cmd == SIOCGIFADDR      ? n->addr
				    : cmd == SIOCGIFNETMASK ? n->netmask
				    : (n->flags & IFF_BROADCAST) ? (n->addr | ~n->netmask) : 0);
		break;
	case SIOCGIFMTU:
		r.ifr_mtu = (int)n->mtu;
		break;
	case SIOCGIFINDEX:
		r.ifr_ifindex = (int)n->index;
		break;
	case SIOCMINOS_GIFSTATS: {
		struct minos_ifstats st = {
			n->stats.rx_packets, n->stats.rx_bytes, n->stats.rx_dropped, n->stats.rx_errors,
			n->stats.tx_packets, n->stats.tx_bytes, n->stats.tx_dropped, n->stats.tx_errors,
		};
		return put_user_bytes(r.ifr_data, &st, sizeof(st));
	}
	case SIOCGIFHWADDR:
		memset(&r.ifr_addr, 0, sizeof(r.ifr_addr));
		r.ifr_addr.sa_family = (n->flags & IFF_LOOPBACK) ? ARPHRD_LOOPBACK : ARPHRD_ETHER;
		memcpy(r.ifr_addr.sa_data, n->mac, ETH_ALEN);
		break;
	default:
		return -ENOTTY;
	}
	return put_user_bytes(arg, &r, sizeof(r));
}

/* --- the operations every AF_INET socket goes through -------------------- */

static const struct proto_ops *inner_ops[SOCK_RAW + 1];
#define INNER(s) inner_ops[(s)->type]

static void inet_release(struct socket *s)
{
	INNER(s)->release(s);
	ip_deliver_local();
}

static int inet_bind(struct socket *s, const struct sockaddr_storage *a, u32 len)
{
	int r = INNER(s)->bind ? INNER(s)->bind(s, a, len) : -EOPNOTSUPP;
	ip_deliver_local();
	return r;
}

static int inet_connect(struct socket *s, const struct sockaddr_storage *a, u32 len, u32 flags)
{
	int r = INNER(s)->connect ? INNER(s)->connect(s, a, len, flags) : -EOPNOTSUPP;
	ip_deliver_local();
	return r;
}

static int inet_listen(struct socket *s, int backlog)
{
	int r = INNER(s)->listen ? INNER(s)->listen(s, backlog) : -EOPNOTSUPP;
	ip_deliver_local();
	return r;
}

static int inet_accept(struct socket *s, struct socket *newsock, u32 flags)
{
	int r = INNER(s)->accept ? INNER(s)->accept(s, newsock, flags) : -EOPNOTSUPP;
	ip_deliver_local();
	return r;
}

static int inet_getname(struct socket *s, struct sockaddr_storage *a, int peer)
{
	return INNER(s)->getname(s, a, peer);
}

static long inet_sendmsg(struct socket *s, struct sock_msg *m, int flags)
{
	long r = INNER(s)->sendmsg(s, m, flags);
	ip_deliver_local();
	return r;
}

static long inet_recvmsg(struct socket *s, struct sock_msg *m, int flags)
{
	long r = INNER(s)->recvmsg(s, m, flags);
	ip_deliver_local();
	return r;
}

static int inet_shutdown(struct socket *s, int how)
{
	int r = INNER(s)->shutdown ? INNER(s)->shutdown(s, how) : -EOPNOTSUPP;
	ip_deliver_local();
	return r;
}

static int inet_setsockopt(struct socket *s, int level, int name, const void __user *val, u32 len)
{
	int r = INNER(s)->setsockopt ? INNER(s)->setsockopt(s, level, name, val, len) : -ENOPROTOOPT;
	ip_deliver_local();
	return r;
}

static int inet_getsockopt(struct socket *s, int level, int name, void __user *val, u32 __user *len)
{
	return INNER(s)->getsockopt ? INNER(s)->getsockopt(s, level, name, val, len) : -ENOPROTOOPT;
}

static int inet_poll(struct socket *s)
{
	ip_deliver_local();
	return INNER(s)->poll(s);
}

long inet_if_ioctl(u32 cmd, u64 arg)
{
	if (cmd == SIOCGIFCONF)
		return inet_ifconf((void __user *)arg);
	if ((cmd >= SIOCGIFNAME && cmd <= SIOCGIFHWADDR) || cmd == SIOCGIFINDEX || cmd == SIOCMINOS_GIFSTATS)
		return inet_ifreq(cmd, (void __user *)arg);
	return -ENOTTY;
}

static long inet_ioctl(struct socket *s, u32 cmd, u64 arg)
{
	long r = inet_if_ioctl(cmd, arg);
	if (r != -ENOTTY)
		return r;
	r = INNER(s)->ioctl ? INNER(s)->ioctl(s, cmd, arg) : -ENOTTY;
	ip_deliver_local();
	return r;
}

static const struct proto_ops inet_ops = {
	.release = inet_release,
	.bind = inet_bind,
	.connect = inet_connect,
	.listen = inet_listen,
	.accept = inet_accept,
	.getname = inet_getname,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
	.shutdown = inet_shutdown,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	.poll = inet_poll,
	.pair = NULL, /* socketpair(AF_INET, ...): -EOPNOTSUPP, as Linux */
	.ioctl = inet_ioctl,
};

/* Protocols run to IPPROTO_MPTCP (262) in Linux 6.1's uapi/linux/in.h;
 * beyond, socket(2) says EINVAL rather than EPROTONOSUPPORT. */
#define INET_IPPROTO_MAX 263

/* socket(AF_INET, type, protocol): Linux's choices (net/ipv4/af_inet.c's
 * inetsw_array): SOCK_STREAM is TCP, SOCK_DGRAM UDP (or ICMP: a "ping
 * socket", which Linux's default net.ipv4.ping_group_range refuses to
 * everyone, root included, with EACCES), SOCK_RAW any protocol but 0
 * (MinOS: ICMP only). */
static int inet_create(struct socket *s, int type, int protocol)
{
	if (protocol < 0 || protocol >= INET_IPPROTO_MAX)
		return -EINVAL;
	int r;
	switch (type) {
	case SOCK_STREAM:
		if (protocol != IPPROTO_IP && protocol != IPPROTO_TCP)
			return -EPROTONOSUPPORT;
		r = tcp_create(s);
		break;
	case SOCK_DGRAM:
		if (protocol == IPPROTO_ICMP)
			return -EACCES;
		if (protocol != IPPROTO_IP && protocol != IPPROTO_UDP)
			return -EPROTONOSUPPORT;
		r = udp_create(s);
		break;
	case SOCK_RAW:
		if (protocol == IPPROTO_IP)
			return -EPROTONOSUPPORT;
		if (protocol != IPPROTO_ICMP)
			return -EPROTONOSUPPORT;
		r = icmp_raw_create(s);
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	if (r < 0)
		return r;
	s->protocol = type == SOCK_STREAM ? IPPROTO_TCP : type == SOCK_DGRAM ? IPPROTO_UDP : protocol;
	if (!inner_ops[type])
		inner_ops[type] = s->ops;
	if (inner_ops[type] == s->ops)
		s->ops = &inet_ops;
	return 0;
}

static const struct net_family inet_family = {
	.family = AF_INET,
	.create = inet_create,
};

/* --- the tick ------------------------------------------------------------ */

static void inet_tick(void)
{
	arp_tick();
	tcp_tick();
	ip_deliver_local();
}

void inet_init(void)
{
	loopback_init(); /* first, so lo is interface 1 as on Linux */
	net_family_register(&inet_family);
	tcp_init();
	tick_subscribe(TICK_NET, inet_tick);
}
