/*
 * tcp_input.c - segment arrival (RFC 9293 3.10.7): checking a segment,
 * finding its connection, and the state machine: passive open through the
 * listener's bounded queue, active open, acknowledgments (RTT samples,
 * slow start, congestion avoidance, fast retransmit), flow control, data
 * in order, FIN and RST in every state, and ICMP errors.
 * Invariant: nothing here allocates for a segment except a listener's
 * child, bounded by its backlog, and the receive queue's buffers, bounded
 * by the window (tcp_rcv_take: the buffer lo delivers is referenced, a
 * card's bytes are copied); out-of-order data is dropped (the peer
 * retransmits it); every segment that is not taken is counted.
 */
#include "net/tcp.h"
#include "net/tcp_conn.h"
#include "errno.h"
#include "net/tcp_uapi.h"
#include "net/ip.h"
#include "lib/string.h"

/* One segment, parsed, host byte order. */
struct tcp_seg {
	const struct tcp_hdr *h;
	u32 seq, ack, len; /* len: payload bytes */
	u16 win;
	u8 flags;
	u16 mss;           /* the peer's MSS option, 0: none */
	const u8 *data;
};

static u32 tcp_seg_seqlen(const struct tcp_seg *s)
{
	return s->len + ((s->flags & TCP_SYN) ? 1 : 0) + ((s->flags & TCP_FIN) ? 1 : 0);
}

/* Options (RFC 9293 3.2): only MSS is used; others are skipped, a
 * malformed list ends the parsing. */
static void tcp_parse_options(struct tcp_seg *s, const u8 *o, u32 len)
{
	u32 i = 0;
	while (i < len) {
		u8 kind = o[i];
		if (kind == TCP_OPT_END)
			return;
		if (kind == TCP_OPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len || o[i + 1] < 2 || i + o[i + 1] > len)
			return;
		if (kind == TCP_OPT_MSS && o[i + 1] == TCP_OPT_MSS_LEN)
			s->mss = (u16)(o[i + 2] << 8 | o[i + 3]);
		i += o[i + 1];
	}
}

static u32 tcp_initial_cwnd(const struct tcp_conn *c)
{
	return TCP_INITIAL_CWND_SEGS * c->mss;
}

/* The MSS to send with: the peer's option (or 536) and this end's MTU,
 * and TCP_MAXSEG when set. */
static void tcp_set_mss(struct tcp_conn *c, u16 peer)
{
	u32 mss = MIN((u32)(peer ? peer : TCP_MSS_DEFAULT), tcp_local_mss(c->laddr));
	if (c->user_mss && c->user_mss < mss)
		mss = c->user_mss;
	c->mss = MAX(mss, 64u);
	c->cwnd = tcp_initial_cwnd(c);
	c->ssthresh = 0xffffffffu;
}

static int tcp_queue_count(const struct tcp_conn *l, bool established)
{
	int n = 0;
	for (const struct tcp_conn *c = l->queue; c; c = c->qnext)
		if ((c->state == TCP_SYN_RECEIVED) != established)
			n++;
	return n;
}

/* A SYN to a listener: a child in SYN-RECEIVED, if the queues have room
 * (Linux drops the SYN when its accept queue holds more than backlog
 * connections, and bounds the half-open ones by backlog too). */
