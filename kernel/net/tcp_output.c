/*
 * tcp_output.c - building and sending segments: SYN and SYN-ACK with the
 * MSS option, data within the peer's window and the congestion window
 * (RFC 5681) under Nagle's rule and sender-side silly window avoidance
 * (RFC 1122 4.2.3.4), FIN, ACKs and RSTs.
 * Invariant: every segment leaves through tcp_send_segment(), which sets
 * its checksum (none on lo, whose receiver trusts it, as Linux's
 * CHECKSUM_UNNECESSARY) and records the window it offers (rcv_adv); a
 * segment that carries a sequence number (data, SYN, FIN) keeps the
 * retransmission timer running. A data segment is, whenever it can be,
 * one send-queue buffer whole, its headers written in the buffer's
 * headroom: the bytes are not copied on their way to lo (pbuf.h).
 */
#include "net/tcp_conn.h"
#include "errno.h"
#include "net/tcp_uapi.h"
#include "net/ip.h"
#include "net/netif.h"
#include "net/pbuf.h"
#include "lib/string.h"

/* The most an IPv4 packet can carry after the headers (65535 - 40): the
 * MSS Linux announces on lo. */
#define TCP_MSS_MAX 65495

u32 tcp_local_mss(u32 laddr)
{
	u32 mtu = ETH_DATA_LEN;
	for (struct netif *nif = netif_first(); nif; nif = nif->next) {
		bool lo = (nif->flags & IFF_LOOPBACK) && (net32(laddr) >> 24) == 127;
		if (nif->addr == laddr || lo) {
			mtu = nif->mtu;
			break;
		}
	}
	if (mtu <= TCP_HEADERS)
		return TCP_MSS_DEFAULT;
	return MIN(mtu - TCP_HEADERS, TCP_MSS_MAX);
}

u32 tcp_rcv_window(const struct tcp_conn *c)
{
	return MIN(tcp_queue_space(&c->rcv), (u32)TCP_WINDOW_MAX);
}

/* The window to announce: what the receive queue has room for, except that a
 * small increase over what is already offered is not announced (receiver
 * side silly window avoidance, RFC 1122 4.2.3.3); it never shrinks. */
