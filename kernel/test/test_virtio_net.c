/*
 * test_virtio_net.c - the virtio network card: eth0's configuration, a real
 * ARP exchange with QEMU's user network, a burst larger than the rings, bad
 * used-ring entries, /proc/net/dev, and no eth0 without a card.
 * ktest_nic=virtio|none says what the machine has; else the PCI bus decides.
 */
#include "test/ktest.h"
#include "dev/pci.h"
#include "dev/virtio.h"
#include "dev/virtio_net.h"
#include "net/netif.h"
#include "net/netif_proc.h"
#include "lib/format.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/lapic.h"
#include "cmdline.h"
#include "errno.h"
#include "lib/string.h"

/* ARP over Ethernet for IPv4 (RFC 826; values from Linux's
 * include/uapi/linux/if_arp.h and if_ether.h). */
#define ETH_P_ARP 0x0806
#define ETH_P_IP 0x0800
#define ARPHRD_ETHER 1
#define ARPOP_REQUEST 1
#define ARPOP_REPLY 2
#define ARP_FRAME_LEN (ETH_HLEN + 28)
#define ARP_WAIT_MS 2000

/* QEMU's user network answers for its gateway with this address (libslirp:
 * 52:55 followed by the IPv4 address). */
static const u8 slirp_gateway_mac[ETH_ALEN] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
static const u8 gateway_ip[4] = { 10, 0, 2, 2 };
static const u8 guest_ip[4] = { 10, 0, 2, 15 };

static bool card_expected(void)
{
	const char *want = cmdline_get("ktest_nic");
	if (want)
		return strcmp(want, "virtio") == 0;
	return pci_find(VIRTIO_PCI_VENDOR, VIRTIO_NET_LEGACY_DEVICE, 0) != NULL;
}

static void put16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

static u16 get16(const u8 *p) { return (u16)(p[0] << 8 | p[1]); }

KTEST(virtio_net_eth0)
{
	struct netif *eth0 = netif_by_name("eth0");
	if (!card_expected()) {
		KT_CHECK(eth0 == NULL);
		KT_CHECK(pci_find(VIRTIO_PCI_VENDOR, VIRTIO_NET_LEGACY_DEVICE, 0) == NULL);
		return;
	}
	KT_CHECK(eth0 != NULL);
	if (!eth0)
		return;
	KT_CHECK_EQ(eth0->flags, IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST);
	KT_CHECK_EQ(eth0->mtu, 1500);
	KT_CHECK_EQ(eth0->addr, VIRTIO_NET_IPV4(10, 0, 2, 15));
	KT_CHECK_EQ(eth0->netmask, VIRTIO_NET_IPV4(255, 255, 255, 0));
	KT_CHECK_EQ(eth0->gateway, VIRTIO_NET_IPV4(10, 0, 2, 2));
	KT_CHECK(memcmp(&eth0->addr, guest_ip, 4) == 0); /* network byte order */
	KT_CHECK((eth0->mac[0] & 1) == 0); /* unicast */
	/* QEMU's default address for the first card: 52:54:00:12:34:56. */
	static const u8 qemu_mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	KT_CHECK(memcmp(eth0->mac, qemu_mac, ETH_ALEN) == 0);
	KT_CHECK(netif_by_index(eth0->index) == eth0);
}

static u8 reply[ETH_FRAME_MAX];
static volatile u32 reply_len;

/* The tap: keeps the first ARP reply that comes, in interrupt context. */
static void arp_tap(const u8 *frame, u32 len)
{
	if (reply_len || len < ARP_FRAME_LEN || get16(frame + 12) != ETH_P_ARP ||
	    get16(frame + ETH_HLEN + 6) != ARPOP_REPLY)
		return;
	memcpy(reply, frame, MIN(len, (u32)sizeof(reply)));
	reply_len = len;
}

/* An ARP request from 10.0.2.15 for 10.0.2.2, broadcast (RFC 826). */
static void arp_request(const struct netif *eth0, u8 req[ARP_FRAME_LEN])
{
	u8 *arp = req + ETH_HLEN;
	memset(req, 0xff, ETH_ALEN); /* broadcast */
	memcpy(req + 6, eth0->mac, ETH_ALEN);
	put16(req + 12, ETH_P_ARP);
	put16(arp + 0, ARPHRD_ETHER);
	put16(arp + 2, ETH_P_IP);
	arp[4] = ETH_ALEN;
	arp[5] = 4;
	put16(arp + 6, ARPOP_REQUEST);
	memcpy(arp + 8, eth0->mac, ETH_ALEN);
	memcpy(arp + 14, guest_ip, 4);
	memset(arp + 18, 0, ETH_ALEN);
	memcpy(arp + 24, gateway_ip, 4);
}