static void tcp_listen_input(struct tcp_conn *l, u32 src, u32 dst, const struct tcp_seg *s)
{
	if (s->flags & TCP_RST)
		return;
	if (s->flags & TCP_ACK) {
		tcp_reset_reply(dst, src, s->h, tcp_seg_seqlen(s));
		return;
	}
	if (!(s->flags & TCP_SYN))
		return;
	int room = MAX(l->backlog, 1);
	if (tcp_queue_count(l, true) > l->backlog || tcp_queue_count(l, false) >= room) {
		tcp_counters.syn_dropped++;
		return;
	}
	struct tcp_conn *c = tcp_conn_alloc();
	if (!c) {
		tcp_counters.syn_dropped++;
		return;
	}
	c->laddr = dst;
	c->lport = s->h->dport;
	c->raddr = src;
	c->rport = s->h->sport;
	c->reuse = l->reuse;
	c->nodelay = l->nodelay;
	c->user_mss = l->user_mss;
	c->keepidle = l->keepidle;
	c->keepintvl = l->keepintvl;
	c->keepcnt = l->keepcnt;
	u32 sndbuf, rcvbuf;
	tcp_sock_bufsizes(l, &sndbuf, &rcvbuf);
	tcp_conn_queue_sizes(c, sndbuf, rcvbuf);
	c->listener = l;
	struct tcp_conn **tail = &l->queue;
	while (*tail)
		tail = &(*tail)->qnext;
	*tail = c;

	c->irs = s->seq;
	c->rcv_nxt = c->rcv_adv = s->seq + 1;
	c->iss = tcp_iss(dst, c->lport, src, c->rport);
	c->snd_una = c->snd_nxt = c->snd_max = c->iss;
	c->snd_wnd = c->max_wnd = s->win;
	c->snd_wl1 = s->seq;
	c->snd_wl2 = c->iss;
	tcp_set_mss(c, s->mss);
	c->state = TCP_SYN_RECEIVED;
	tcp_output(c);
}

/* RFC 9293 3.10.7.3. */
static void tcp_syn_sent_input(struct tcp_conn *c, const struct tcp_seg *s)
{
	bool ack_ok = false;
	if (s->flags & TCP_ACK) {
		if (SEQ_LEQ(s->ack, c->iss) || SEQ_GT(s->ack, c->snd_max)) {
			tcp_reset_reply(c->laddr, c->raddr, s->h, tcp_seg_seqlen(s));
			return;
		}
		ack_ok = true;
	}
	if (s->flags & TCP_RST) {
		if (ack_ok) {
			tcp_set_error(c, ECONNREFUSED);
			tcp_done(c);
		}
		return;
	}
	if (!(s->flags & TCP_SYN))
		return;
	c->irs = s->seq;
	c->rcv_nxt = c->rcv_adv = s->seq + 1;
	tcp_set_mss(c, s->mss);
	c->snd_wnd = c->max_wnd = s->win;
	c->snd_wl1 = s->seq;
	c->snd_wl2 = s->ack;
	if (!ack_ok) {
		/* Simultaneous open: answer with SYN-ACK. */
		c->state = TCP_SYN_RECEIVED;
		c->snd_nxt = c->iss;
		tcp_output(c);
		return;
	}
	c->snd_una = s->ack;
	if (c->rtt_timing && SEQ_GEQ(s->ack, c->rtt_seq))
		tcp_rtt_sample(c, (u32)(tcp_now() - c->rtt_start));
	c->rtt_timing = false;
	c->retries = 0;
	tcp_rexmit_stop(c);
	tcp_set_state(c, TCP_ESTABLISHED);
	tcp_send_ack(c);
}

/* RFC 9293 3.10.7.4, first check: is any of the segment inside the
 * receive window? */
static bool tcp_acceptable(const struct tcp_conn *c, const struct tcp_seg *s, u32 wnd)
{
	u32 len = tcp_seg_seqlen(s);
	u32 end = c->rcv_nxt + wnd;
	if (!len) {
		if (!wnd)
			return s->seq == c->rcv_nxt;
		return SEQ_GEQ(s->seq, c->rcv_nxt) && SEQ_LT(s->seq, end);
	}
	if (!wnd)
		return false;
	return (SEQ_GEQ(s->seq, c->rcv_nxt) && SEQ_LT(s->seq, end)) ||
	       (SEQ_GEQ(s->seq + len - 1, c->rcv_nxt) && SEQ_LT(s->seq + len - 1, end));
}

static void tcp_reset_input(struct tcp_conn *c)
{
	switch (c->state) {
	case TCP_SYN_RECEIVED:
		if (!c->listener)
			tcp_set_error(c, ECONNREFUSED);
		break;
	case TCP_ESTABLISHED:
	case TCP_FIN_WAIT_1:
	case TCP_FIN_WAIT_2:
		tcp_set_error(c, ECONNRESET);
		break;
	case TCP_CLOSE_WAIT:
		tcp_set_error(c, EPIPE); /* as Linux's tcp_reset() */
		break;
	default:
		break;
	}
	tcp_done(c); /* the send queue goes with it */
}

