/*
 * ip.c - IPv4 (RFC 791): the Internet checksum, the routing decision,
 * sending a datagram (header built, routed to lo's queue or to a card
 * through ARP) and receiving one (header checked, then handed to its
 * transport). Implements ip.h and route.h.
 * Invariants: no fragmentation and no reassembly - a datagram beyond the
 * MTU is refused with -EMSGSIZE and a received fragment is dropped and
 * counted (frag_drops); no forwarding - a datagram for another host is
 * dropped. Every drop is counted, and nothing a datagram holds can panic.
 * Locking: ip_counters, ip_next_id and the datagram being received (in_pkt,
 * in_len) under the kernel lock (arch/x86_64/klock.h), held by the system
 * calls and taken by trap_dispatch for the card's interrupt and the boot
 * CPU's tick (inet_tick).
 */
#include "net/ip.h"
#include "net/route.h"
#include "net/arp.h"
#include "net/ether.h"
#include "net/loopback.h"
#include "net/pbuf.h"
#include "mm/heap.h"
#include "lib/string.h"
#include "errno.h"

struct ip_counters ip_counters;
static u16 ip_next_id = 1;

/* --- routing ----------------------------------------------------------- */

static bool ip_is_loopback_net(u32 addr)
{
	return (net32(addr) >> 24) == 127;
}

static bool nif_usable(const struct netif *n)
{
	return n && (n->flags & IFF_UP) && !(n->flags & IFF_LOOPBACK) && n->addr;
}

static u32 nif_broadcast(const struct netif *n)
{
	return n->addr | ~n->netmask;
}

bool ip_is_local(u32 addr)
{
	if (ip_is_loopback_net(addr))
		return true;
	for (struct netif *n = netif_first(); n; n = n->next)
		if (n->addr && n->addr == addr)
			return true;
	return false;
}

bool ip_is_broadcast(u32 addr)
{
	if (addr == INADDR_BROADCAST)
		return true;
	for (struct netif *n = netif_first(); n; n = n->next)
		if (nif_usable(n) && n->netmask && n->netmask != INADDR_BROADCAST &&
		    addr == nif_broadcast(n))
			return true;
	return false;
}

int ip_route(u32 dst, struct ip_route *r)
{
	memset(r, 0, sizeof(*r));
	struct netif *lo = loopback_netif();
	if (ip_is_local(dst)) {
		/* Linux keeps its local routes while lo is down: sending
		 * succeeds, and lo drops what arrives (ether.c). */
		if (!lo)
			return -ENETUNREACH;
		r->nif = lo;
		r->nexthop = dst;
		r->src = ip_is_loopback_net(dst) ? lo->addr : dst;
		r->local = true;
		return 0;
	}
	if (dst == INADDR_BROADCAST) {
		for (struct netif *n = netif_first(); n; n = n->next) {
			if (nif_usable(n) && (n->flags & IFF_BROADCAST)) {
				*r = (struct ip_route){ n, dst, n->addr, false, true };
				return 0;
			}
		}
		return -ENETUNREACH;
	}
	for (struct netif *n = netif_first(); n; n = n->next) {
		if (nif_usable(n) && (dst & n->netmask) == (n->addr & n->netmask)) {
			bool bcast = n->netmask != INADDR_BROADCAST && dst == nif_broadcast(n);
			*r = (struct ip_route){ n, dst, n->addr, false, bcast };
			return 0;
		}
	}
	for (struct netif *n = netif_first(); n; n = n->next) {
		if (nif_usable(n) && n->gateway) {
			*r = (struct ip_route){ n, n->gateway, n->addr, false, false };
			return 0;
		}
	}
	return -ENETUNREACH;
}

u32 ip_source_for(u32 dst)
{
	struct ip_route r;
	return ip_route(dst, &r) == 0 ? r.src : 0;
}

/* --- sending ----------------------------------------------------------- */

/* The IPv4 header in front of p's transport payload, then lo's queue
 * (which takes a reference, no copy) or the card through ARP (which
 * copies). The caller keeps its reference. */
