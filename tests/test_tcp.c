/*
 * test_tcp.c - host tests for the TCP engine (kernel/net/tcp.c,
 * tcp_input.c, tcp_output.c, tcp_timer.c, and the packet buffers of
 * pbuf.c) without a socket above it or an IP layer below:
 * ip_output_pbuf() lands in this file's wire (a copy), which a test
 * either pumps back into tcp_input() (two ends over a loopback) or reads
 * to check what one end sent to segments the test crafted. The clock is
 * this file's tick counter. Every test ends with the heap as it started.
 */
#include "unit.h"
#include "net/tcp.h"
#include "net/tcp_conn.h"
#include "net/tcp_uapi.h"
#include "errno.h"
#include "net/ip.h"
#include "net/netif.h"
#include "mm/heap.h"
#include "net/pbuf.h"

/* ---- the environment ---- */

/* pbuf.c's BUG_ON: a broken invariant ends the test program. */
void panic(const char *fmt, ...)
{
	fprintf(stderr, "test_tcp: panic: %s\n", fmt);
	abort();
}

static long live_blocks;

void *kmalloc(size_t n)
{
	live_blocks++;
	return malloc(n ? n : 1);
}

void *kzalloc(size_t n)
{
	live_blocks++;
	return calloc(1, n ? n : 1);
}

void kfree(void *p)
{
	if (p)
		live_blocks--;
	free(p);
}

static u64 now_ticks = 1000;
u64 tick_count(void)
{
	return now_ticks;
}

void random_bytes(void *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((u8 *)buf)[i] = (u8)(0x5a + i * 37);
}

void tcp_wake(struct tcp_conn *c)
{
	(void)c;
}

void tcp_set_error(struct tcp_conn *c, int err)
{
	c->err = err;
}

static u32 sock_buf; /* what the "socket" asks for: 0 is the default */
void tcp_sock_bufsizes(const struct tcp_conn *c, u32 *sndbuf, u32 *rcvbuf)
{
	(void)c;
	*sndbuf = *rcvbuf = sock_buf;
}

/* Network byte order on a little-endian host. */
#define LO 0x0100007fu      /* 127.0.0.1 */
#define ME 0x0f02000au      /* 10.0.2.15, eth0 */
#define PEER 0x0202000au    /* 10.0.2.2 */

static struct netif eth0 = { .name = "eth0", .flags = IFF_UP, .mtu = 1500, .addr = ME };
static struct netif lo = { .name = "lo", .flags = IFF_UP | IFF_LOOPBACK, .mtu = 65536,
			   .addr = LO, .next = &eth0 };

struct netif *netif_first(void)
{
	return &lo;
}

u32 ip_source_for(u32 dst)
{
	return (net32(dst) >> 24) == 127 ? LO : ME;
}

bool ip_is_local(u32 a)
{
	return a == LO || a == ME;
}

