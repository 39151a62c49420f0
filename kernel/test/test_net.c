/*
 * test_net.c - self-tests of the IPv4 layer below the sockets: crafted
 * frames fed to lo's receive path (netif_receive -> ether_input ->
 * ip_input -> the transports) are dropped and counted where they are
 * wrong (short frames, bad versions, lengths, checksums, TTL 0,
 * fragments, foreign addresses, short UDP and ICMP), good ones are
 * answered (echo reply, port and protocol unreachable); thousands of
 * random and mutated frames never crash the kernel or leak memory; ARP
 * answers requests for a card's address, learns replies and sends what
 * waited for them, through a card that is never registered; and, with a
 * real card, an echo to QEMU's gateway is answered.
 */
#include "test/ktest.h"
#include "net/netif.h"
#include "net/ether.h"
#include "net/ip.h"
#include "net/route.h"
#include "net/arp.h"
#include "net/loopback.h"
#include "mm/heap.h"
#include "lib/string.h"
#include "arch/x86_64/io.h"
#include "log.h"
#include "arch/x86_64/lapic.h"
#include "cmdline.h"

#define LO_IP 0x7f000001u /* 127.0.0.1, host order */
#define FOREIGN_IP 0x08080808u
#define ICMP_ECHO_LEN 64

static u8 frame[ETH_HLEN + 1600];

/* An IPv4 datagram in frame (after a zero Ethernet header for lo) with
 * payload len bytes of pattern; returns the frame's length. */
static u32 build(u8 proto, u32 src, u32 dst, u32 len)
{
	memset(frame, 0, sizeof(frame));
	struct ether_hdr *e = (struct ether_hdr *)frame;
	e->type = net16(ETH_P_IP);
	struct ip_hdr *h = (struct ip_hdr *)(frame + ETH_HLEN);
	*h = (struct ip_hdr){ .ver_ihl = 0x45, .tot_len = net16((u16)(IP_HLEN + len)), .id = net16(7),
			      .ttl = 64, .proto = proto, .src = net32(src), .dst = net32(dst) };
	for (u32 i = 0; i < len; i++)
		frame[ETH_HLEN + IP_HLEN + i] = (u8)(i * 13 + 1);
	h->check = ip_checksum_fold(ip_checksum_add(0, h, IP_HLEN));
	return ETH_HLEN + IP_HLEN + len;
}

static struct ip_hdr *hdr(void) { return (struct ip_hdr *)(frame + ETH_HLEN); }
static u8 *payload(void) { return frame + ETH_HLEN + IP_HLEN; }

static void refresh_ip_checksum(void)
{
	hdr()->check = 0;
	hdr()->check = ip_checksum_fold(ip_checksum_add(0, hdr(), (hdr()->ver_ihl & 0xf) * 4u));
}

/* A UDP header and checksum over the payload build() left. */
static void make_udp(u16 sport, u16 dport, u32 len)
{
	u8 *u = payload();
	u16 w[4] = { net16(sport), net16(dport), net16((u16)len), 0 };
	memcpy(u, w, sizeof(w));
	u16 sum = ip_checksum_fold(ip_checksum_add(ip_pseudo_sum(hdr()->src, hdr()->dst, IPPROTO_UDP, (u16)len), u, len));
	w[3] = sum ? sum : 0xffff;
	memcpy(u, w, sizeof(w));
}

static void make_icmp_echo(u32 len)
{
	u8 *p = payload();
	p[0] = 8; /* echo request */
	p[1] = 0;
	p[2] = p[3] = 0;
	u16 sum = ip_checksum_fold(ip_checksum_add(0, p, len));
	memcpy(p + 2, &sum, 2);
}

/* The stack runs with interrupts off (socket.h): the self-tests run with
 * them on, and a tick that delivered lo's queue in the middle of a
 * kmalloc() here would corrupt the heap. */
static void feed(u32 len)
{
	irq_disable();
	netif_receive(loopback_netif(), frame, len);
	ip_deliver_local(); /* whatever it answered comes back in too */
	irq_enable();
}