/* The part of input that acknowledges what this end sent; false when the
 * segment must go no further. */
static bool tcp_ack_input(struct tcp_conn *c, const struct tcp_seg *s, bool *need_ack)
{
	if (c->state == TCP_SYN_RECEIVED) {
		if (SEQ_LEQ(s->ack, c->snd_una) || SEQ_GT(s->ack, c->snd_max)) {
			tcp_reset_reply(c->laddr, c->raddr, s->h, tcp_seg_seqlen(s));
			return false;
		}
		struct tcp_conn *l = c->listener;
		if (l && tcp_queue_count(l, true) > l->backlog) {
			/* The accept queue is full: ignore the ACK, as
			 * Linux does; the SYN-ACK's retransmission asks again. */
			tcp_counters.syn_dropped++;
			return false;
		}
		if (tcp_conn_queues(c, 0, 0) < 0) {
			tcp_counters.syn_dropped++; /* out of memory: as full */
			return false;
		}
		tcp_set_state(c, TCP_ESTABLISHED);
		c->snd_wnd = s->win;
		c->snd_wl1 = s->seq;
		c->snd_wl2 = s->ack;
	}
	if (SEQ_GT(s->ack, c->snd_max)) {
		*need_ack = true; /* acknowledges what was never sent */
		return false;
	}
	u32 flight = c->snd_max - c->snd_una;
	if (SEQ_GT(s->ack, c->snd_una)) {
		u32 acked = s->ack - c->snd_una;
		if (c->snd_una == c->iss)
			acked--; /* the SYN */
		tcp_snd_consume(c, MIN(acked, c->snd.len));
		c->snd_una = s->ack;
		if (SEQ_LT(c->snd_nxt, c->snd_una))
			c->snd_nxt = c->snd_una;
		if (c->rtt_timing && SEQ_GEQ(s->ack, c->rtt_seq)) {
			tcp_rtt_sample(c, (u32)(tcp_now() - c->rtt_start));
			c->rtt_timing = false;
		} else if (c->retries && c->srtt) {
			/* New data acknowledged after a backoff: take the
			 * estimate back (RFC 6298 5.7). */
			tcp_rtt_sample(c, c->srtt >> 3);
		}
		c->retries = 0;
		/* RFC 5681 3.1 and 3.2. */
		if (c->dupacks >= 3)
			c->cwnd = c->ssthresh;
		else if (c->cwnd < c->ssthresh)
			c->cwnd += MIN(acked, c->mss);
		else
			c->cwnd += MAX(1u, c->mss * c->mss / c->cwnd);
		c->dupacks = 0;
		if (c->snd_una == c->snd_max)
			tcp_rexmit_stop(c);
		else
			tcp_rexmit_start(c);
		tcp_wake(c);
	} else if (s->ack == c->snd_una && !s->len && !(s->flags & (TCP_SYN | TCP_FIN)) &&
		   s->win == c->snd_wnd && flight) {
		/* A duplicate ACK: three mean a lost segment (RFC 5681 3.2). */
		if (++c->dupacks == 3) {
			c->ssthresh = MAX(flight / 2, 2 * c->mss);
			c->cwnd = c->ssthresh + 3 * c->mss;
			tcp_retransmit_first(c);
		} else if (c->dupacks > 3) {
			c->cwnd += c->mss;
		}
	}
	/* The send window (RFC 9293 3.10.7.4, fifth check). */
	if (SEQ_LT(c->snd_wl1, s->seq) ||
	    (c->snd_wl1 == s->seq && SEQ_LEQ(c->snd_wl2, s->ack))) {
		bool opened = !c->snd_wnd && s->win;
		c->snd_wnd = s->win;
		c->snd_wl1 = s->seq;
		c->snd_wl2 = s->ack;
		c->max_wnd = MAX(c->max_wnd, (u32)s->win);
		if (opened && c->snd_nxt == c->snd_una) {
			tcp_rexmit_stop(c); /* the persist timer */
			c->retries = 0;
		}
		if (opened)
			tcp_wake(c);
	}

	bool fin_acked = c->fin_sent && SEQ_GT(c->snd_una, c->fin_seq);
	switch (c->state) {
	case TCP_FIN_WAIT_1:
		if (fin_acked) {
			tcp_set_state(c, TCP_FIN_WAIT_2);
			if (!c->sock)
				c->state_at = tcp_now() + TCP_FIN_WAIT_2_TICKS;
		}
		break;
	case TCP_CLOSING:
		if (fin_acked) {
			tcp_set_state(c, TCP_TIME_WAIT);
			c->state_at = tcp_now() + TCP_TIME_WAIT_TICKS;
		}
		break;
	case TCP_LAST_ACK:
		if (fin_acked) {
			tcp_done(c);
			return false;
		}
		break;
	default:
		break;
	}
	return true;
}