u32 ip_checksum_add(u32 sum, const void *data, u32 len)
{
	const u8 *p = data;
	for (u32 i = 0; i + 1 < len; i += 2)
		sum += (u32)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (u32)(p[len - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

u16 ip_checksum_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return net16((u16)~sum);
}

u32 ip_pseudo_sum(u32 src, u32 dst, u8 proto, u16 len)
{
	u8 ph[12];
	memcpy(ph, &src, 4);
	memcpy(ph + 4, &dst, 4);
	ph[8] = 0;
	ph[9] = proto;
	ph[10] = (u8)(len >> 8);
	ph[11] = (u8)len;
	return ip_checksum_add(0, ph, 12);
}

/* ---- the wire ---- */

struct packet {
	u32 src, dst, len;
	u8 *data;
};
#define WIRE_MAX 4096
static struct packet wire[WIRE_MAX];
static int wire_head, wire_tail;
static int sent_total;

int ip_output_pbuf(u32 src, u32 dst, u8 proto, struct pbuf *pb)
{
	const void *payload = pb->data;
	u32 len = pb->len;
	CHECK(proto == IPPROTO_TCP);
	CHECK(wire_tail < WIRE_MAX);
	if (wire_tail >= WIRE_MAX)
		return -ENOBUFS;
	struct packet *p = &wire[wire_tail++];
	p->src = src;
	p->dst = dst;
	p->len = len;
	p->data = malloc(len);
	memcpy(p->data, payload, len);
	sent_total++;
	return 0;
}

static void wire_clear(void)
{
	for (int i = wire_head; i < wire_tail; i++)
		free(wire[i].data);
	wire_head = wire_tail = 0;
}

static int wire_count(void)
{
	return wire_tail - wire_head;
}

static const struct tcp_hdr *wire_hdr(int i)
{
	return (const struct tcp_hdr *)wire[wire_head + i].data;
}

static u32 wire_payload(int i)
{
	const struct tcp_hdr *h = wire_hdr(i);
	return wire[wire_head + i].len - (u32)(h->off >> 4) * 4;
}

/* Delivers queued segments (and what they cause) until the wire is
 * empty; drop(i) may lose the i-th delivered one. Returns how many. */
static int pump(bool (*drop)(int n, const struct packet *p))
{
	int n = 0;
	while (wire_head < wire_tail) {
		struct packet p = wire[wire_head++];
		if (!drop || !drop(n, &p))
			tcp_input(p.dst == LO ? &lo : NULL, p.src, p.dst, p.data, p.len);
		free(p.data);
		n++;
		if (wire_head == wire_tail)
			wire_head = wire_tail = 0;
	}
	return n;
}

/* A segment from PEER:port to ME:dport, as the test writes it. */
static void craft(u16 sport, u16 dport, u32 seq, u32 ack, u8 flags, u16 win,
		  const void *data, u32 len, u16 mss)
{
	u8 buf[2048];
	struct tcp_hdr *h = (struct tcp_hdr *)buf;
	u32 hlen = TCP_HLEN + (mss ? 4 : 0);
	memset(buf, 0, hlen);
	h->sport = net16(sport);
	h->dport = net16(dport);
	h->seq = net32(seq);
	h->ack = net32(ack);
	h->off = (u8)((hlen / 4) << 4);
	h->flags = flags;
	h->win = net16(win);
	if (mss) {
		buf[20] = TCP_OPT_MSS;
		buf[21] = 4;
		buf[22] = (u8)(mss >> 8);
		buf[23] = (u8)mss;
	}
	if (len)
		memcpy(buf + hlen, data, len);
	u32 sum = ip_pseudo_sum(PEER, ME, IPPROTO_TCP, (u16)(hlen + len));
	h->csum = ip_checksum_fold(ip_checksum_add(sum, buf, hlen + len));
	tcp_input(NULL, PEER, ME, buf, hlen + len);
}

/* ---- connections ---- */

/* What stands for a socket: the engine only compares it with NULL (an
 * owner is there) and hands it to tcp_wake(), stubbed above. */
static char owner_token;
#define OWNER ((struct socket *)&owner_token)


static struct tcp_conn *make_listener(u32 addr, u16 port, int backlog)
{
	struct tcp_conn *l = tcp_conn_alloc();
	CHECK_EQ_INT(tcp_conn_bind(l, addr, net16(port)), 0);
	l->backlog = backlog;
	l->state = TCP_LISTEN;
	l->sock = OWNER;
	return l;
}

static struct tcp_conn *make_client(u32 dst, u16 port)
{
	struct tcp_conn *c = tcp_conn_alloc();
	u32 src = ip_source_for(dst);
	CHECK_EQ_INT(tcp_conn_bind(c, src, 0), 0);
	c->raddr = dst;
	c->rport = net16(port);
	CHECK_EQ_INT(tcp_conn_queues(c, sock_buf, sock_buf), 0);
	c->sock = OWNER;
	tcp_conn_open(c);
	return c;
}

/* accept(2), minus the socket. */
static struct tcp_conn *take_child(struct tcp_conn *l)
{
	for (struct tcp_conn **p = &l->queue; *p; p = &(*p)->qnext) {
		struct tcp_conn *c = *p;
		if (c->state != TCP_SYN_RECEIVED) {
			*p = c->qnext;
			c->listener = NULL;
			c->qnext = NULL;
			c->sock = OWNER;
			return c;
		}
	}
	return NULL;
}

static u32 app_write(struct tcp_conn *c, const u8 *data, u32 n)
{
	u32 done = tcp_snd_write(c, data, n);
	tcp_output(c);
	return done;
}

static u32 app_read(struct tcp_conn *c, u8 *out, u32 max)
{
	u32 n = MIN(max, c->rcv.len);
	tcp_rcv_peek(c, 0, out, n);
	tcp_rcv_consume(c, n);
	tcp_window_update(c);
	return n;
}

/* Lets time pass, tick by tick, pumping the wire each time. */
static void advance(u64 ticks)
{
	while (ticks--) {
		now_ticks++;
		tcp_tick();
		pump(NULL);
	}
}

/* Everything closed and reaped: nothing left on the heap. */
static void finish(struct tcp_conn **owned, int n)
{
	for (int i = 0; i < n; i++) {
		if (owned[i]->state != TCP_CLOSED)
			tcp_conn_abort(owned[i]);
		tcp_conn_free(owned[i]);
	}
	pump(NULL);
	advance(1);
	while (tcp_conn_first()) {
		/* orphans still timing out */
		struct tcp_conn *c = tcp_conn_first();
		tcp_done(c);
		c->sock = NULL;
		advance(1);
	}
	wire_clear();
	CHECK_EQ_INT(live_blocks, 0);
}

/* The crafted peer's SYN from PEER:sport to l's port, starting at irs and
 * offering mss (0: no option). Returns the ISS of l's SYN-ACK, which is
 * left on the wire for the test to read. */
static u32 peer_syn(struct tcp_conn *l, u16 sport, u32 irs, u16 mss)
{
	craft(sport, net16(l->lport), irs, 0, TCP_SYN, 65535, NULL, 0, mss);
	return net32(wire_hdr(0)->seq);
}

/* The crafted peer's ACK that completes the handshake peer_syn() began,
 * advertising win. Returns the connection accept() gives, NULL (a
 * failed check) if there is none. */
static struct tcp_conn *peer_ack(struct tcp_conn *l, u16 sport, u32 irs, u32 iss, u16 win)
{
	craft(sport, net16(l->lport), irs + 1, iss + 1, TCP_ACK, win, NULL, 0, 0);
	struct tcp_conn *s = take_child(l);
	CHECK(s != NULL);
	return s;
}

/* The whole passive handshake from the crafted peer with a 64 KiB
 * window: the accepted connection, *iss its ISS, the wire empty. */
static struct tcp_conn *peer_connect(struct tcp_conn *l, u16 sport, u32 irs, u16 mss, u32 *iss)
{
	*iss = peer_syn(l, sport, irs, mss);
	wire_clear();
	return peer_ack(l, sport, irs, *iss, 65535);
}

/* A client on lo connects to l: the handshake runs to its end and
 * accept() takes the server's end, returned (NULL: a failed check). */
static struct tcp_conn *loopback_accept(struct tcp_conn *l)
{
	pump(NULL);
	struct tcp_conn *s = take_child(l);
	CHECK(s != NULL);
	return s;
}

/* The end of a test with a listener and the connection it accepted from
 * the crafted peer: what the peer was sent is dropped, all is freed. */
static void finish_accepted(struct tcp_conn *l, struct tcp_conn *s)
{
	struct tcp_conn *all[] = { l, s };
	wire_clear();
	finish(all, 2);
}

/* ---- tests ---- */

static void test_seq_compare_wraps(void)
{
	CHECK(SEQ_LT(0xfffffff0u, 0x10u));
	CHECK(SEQ_GT(0x10u, 0xfffffff0u));
	CHECK(SEQ_LEQ(5u, 5u));
	CHECK(!SEQ_LT(5u, 5u));
	CHECK(SEQ_GEQ(0x80000000u, 0x7fffffffu));
}

static void test_loopback_handshake_and_mss(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 8080, 5);
	struct tcp_conn *c = make_client(LO, 8080);
	CHECK_EQ_INT(c->state, TCP_SYN_SENT);
	CHECK_EQ_INT(wire_count(), 1);
	const struct tcp_hdr *syn = wire_hdr(0);
	CHECK_EQ_INT(syn->flags, TCP_SYN);
	CHECK_EQ_INT(syn->off >> 4, 6); /* with the MSS option */
	const u8 *opt = (const u8 *)syn + TCP_HLEN;
	CHECK_EQ_INT(opt[0], TCP_OPT_MSS);
	CHECK_EQ_INT(opt[2] << 8 | opt[3], 65495); /* lo, as Linux */
	CHECK_EQ_INT(pump(NULL), 3);               /* SYN, SYN-ACK, ACK */
	CHECK_EQ_INT(c->state, TCP_ESTABLISHED);
	struct tcp_conn *s = take_child(l);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_EQ_INT(s->state, TCP_ESTABLISHED);
	CHECK_EQ_INT(c->mss, 65495);
	CHECK_EQ_INT(s->mss, 65495);
	CHECK_EQ_INT(s->rport, c->lport);
	CHECK_EQ_INT(c->snd_una, c->iss + 1);
	struct tcp_conn *all[] = { l, c, s };
	finish(all, 3);
}

static void test_eth_mss_is_1460(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 80, 5);
	craft(40000, 80, 1000, 0, TCP_SYN, 65535, NULL, 0, 1460);
	CHECK_EQ_INT(wire_count(), 1);
	const struct tcp_hdr *sa = wire_hdr(0);
	CHECK_EQ_INT(sa->flags, TCP_SYN | TCP_ACK);
	CHECK_EQ_INT(net32(sa->ack), 1001);
	const u8 *opt = (const u8 *)sa + TCP_HLEN;
	CHECK_EQ_INT(opt[2] << 8 | opt[3], 1460);
	struct tcp_conn *all[] = { l };
	wire_clear();
	finish(all, 1);
}