KTEST(virtio_net_arp)
{
	struct netif *eth0 = netif_by_name("eth0");
	if (!card_expected()) {
		KT_CHECK(eth0 == NULL);
		return;
	}
	KT_CHECK(eth0 != NULL);
	if (!eth0)
		return;

	u8 req[ARP_FRAME_LEN];
	arp_request(eth0, req);

	struct netif_stats before = eth0->stats;
	reply_len = 0;
	virtio_net_set_test_tap(arp_tap);
	irq_disable(); /* xmit runs with interrupts off (netif.h) */
	KT_CHECK_EQ(eth0->xmit(eth0, req, sizeof(req)), 0);
	irq_enable();
	/* Interrupts are on while self-tests run: the card's interrupt ends
	 * the halt, and the timer's bounds the wait. */
	u64 deadline = rdtsc() + tsc_khz() * ARP_WAIT_MS;
	while (!reply_len && rdtsc() < deadline)
		cpu_halt();
	virtio_net_set_test_tap(NULL);

	KT_CHECK(reply_len >= ARP_FRAME_LEN);
	if (reply_len < ARP_FRAME_LEN)
		return;
	const u8 *r = reply + ETH_HLEN;
	KT_CHECK(memcmp(reply, eth0->mac, ETH_ALEN) == 0);            /* to us */
	KT_CHECK(memcmp(reply + 6, slirp_gateway_mac, ETH_ALEN) == 0); /* from the gateway */
	KT_CHECK_EQ(get16(r + 0), ARPHRD_ETHER);
	KT_CHECK_EQ(get16(r + 2), ETH_P_IP);
	KT_CHECK_EQ(r[4], ETH_ALEN);
	KT_CHECK_EQ(r[5], 4);
	KT_CHECK_EQ(get16(r + 6), ARPOP_REPLY);
	KT_CHECK(memcmp(r + 8, slirp_gateway_mac, ETH_ALEN) == 0); /* sender */
	KT_CHECK(memcmp(r + 14, gateway_ip, 4) == 0);
	KT_CHECK(memcmp(r + 18, eth0->mac, ETH_ALEN) == 0); /* target: us */
	KT_CHECK(memcmp(r + 24, guest_ip, 4) == 0);
	KT_CHECK_EQ(eth0->stats.tx_packets - before.tx_packets, 1);
	KT_CHECK_EQ(eth0->stats.tx_bytes - before.tx_bytes, ARP_FRAME_LEN);
	KT_CHECK(eth0->stats.rx_packets > before.rx_packets);
	KT_CHECK_EQ(eth0->stats.rx_errors, before.rx_errors);
}

/* A device that returns garbage in its used ring: each bad entry is
 * counted and dropped, a slot it names correctly is posted again, and the
 * one good entry among them is the only frame delivered. Descriptor heads
 * of the 4 posted slots are 0, 2, 4 and 6; the header is 10 bytes. */
KTEST(virtio_net_bad_used_entries)
{
	const struct virtq_used_elem entries[] = {
		{ 1, 100 },           /* not the head of a chain (odd) */
		{ 8, 100 },           /* beyond the slots */
		{ 0xFFFFFFFF, 100 },  /* far beyond */
		{ 0, 5 },             /* shorter than the header */
		{ 2, 10 + 13 },       /* shorter than an Ethernet header */
		{ 4, 10 + 1537 },     /* longer than the buffer */
		{ 6, 10 + 60 },       /* good */
	};
	unsigned delivered = 0, posted = 0;
	long errors = virtio_net_test_forged_rx(entries, ARRAY_SIZE(entries), ARRAY_SIZE(entries),
						&delivered, &posted);
	KT_CHECK_EQ(errors, 6);
	KT_CHECK_EQ(delivered, 1);
	KT_CHECK_EQ(posted, 4);

	/* A used index more than a ring ahead: nothing in it is believed. */
	errors = virtio_net_test_forged_rx(entries + 6, 1, 9, &delivered, &posted);
	KT_CHECK_EQ(errors, 1);
	KT_CHECK_EQ(delivered, 0);
	KT_CHECK_EQ(posted, 4);
}

