/*
 * ether.c - Ethernet framing (ether.h): a received frame is checked (long
 * enough, addressed to this card or to everyone, the interface up) and
 * handed to IPv4 or ARP by its EtherType; anything else is counted as
 * dropped. Sending builds the header, pads short frames to ETH_ZLEN and
 * calls the driver, which counts the frame.
 */
#include "net/ether.h"
#include "net/arp.h"
#include "net/ip.h"
#include "net/route.h"
#include "mm/heap.h"
#include "lib/string.h"
#include "errno.h"

const u8 ether_broadcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static bool ether_for_us(const struct netif *nif, const u8 *dst)
{
	if (nif->flags & IFF_LOOPBACK)
		return true;
	return memcmp(dst, nif->mac, ETH_ALEN) == 0 || memcmp(dst, ether_broadcast, ETH_ALEN) == 0;
}

void ether_input(struct netif *nif, const void *frame, u32 len)
{
	const struct ether_hdr *h = frame;
	if (len < ETH_HLEN) {
		nif->stats.rx_errors++;
		return;
	}
	if (!(nif->flags & IFF_UP) || !ether_for_us(nif, h->dst)) {
		nif->stats.rx_dropped++;
		return;
	}
	const u8 *payload = (const u8 *)frame + ETH_HLEN;
	switch (net16(h->type)) {
	case ETH_P_IP:
		ip_input(nif, payload, len - ETH_HLEN);
		break;
	case ETH_P_ARP:
		arp_input(nif, payload, len - ETH_HLEN);
		break;
	default:
		nif->stats.rx_dropped++;
		break;
	}
	/* A card's frame came from outside the stack: this is its top level,
	 * where what the frame made it send to itself is delivered. */
	if (!(nif->flags & IFF_LOOPBACK))
		ip_deliver_local();
}

int ether_output(struct netif *nif, const u8 *dst, u16 type, const void *payload, u32 len)
{
	u32 flen = ETH_HLEN + len;
	if (flen < ETH_ZLEN && !(nif->flags & IFF_LOOPBACK))
		flen = ETH_ZLEN;
	u8 *frame = kmalloc(flen);
	if (!frame) {
		nif->stats.tx_dropped++;
		return -ENOMEM;
	}
	struct ether_hdr *h = (struct ether_hdr *)frame;
	memcpy(h->dst, dst, ETH_ALEN);
	memcpy(h->src, nif->mac, ETH_ALEN);
	h->type = net16(type);
	memcpy(frame + ETH_HLEN, payload, len);
	memset(frame + ETH_HLEN + len, 0, flen - ETH_HLEN - len);
	/* The driver counts what it sends and what its full queue drops. */
	int r = nif->xmit(nif, frame, flen);
	kfree(frame);
	return r < 0 ? r : 0;
}