static void test_peer_mss_honored(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 80, 5);
	u32 iss;
	struct tcp_conn *s = peer_connect(l, 40001, 5000, 100, &iss);
	if (!s)
		return;
	CHECK_EQ_INT(s->mss, 100);
	u8 data[350];
	memset(data, 'x', sizeof(data));
	app_write(s, data, sizeof(data));
	/* Full 100-byte segments; Nagle holds the last 50 bytes while
	 * data is in flight, until the ACK. */
	CHECK_EQ_INT(wire_count(), 3);
	CHECK_EQ_INT(wire_payload(0), 100);
	CHECK_EQ_INT(wire_payload(2), 100);
	u32 una = net32(wire_hdr(0)->seq);
	wire_clear();
	craft(40001, 80, 5001, una + 300, TCP_ACK, 65535, NULL, 0, 0);
	CHECK_EQ_INT(wire_count(), 1);
	CHECK_EQ_INT(wire_payload(0), 50);
	finish_accepted(l, s);
}

static void test_closed_port_refused(void)
{
	struct tcp_conn *c = make_client(LO, 9); /* nobody listens */
	pump(NULL);
	CHECK_EQ_INT(c->state, TCP_CLOSED);
	CHECK_EQ_INT(c->err, ECONNREFUSED);
	CHECK_EQ_INT(tcp_counters.no_socket > 0, 1);
	struct tcp_conn *all[] = { c };
	finish(all, 1);
}

