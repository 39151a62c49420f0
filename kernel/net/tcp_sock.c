/*
 * tcp_sock.c - the operations of an AF_INET SOCK_STREAM socket: bind,
 * listen, accept, connect (blocking or not), send and receive through the
 * connection's queues (user bytes copied once each way), shutdown, close (FIN, or RST as Linux when unread
 * data is thrown away or SO_LINGER is 0), names, options and poll.
 * Invariant: s->sk is the socket's connection for the socket's whole
 * life; errors follow Linux's tcp.c and af_inet.c, including the order in
 * which a pending error, end of file and a shut direction are reported.
 */
#include "net/tcp.h"
#include "net/socket.h"
#include "net/tcp_conn.h"
#include "net/tcp_uapi.h"
#include "net/inet.h"
#include "uapi/eventpoll.h"
#include "time/tick.h"
#include "net/ip.h"
#include "errno.h"
#include "mm/uaccess.h"
#include "lib/string.h"
#include "uapi/fcntl.h"

static const struct proto_ops tcp_ops;

static struct tcp_conn *tcp_of(struct socket *s)
{
	return s->sk;
}

/* Takes the pending error (SO_ERROR), as Linux's sock_error(). */
static int tcp_take_error(struct socket *s)
{
	int err = s->error;
	s->error = 0;
	return err;
}

static bool tcp_synchronizing(const struct tcp_conn *c)
{
	return c->state == TCP_SYN_SENT || c->state == TCP_SYN_RECEIVED;
}

void tcp_wake(struct tcp_conn *c)
{
	if (c->sock) {
		wake_up(&c->sock->wait);
		poll_notify(&c->sock->poll);
	}
	if (c->listener && c->listener->sock) {
		wake_up(&c->listener->sock->wait);
		poll_notify(&c->listener->sock->poll);
	}
}

void tcp_set_error(struct tcp_conn *c, int err)
{
	if (c->sock)
		c->sock->error = err;
	else
		c->err = err;
}

void tcp_sock_bufsizes(const struct tcp_conn *c, u32 *sndbuf, u32 *rcvbuf)
{
	*sndbuf = c->sock ? c->sock->sndbuf : 0;
	*rcvbuf = c->sock ? c->sock->rcvbuf : 0;
}

static bool tcp_accept_ready(struct socket *s, void *arg);
static bool tcp_connect_ready(struct socket *s, void *arg)
{
	(void)arg;
	return !tcp_synchronizing(tcp_of(s));
}

static bool tcp_send_ready(struct socket *s, void *arg)
{
	(void)arg;
	struct tcp_conn *c = tcp_of(s);
	return tcp_queue_space(&c->snd) || s->error || (c->shut & TCP_SHUT_SND) ||
	       (c->state != TCP_ESTABLISHED && c->state != TCP_CLOSE_WAIT);
}

static bool tcp_recv_ready(struct socket *s, void *arg)
{
	(void)arg;
	struct tcp_conn *c = tcp_of(s);
	return c->rcv.len || s->error || (c->shut & TCP_SHUT_RCV) || c->state == TCP_CLOSED;
}

int tcp_create(struct socket *s)
{
	struct tcp_conn *c = tcp_conn_alloc();
	if (!c)
		return -ENOMEM;
	c->sock = s;
	s->sk = c;
	s->ops = &tcp_ops;
	return 0;
}

static void tcp_release(struct socket *s)
{
	struct tcp_conn *c = tcp_of(s);
	if (!c)
		return;
	s->sk = NULL;
	if (c->state == TCP_LISTEN)
		tcp_conn_stop_listening(c);
	bool linger0 = s->linger.l_onoff && s->linger.l_linger == 0;
	if (c->state != TCP_CLOSED && c->state != TCP_SYN_SENT &&
	    (c->rcv.len || linger0)) {
		/* Unread data is thrown away, or SO_LINGER 0: abort
		 * (RFC 9293 3.10.5, and Linux's tcp_close()). */
		tcp_conn_abort(c);
	}
	if (c->state == TCP_SYN_SENT)
		tcp_done(c);
	c->sock = NULL;
	if (c->state == TCP_CLOSED) {
		tcp_conn_free(c);
		return;
	}
	/* An orphan: it finishes the close alone and goes at a tick. */
	tcp_conn_fin(c);
	if (c->state == TCP_FIN_WAIT_2 && !c->state_at)
		c->state_at = tcp_now() + TCP_FIN_WAIT_2_TICKS;
}