static u32 tcp_window_to_offer(const struct tcp_conn *c)
{
	u32 offered = SEQ_GT(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;
	u32 win = tcp_rcv_window(c);
	u32 step = MIN(c->mss, c->rcv.size / 2);
	if (win <= offered)
		return offered;
	if (win - offered < step && win < c->rcv.size / 2)
		return offered;
	return win;
}

/* Splits the unshared send-queue buffer p (whose predecessor is prev)
 * after its first len bytes, copying the smaller side into a new buffer,
 * so the segment about to go is one buffer whole. Returns the buffer that
 * now holds the first len bytes, NULL when out of memory. */
static struct pbuf *tcp_seg_split(struct tcp_conn *c, struct pbuf *prev, struct pbuf *p, u32 len)
{
	u32 rest = p->seg_len - len;
	struct pbuf *n = pbuf_alloc(MIN(len, rest));
	if (!n)
		return NULL;
	if (rest <= len) {
		/* The tail moves to n, after p; n may still grow if it is
		 * the queue's last and p was not sent. */
		memcpy(pbuf_payload(n), pbuf_payload(p) + len, rest);
		n->seg_len = rest;
		n->sent = p->sent;
		p->seg_len = len;
		n->snext = p->snext;
		p->snext = n;
		if (c->snd.tail == p)
			c->snd.tail = n;
		return p;
	}
	/* The head moves to n, before p; p's payload then starts later (its
	 * headers will cover bytes that n holds now). */
	memcpy(pbuf_payload(n), pbuf_payload(p), len);
	n->seg_len = len;
	n->sent = true;
	p->seg_off += len;
	p->seg_len = rest;
	n->snext = p;
	if (prev)
		prev->snext = n;
	else
		c->snd.head = n;
	return n;
}

/* The buffer holding the payload [off, off + len) of the send queue
 * (off counted from snd_una), with a reference for the caller: the
 * queue's own buffer when the segment starts a buffer nobody else holds
 * (split when the segment is shorter: no copy, or the smaller side's),
 * else a new buffer the bytes are copied into (a retransmission while lo
 * or the peer still holds the first copy, or one that starts inside a
 * buffer). NULL when out of memory. */
static struct pbuf *tcp_seg_buffer(struct tcp_conn *c, u32 off, u32 len)
{
	u32 pos = off + c->snd.off;
	struct pbuf *prev = NULL, *p = c->snd.head;
	while (p && pos >= p->seg_len) {
		pos -= p->seg_len;
		prev = p;
		p = p->snext;
	}
	if (!p)
		return NULL;
	if (pos == 0 && len <= p->seg_len && p->refs == 1) {
		if (len < p->seg_len)
			p = tcp_seg_split(c, prev, p, len);
		if (!p)
			return NULL;
		p->sent = true;
		pbuf_get(p);
		return p;
	}
	struct pbuf *n = pbuf_alloc(len);
	if (!n)
		return NULL;
	u32 done = 0;
	for (; p && done < len; p = p->snext, pos = 0) {
		u32 run = MIN(p->seg_len - pos, len - done);
		memcpy(pbuf_payload(n) + done, pbuf_payload(p) + pos, run);
		p->sent = true; /* its bytes are out: nothing goes in front of them */
		done += run;
	}
	n->seg_len = done;
	n->sent = true;
	return n;
}

/* How long the segment at off should be, given that up to len bytes may
 * go: the length of the queue's buffer there when it starts there and is
 * shorter (so it goes whole, without a copy). */
static u32 tcp_seg_align(const struct tcp_conn *c, u32 off, u32 len, u32 *whole)
{
	u32 pos = off + c->snd.off;
	const struct pbuf *p = c->snd.head;
	while (p && pos >= p->seg_len) {
		pos -= p->seg_len;
		p = p->snext;
	}
	*whole = p && pos == 0 ? p->seg_len : 0;
	if (*whole && *whole < len)
		return *whole;
	return len;
}

static void tcp_send_segment(struct tcp_conn *c, u32 seq, u8 flags,
			     u32 data_off, u32 len, bool mss_opt)
{
	u32 hlen = TCP_HLEN + (mss_opt ? TCP_OPT_MSS_LEN : 0);
	u32 win = tcp_window_to_offer(c);
	struct pbuf *p = len ? tcp_seg_buffer(c, data_off, len) : pbuf_alloc(0);
	if (!p)
		return; /* out of memory: as a segment lost, the timer resends */
	p->data = pbuf_payload(p);
	p->len = len;
	struct tcp_hdr *h = (struct tcp_hdr *)pbuf_push(p, hlen);

	memset(h, 0, hlen);
	h->sport = c->lport;
	h->dport = c->rport;
	h->seq = net32(seq);
	h->ack = (flags & TCP_ACK) ? net32(c->rcv_nxt) : 0;
	h->off = (u8)((hlen / 4) << 4);
	h->flags = flags;
	h->win = net16((u16)win);
	if (mss_opt) {
		u8 *o = (u8 *)h + TCP_HLEN;
		u16 mss = (u16)tcp_local_mss(c->laddr);
		o[0] = TCP_OPT_MSS;
		o[1] = TCP_OPT_MSS_LEN;
		o[2] = (u8)(mss >> 8);
		o[3] = (u8)mss;
	}
	if (!ip_is_local(c->raddr)) {
		u32 sum = ip_pseudo_sum(c->laddr, c->raddr, IPPROTO_TCP, (u16)(hlen + len));
		sum = ip_checksum_add(sum, h, hlen + len);
		h->csum = ip_checksum_fold(sum);
	}

	if (flags & TCP_ACK)
		c->rcv_adv = c->rcv_nxt + win;
	tcp_counters.segs_out++;
	if (flags & TCP_RST)
		tcp_counters.resets_out++;
	ip_output_pbuf(c->laddr, c->raddr, IPPROTO_TCP, p);
	pbuf_put(p);
}

void tcp_send_ack(struct tcp_conn *c)
{
	tcp_send_segment(c, c->snd_nxt, TCP_ACK, 0, 0, false);
}

void tcp_send_reset(struct tcp_conn *c)
{
	tcp_send_segment(c, c->snd_nxt, TCP_RST | TCP_ACK, 0, 0, false);
}

void tcp_reset_reply(u32 laddr, u32 raddr, const struct tcp_hdr *in, u32 seglen)
{
	/* RFC 9293 3.10.7.1: never answer a RST; take the sequence number
	 * from the ACK field, or acknowledge the segment when it has none. */
	if (in->flags & TCP_RST)
		return;
	struct tcp_conn fake;
	memset(&fake, 0, sizeof(fake));
	fake.laddr = laddr;
	fake.raddr = raddr;
	fake.lport = in->dport;
	fake.rport = in->sport;
	fake.mss = TCP_MSS_DEFAULT;
	if (in->flags & TCP_ACK) {
		tcp_send_segment(&fake, net32(in->ack), TCP_RST, 0, 0, false);
	} else {
		fake.rcv_nxt = net32(in->seq) + seglen;
		tcp_send_segment(&fake, 0, TCP_RST | TCP_ACK, 0, 0, false);
	}
}

void tcp_window_update(struct tcp_conn *c)
{
	if (c->state != TCP_ESTABLISHED && c->state != TCP_FIN_WAIT_1 &&
	    c->state != TCP_FIN_WAIT_2)
		return;
	u32 offered = SEQ_GT(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;
	u32 win = tcp_rcv_window(c);
	if (win > offered && win - offered >= MIN(c->mss, TCP_WINDOW_MAX / 2))
		tcp_send_ack(c);
}

/* The sequence number just after the last byte in the send queue. */
static u32 tcp_data_end(const struct tcp_conn *c)
{
	return c->snd_una + c->snd.len;
}

static void tcp_start_rtt(struct tcp_conn *c, u32 end)
{
	if (!c->rtt_timing && SEQ_GEQ(c->snd_nxt, c->snd_max)) {
		c->rtt_timing = true;
		c->rtt_seq = end;
		c->rtt_start = tcp_now();
	}
}

static void tcp_output_syn(struct tcp_conn *c)
{
	u8 flags = c->state == TCP_SYN_SENT ? TCP_SYN : TCP_SYN | TCP_ACK;
	if (c->snd_nxt != c->iss)
		return; /* sent, not yet timed out */
	tcp_start_rtt(c, c->iss + 1);
	c->snd_nxt = c->iss + 1;
	if (SEQ_GT(c->snd_nxt, c->snd_max))
		c->snd_max = c->snd_nxt;
	if (!c->rexmit_at)
		tcp_rexmit_start(c);
	tcp_send_segment(c, c->iss, flags, 0, 0, true);
}

void tcp_output(struct tcp_conn *c)
{
	if (c->state == TCP_SYN_SENT || c->state == TCP_SYN_RECEIVED) {
		tcp_output_syn(c);
		return;
	}
	if (c->state == TCP_CLOSED || c->state == TCP_LISTEN || c->state == TCP_TIME_WAIT)
		return;
	for (;;) {
		u32 end = tcp_data_end(c);
		u32 off = c->snd_nxt - c->snd_una;
		if (c->fin_sent && SEQ_GT(c->snd_nxt, c->fin_seq))
			return; /* the FIN is out: nothing follows it */
		u32 avail = end - c->snd_nxt;
		u32 flight = c->snd_nxt - c->snd_una;
		u32 wnd = MIN(c->snd_wnd, c->cwnd);
		u32 usable = wnd > flight ? wnd - flight : 0;
		u32 len = MIN(MIN(avail, usable), c->mss);
		bool fin = c->fin_queued && len == avail;

		if (!len && !fin) {
			/* Unsent data, a closed window, nothing in flight:
			 * the persist timer will probe (RFC 9293 3.8.6.1). */
			if (avail && !flight && !c->rexmit_at)
				tcp_rexmit_start(c);
			return;
		}
		if (len < c->mss && len < avail && len < c->max_wnd / 2 && flight)
			return; /* silly window: wait for the window to open */
		if (len && len < c->mss && len == avail && !fin && flight && !c->nodelay)
			return; /* Nagle: one small segment in flight at a time */
		/* A segment is one send-queue buffer when it can be (no
		 * copy): cut at the buffer's end, or, when the window cuts
		 * the buffer and an ACK is on its way, wait for room for all
		 * of it. */
		u32 whole;
		u32 cut = tcp_seg_align(c, off, len, &whole);
		if (len && len < whole && whole <= c->mss && whole <= c->max_wnd && flight)
			return;
		if (cut < len) {
			len = cut;
			fin = false;
		}

		u8 flags = TCP_ACK;
		if (len && len == avail)
			flags |= TCP_PSH;
		if (fin)
			flags |= TCP_FIN;
		u32 seq = c->snd_nxt;
		if (len)
			tcp_start_rtt(c, seq + len);
		if (fin) {
			c->fin_sent = true;
			c->fin_seq = seq + len;
		}
		c->snd_nxt = seq + len + (fin ? 1 : 0);
		if (SEQ_GT(c->snd_nxt, c->snd_max))
			c->snd_max = c->snd_nxt;
		if (!c->rexmit_at)
			tcp_rexmit_start(c);
		tcp_send_segment(c, seq, flags, off, len, false);
		if (c->state == TCP_CLOSED)
			return; /* reset by what the send delivered */
		if (fin)
			return;
	}
}

u32 tcp_retransmit_first(struct tcp_conn *c)
{
	u32 whole;
	u32 len = tcp_seg_align(c, 0, MIN(c->snd.len, c->mss), &whole);
	bool fin = c->fin_sent && c->snd_una + len == c->fin_seq;
	if (!len && !fin)
		return 0;
	tcp_counters.retransmits++;
	c->rtt_timing = false; /* Karn: no sample from a retransmission */
	tcp_send_segment(c, c->snd_una, (u8)(TCP_ACK | (fin ? TCP_FIN : 0)), 0, len, false);
	return len;
}

void tcp_send_probe(struct tcp_conn *c)
{
	/* Linux's zero-window probe: an ACK with an old sequence number,
	 * which the peer must answer with its current window. */
	tcp_send_segment(c, c->snd_una - 1, TCP_ACK, 0, 0, false);
}