/* The peer's sequence numbers cross 2^32 while data flows. */
static void test_receive_across_wraparound(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 80, 5);
	u32 irs = 0xfffffff0u;
	u32 iss;
	struct tcp_conn *s = peer_connect(l, 40002, irs, 1460, &iss);
	if (!s)
		return;
	u8 chunk[40];
	u32 seq = irs + 1;
	for (int i = 0; i < 3; i++) {
		memset(chunk, 'a' + i, sizeof(chunk));
		craft(40002, 80, seq, iss + 1, TCP_ACK | TCP_PSH, 65535, chunk, sizeof(chunk), 0);
		seq += sizeof(chunk);
	}
	CHECK_EQ_INT(s->rcv.len, 120);
	CHECK_EQ_INT(s->rcv_nxt, irs + 1 + 120); /* wrapped to 0x69 */
	/* An immediate ACK for each segment, the last acknowledging all. */
	CHECK_EQ_INT(wire_count(), 3);
	CHECK_EQ_INT(net32(wire_hdr(2)->ack), seq);
	u8 out[120];
	CHECK_EQ_INT(app_read(s, out, sizeof(out)), 120);
	CHECK(out[0] == 'a' && out[40] == 'b' && out[119] == 'c');
	finish_accepted(l, s);
}

static void test_bad_segments_dropped(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 80, 5);
	u32 iss;
	struct tcp_conn *s = peer_connect(l, 40003, 100, 1460, &iss);
	if (!s)
		return;
	struct tcp_counters before = tcp_counters;

	/* A bad checksum. */
	u8 buf[TCP_HLEN + 4];
	struct tcp_hdr *h = (struct tcp_hdr *)buf;
	memset(buf, 0, sizeof(buf));
	h->sport = net16(40003);
	h->dport = net16(80);
	h->seq = net32(101);
	h->ack = net32(iss + 1);
	h->off = 5 << 4;
	h->flags = TCP_ACK;
	h->win = net16(1000);
	memcpy(buf + TCP_HLEN, "evil", 4);
	h->csum = 0x1234;
	tcp_input(NULL, PEER, ME, buf, sizeof(buf));
	CHECK_EQ_INT(tcp_counters.bad_checksum, before.bad_checksum + 1);
	CHECK_EQ_INT(s->rcv.len, 0);

	/* Data offsets below 5 words and beyond the segment. */
	h->off = 4 << 4;
	tcp_input(NULL, PEER, ME, buf, sizeof(buf));
	h->off = 15 << 4;
	tcp_input(NULL, PEER, ME, buf, sizeof(buf));
	tcp_input(NULL, PEER, ME, buf, 10); /* shorter than a header */
	CHECK_EQ_INT(tcp_counters.bad_header, before.bad_header + 3);

	/* Out of the window: dropped, answered with an ACK. */
	craft(40003, 80, 101 + 200000, iss + 1, TCP_ACK, 65535, "late", 4, 0);
	CHECK_EQ_INT(tcp_counters.out_of_window, before.out_of_window + 1);
	CHECK_EQ_INT(wire_count(), 1);
	CHECK_EQ_INT(net32(wire_hdr(0)->ack), 101);
	wire_clear();

	/* Out of order but in the window: dropped, duplicate ACK. */
	craft(40003, 80, 111, iss + 1, TCP_ACK, 65535, "gap!", 4, 0);
	CHECK_EQ_INT(tcp_counters.ooo_dropped, before.ooo_dropped + 1);
	CHECK_EQ_INT(wire_count(), 1);
	CHECK_EQ_INT(net32(wire_hdr(0)->ack), 101);
	CHECK_EQ_INT(s->rcv.len, 0);
	wire_clear();

	/* A RST inside the window but not at rcv_nxt: challenge ACK only. */
	craft(40003, 80, 150, 0, TCP_RST, 0, NULL, 0, 0);
	CHECK_EQ_INT(s->state, TCP_ESTABLISHED);
	CHECK_EQ_INT(wire_count(), 1);
	wire_clear();
	/* At rcv_nxt: the connection is reset. */
	craft(40003, 80, 101, 0, TCP_RST, 0, NULL, 0, 0);
	CHECK_EQ_INT(s->state, TCP_CLOSED);
	CHECK_EQ_INT(s->err, ECONNRESET);
	finish_accepted(l, s);
}

