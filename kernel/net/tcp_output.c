/*
 * tcp_output.c - building and sending segments: SYN and SYN-ACK with the
 * MSS option, data within the peer's window and the congestion window
 * (RFC 5681) under Nagle's rule and sender-side silly window avoidance
 * (RFC 1122 4.2.3.4), FIN, ACKs and RSTs.
 * Invariant: every segment leaves through tcp_send_segment(), which sets
 * its checksum and records the window it offers (rcv_adv); a segment that
 * carries a sequence number (data, SYN, FIN) keeps the retransmission
 * timer running.
 */
#include "net/tcp_conn.h"
#include "errno.h"
#include "net/tcp_uapi.h"
#include "net/ip.h"
#include "net/netif.h"
#include "lib/string.h"

/* One segment being built: its header, options and payload. Static, not
 * on the kernel stack (up to 64 KiB); ip_output() copies it before any
 * input runs, so the next segment may reuse it. */
static u8 tcp_seg_buf[TCP_HLEN_MAX + TCP_WINDOW_MAX];

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
	return MIN(tcp_ring_space(&c->rcv), (u32)TCP_WINDOW_MAX);
}

/* The window to announce: what the ring has room for, except that a
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

static void tcp_send_segment(struct tcp_conn *c, u32 seq, u8 flags,
			     u32 data_off, u32 len, bool mss_opt)
{
	struct tcp_hdr *h = (struct tcp_hdr *)tcp_seg_buf;
	u32 hlen = TCP_HLEN + (mss_opt ? TCP_OPT_MSS_LEN : 0);
	u32 win = tcp_window_to_offer(c);

	memset(h, 0, hlen);
	h->sport = c->lport;
	h->dport = c->rport;
	h->seq = net32(seq);
	h->ack = (flags & TCP_ACK) ? net32(c->rcv_nxt) : 0;
	h->off = (u8)((hlen / 4) << 4);
	h->flags = flags;
	h->win = net16((u16)win);
	if (mss_opt) {
		u8 *o = tcp_seg_buf + TCP_HLEN;
		u16 mss = (u16)tcp_local_mss(c->laddr);
		o[0] = TCP_OPT_MSS;
		o[1] = TCP_OPT_MSS_LEN;
		o[2] = (u8)(mss >> 8);
		o[3] = (u8)mss;
	}
	if (len)
		tcp_ring_peek(&c->snd, data_off, tcp_seg_buf + hlen, len);
	u32 sum = ip_pseudo_sum(c->laddr, c->raddr, IPPROTO_TCP, (u16)(hlen + len));
	sum = ip_checksum_add(sum, tcp_seg_buf, hlen + len);
	h->csum = ip_checksum_fold(sum);

	if (flags & TCP_ACK)
		c->rcv_adv = c->rcv_nxt + win;
	tcp_counters.segs_out++;
	if (flags & TCP_RST)
		tcp_counters.resets_out++;
	ip_output(c->laddr, c->raddr, IPPROTO_TCP, tcp_seg_buf, hlen + len);
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

/* The sequence number just after the last byte in the send ring. */
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

void tcp_retransmit_first(struct tcp_conn *c)
{
	u32 len = MIN(c->snd.len, c->mss);
	bool fin = c->fin_sent && c->snd_una + len == c->fin_seq;
	if (!len && !fin)
		return;
	tcp_counters.retransmits++;
	c->rtt_timing = false; /* Karn: no sample from a retransmission */
	tcp_send_segment(c, c->snd_una, (u8)(TCP_ACK | (fin ? TCP_FIN : 0)), 0, len, false);
}

void tcp_send_probe(struct tcp_conn *c)
{
	/* Linux's zero-window probe: an ACK with an old sequence number,
	 * which the peer must answer with its current window. */
	tcp_send_segment(c, c->snd_una - 1, TCP_ACK, 0, 0, false);
}