/* /proc/net/dev's line for eth0 carries the card's own counters: one
 * more packet sent shows in it. */
KTEST(virtio_net_proc_dev)
{
	struct netif *eth0 = netif_by_name("eth0");
	if (!card_expected() || !eth0)
		return;
	u8 req[ARP_FRAME_LEN];
	arp_request(eth0, req);
	static char text[4096];
	irq_disable(); /* xmit's rule (netif.h); and the counters hold still */
	u64 sent = eth0->stats.tx_packets;
	KT_CHECK_EQ(eth0->xmit(eth0, req, sizeof(req)), 0);
	KT_CHECK_EQ(eth0->stats.tx_packets, sent + 1);
	int len = netif_proc_show(text, sizeof(text));
	const struct netif_stats *st = &eth0->stats;
	char want[200];
	ksnprintf(want, sizeof(want),
		  "\n  eth0:%8llu %7llu %4llu %4llu    0     0          0         0 %8llu %7llu "
		  "%4llu %4llu    0     0       0          0\n",
		  (unsigned long long)st->rx_bytes, (unsigned long long)st->rx_packets,
		  (unsigned long long)st->rx_errors, (unsigned long long)st->rx_dropped,
		  (unsigned long long)st->tx_bytes, (unsigned long long)st->tx_packets,
		  (unsigned long long)st->tx_errors, (unsigned long long)st->tx_dropped);
	irq_enable();
	bool found = false;
	for (int i = 0; i < len && !found; i++)
		found = strncmp(text + i, want, strlen(want)) == 0;
	KT_CHECK(found);
	if (!found)
		kprintf("ktest: want%s", want);
}

static volatile u32 replies_seen;

static void count_tap(const u8 *frame, u32 len)
{
	if (len >= ARP_FRAME_LEN && get16(frame + 12) == ETH_P_ARP &&
	    get16(frame + ETH_HLEN + 6) == ARPOP_REPLY)
		replies_seen++;
}

/* A burst of BURST frames with interrupts off, faster than the device may
 * send them: each xmit either queues its frame or drops it with -ENOBUFS
 * when every transmit slot is in flight, and the counters say which; the
 * replies that come back all get through the 64 receive slots without an
 * error, and once interrupts are on the transmit slots drain. */
#define BURST 100
KTEST(virtio_net_burst)
{
	struct netif *eth0 = netif_by_name("eth0");
	if (!card_expected() || !eth0)
		return;
	u8 req[ARP_FRAME_LEN];
	arp_request(eth0, req);
	struct netif_stats before = eth0->stats;
	unsigned sent = 0, refused = 0, other = 0;
	replies_seen = 0;
	virtio_net_set_test_tap(count_tap);
	irq_disable();
	for (unsigned i = 0; i < BURST; i++) {
		int err = eth0->xmit(eth0, req, sizeof(req));
		if (err == 0)
			sent++;
		else if (err == -ENOBUFS)
			refused++;
		else
			other++;
	}
	irq_enable();
	KT_CHECK_EQ(other, 0);
	KT_CHECK_EQ(sent + refused, BURST);
	KT_CHECK(sent >= 32); /* at least every slot once */
	KT_CHECK_EQ(eth0->stats.tx_packets - before.tx_packets, sent);
	KT_CHECK_EQ(eth0->stats.tx_dropped - before.tx_dropped, refused);

	u64 deadline = rdtsc() + tsc_khz() * ARP_WAIT_MS;
	while (replies_seen < sent && rdtsc() < deadline)
		cpu_halt();
	virtio_net_set_test_tap(NULL);
	kprintf("ktest: virtio_net_burst: %u sent, %u refused, %u replies\n", sent, refused,
		replies_seen);
	KT_CHECK_EQ(replies_seen, sent); /* QEMU queues what does not fit yet */
	KT_CHECK_EQ(eth0->stats.rx_errors, before.rx_errors);
	KT_CHECK_EQ(eth0->stats.tx_errors, before.tx_errors);
	/* Every slot free again: one more frame goes out. */
	irq_disable();
	KT_CHECK_EQ(eth0->xmit(eth0, req, sizeof(req)), 0);
	irq_enable();
}