static void test_syn_flood_bounded(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 80, 3);
	long blocks = live_blocks;
	struct tcp_counters before = tcp_counters;
	for (int i = 0; i < 100; i++)
		craft((u16)(20000 + i), 80, (u32)i * 1000, 0, TCP_SYN, 65535, NULL, 0, 1460);
	int children = 0;
	for (struct tcp_conn *c = l->queue; c; c = c->qnext)
		children++;
	CHECK_EQ_INT(children, 3);
	CHECK_EQ_INT(tcp_counters.syn_dropped, before.syn_dropped + 97);
	CHECK_EQ_INT(wire_count(), 3); /* three SYN-ACKs */
	CHECK_EQ_INT(live_blocks - blocks, 3); /* a block each, no buffers yet */
	wire_clear();
	/* The half-open ones give up after the SYN-ACK retries. */
	advance(100 * 64);
	CHECK(l->queue == NULL);
	struct tcp_conn *all[] = { l };
	finish(all, 1);
}

static void test_accept_queue_limit(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 8080, 1);
	struct tcp_conn *c[4];
	for (int i = 0; i < 4; i++) {
		c[i] = make_client(LO, 8080);
		pump(NULL);
	}
	/* Linux: backlog + 1 connections wait for accept; further SYNs are
	 * dropped until accept makes room. */
	CHECK_EQ_INT(c[0]->state, TCP_ESTABLISHED);
	CHECK_EQ_INT(c[1]->state, TCP_ESTABLISHED);
	CHECK_EQ_INT(c[2]->state, TCP_SYN_SENT);
	struct tcp_conn *a = take_child(l);
	struct tcp_conn *b = take_child(l);
	CHECK(a && b && !take_child(l));
	/* c[2] and c[3] send their SYNs again after 1 s; one half-open
	 * connection at a time (backlog 1), so the second gets in after
	 * its second try. */
	advance(3 * TCP_RTO_INITIAL + 1);
	CHECK_EQ_INT(c[2]->state, TCP_ESTABLISHED);
	CHECK_EQ_INT(c[3]->state, TCP_ESTABLISHED);
	struct tcp_conn *d = take_child(l);
	struct tcp_conn *e = take_child(l);
	CHECK(d && e);
	struct tcp_conn *all[] = { l, c[0], c[1], c[2], c[3], a, b, d, e };
	finish(all, d && e ? 9 : 7);
}

/* A full exchange over lo: bytes arrive intact, in order. */
static void test_bulk_transfer(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 8080, 5);
	struct tcp_conn *c = make_client(LO, 8080);
	struct tcp_conn *s = loopback_accept(l);
	if (!s)
		return;
	enum { TOTAL = 3 * 1024 * 1024 + 17 };
	u64 resent = tcp_counters.retransmits;
	static u8 out[4096], in[8192];
	u32 sent = 0, got = 0, sum_out = 0, sum_in = 0;
	while (got < TOTAL) {
		while (sent < TOTAL && tcp_queue_space(&c->snd)) {
			u32 n = MIN((u32)sizeof(out), TOTAL - sent);
			for (u32 i = 0; i < n; i++)
				out[i] = (u8)((sent + i) * 7 + (sent + i) / 251);
			n = app_write(c, out, n);
			for (u32 i = 0; i < n; i++)
				sum_out = sum_out * 31 + out[i];
			sent += n;
		}
		pump(NULL);
		u32 n = app_read(s, in, sizeof(in));
		for (u32 i = 0; i < n; i++)
			sum_in = sum_in * 31 + in[i];
		got += n;
		pump(NULL);
		if (!n)
			advance(1); /* a timer (persist, RTO) has to act */
	}
	CHECK_EQ_INT(got, TOTAL);
	CHECK_EQ_INT(sum_in, sum_out);
	CHECK_EQ_INT(tcp_counters.retransmits, resent); /* nothing was lost */
	struct tcp_conn *all[] = { l, c, s };
	finish(all, 3);
}

/* The close handshake, both ends, then TIME-WAIT's 60 s. */
static void test_close_sequence(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 8080, 5);
	struct tcp_conn *c = make_client(LO, 8080);
	struct tcp_conn *s = loopback_accept(l);
	if (!s)
		return;
	tcp_conn_fin(c); /* shutdown(SHUT_WR) */
	CHECK_EQ_INT(c->state, TCP_FIN_WAIT_1);
	pump(NULL);
	CHECK_EQ_INT(c->state, TCP_FIN_WAIT_2);
	CHECK_EQ_INT(s->state, TCP_CLOSE_WAIT);
	CHECK(s->fin_rcvd);
	/* Half-close: the other way still works. */
	app_write(s, (const u8 *)"reply", 5);
	pump(NULL);
	CHECK_EQ_INT(c->rcv.len, 5);
	tcp_conn_fin(s);
	CHECK_EQ_INT(s->state, TCP_LAST_ACK);
	pump(NULL);
	CHECK_EQ_INT(s->state, TCP_CLOSED);
	CHECK_EQ_INT(c->state, TCP_TIME_WAIT);
	advance(TCP_TIME_WAIT_TICKS - 1);
	CHECK_EQ_INT(c->state, TCP_TIME_WAIT);
	advance(1);
	CHECK_EQ_INT(c->state, TCP_CLOSED);
	struct tcp_conn *all[] = { l, c, s };
	finish(all, 3);
}

