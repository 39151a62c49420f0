/*
 * tcp.c - TCP's table of connections: allocating and freeing them, ports
 * and binding, finding the connection a segment belongs to, initial
 * sequence numbers, the send and receive queues of packet buffers, and
 * the tick that runs the timers and frees finished orphans.
 * Invariant: every connection is on the one list (tcp_conns) from
 * tcp_conn_alloc() to tcp_conn_free(); only tcp_tick() frees orphans.
 * Locking: tcp_conns, tcp_counters and tcp_next_port under the kernel lock
 * (arch/x86_64/klock.h), held by the system calls and taken by trap_dispatch
 * for the card's interrupt and the boot CPU's tick (inet_tick); tcp_secret is
 * drawn once at boot.
 */
#include "net/tcp.h"
#include "net/tcp_conn.h"
#include "net/ip.h"
#include "errno.h"
#include "net/tcp_uapi.h"
#include "net/pbuf.h"
#include "mm/heap.h"
#include "lib/string.h"
#include "arch/x86_64/random.h"
#include "time/tick.h"

struct tcp_counters tcp_counters;

static struct tcp_conn *tcp_conns;
static u64 tcp_secret;    /* keys the ISN hash; random at boot */
static u16 tcp_next_port; /* where the ephemeral search starts */

/* Linux's net.ipv4.ip_local_port_range. */
#define TCP_EPHEMERAL_LOW 32768
#define TCP_EPHEMERAL_HIGH 60999

struct tcp_conn *tcp_conn_alloc(void)
{
	struct tcp_conn *c = kzalloc(sizeof(*c));
	if (!c)
		return NULL;
	c->state = TCP_CLOSED;
	c->rto = TCP_RTO_INITIAL;
	c->mss = TCP_MSS_DEFAULT;
	c->keepidle = TCP_KEEPIDLE_DEFAULT;
	c->keepintvl = TCP_KEEPINTVL_DEFAULT;
	c->keepcnt = TCP_KEEPCNT_DEFAULT;
	c->next = tcp_conns;
	tcp_conns = c;
	return c;
}

void tcp_conn_free(struct tcp_conn *c)
{
	for (struct tcp_conn **p = &tcp_conns; *p; p = &(*p)->next) {
		if (*p == c) {
			*p = c->next;
			break;
		}
	}
	tcp_queue_purge(&c->snd, true);
	tcp_queue_purge(&c->rcv, false);
	kfree(c);
}

struct tcp_conn *tcp_conn_first(void)
{
	return tcp_conns;
}

struct tcp_conn *tcp_conn_lookup(u32 laddr, u16 lport, u32 raddr, u16 rport)
{
	struct tcp_conn *listener = NULL;
	for (struct tcp_conn *c = tcp_conns; c; c = c->next) {
		if (c->lport != lport || c->state == TCP_CLOSED)
			continue;
		if (c->state == TCP_LISTEN) {
			if (c->laddr == laddr || (c->laddr == INADDR_ANY && !listener))
				listener = c;
			continue;
		}
		if (c->laddr == laddr && c->raddr == raddr && c->rport == rport)
			return c;
	}
	return listener;
}

/* Linux's rule (inet_csk_bind_conflict): two sockets may share a port
 * when their addresses differ (neither INADDR_ANY), or when both asked
 * for SO_REUSEADDR and the other is not listening. A connection in
 * TIME_WAIT keeps the flag its socket had. */
static bool tcp_port_conflict(const struct tcp_conn *c, u32 addr, u16 port)
{
	for (struct tcp_conn *o = tcp_conns; o; o = o->next) {
		if (o == c || o->lport != port)
			continue;
		if (o->listener)
			continue; /* a child shares its listener's port */
		if (o->state == TCP_CLOSED && !o->sock)
			continue; /* finished, freed at the next tick */
		if (addr != INADDR_ANY && o->laddr != INADDR_ANY && o->laddr != addr)
			continue;
		if (c->reuse && o->reuse && o->state != TCP_LISTEN)
			continue;
		return true;
	}
	return false;
}

