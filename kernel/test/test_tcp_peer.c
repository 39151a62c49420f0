/*
 * test_tcp_peer.c - self-tests of TCP against a peer that stops
 * answering: the peer (127.0.0.2, played by this file) completes the
 * handshake through lo's receive path and then never acknowledges
 * anything. MinOS must resend the first unacknowledged segment with the
 * RTO doubling from 200 ms up to 120 s, give up after tcp_retries2 (15)
 * resends with ETIMEDOUT, 924.6 s after the first send as on Linux, and
 * give back every block, page and packet buffer (a connection with an
 * owner, and an orphan that was closing).
 * Time is not waited for: interrupts are off (the tick does not run),
 * and each retransmission timer is fired by calling tcp_timeout() at the
 * instant it is due, so the test takes milliseconds of real time and the
 * waits it checks are the ones the connection asked for.
 */
#include "test/ktest.h"
#include "test/counts.h"
#include "net/tcp.h"
#include "net/tcp_conn.h"
#include "net/socket.h"
#include "net/route.h"
#include "net/loopback.h"
#include "net/pbuf.h"
#include "lib/string.h"
#include "errno.h"
#include "arch/x86_64/io.h"

#define ME net32(0x7f000001)
#define PEER net32(0x7f000002)
#define PEER_PORT 7993
#define PEER_ISS 0x10000000u
#define PEER_MSS 1460

/* What the silent peer saw (the tap takes every frame sent to it). */
static struct {
	u32 segs, syns, data_segs, fins, rsts;
	u32 iss;                   /* MinOS's SYN */
	u32 data_seq, data_len;    /* the first data segment */
	u32 odd;                   /* data segments unlike the first */
} seen;

static bool silent_peer(const u8 *frame, u32 len)
{
	if (len < ETH_HLEN + IP_HLEN + TCP_HLEN)
		return false;
	const struct ip_hdr *ip = (const struct ip_hdr *)(frame + ETH_HLEN);
	if (ip->dst != PEER || ip->proto != IPPROTO_TCP)
		return false;
	u32 ihl = (u32)(ip->ver_ihl & 0xf) * 4;
	const struct tcp_hdr *h = (const struct tcp_hdr *)((const u8 *)ip + ihl);
	u32 dlen = net16(ip->tot_len) - ihl - (u32)(h->off >> 4) * 4;
	seen.segs++;
	if (h->flags & TCP_SYN) {
		seen.syns++;
		seen.iss = net32(h->seq);
	}
	if (h->flags & TCP_FIN)
		seen.fins++;
	if (h->flags & TCP_RST)
		seen.rsts++;
	if (dlen) {
		if (!seen.data_segs) {
			seen.data_seq = net32(h->seq);
			seen.data_len = dlen;
		} else if (net32(h->seq) != seen.data_seq || dlen != seen.data_len) {
			seen.odd++;
		}
		seen.data_segs++;
	}
	return true; /* taken: the peer answers only when the test says */
}

static void settle(void)
{
	for (int i = 0; i < 1000 && loopback_queued(); i++)
		ip_deliver_local();
}

/* The peer's SYN-ACK to MinOS's port lport, through ip_output and lo. */
static void peer_syn_ack(u16 lport)
{
	u8 seg[TCP_HLEN + TCP_OPT_MSS_LEN];
	struct tcp_hdr *h = (struct tcp_hdr *)seg;
	memset(seg, 0, sizeof(seg));
	h->sport = net16(PEER_PORT);
	h->dport = lport;
	h->seq = net32(PEER_ISS);
	h->ack = net32(seen.iss + 1);
	h->off = (u8)((sizeof(seg) / 4) << 4);
	h->flags = TCP_SYN | TCP_ACK;
	h->win = net16(65535);
	seg[TCP_HLEN] = TCP_OPT_MSS;
	seg[TCP_HLEN + 1] = TCP_OPT_MSS_LEN;
	seg[TCP_HLEN + 2] = PEER_MSS >> 8;
	seg[TCP_HLEN + 3] = PEER_MSS & 0xff;
	u32 sum = ip_pseudo_sum(PEER, ME, IPPROTO_TCP, sizeof(seg));
	h->csum = ip_checksum_fold(ip_checksum_add(sum, seg, sizeof(seg)));
	KT_CHECK_EQ(ip_output(PEER, ME, IPPROTO_TCP, seg, sizeof(seg)), 0);
	settle();
}