/* Both close at once: FIN-WAIT-1 to CLOSING to TIME-WAIT. */
static void test_simultaneous_close(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 8080, 5);
	struct tcp_conn *c = make_client(LO, 8080);
	struct tcp_conn *s = loopback_accept(l);
	if (!s)
		return;
	tcp_conn_fin(c);
	tcp_conn_fin(s);
	pump(NULL);
	CHECK_EQ_INT(c->state, TCP_TIME_WAIT);
	CHECK_EQ_INT(s->state, TCP_TIME_WAIT);
	struct tcp_conn *all[] = { l, c, s };
	finish(all, 3);
}

static bool drop_all(int n, const struct packet *p)
{
	(void)n;
	(void)p;
	return true;
}

/* A SYN nobody answers: 1, 2, 4... s apart, ETIMEDOUT after 6 resends. */
static void test_syn_retries_then_timeout(void)
{
	struct tcp_conn *c = make_client(PEER, 80);
	pump(drop_all);
	u64 start = now_ticks;
	int sends = 1;
	while (c->state == TCP_SYN_SENT && now_ticks - start < 200 * 100) {
		now_ticks++;
		tcp_tick();
		sends += pump(drop_all);
	}
	CHECK_EQ_INT(c->state, TCP_CLOSED);
	CHECK_EQ_INT(c->err, ETIMEDOUT);
	CHECK_EQ_INT(sends, 1 + TCP_SYN_RETRIES);
	/* 1 + 2 + ... + 64 s = 127 s, as Linux with tcp_syn_retries 6. */
	CHECK_EQ_INT(now_ticks - start, 12700);
	struct tcp_conn *all[] = { c };
	finish(all, 1);
}

/* One data segment lost among many: three duplicate ACKs resend it at
 * once, without waiting for the timeout (RFC 5681 3.2). */
static void test_fast_retransmit(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 80, 5);
	u32 iss;
	struct tcp_conn *s = peer_connect(l, 40004, 7000, 1000, &iss);
	if (!s)
		return;
	u8 data[6000];
	memset(data, 'q', sizeof(data));
	app_write(s, data, sizeof(data)); /* 6 segments of 1000 */
	CHECK_EQ_INT(wire_count(), 6);
	wire_clear();
	/* Segment 2 (bytes 1000..1999) is lost: the peer ACKs 1000 for
	 * segment 1, then again for each of segments 3 to 6. */
	u32 base = iss + 1;
	struct tcp_counters before = tcp_counters;
	craft(40004, 80, 7001, base + 1000, TCP_ACK, 65535, NULL, 0, 0);
	for (int i = 0; i < 3; i++)
		craft(40004, 80, 7001, base + 1000, TCP_ACK, 65535, NULL, 0, 0);
	CHECK_EQ_INT(tcp_counters.retransmits, before.retransmits + 1);
	CHECK(wire_count() >= 1);
	int found = 0;
	for (int i = 0; i < wire_count(); i++)
		if (net32(wire_hdr(i)->seq) == base + 1000 && wire_payload(i) == 1000)
			found++;
	CHECK_EQ_INT(found, 1);
	wire_clear();
	craft(40004, 80, 7001, base + 6000, TCP_ACK, 65535, NULL, 0, 0);
	CHECK_EQ_INT(s->snd.len, 0);
	CHECK_EQ_INT(s->rexmit_at, 0);
	finish_accepted(l, s);
}

/* A lost data segment with nothing after it: the RTO resends it, with
 * the timeout doubled each time and the congestion window one segment. */
static void test_rto_backoff(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 80, 5);
	u32 iss = peer_syn(l, 40005, 1, 1460);
	wire_clear();
	now_ticks += 5; /* an RTT of 50 ms */
	struct tcp_conn *s = peer_ack(l, 40005, 1, iss, 65535);
	if (!s)
		return;
	/* RFC 6298 2.2: srtt = R, rto = R + 4 * R/2 = 15 ticks, raised to
	 * the 200 ms minimum. */
	CHECK_EQ_INT(s->srtt >> 3, 5);
	CHECK_EQ_INT(s->rto, TCP_RTO_MIN);
	app_write(s, (const u8 *)"hello", 5);
	CHECK_EQ_INT(wire_count(), 1);
	wire_clear();
	u64 t0 = now_ticks;
	u64 times[4];
	for (int i = 0; i < 4; i++) {
		while (!wire_count()) {
			now_ticks++;
			tcp_tick();
		}
		times[i] = now_ticks - t0;
		CHECK_EQ_INT(wire_payload(0), 5);
		wire_clear();
	}
	CHECK_EQ_INT(times[0], 20);
	CHECK_EQ_INT(times[1], 60);
	CHECK_EQ_INT(times[2], 140);
	CHECK_EQ_INT(times[3], 300);
	CHECK_EQ_INT(s->cwnd, s->mss);
	craft(40005, 80, 2, iss + 6, TCP_ACK, 65535, NULL, 0, 0);
	CHECK_EQ_INT(s->retries, 0);
	CHECK_EQ_INT(s->rexmit_at, 0);
	finish_accepted(l, s);
}