KTEST(net_checksum)
{
	/* RFC 1071 section 3's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2. */
	static const u8 data[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	u16 c = ip_checksum_fold(ip_checksum_add(0, data, sizeof(data)));
	KT_CHECK_EQ(net16(c), (u16)~0xddf2);
	/* Chained in two even pieces, the same. */
	u32 s = ip_checksum_add(ip_checksum_add(0, data, 4), data + 4, 4);
	KT_CHECK_EQ(ip_checksum_fold(s), c);
	/* A header with its checksum in place sums to zero. */
	build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	KT_CHECK_EQ(ip_checksum_fold(ip_checksum_add(0, hdr(), IP_HLEN)), 0);
}

KTEST(net_bad_headers_dropped)
{
	struct netif *lo = loopback_netif();
	KT_CHECK(lo != NULL);
	if (!lo)
		return;
	KT_CHECK_EQ(lo->index, 1);
	struct ip_counters before = ip_counters;
	u64 rx_errors = lo->stats.rx_errors, rx_dropped = lo->stats.rx_dropped;

	build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	feed(ETH_HLEN - 1); /* shorter than an Ethernet header */
	KT_CHECK_EQ(lo->stats.rx_errors, rx_errors + 1);

	u32 n = build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	((struct ether_hdr *)frame)->type = net16(0x86dd); /* IPv6: not ours */
	feed(n);
	KT_CHECK_EQ(lo->stats.rx_dropped, rx_dropped + 1);

	u64 hdr_errors = before.in_hdr_errors;
	build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	feed(ETH_HLEN + IP_HLEN - 1); /* shorter than an IPv4 header */
	KT_CHECK_EQ(ip_counters.in_hdr_errors, ++hdr_errors);

	n = build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	hdr()->ver_ihl = 0x65; /* version 6 */
	refresh_ip_checksum();
	feed(n);
	KT_CHECK_EQ(ip_counters.in_hdr_errors, ++hdr_errors);

	n = build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	hdr()->ver_ihl = 0x44; /* IHL below 5 words */
	feed(n);
	KT_CHECK_EQ(ip_counters.in_hdr_errors, ++hdr_errors);

	n = build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	hdr()->ver_ihl = 0x4f; /* 60-byte header in a 28-byte datagram */
	feed(n);
	KT_CHECK_EQ(ip_counters.in_hdr_errors, ++hdr_errors);

	n = build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	hdr()->tot_len = net16(IP_HLEN + 9); /* longer than the frame */
	refresh_ip_checksum();
	feed(n);
	KT_CHECK_EQ(ip_counters.in_hdr_errors, ++hdr_errors);

	n = build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	hdr()->tot_len = net16(IP_HLEN - 1); /* shorter than its header */
	refresh_ip_checksum();
	feed(n);
	KT_CHECK_EQ(ip_counters.in_hdr_errors, ++hdr_errors);

	n = build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	hdr()->check ^= 0x0100;
	feed(n);
	KT_CHECK_EQ(ip_counters.in_hdr_errors, ++hdr_errors);

	n = build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	hdr()->ttl = 0;
	refresh_ip_checksum();
	feed(n);
	KT_CHECK_EQ(ip_counters.in_hdr_errors, ++hdr_errors);

	/* Fragments: the first (MF) and a later one (offset). */
	n = build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	hdr()->frag_off = net16(IP_MF);
	refresh_ip_checksum();
	feed(n);
	KT_CHECK_EQ(ip_counters.frag_drops, before.frag_drops + 1);
	n = build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	hdr()->frag_off = net16(185);
	refresh_ip_checksum();
	feed(n);
	KT_CHECK_EQ(ip_counters.frag_drops, before.frag_drops + 2);
	/* DF alone is no fragment: that one reaches UDP (no port: unreachable). */
	n = build(IPPROTO_UDP, LO_IP, LO_IP, 8);
	hdr()->frag_off = net16(IP_DF);
	refresh_ip_checksum();
	make_udp(40000, 9, 8);
	feed(n);
	KT_CHECK_EQ(ip_counters.frag_drops, before.frag_drops + 2);
	KT_CHECK_EQ(ip_counters.udp_no_ports, before.udp_no_ports + 1);

	/* Not for this machine: no forwarding. */
	n = build(IPPROTO_UDP, LO_IP, FOREIGN_IP, 8);
	feed(n);
	KT_CHECK_EQ(ip_counters.in_addr_errors, before.in_addr_errors + 1);
	KT_CHECK_EQ(ip_counters.in_hdr_errors, hdr_errors);
	KT_CHECK_EQ(loopback_queued(), 0);
}

KTEST(net_transport_errors)
{
	struct ip_counters before = ip_counters;

	u32 n = build(IPPROTO_UDP, LO_IP, LO_IP, 7); /* shorter than a UDP header */
	feed(n);
	KT_CHECK_EQ(ip_counters.udp_in_errors, before.udp_in_errors + 1);

	n = build(IPPROTO_UDP, LO_IP, LO_IP, 16);
	make_udp(40000, 9, 16);
	payload()[4] = 0, payload()[5] = 17; /* UDP length beyond the datagram */
	feed(n);
	KT_CHECK_EQ(ip_counters.udp_in_errors, before.udp_in_errors + 2);

	n = build(IPPROTO_UDP, LO_IP, LO_IP, 16);
	make_udp(40000, 9, 16);
	payload()[12] ^= 0xff; /* a payload byte changed after the checksum */
	feed(n);
	KT_CHECK_EQ(ip_counters.udp_csum_errors, before.udp_csum_errors + 1);
	KT_CHECK_EQ(ip_counters.udp_no_ports, before.udp_no_ports);

	/* A good datagram to a closed port: port unreachable, which comes
	 * back in as an ICMP message. */
	n = build(IPPROTO_UDP, LO_IP, LO_IP, 16);
	make_udp(40000, 9, 16);
	feed(n);
	KT_CHECK_EQ(ip_counters.udp_no_ports, before.udp_no_ports + 1);
	KT_CHECK_EQ(ip_counters.icmp_out_unreach, before.icmp_out_unreach + 1);
	KT_CHECK_EQ(ip_counters.icmp_in, before.icmp_in + 1);

	/* An unknown protocol: protocol unreachable. */
	n = build(253, LO_IP, LO_IP, 12);
	feed(n);
	KT_CHECK_EQ(ip_counters.in_unknown_protos, before.in_unknown_protos + 1);
	KT_CHECK_EQ(ip_counters.icmp_out_unreach, before.icmp_out_unreach + 2);

	/* ICMP: too short, bad checksum, then an echo that is answered. */
	n = build(IPPROTO_ICMP, LO_IP, LO_IP, 4);
	feed(n);
	KT_CHECK_EQ(ip_counters.icmp_in_errors, before.icmp_in_errors + 1);
	n = build(IPPROTO_ICMP, LO_IP, LO_IP, 24);
	make_icmp_echo(24);
	payload()[10] ^= 1;
	feed(n);
	KT_CHECK_EQ(ip_counters.icmp_in_errors, before.icmp_in_errors + 2);
	u64 out = ip_counters.icmp_out;
	n = build(IPPROTO_ICMP, LO_IP, LO_IP, 24);
	make_icmp_echo(24);
	feed(n);
	KT_CHECK_EQ(ip_counters.icmp_out, out + 1);
	KT_CHECK_EQ(ip_counters.icmp_in_errors, before.icmp_in_errors + 2);
	/* No error about an error: a port unreachable about an ICMP
	 * unreachable is not sent. */
	KT_CHECK_EQ(ip_counters.icmp_out_unreach, before.icmp_out_unreach + 2);
	KT_CHECK_EQ(loopback_queued(), 0);
}

static u64 fuzz_state = 0x9e3779b97f4a7c15ull;
static u32 fuzz_next(void)
{
	fuzz_state ^= fuzz_state << 13;
	fuzz_state ^= fuzz_state >> 7;
	fuzz_state ^= fuzz_state << 17;
	return (u32)fuzz_state;
}

KTEST(net_fuzz_frames)
{
	struct heap_stats hs0, hs1;
	irq_disable();
	heap_get_stats(&hs0);
	irq_enable();
	u64 received = ip_counters.in_receives;
	/* Random bytes after a right Ethernet header, random lengths. */
	u32 fed = 0;
	for (int i = 0; i < 1000; i++, fed++) {
		u32 len = fuzz_next() % 200;
		for (u32 k = 0; k < len; k++)
			frame[k] = (u8)fuzz_next();
		if (len >= ETH_HLEN)
			((struct ether_hdr *)frame)->type = net16(ETH_P_IP);
		feed(len);
	}
	/* Good datagrams of each protocol with one to three bytes changed,
	 * the IP checksum made right again half the time. */
	static const u8 protos[] = { IPPROTO_UDP, IPPROTO_ICMP, IPPROTO_TCP, 99 };
	for (int i = 0; i < 1500; i++, fed++) {
		u8 proto = protos[fuzz_next() % 4];
		u32 plen = 8 + fuzz_next() % 64;
		u32 n = build(proto, LO_IP, (fuzz_next() & 1) ? LO_IP : LO_IP + 1, plen);
		if (proto == IPPROTO_UDP)
			make_udp((u16)fuzz_next(), (u16)(fuzz_next() % 8), plen);
		else if (proto == IPPROTO_ICMP)
			make_icmp_echo(plen);
		for (u32 k = fuzz_next() % 3 + 1; k > 0; k--)
			frame[ETH_HLEN + fuzz_next() % (n - ETH_HLEN)] = (u8)fuzz_next();
		if (fuzz_next() & 1)
			refresh_ip_checksum();
		feed(n - (fuzz_next() % 4 == 0 ? fuzz_next() % (n - ETH_HLEN) : 0));
	}
	KT_CHECK(ip_counters.in_receives > received);
	irq_disable();
	KT_CHECK_EQ(loopback_queued(), 0);
	heap_check();
	heap_get_stats(&hs1);
	irq_enable();
	KT_CHECK_EQ(hs1.blocks_in_use, hs0.blocks_in_use);
	/* Counted in the test harness's robustness report. */
	kprintf("ktest: net_fuzz_frames fed %u malformed frames\n", fed);
}

/* A card that is never registered: what it sends is kept for the test. */
static u8 card_sent[ETH_FRAME_MAX];
static u32 card_sent_len, card_sent_count;

static int card_xmit(struct netif *nif, const void *f, u32 len)
{
	(void)nif;
	card_sent_len = len < sizeof(card_sent) ? len : sizeof(card_sent);
	memcpy(card_sent, f, card_sent_len);
	card_sent_count++;
	return 0;
}

static void arp_frame(u16 op, const u8 *sha, u32 spa, u32 tpa, u8 *out)
{
	static const u8 hdr8[8] = { 0, 1, 8, 0, 6, 4, 0, 0 };
	memcpy(out, hdr8, 8);
	out[7] = (u8)op;
	memcpy(out + 8, sha, 6);
	u32 s = net32(spa), t = net32(tpa);
	memcpy(out + 14, &s, 4);
	memset(out + 18, 0, 6);
	memcpy(out + 24, &t, 4);
}

KTEST(net_arp)
{
	struct netif card = { .name = "test0", .flags = IFF_UP | IFF_BROADCAST | IFF_RUNNING,
			      .mac = { 2, 0, 0, 0, 0, 1 }, .mtu = ETH_DATA_LEN,
			      .addr = net32(0x0a000201), .netmask = net32(0xffffff00), .xmit = card_xmit };
	static const u8 peer_mac[6] = { 2, 0, 0, 0, 0, 2 };
	u8 pkt[28];
	struct heap_stats hs0, hs1;
	irq_disable(); /* as the stack runs: see feed() */
	heap_get_stats(&hs0);
	card_sent_count = 0;

	/* A request for our address is answered, to the asker. */
	arp_frame(1, peer_mac, 0x0a000202, 0x0a000201, pkt);
	arp_input(&card, pkt, sizeof(pkt));
	KT_CHECK_EQ(card_sent_count, 1);
	KT_CHECK(memcmp(card_sent, peer_mac, 6) == 0);
	KT_CHECK_EQ(card_sent[ETH_HLEN + 7], 2); /* a reply */
	KT_CHECK(card_sent_len >= ETH_ZLEN);

	/* Short or foreign ARP packets teach nothing and are not answered. */
	arp_input(&card, pkt, 20);
	pkt[1] = 6; /* hardware type 6 (IEEE 802) */
	arp_input(&card, pkt, sizeof(pkt));
	KT_CHECK_EQ(card_sent_count, 1);

	/* The asker was learnt: a datagram to it leaves at once. */
	u8 dgram[40] = { 0x45 };
	KT_CHECK_EQ(arp_output(&card, net32(0x0a000202), false, dgram, sizeof(dgram)), 0);
	KT_CHECK_EQ(card_sent_count, 2);
	KT_CHECK(memcmp(card_sent, peer_mac, 6) == 0);

	/* An unknown neighbour: a broadcast request, the datagram waits... */
	KT_CHECK_EQ(arp_output(&card, net32(0x0a000203), false, dgram, sizeof(dgram)), 0);
	KT_CHECK_EQ(card_sent_count, 3);
	KT_CHECK(memcmp(card_sent, ether_broadcast, 6) == 0);
	KT_CHECK_EQ(net16(((struct ether_hdr *)card_sent)->type), ETH_P_ARP);
	/* ...until the reply, which sends it. */
	static const u8 third_mac[6] = { 2, 0, 0, 0, 0, 3 };
	arp_frame(2, third_mac, 0x0a000203, 0x0a000201, pkt);
	arp_input(&card, pkt, sizeof(pkt));
	KT_CHECK_EQ(card_sent_count, 4);
	KT_CHECK(memcmp(card_sent, third_mac, 6) == 0);
	KT_CHECK_EQ(net16(((struct ether_hdr *)card_sent)->type), ETH_P_IP);

	/* The waiting queue is bounded. */
	int refused = 0;
	for (int i = 0; i < 40; i++)
		refused += arp_output(&card, net32(0x0a000210 + (u32)i), false, dgram, sizeof(dgram)) != 0;
	KT_CHECK(refused > 0);

	struct arp_entry_info info;
	KT_CHECK(arp_entry(0, &info));
	arp_flush();
	KT_CHECK(!arp_entry(0, &info));
	heap_get_stats(&hs1);
	irq_enable();
	KT_CHECK_EQ(hs1.blocks_in_use, hs0.blocks_in_use);
}

/* Through the real card, when the boot says it gave one (ktest_nic=virtio;
 * the net-ping boot test; ktest_nic=none: eth0 must be absent, and with
 * no ktest_nic the test does nothing): an echo request to QEMU's gateway leaves through
 * ARP and eth0, and the reply comes back up through the card's interrupt,
 * ether_input and icmp_input. */
#define NET_PING_WAIT_MS 3000
#define SLIRP_GATEWAY 0x0a000202u /* 10.0.2.2 */

KTEST(net_card_ping)
{
	struct netif *eth0 = netif_by_name("eth0");
	const char *want = cmdline_get("ktest_nic");
	if (!want)
		return; /* a boot that does not say whether it has a card */
	if (strcmp(want, "virtio") != 0) {
		KT_CHECK(eth0 == NULL);
		return;
	}
	KT_CHECK(eth0 != NULL);
	if (!eth0)
		return;
	KT_CHECK_EQ(eth0->index, 2); /* lo is the first */
	KT_CHECK_EQ(ip_source_for(net32(SLIRP_GATEWAY)), eth0->addr);
	KT_CHECK_EQ(ip_source_for(net32(0x08080808)), eth0->addr); /* via the gateway */

	u8 echo[ICMP_ECHO_LEN] = { 8, 0, 0, 0, 0x12, 0x34, 0, 1 };
	for (u32 i = 8; i < sizeof(echo); i++)
		echo[i] = (u8)i;
	u16 sum = ip_checksum_fold(ip_checksum_add(0, echo, sizeof(echo)));
	memcpy(echo + 2, &sum, 2);
	u64 icmp_in = ip_counters.icmp_in, rx = eth0->stats.rx_packets;
	irq_disable(); /* the stack runs with interrupts off (socket.h) */
	int r = ip_output(0, net32(SLIRP_GATEWAY), IPPROTO_ICMP, echo, sizeof(echo));
	irq_enable();
	KT_CHECK_EQ(r, 0);
	/* The ARP reply, then the echo reply: each ends a halt. */
	u64 deadline = rdtsc() + tsc_khz() * NET_PING_WAIT_MS;
	while (ip_counters.icmp_in == icmp_in && rdtsc() < deadline)
		cpu_halt();
	KT_CHECK_EQ(ip_counters.icmp_in, icmp_in + 1);
	KT_CHECK(eth0->stats.rx_packets >= rx + 2);
	struct arp_entry_info info;
	bool found = false;
	for (u32 i = 0; arp_entry(i, &info); i++)
		found |= info.ip == net32(SLIRP_GATEWAY) && info.resolved && info.nif == eth0;
	KT_CHECK(found);
}