/* A connection to the silent peer, established, with 1000 bytes sent. */
static struct tcp_conn *open_and_send(struct socket *owner)
{
	static u8 data[1000];
	memset(&seen, 0, sizeof(seen));
	struct tcp_conn *c = tcp_conn_alloc();
	c->sock = owner;
	KT_CHECK_EQ(tcp_conn_bind(c, ME, 0), 0);
	c->raddr = PEER;
	c->rport = net16(PEER_PORT);
	KT_CHECK_EQ(tcp_conn_queues(c, 0, 0), 0);
	tcp_conn_open(c);
	settle();
	KT_CHECK_EQ(seen.syns, 1);
	peer_syn_ack(c->lport);
	KT_CHECK_EQ(c->state, TCP_ESTABLISHED);
	KT_CHECK_EQ(c->mss, PEER_MSS);
	for (u32 i = 0; i < sizeof(data); i++)
		data[i] = (u8)i;
	KT_CHECK_EQ(tcp_snd_write(c, data, sizeof(data)), sizeof(data));
	tcp_output(c);
	settle();
	KT_CHECK_EQ(seen.data_segs, 1);
	KT_CHECK_EQ(seen.data_seq, seen.iss + 1);
	KT_CHECK_EQ(seen.data_len, sizeof(data));
	return c;
}

/* Fires c's retransmission timer each time it is due until c gives up;
 * returns the simulated time that took, in ticks, and checks each wait:
 * 200 ms doubling, at most 120 s (Linux's TCP_RTO_MIN and TCP_RTO_MAX). */
static u64 run_timers(struct tcp_conn *c, int *timeouts)
{
	u64 simulated = 0;
	*timeouts = 0;
	for (int i = 0; i < 40 && c->state != TCP_CLOSED; i++) {
		KT_CHECK(c->rexmit_at);
		if (!c->rexmit_at)
			break;
		u64 wait = c->rexmit_at - tcp_now();
		u64 want = MIN((u64)TCP_RTO_MIN << MIN(i, 20), (u64)TCP_RTO_MAX);
		if (wait != want)
			ktest_fail(__FILE__, __LINE__, "timeout %d came after %llu ticks, want %llu",
				   i + 1, (unsigned long long)wait, (unsigned long long)want);
		simulated += wait;
		tcp_timeout(c, c->rexmit_at);
		settle();
		++*timeouts;
	}
	return simulated;
}

static void never_acked(void);

KTEST(tcp_never_acked)
{
	irq_disable();
	loopback_set_tap(silent_peer);
	never_acked();
	loopback_set_tap(NULL);
	irq_enable();
}

static void never_acked(void)
{
	static struct socket owner;
	struct kt_counts before;
	kt_counts_take(&before);
	u32 pbufs = pbuf_count();
	u64 timeouts0 = tcp_counters.timeouts;

	/* An owner that waits: 15 resends, then ETIMEDOUT. */
	struct tcp_conn *c = open_and_send(&owner);
	int timeouts;
	u64 ticks = run_timers(c, &timeouts);
	KT_CHECK_EQ(c->state, TCP_CLOSED);
	KT_CHECK_EQ(owner.error, ETIMEDOUT);
	KT_CHECK_EQ(timeouts, TCP_RETRIES + 1);
	KT_CHECK_EQ(seen.data_segs, 1 + TCP_RETRIES);
	KT_CHECK_EQ(seen.odd, 0);
	KT_CHECK_EQ(seen.rsts, 0);
	KT_CHECK_EQ(ticks, 92460); /* 924.6 s: Linux's tcp_retries2 = 15 bound */
	KT_CHECK_EQ(tcp_counters.timeouts - timeouts0, (u64)TCP_RETRIES + 1);
	KT_CHECK_EQ(c->snd.len, 0);
	tcp_conn_free(c);
	owner.error = 0;

	/* An orphan: its owner closed after writing (the FIN waits behind
	 * the data); it gives up the same way and the tick frees it. */
	c = open_and_send(&owner);
	c->sock = NULL;
	tcp_conn_fin(c);
	settle();
	KT_CHECK_EQ(c->state, TCP_FIN_WAIT_1);
	ticks = run_timers(c, &timeouts);
	KT_CHECK_EQ(c->state, TCP_CLOSED);
	KT_CHECK_EQ(c->err, ETIMEDOUT);
	KT_CHECK_EQ(timeouts, TCP_RETRIES + 1);
	KT_CHECK(seen.fins >= 1);
	KT_CHECK_EQ(ticks, 92460);
	tcp_tick(); /* frees the orphan */
	for (struct tcp_conn *o = tcp_conn_first(); o; o = o->next)
		KT_CHECK(o != c);

	KT_CHECK_EQ(loopback_queued(), 0);
	KT_CHECK_EQ(pbuf_count(), pbufs);
	kt_counts_check(&before);
}