/* The peer closes its window: probes until it opens, then data flows. */
static void test_zero_window_probe(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 80, 5);
	u32 iss = peer_syn(l, 40006, 1, 1460);
	wire_clear();
	struct tcp_conn *s = peer_ack(l, 40006, 1, iss, 0); /* window 0 */
	if (!s)
		return;
	app_write(s, (const u8 *)"stuck", 5);
	CHECK_EQ_INT(wire_count(), 0);
	CHECK(s->rexmit_at != 0);
	advance(0);
	while (!wire_count()) {
		now_ticks++;
		tcp_tick();
	}
	const struct tcp_hdr *probe = wire_hdr(0);
	CHECK_EQ_INT(net32(probe->seq), iss);   /* snd_una - 1 */
	CHECK_EQ_INT(wire_payload(0), 0);
	wire_clear();
	/* The answer opens the window: the data goes at once. */
	craft(40006, 80, 2, iss + 1, TCP_ACK, 1000, NULL, 0, 0);
	CHECK_EQ_INT(wire_count(), 1);
	CHECK_EQ_INT(wire_payload(0), 5);
	finish_accepted(l, s);
}

/* The receiver's window closes when its queue fills; reading reopens it
 * with a window update. */
static void test_receive_window_fills(void)
{
	sock_buf = TCP_BUF_MIN; /* a 4 KiB receive queue */
	struct tcp_conn *l = make_listener(INADDR_ANY, 80, 5);
	u32 iss = peer_syn(l, 40007, 1, 1000);
	CHECK_EQ_INT(net16(wire_hdr(0)->win), 4096);
	wire_clear();
	struct tcp_conn *s = peer_ack(l, 40007, 1, iss, 65535);
	if (!s)
		return;
	u8 data[1000];
	memset(data, 'w', sizeof(data));
	u32 seq = 2;
	for (int i = 0; i < 4; i++, seq += 1000)
		craft(40007, 80, seq, iss + 1, TCP_ACK, 65535, data, 1000, 0);
	CHECK_EQ_INT(net16(wire_hdr(3)->win), 96);
	wire_clear();
	/* Beyond the window: trimmed to the 96 bytes that fit. */
	craft(40007, 80, seq, iss + 1, TCP_ACK, 65535, data, 1000, 0);
	CHECK_EQ_INT(s->rcv.len, 4096);
	CHECK_EQ_INT(net16(wire_hdr(0)->win), 0);
	wire_clear();
	u8 out[4096];
	app_read(s, out, 2048);
	CHECK_EQ_INT(wire_count(), 1); /* the window update */
	CHECK_EQ_INT(net16(wire_hdr(0)->win), 2048);
	sock_buf = 0;
	finish_accepted(l, s);
}

/* Data for a connection whose owner closed: RST, as Linux. */
static void test_data_after_close_resets(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 80, 5);
	u32 iss;
	struct tcp_conn *s = peer_connect(l, 40008, 1, 1460, &iss);
	if (!s)
		return;
	tcp_conn_fin(s);
	CHECK_EQ_INT(wire_hdr(0)->flags, TCP_ACK | TCP_FIN);
	wire_clear();
	craft(40008, 80, 2, iss + 2, TCP_ACK, 65535, NULL, 0, 0);
	CHECK_EQ_INT(s->state, TCP_FIN_WAIT_2);
	s->sock = NULL; /* the owner is gone: an orphan */
	craft(40008, 80, 2, iss + 2, TCP_ACK, 65535, "late", 4, 0);
	CHECK_EQ_INT(wire_count(), 1);
	CHECK(wire_hdr(0)->flags & TCP_RST);
	CHECK_EQ_INT(s->state, TCP_CLOSED);
	wire_clear();
	/* The orphan goes at the next tick. */
	advance(1);
	struct tcp_conn *all[] = { l };
	finish(all, 1);
}