static int ip_output_pbuf_ex(u32 src, u32 dst, u8 proto, struct pbuf *p, u8 ttl, bool df)
{
	struct ip_route r;
	int err = ip_route(dst, &r);
	if (err) {
		ip_counters.out_no_routes++;
		return err;
	}
	u32 len = p->len;
	if (len > IP_MAXPACKET - IP_HLEN || IP_HLEN + len > r.nif->mtu)
		return -EMSGSIZE;
	u32 total = IP_HLEN + len;
	struct ip_hdr *h = (struct ip_hdr *)pbuf_push(p, IP_HLEN);
	*h = (struct ip_hdr){
		.ver_ihl = 0x45,
		.tot_len = net16((u16)total),
		.id = net16(ip_next_id++),
		.frag_off = df ? net16(IP_DF) : 0,
		.ttl = ttl,
		.proto = proto,
		.src = src ? src : r.src,
		.dst = dst,
	};
	h->check = ip_checksum_fold(ip_checksum_add(0, h, IP_HLEN));
	ip_counters.out_requests++;
	if (r.local)
		err = loopback_xmit_pbuf(r.nif, p);
	else
		err = arp_output(r.nif, r.nexthop, r.broadcast, p->data, total);
	if (err == -ENOMEM)
		err = -ENOBUFS;
	return err;
}

int ip_output_pbuf(u32 src, u32 dst, u8 proto, struct pbuf *p)
{
	return ip_output_pbuf_ex(src, dst, proto, p, IP_TTL_DEFAULT, true);
}

int ip_output_ex(u32 src, u32 dst, u8 proto, const void *payload, u32 len, u8 ttl, bool df)
{
	if (len > IP_MAXPACKET - IP_HLEN)
		return -EMSGSIZE;
	struct pbuf *p = pbuf_alloc(len);
	if (!p) {
		ip_counters.out_discards++;
		return -ENOBUFS;
	}
	memcpy(p->data, payload, len);
	p->len = len;
	int err = ip_output_pbuf_ex(src, dst, proto, p, ttl, df);
	pbuf_put(p);
	return err;
}

int ip_output(u32 src, u32 dst, u8 proto, const void *payload, u32 len)
{
	return ip_output_ex(src, dst, proto, payload, len, IP_TTL_DEFAULT, true);
}

/* --- receiving --------------------------------------------------------- */

/* Weak defaults for a kernel built without TCP (inet.c has the others). */
__attribute__((weak)) void tcp_input(struct netif *nif, u32 src, u32 dst, const u8 *data, u32 len)
{
	(void)nif, (void)src, (void)dst, (void)data, (void)len;
}

/* The datagram being handed to a transport, for ip_unreach_current(). */
static const u8 *in_pkt;
static u32 in_len;

void ip_unreach_current(u8 code)
{
	if (in_pkt)
		icmp_send_unreach(in_pkt, in_len, code);
}

void ip_input(struct netif *nif, const u8 *pkt, u32 len)
{
	ip_counters.in_receives++;
	const struct ip_hdr *h = (const struct ip_hdr *)pkt;
	if (len < IP_HLEN)
		goto bad_header;
	u32 ihl = (h->ver_ihl & 0xf) * 4u;
	u32 total = net16(h->tot_len);
	if ((h->ver_ihl >> 4) != 4 || ihl < IP_HLEN || ihl > len || total < ihl || total > len)
		goto bad_header;
	if (ip_checksum_fold(ip_checksum_add(0, pkt, ihl)) != 0 || h->ttl == 0)
		goto bad_header;
	len = total; /* a card may pad a short frame */
	if (net16(h->frag_off) & (IP_MF | IP_OFFSET)) {
		ip_counters.frag_drops++;
		nif->stats.rx_dropped++;
		return;
	}
	if (h->src == INADDR_BROADCAST || !(ip_is_local(h->dst) || ip_is_broadcast(h->dst))) {
		ip_counters.in_addr_errors++;
		nif->stats.rx_dropped++;
		return;
	}
	const u8 *data = pkt + ihl;
	u32 dlen = total - ihl;
	ip_counters.in_delivers++;
	in_pkt = pkt;
	in_len = total;
	switch (h->proto) {
	case IPPROTO_ICMP:
		icmp_raw_input(pkt, total, h->src);
		icmp_input(nif, h->src, h->dst, data, dlen);
		break;
	case IPPROTO_UDP:
		udp_input(nif, h->src, h->dst, data, dlen);
		break;
	case IPPROTO_TCP:
		tcp_input(nif, h->src, h->dst, data, dlen);
		break;
	default:
		ip_counters.in_unknown_protos++;
		icmp_send_unreach(pkt, total, ICMP_UNREACH_PROTOCOL);
		break;
	}
	in_pkt = NULL;
	return;
bad_header:
	ip_counters.in_hdr_errors++;
	nif->stats.rx_errors++;
}