int tcp_conn_bind(struct tcp_conn *c, u32 addr, u16 port)
{
	if (port) {
		if (tcp_port_conflict(c, addr, port))
			return -EADDRINUSE;
	} else {
		u32 range = TCP_EPHEMERAL_HIGH - TCP_EPHEMERAL_LOW + 1;
		u32 i;
		for (i = 0; i < range; i++) {
			u16 p = (u16)(TCP_EPHEMERAL_LOW + (tcp_next_port + i) % range);
			if (!tcp_port_conflict(c, addr, net16(p))) {
				port = net16(p);
				break;
			}
		}
		if (i == range)
			return -EADDRINUSE;
		tcp_next_port = (u16)((tcp_next_port + i + 1) % range);
	}
	c->laddr = addr;
	c->lport = port;
	return 0;
}

/* splitmix64's finalizer: a fast mixing function, not a cryptographic
 * hash; it keeps ISNs of different 4-tuples apart and unguessable to a
 * casual observer, not to an attacker who sees many of them. */
static u64 tcp_mix(u64 x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* RFC 6528: ISN = M + F(4-tuple, secret), M a clock that advances every
 * 4 microseconds (here: a tick is 10 ms, 2500 steps of 4 us). */
u32 tcp_iss(u32 laddr, u16 lport, u32 raddr, u16 rport)
{
	u64 key = ((u64)laddr << 32 | raddr) ^ tcp_mix(((u64)lport << 16 | rport) ^ tcp_secret);
	return (u32)(tick_count() * 2500) + (u32)tcp_mix(key ^ tcp_secret);
}

static u32 tcp_buf_size(u32 want)
{
	if (!want)
		return TCP_BUF_DEFAULT;
	return MIN(MAX(want, TCP_BUF_MIN), TCP_BUF_MAX);
}

void tcp_conn_queue_sizes(struct tcp_conn *c, u32 sndbuf, u32 rcvbuf)
{
	if (!c->snd.size)
		c->snd.size = tcp_buf_size(sndbuf);
	if (!c->rcv.size)
		c->rcv.size = tcp_buf_size(rcvbuf);
}

int tcp_conn_queues(struct tcp_conn *c, u32 sndbuf, u32 rcvbuf)
{
	tcp_conn_queue_sizes(c, sndbuf, rcvbuf);
	c->snd.ready = c->rcv.ready = true;
	return 0;
}

void tcp_set_state(struct tcp_conn *c, enum tcp_state state)
{
	c->state = state;
	tcp_wake(c);
}

static void tcp_unqueue(struct tcp_conn *c)
{
	struct tcp_conn *l = c->listener;
	if (!l)
		return;
	for (struct tcp_conn **p = &l->queue; *p; p = &(*p)->qnext) {
		if (*p == c) {
			*p = c->qnext;
			break;
		}
	}
	tcp_wake(c); /* the listener's readiness changed too */
	c->listener = NULL;
	c->qnext = NULL;
}

void tcp_done(struct tcp_conn *c)
{
	c->rexmit_at = 0;
	c->state_at = 0;
	c->shut = TCP_SHUT_RCV | TCP_SHUT_SND;
	tcp_unqueue(c);
	tcp_queue_purge(&c->snd, true); /* nothing is sent any more */
	tcp_set_state(c, TCP_CLOSED);
}

const char *tcp_state_name(enum tcp_state s)
{
	static const char *const names[] = {
		"CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED",
		"FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK",
		"TIME-WAIT",
	};
	return (unsigned)s < ARRAY_SIZE(names) ? names[s] : "?";
}

/* A send-queue buffer is allocated for what one write brings, at least
 * this much (so that small writes held back by Nagle share a buffer) and
 * at most one MSS. */
#define TCP_SND_CAP_MIN 256
/* A receive queue references the sender's buffer for a segment of at
 * least this many bytes, or when it is empty; smaller segments are copied
 * into buffers of the receiver's own, TCP_RCV_CAP at a time, so a flood
 * of tiny segments costs little more memory than the bytes it carries. */
#define TCP_RCV_REF_MIN 512
#define TCP_RCV_CAP 3840

u32 tcp_queue_space(const struct tcp_queue *q)
{
	return q->size - q->len;
}

void tcp_queue_purge(struct tcp_queue *q, bool send)
{
	struct pbuf *p = q->head;
	while (p) {
		struct pbuf *next = send ? p->snext : p->qnext;
		pbuf_put(p);
		p = next;
	}
	q->head = q->tail = NULL;
	q->len = q->off = 0;
}

long tcp_snd_append(struct tcp_conn *c, u32 n, tcp_copy_fn copy, void *arg)
{
	struct tcp_queue *q = &c->snd;
	u32 done = 0;
	long err = 0;
	n = MIN(n, tcp_queue_space(q));
	while (done < n) {
		struct pbuf *p = q->tail;
		u32 room = p && !p->sent ? pbuf_seg_room(p) : 0;
		bool fresh = false;
		if (!room) {
			p = pbuf_alloc(MIN(c->mss, MAX(n - done, (u32)TCP_SND_CAP_MIN)));
			if (!p) {
				err = -ENOBUFS;
				break;
			}
			room = pbuf_seg_room(p);
			fresh = true;
		}
		u32 run = MIN(room, n - done);
		long got = copy(arg, pbuf_payload(p) + p->seg_len, run);
		if (got > 0) {
			p->seg_len += (u32)got;
			q->len += (u32)got;
			done += (u32)got;
		}
		if (fresh) {
			if (got > 0) {
				if (q->tail)
					q->tail->snext = p;
				else
					q->head = p;
				q->tail = p;
			} else {
				pbuf_put(p);
			}
		}
		if (got < (long)run) {
			err = got < 0 ? got : -EFAULT;
			break;
		}
	}
	return done ? (long)done : err;
}

static long tcp_copy_kernel(void *arg, u8 *dst, u32 n)
{
	const u8 **src = arg;
	memcpy(dst, *src, n);
	*src += n;
	return n;
}

u32 tcp_snd_write(struct tcp_conn *c, const void *src, u32 n)
{
	long r = tcp_snd_append(c, n, tcp_copy_kernel, &src);
	return r > 0 ? (u32)r : 0;
}

void tcp_snd_consume(struct tcp_conn *c, u32 n)
{
	struct tcp_queue *q = &c->snd;
	q->len -= n;
	n += q->off;
	while (q->head && n >= q->head->seg_len) {
		struct pbuf *p = q->head;
		n -= p->seg_len;
		q->head = p->snext;
		pbuf_put(p);
	}
	if (!q->head)
		q->tail = NULL;
	q->off = q->head ? n : 0;
}

static void tcp_rcv_link(struct tcp_queue *q, struct pbuf *p)
{
	p->qnext = NULL;
	if (q->tail)
		q->tail->qnext = p;
	else
		q->head = p;
	q->tail = p;
}

u32 tcp_rcv_take(struct tcp_conn *c, const u8 *data, u32 len)
{
	struct tcp_queue *q = &c->rcv;
	struct pbuf *src = pbuf_receiving(data, len);
	if (src && (len >= TCP_RCV_REF_MIN || !q->head)) {
		
		pbuf_get(src);
		src->rdata = (u8 *)data;
		src->rlen = len;
		src->own = false;
		tcp_rcv_link(q, src);
		q->len += len;
		return len;
	}
	u32 done = 0;
	
	while (done < len) {
		struct pbuf *t = q->tail;
		u32 room = t && t->own ? (u32)(t->buf + t->size - (t->rdata + t->rlen)) : 0;
		if (!room) {
			t = pbuf_alloc(MAX(len - done, (u32)TCP_RCV_CAP));
			if (!t)
				break;
			t->own = true;
			t->rdata = t->data;
			tcp_rcv_link(q, t);
			room = t->size - PBUF_HEADROOM;
		}
		u32 run = MIN(room, len - done);
		memcpy(t->rdata + t->rlen, data + done, run);
		t->rlen += run;
		q->len += run;
		done += run;
	}
	return done;
}

long tcp_rcv_copy(struct tcp_conn *c, u32 off, u32 n, tcp_out_fn out, void *arg)
{
	u32 done = 0;
	for (struct pbuf *p = c->rcv.head; p && done < n; p = p->qnext) {
		if (off >= p->rlen) {
			off -= p->rlen;
			continue;
		}
		u32 run = MIN(p->rlen - off, n - done);
		long got = out(arg, p->rdata + off, run);
		if (got < 0)
			return done ? (long)done : got;
		done += (u32)got;
		if ((u32)got < run)
			break;
		off = 0;
	}
	return done;
}

static long tcp_out_kernel(void *arg, const u8 *src, u32 n)
{
	u8 **dst = arg;
	memcpy(*dst, src, n);
	*dst += n;
	return n;
}

u32 tcp_rcv_peek(struct tcp_conn *c, u32 off, void *dst, u32 n)
{
	long r = tcp_rcv_copy(c, off, n, tcp_out_kernel, &dst);
	return r > 0 ? (u32)r : 0;
}

void tcp_rcv_consume(struct tcp_conn *c, u32 n)
{
	struct tcp_queue *q = &c->rcv;
	q->len -= n;
	while (n) {
		struct pbuf *p = q->head;
		u32 run = MIN(n, p->rlen);
		p->rdata += run;
		p->rlen -= run;
		n -= run;
		if (!p->rlen) { /* read to its end: a reader that waits holds nothing */
			q->head = p->qnext;
			if (!q->head)
				q->tail = NULL;
			pbuf_put(p);
		}
	}
}

/* Resets every child still queued on a listener (Linux's
 * inet_csk_listen_stop): the synchronized ones get a RST. */
void tcp_conn_stop_listening(struct tcp_conn *c)
{
	while (c->queue) {
		struct tcp_conn *child = c->queue;
		if (child->state != TCP_SYN_RECEIVED)
			tcp_send_reset(child);
		tcp_done(child);
	}
	c->state = TCP_CLOSED;
}

/* Sends our FIN after the queued data (RFC 9293 3.10.4, CLOSE). */
void tcp_conn_fin(struct tcp_conn *c)
{
	if (c->shut & TCP_SHUT_SND)
		return;
	c->shut |= TCP_SHUT_SND;
	if (c->state == TCP_ESTABLISHED || c->state == TCP_SYN_RECEIVED)
		tcp_set_state(c, TCP_FIN_WAIT_1);
	else if (c->state == TCP_CLOSE_WAIT)
		tcp_set_state(c, TCP_LAST_ACK);
	else
		return;
	c->fin_queued = true;
	tcp_output(c);
}

static bool tcp_needs_reset(const struct tcp_conn *c)
{
	return c->state == TCP_ESTABLISHED || c->state == TCP_CLOSE_WAIT ||
	       c->state == TCP_FIN_WAIT_1 || c->state == TCP_FIN_WAIT_2 ||
	       c->state == TCP_SYN_RECEIVED;
}

void tcp_conn_abort(struct tcp_conn *c)
{
	if (c->state == TCP_LISTEN)
		tcp_conn_stop_listening(c);
	if (tcp_needs_reset(c))
		tcp_send_reset(c);
	if (c->state != TCP_CLOSED)
		tcp_done(c);
}

void tcp_conn_open(struct tcp_conn *c)
{
	tcp_queue_purge(&c->snd, true);
	tcp_queue_purge(&c->rcv, false);
	c->iss = tcp_iss(c->laddr, c->lport, c->raddr, c->rport);
	c->snd_una = c->snd_nxt = c->snd_max = c->iss;
	c->snd_wnd = c->max_wnd = 0;
	c->rcv_nxt = c->rcv_adv = 0;
	c->fin_queued = c->fin_sent = c->fin_rcvd = false;
	c->shut = 0;
	c->retries = 0;
	c->rto = TCP_RTO_INITIAL;
	c->srtt = c->rttvar = 0;
	c->mss = tcp_local_mss(c->laddr);
	c->cwnd = TCP_INITIAL_CWND_SEGS * c->mss;
	c->ssthresh = 0xffffffffu;
	tcp_set_state(c, TCP_SYN_SENT);
	tcp_output(c);
}

bool tcp_unacknowledged(void)
{
	for (struct tcp_conn *c = tcp_conns; c; c = c->next) {
		switch (c->state) {
		case TCP_FIN_WAIT_1: /* our FIN is not acknowledged yet */
		case TCP_CLOSING:
		case TCP_LAST_ACK:
			return true;
		case TCP_ESTABLISHED:
		case TCP_CLOSE_WAIT:
			if (c->snd.len) /* the queue holds the bytes from snd_una */
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

/* The timers of every connection, then the orphans that finished. */
void tcp_tick(void)
{
	u64 now = tcp_now();
	for (struct tcp_conn *c = tcp_conns; c; c = c->next)
		tcp_timeout(c, now);
	struct tcp_conn **p = &tcp_conns;
	while (*p) {
		struct tcp_conn *c = *p;
		if (c->state == TCP_CLOSED && !c->sock && !c->listener) {
			*p = c->next;
			tcp_queue_purge(&c->snd, true);
			tcp_queue_purge(&c->rcv, false);
			kfree(c);
		} else {
			p = &c->next;
		}
	}
}

void tcp_init(void)
{
	random_bytes(&tcp_secret, sizeof(tcp_secret));
	random_bytes(&tcp_next_port, sizeof(tcp_next_port));
}