static void test_ports(void)
{
	struct tcp_conn *a = tcp_conn_alloc(), *b = tcp_conn_alloc();
	a->sock = b->sock = OWNER;
	CHECK_EQ_INT(tcp_conn_bind(a, INADDR_ANY, net16(5000)), 0);
	CHECK_EQ_INT(tcp_conn_bind(b, LO, net16(5000)), -EADDRINUSE);
	CHECK_EQ_INT(tcp_conn_bind(b, ME, net16(5001)), 0);
	CHECK(!tcp_conn_lookup(LO, net16(5000), LO, net16(1)));
	a->state = TCP_LISTEN;
	CHECK(tcp_conn_lookup(LO, net16(5000), LO, net16(1)) == a);
	/* SO_REUSEADDR on both, the other not listening: allowed. */
	struct tcp_conn *c = tcp_conn_alloc(), *d = tcp_conn_alloc();
	c->sock = d->sock = OWNER;
	c->reuse = d->reuse = true;
	c->state = TCP_TIME_WAIT;
	CHECK_EQ_INT(tcp_conn_bind(c, INADDR_ANY, net16(6000)), 0);
	CHECK_EQ_INT(tcp_conn_bind(d, INADDR_ANY, net16(6000)), 0);
	d->lport = 0;
	d->reuse = false;
	CHECK_EQ_INT(tcp_conn_bind(d, INADDR_ANY, net16(6000)), -EADDRINUSE);
	/* Ephemeral ports are in Linux's range and differ. */
	struct tcp_conn *e = tcp_conn_alloc(), *f = tcp_conn_alloc();
	e->sock = f->sock = OWNER;
	CHECK_EQ_INT(tcp_conn_bind(e, INADDR_ANY, 0), 0);
	CHECK_EQ_INT(tcp_conn_bind(f, INADDR_ANY, 0), 0);
	CHECK(net16(e->lport) >= 32768 && net16(e->lport) <= 60999);
	CHECK(e->lport != f->lport);
	c->state = TCP_CLOSED;
	struct tcp_conn *all[] = { a, b, c, d, e, f };
	finish(all, 6);
}

/* Random segments, some near the connection's numbers, at a listener
 * and an established connection: no crash (ASan, UBSan watch), no memory
 * beyond the backlog's children, everything freed at the end. */
static u32 fuzz_seed = 12345;
static u32 fuzz(void)
{
	fuzz_seed = fuzz_seed * 1103515245u + 12345u;
	return fuzz_seed >> 8;
}

static void test_random_segments(void)
{
	struct tcp_conn *l = make_listener(INADDR_ANY, 80, 4);
	u32 iss;
	struct tcp_conn *s = peer_connect(l, 40009, 500, 1460, &iss);
	if (!s)
		return;
	app_write(s, (const u8 *)"some data to be acknowledged", 28);
	u8 data[1200];
	for (int i = 0; i < 50000; i++) {
		u16 sport = (fuzz() & 1) ? 40009 : (u16)fuzz();
		u32 seq = (fuzz() & 1) ? s->rcv_nxt + fuzz() % 3000 - 1000 : fuzz();
		u32 ack = (fuzz() & 1) ? s->snd_una + fuzz() % 64 - 16 : fuzz();
		u8 flags = (u8)fuzz();
		u32 len = fuzz() % 4 == 0 ? fuzz() % sizeof(data) : 0;
		for (u32 k = 0; k < len; k++)
			data[k] = (u8)fuzz();
		craft(sport, 80, seq, ack, flags, (u16)fuzz(), data, len, (fuzz() & 3) ? 0 : (u16)fuzz());
		wire_clear();
		if (fuzz() % 100 == 0) {
			now_ticks += fuzz() % 200;
			tcp_tick();
			wire_clear();
		}
		if (s->rcv.len > 4096) {
			u8 sink[4096];
			app_read(s, sink, sizeof(sink));
			wire_clear();
		}
		int children = 0;
		for (struct tcp_conn *c = l->queue; c; c = c->qnext)
			children++;
		CHECK(children <= 2 * 4 + 1);
	}
	finish_accepted(l, s);
}

UNIT_TESTS(TEST_ENTRY(test_seq_compare_wraps),
	   TEST_ENTRY(test_loopback_handshake_and_mss),
	   TEST_ENTRY(test_eth_mss_is_1460),
	   TEST_ENTRY(test_peer_mss_honored),
	   TEST_ENTRY(test_closed_port_refused),
	   TEST_ENTRY(test_receive_across_wraparound),
	   TEST_ENTRY(test_bad_segments_dropped),
	   TEST_ENTRY(test_syn_flood_bounded),
	   TEST_ENTRY(test_accept_queue_limit),
	   TEST_ENTRY(test_bulk_transfer),
	   TEST_ENTRY(test_close_sequence),
	   TEST_ENTRY(test_simultaneous_close),
	   TEST_ENTRY(test_syn_retries_then_timeout),
	   TEST_ENTRY(test_fast_retransmit),
	   TEST_ENTRY(test_rto_backoff),
	   TEST_ENTRY(test_zero_window_probe),
	   TEST_ENTRY(test_receive_window_fills),
	   TEST_ENTRY(test_data_after_close_resets),
	   TEST_ENTRY(test_ports),
	   TEST_ENTRY(test_random_segments))