/* Data and FIN, in order; false when the connection was reset. */
static bool tcp_data_input(struct tcp_conn *c, const struct tcp_seg *s, bool *need_ack)
{
	u32 len = s->len;
	bool fin = s->flags & TCP_FIN;
	bool receiving = c->state == TCP_ESTABLISHED || c->state == TCP_FIN_WAIT_1 ||
			 c->state == TCP_FIN_WAIT_2;
	if (len && receiving) {
		if (!c->sock && !c->listener) {
			/* Data for an owner that closed: Linux resets. */
			tcp_send_reset(c);
			tcp_done(c);
			return false;
		}
		u32 room = tcp_queue_space(&c->rcv);
		u32 take = tcp_rcv_take(c, s->data, MIN(len, room));
		c->rcv_nxt += take;
		if (take < len)
			fin = false; /* the FIN comes after bytes not taken */
		*need_ack = true;
		tcp_wake(c);
	}
	if (!fin || c->fin_rcvd)
		return true;
	c->fin_rcvd = true;
	c->shut |= TCP_SHUT_RCV;
	c->rcv_nxt++;
	*need_ack = true;
	switch (c->state) {
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
		tcp_set_state(c, TCP_CLOSE_WAIT);
		break;
	case TCP_FIN_WAIT_1:
		tcp_set_state(c, TCP_CLOSING);
		break;
	case TCP_FIN_WAIT_2:
		tcp_rexmit_stop(c);
		tcp_set_state(c, TCP_TIME_WAIT);
		c->state_at = tcp_now() + TCP_TIME_WAIT_TICKS;
		break;
	default:
		break;
	}
	return true;
}

/* Segments for a synchronized connection (RFC 9293 3.10.7.4). */
static void tcp_sync_input(struct tcp_conn *c, struct tcp_seg *s)
{
	bool need_ack = false;
	u32 wnd = tcp_rcv_window(c);
	if (c->state == TCP_TIME_WAIT && (s->flags & TCP_FIN) && !(s->flags & TCP_RST)) {
		/* The peer did not hear our ACK of its FIN: again, and
		 * restart the 2 MSL wait. */
		if (s->seq + s->len + 1 == c->rcv_nxt) {
			c->state_at = tcp_now() + TCP_TIME_WAIT_TICKS;
			tcp_send_ack(c);
			return;
		}
	}
	if (!tcp_acceptable(c, s, wnd)) {
		tcp_counters.out_of_window++;
		if (!(s->flags & TCP_RST))
			tcp_send_ack(c);
		return;
	}
	if (s->flags & TCP_RST) {
		/* RFC 5961 3.2: only an exact RST resets; one elsewhere in
		 * the window gets a challenge ACK. */
		if (s->seq == c->rcv_nxt)
			tcp_reset_input(c);
		else
			tcp_send_ack(c);
		return;
	}
	if (s->flags & TCP_SYN) {
		tcp_send_ack(c); /* RFC 5961 4.2: challenge ACK */
		return;
	}
	/* Trim to the window: bytes already received off the front,
	 * bytes beyond the window off the back. */
	if (SEQ_LT(s->seq, c->rcv_nxt)) {
		u32 cut = c->rcv_nxt - s->seq;
		if (cut <= s->len) {
			s->data += cut;
			s->len -= cut;
		} else {
			s->len = 0; /* the FIN too was received before */
			s->flags &= (u8)~TCP_FIN;
		}
		s->seq = c->rcv_nxt;
		if (!s->len && !(s->flags & TCP_FIN))
			need_ack = true; /* a pure duplicate: tell where we are */
	}
	if (s->len > wnd) {
		s->len = wnd;
		s->flags &= (u8)~TCP_FIN;
	}
	if (!(s->flags & TCP_ACK))
		return;
	if (!tcp_ack_input(c, s, &need_ack)) {
		if (need_ack && c->state != TCP_CLOSED)
			tcp_send_ack(c);
		return;
	}
	if (s->seq != c->rcv_nxt) {
		/* Out of order: dropped; the duplicate ACK asks for what is
		 * missing. */
		if (s->len || (s->flags & TCP_FIN)) {
			tcp_counters.ooo_dropped++;
			tcp_send_ack(c);
		}
		return;
	}
	if (!tcp_data_input(c, s, &need_ack))
		return;
	if (c->state == TCP_CLOSED)
		return;
	tcp_output(c); /* the ACK may have opened room for more */
	if (need_ack)
		tcp_send_ack(c);
}