static int tcp_bind(struct socket *s, const struct sockaddr_storage *addr, u32 len)
{
	struct tcp_conn *c = tcp_of(s);
	u32 a;
	u16 port;
	int err = inet_addr_get(addr, len, true, &a, &port);
	if (err)
		return err;
	if (((const struct sockaddr_in *)addr)->sin_family == AF_UNSPEC && a != INADDR_ANY)
		return -EAFNOSUPPORT; /* Linux takes AF_UNSPEC for INADDR_ANY only */
	err = inet_addr_bindable(a);
	if (err)
		return err;
	if (c->state != TCP_CLOSED || c->lport)
		return -EINVAL;
	c->reuse = s->reuseaddr;
	return tcp_conn_bind(c, a, port);
}

static int tcp_listen(struct socket *s, int backlog)
{
	struct tcp_conn *c = tcp_of(s);
	if (c->connecting || (c->state != TCP_CLOSED && c->state != TCP_LISTEN))
		return -EINVAL;
	if ((unsigned)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	if (c->state == TCP_LISTEN) {
		c->backlog = backlog;
		return 0;
	}
	c->reuse = s->reuseaddr;
	if (!c->lport) {
		int err = tcp_conn_bind(c, INADDR_ANY, 0);
		if (err)
			return err;
	} else {
		/* Linux checks the port again: two sockets bound to it
		 * with SO_REUSEADDR may not both listen. */
		for (struct tcp_conn *o = tcp_conn_first(); o; o = o->next) {
			if (o != c && o->lport == c->lport && o->state == TCP_LISTEN &&
			    (o->laddr == c->laddr || !o->laddr || !c->laddr))
				return -EADDRINUSE;
		}
	}
	c->backlog = backlog;
	c->shut = 0;
	tcp_set_state(c, TCP_LISTEN);
	s->acceptconn = true;
	return 0;
}

static struct tcp_conn *tcp_first_ready(struct tcp_conn *l)
{
	for (struct tcp_conn *c = l->queue; c; c = c->qnext)
		if (c->state != TCP_SYN_RECEIVED)
			return c;
	return NULL;
}

static bool tcp_accept_ready(struct socket *s, void *arg)
{
	(void)arg;
	struct tcp_conn *l = tcp_of(s);
	return l->state != TCP_LISTEN || tcp_first_ready(l);
}

static int tcp_accept(struct socket *s, struct socket *newsock, u32 flags)
{
	struct tcp_conn *l = tcp_of(s);
	if (l->state != TCP_LISTEN)
		return -EINVAL;
	while (!tcp_first_ready(l)) {
		if (flags & O_NONBLOCK)
			return -EAGAIN;
		int r = inet_wait(s, s->rcvtimeo_ns, tcp_accept_ready, NULL);
		if (r)
			return r;
		if (l->state != TCP_LISTEN)
			return -EINVAL;
	}
	struct tcp_conn *c = tcp_first_ready(l);
	for (struct tcp_conn **p = &l->queue; *p; p = &(*p)->qnext) {
		if (*p == c) {
			*p = c->qnext;
			break;
		}
	}
	c->listener = NULL;
	c->qnext = NULL;
	c->sock = newsock;
	newsock->sk = c;
	newsock->error = c->err;
	c->err = 0;
	poll_notify(&s->poll);
	return 0;
}

/* Linux's connect(2) on a stream socket (inet_stream_connect): the
 * socket remembers that a connect is under way until a call reports
 * how it ended. */
static int tcp_connect_result(struct socket *s, struct tcp_conn *c, u32 flags)
{
	if (tcp_synchronizing(c)) {
		if (flags & O_NONBLOCK)
			return -EALREADY;
		int r = inet_wait(s, s->sndtimeo_ns, tcp_connect_ready, NULL);
		if (r)
			return r == -EAGAIN ? -EINPROGRESS : r; /* Linux's timeout */
	}
	c->connecting = false;
	if (c->state == TCP_CLOSED) {
		int err = tcp_take_error(s);
		return -(err ? err : ECONNABORTED);
	}
	return 0;
}

static int tcp_connect(struct socket *s, const struct sockaddr_storage *addr, u32 len, u32 flags)
{
	struct tcp_conn *c = tcp_of(s);
	if (len < sizeof(sa_family_t))
		return -EINVAL;
	if (addr->ss_family == AF_UNSPEC) {
		/* Disconnect (Linux's tcp_disconnect). */
		tcp_conn_abort(c);
		s->acceptconn = false;
		c->connecting = false;
		c->shut = 0;
		return 0;
	}
	if (c->connecting)
		return tcp_connect_result(s, c, flags);
	if (c->state != TCP_CLOSED)
		return -EISCONN;

	u32 dst;
	u16 dport;
	int err = inet_addr_get(addr, len, false, &dst, &dport);
	if (err)
		return err;
	if (dst == INADDR_ANY)
		dst = net32(0x7f000001); /* Linux: 0.0.0.0 means this host */
	u32 src = c->laddr ? c->laddr : ip_source_for(dst);
	if (!src)
		return -ENETUNREACH;
	if (!c->lport) {
		c->reuse = s->reuseaddr;
		err = tcp_conn_bind(c, src, 0);
		if (err)
			return -EAGAIN; /* Linux: no ephemeral port left */
	}
	c->laddr = src;
	c->raddr = dst;
	c->rport = dport;
	err = tcp_conn_queues(c, s->sndbuf, s->rcvbuf);
	if (err)
		return err;
	s->error = 0;
	c->connecting = true;
	tcp_conn_open(c);
	if (flags & O_NONBLOCK)
		return -EINPROGRESS; /* even if it is over already, as Linux */
	return tcp_connect_result(s, c, flags);
}

static int tcp_getname(struct socket *s, struct sockaddr_storage *addr, int peer)
{
	struct tcp_conn *c = tcp_of(s);
	if (!peer)
		return inet_addr_put(addr, c->laddr, c->lport);
	if (!c->rport || c->state == TCP_CLOSED || c->state == TCP_SYN_SENT ||
	    c->state == TCP_LISTEN || c->state == TCP_TIME_WAIT)
		return -ENOTCONN;
	return inet_addr_put(addr, c->raddr, c->rport);
}

/* Linux's rule for POLLOUT on a stream (sk_stream_is_writeable): free
 * room at least half of what is queued. */
static bool tcp_writable(const struct tcp_conn *c)
{
	if (!c->snd.ready)
		return true;
	u32 space = tcp_queue_space(&c->snd);
	return space && space >= c->snd.len / 2;
}

static long tcp_copy_from_msg(void *arg, u8 *dst, u32 n)
{
	return msg_copy_in(arg, dst, n);
}

static long tcp_sendmsg(struct socket *s, struct sock_msg *m, int flags)
{
	struct tcp_conn *c = tcp_of(s);
	bool block = !(flags & MSG_DONTWAIT);
	long copied = 0;
	/* MSG_OOB: urgent data (RFC 9293 3.8.5) is not kept apart; its
	 * bytes go as ordinary data. */
	while (tcp_synchronizing(c)) {
		if (!block)
			return -EAGAIN;
		int r = inet_wait(s, s->sndtimeo_ns, tcp_connect_ready, NULL);
		if (r)
			return r;
	}
	for (;;) {
		if (s->error)
			return copied ? copied : -tcp_take_error(s);
		if ((c->shut & TCP_SHUT_SND) ||
		    (c->state != TCP_ESTABLISHED && c->state != TCP_CLOSE_WAIT))
			return copied ? copied : -EPIPE;
		if (!m->resid)
			return copied;
		u32 space = tcp_queue_space(&c->snd);
		if (!space) {
			tcp_output(c);
			if (!block)
				return copied ? copied : -EAGAIN;
			int r = inet_wait(s, s->sndtimeo_ns, tcp_send_ready, NULL);
			if (r)
				return copied ? copied : r;
			continue;
		}
		/* Straight from the user into the buffers that will go out. */
		long n = tcp_snd_append(c, (u32)MIN((u64)space, m->resid), tcp_copy_from_msg, m);
		if (n <= 0)
			return copied ? copied : (n ? n : -EFAULT);
		copied += n;
		tcp_output(c);
	}
}

static long tcp_copy_to_msg(void *arg, const u8 *src, u32 n)
{
	return msg_copy_out(arg, src, n);
}

static long tcp_recvmsg(struct socket *s, struct sock_msg *m, int flags)
{
	struct tcp_conn *c = tcp_of(s);
	bool peek = flags & MSG_PEEK;
	bool block = !(flags & MSG_DONTWAIT);
	u64 target = (flags & MSG_WAITALL) && !peek ? m->resid : 1;
	long copied = 0;
	m->namelen = 0;
	if (c->state == TCP_LISTEN)
		return -ENOTCONN;
	if (flags & MSG_OOB)
		return -EINVAL;
	while (m->resid) {
		u32 have = c->rcv.len - (peek ? (u32)copied : 0);
		if (have) {
			u32 n = (u32)MIN((u64)have, m->resid);
			long got = tcp_rcv_copy(c, peek ? (u32)copied : 0, n, tcp_copy_to_msg, m);
			if (got <= 0)
				return copied ? copied : (got ? got : -EFAULT);
			if (!peek) {
				tcp_rcv_consume(c, (u32)got);
				tcp_window_update(c);
			}
			copied += got;
			if ((u64)copied >= target)
				break;
			continue;
		}
		/* Nothing to read: in Linux's order (tcp_recvmsg). */
		if (copied) {
			if (s->error || c->state == TCP_CLOSED || (c->shut & TCP_SHUT_RCV))
				break;
		} else {
			if (c->fin_rcvd)
				break;
			if (s->error)
				return -tcp_take_error(s);
			if (c->shut & TCP_SHUT_RCV)
				break;
			if (c->state == TCP_CLOSED)
				return -ENOTCONN;
		}
		if (!block)
			return copied ? copied : -EAGAIN;
		int r = inet_wait(s, s->rcvtimeo_ns, tcp_recv_ready, NULL);
		if (r)
			return copied ? copied : r;
	}
	return copied;
}

static int tcp_shutdown(struct socket *s, int how)
{
	struct tcp_conn *c = tcp_of(s);
	int bits = inet_shutdown_bits(how);
	if (bits < 0)
		return bits;
	switch (c->state) {
	case TCP_CLOSED:
	case TCP_TIME_WAIT: /* Linux's socket is CLOSE by then */
		c->shut |= (u8)bits;
		return -ENOTCONN;
	case TCP_LISTEN:
		if (bits & TCP_SHUT_RCV) {
			tcp_conn_stop_listening(c);
			s->acceptconn = false;
			tcp_wake(c);
		}
		return 0;
	case TCP_SYN_SENT:
		tcp_done(c);
		c->connecting = false;
		return 0;
	default:
		break;
	}
	if (bits & TCP_SHUT_RCV)
		c->shut |= TCP_SHUT_RCV;
	if (bits & TCP_SHUT_SND)
		tcp_conn_fin(c);
	tcp_wake(c);
	return 0;
}

static int tcp_setsockopt(struct socket *s, int level, int name, const void __user *val, u32 len)
{
	struct tcp_conn *c = tcp_of(s);
	int v;
	if (level != IPPROTO_TCP)
		return -ENOPROTOOPT;
	if (len < sizeof(int))
		return -EINVAL;
	if (get_user_bytes(&v, val, sizeof(v)))
		return -EFAULT;
	switch (name) {
	case TCP_NODELAY:
		c->nodelay = v != 0;
		if (c->nodelay)
			tcp_output(c);
		return 0;
	case TCP_MAXSEG:
		if (v && (v < TCP_MIN_MSS || v > TCP_WINDOW_MAX))
			return -EINVAL;
		c->user_mss = (u32)v;
		return 0;
	case TCP_KEEPIDLE:
		if (v < 1 || v > TCP_MAX_KEEPIDLE)
			return -EINVAL;
		c->keepidle = v;
		return 0;
	case TCP_KEEPINTVL:
		if (v < 1 || v > TCP_MAX_KEEPINTVL)
			return -EINVAL;
		c->keepintvl = v;
		return 0;
	case TCP_KEEPCNT:
		if (v < 1 || v > TCP_MAX_KEEPCNT)
			return -EINVAL;
		c->keepcnt = v;
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

static int tcp_getsockopt(struct socket *s, int level, int name, void __user *val, u32 __user *ulen)
{
	struct tcp_conn *c = tcp_of(s);
	int len, v;
	if (level != IPPROTO_TCP)
		return -ENOPROTOOPT;
	if (get_user_bytes(&len, ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	switch (name) {
	case TCP_NODELAY:
		v = c->nodelay;
		break;
	case TCP_MAXSEG:
		/* Linux: the MSS in use, or TCP_MAXSEG's value before a
		 * connection has one. */
		v = (int)c->mss;
		if (c->user_mss && (c->state == TCP_CLOSED || c->state == TCP_LISTEN))
			v = (int)c->user_mss;
		break;
	case TCP_KEEPIDLE:
		v = c->keepidle;
		break;
	case TCP_KEEPINTVL:
		v = c->keepintvl;
		break;
	case TCP_KEEPCNT:
		v = c->keepcnt;
		break;
	default:
		return -ENOPROTOOPT;
	}
	len = MIN(len, (int)sizeof(v));
	if (put_user_bytes(ulen, &len, sizeof(len)) || put_user_bytes(val, &v, (u64)len))
		return -EFAULT;
	return 0;
}

/* Linux's tcp_poll(). */
static int tcp_poll(struct socket *s)
{
	struct tcp_conn *c = tcp_of(s);
	int mask = 0;
	if (c->state == TCP_LISTEN)
		return tcp_first_ready(c) ? POLLIN | POLLRDNORM : 0;
	if (c->shut == (TCP_SHUT_RCV | TCP_SHUT_SND) || c->state == TCP_CLOSED)
		mask |= POLLHUP;
	if (c->shut & TCP_SHUT_RCV)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (!tcp_synchronizing(c)) {
		if (c->rcv.len)
			mask |= POLLIN | POLLRDNORM;
		if (!(c->shut & TCP_SHUT_SND)) {
			if (tcp_writable(c))
				mask |= POLLOUT | POLLWRNORM;
		} else {
			mask |= POLLOUT | POLLWRNORM;
		}
	}
	if (s->error)
		mask |= POLLERR;
	return mask;
}

static long tcp_ioctl(struct socket *s, u32 cmd, u64 arg)
{
	struct tcp_conn *c = tcp_of(s);
	int v;
	switch (cmd) {
	case TCP_FIONREAD:
		if (c->state == TCP_LISTEN)
			return -EINVAL;
		v = (int)c->rcv.len;
		break;
	case TCP_SIOCOUTQ:
		if (c->state == TCP_LISTEN)
			return -EINVAL;
		v = (int)c->snd.len;
		break;
	default:
		return -ENOTTY;
	}
	if (put_user_bytes((void __user *)arg, &v, sizeof(v)))
		return -EFAULT;
	return 0;
}

static const struct proto_ops tcp_ops = {
	.release = tcp_release,
	.bind = tcp_bind,
	.connect = tcp_connect,
	.listen = tcp_listen,
	.accept = tcp_accept,
	.getname = tcp_getname,
	.sendmsg = tcp_sendmsg,
	.recvmsg = tcp_recvmsg,
	.shutdown = tcp_shutdown,
	.setsockopt = tcp_setsockopt,
	.getsockopt = tcp_getsockopt,
	.poll = tcp_poll,
	.pair = NULL,
	.ioctl = tcp_ioctl,
};