void tcp_input(struct netif *nif, u32 src, u32 dst, const u8 *data, u32 len)
{
	tcp_counters.segs_in++;
	if (len < TCP_HLEN) {
		tcp_counters.bad_header++;
		return;
	}
	const struct tcp_hdr *h = (const struct tcp_hdr *)data;
	u32 hlen = (u32)(h->off >> 4) * 4;
	if (hlen < TCP_HLEN || hlen > len) {
		tcp_counters.bad_header++;
		return;
	}
	/* What lo delivers never crossed a wire: Linux trusts it
	 * (CHECKSUM_UNNECESSARY) and so does MinOS. */
	bool trusted = nif && (nif->flags & IFF_LOOPBACK);
	u32 sum = trusted ? 0 : ip_pseudo_sum(src, dst, IPPROTO_TCP, (u16)len);
	if (!trusted && ip_checksum_fold(ip_checksum_add(sum, data, len)) != 0) {
		tcp_counters.bad_checksum++;
		return;
	}
	struct tcp_seg s = {
		.h = h,
		.seq = net32(h->seq),
		.ack = net32(h->ack),
		.len = len - hlen,
		.win = net16(h->win),
		.flags = h->flags,
		.data = data + hlen,
	};
	tcp_parse_options(&s, data + TCP_HLEN, hlen - TCP_HLEN);

	struct tcp_conn *c = tcp_conn_lookup(dst, h->dport, src, h->sport);
	if (!c) {
		tcp_counters.no_socket++;
		tcp_reset_reply(dst, src, h, tcp_seg_seqlen(&s));
		return;
	}
	switch (c->state) {
	case TCP_LISTEN:
		tcp_listen_input(c, src, dst, &s);
		break;
	case TCP_SYN_SENT:
		tcp_syn_sent_input(c, &s);
		break;
	default:
		tcp_sync_input(c, &s);
		break;
	}
}

/* An ICMP error about a segment we sent. A connection still opening
 * gives up with it, as Linux does; an established one ignores it (the
 * retransmission timer decides). */
void tcp_icmp_error(int err, const u8 *orig, u32 len)
{
	if (len < IP_HLEN + 8)
		return;
	u32 ihl = (u32)(orig[0] & 0xf) * 4;
	if (ihl < IP_HLEN || len < ihl + 8)
		return;
	u32 src, dst;
	memcpy(&src, orig + 12, 4);
	memcpy(&dst, orig + 16, 4);
	const struct tcp_hdr *h = (const struct tcp_hdr *)(orig + ihl);
	struct tcp_conn *c = tcp_conn_lookup(src, h->sport, dst, h->dport);
	if (!c || c->state != TCP_SYN_SENT || c->raddr != dst)
		return;
	tcp_set_error(c, err < 0 ? -err : err);
	tcp_done(c);
}
