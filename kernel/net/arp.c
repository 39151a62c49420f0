/*
 * arp.c - ARP for IPv4 over Ethernet (RFC 826, arp.h): a cache of
 * ARP_CACHE_SIZE neighbours, requests for unknown ones, replies to
 * requests for a card's own address, and a bounded queue of datagrams
 * waiting for an answer.
 * Invariants: an entry is FREE, PENDING (request sent, no answer yet,
 * retried ARP_RETRY_TICKS apart up to ARP_MAX_TRIES times, then FAILED
 * for ARP_FAILED_TICKS so senders get -EHOSTUNREACH at once) or RESOLVED
 * (forgotten ARP_REACHABLE_TICKS after it was learnt). At most
 * ARP_QUEUE_MAX datagrams wait in all; each is sent or dropped (and
 * counted) when its entry resolves or fails.
 * Locking: the cache and the waiting list under the kernel lock
 * (arch/x86_64/klock.h), held by the system calls and taken by trap_dispatch
 * for the card's interrupt and the boot CPU's tick (inet_tick).
 */
#include "net/arp.h"
#include "net/ether.h"
#include "net/ip.h"
#include "time/tick.h"
#include "mm/heap.h"
#include "lib/string.h"
#include "errno.h"

#define ARP_CACHE_SIZE 32
#define ARP_QUEUE_MAX 16
#define ARP_RETRY_TICKS (1 * TICK_HZ)       /* Linux's retrans_time, 1 s */
#define ARP_MAX_TRIES 3                      /* Linux's mcast_solicit */
#define ARP_REACHABLE_TICKS (60 * TICK_HZ)  /* a learnt address is kept 60 s */
#define ARP_FAILED_TICKS (3 * TICK_HZ)

/* The packet for IPv4 over Ethernet (RFC 826, "Packet format"). */
#define ARP_HTYPE_ETHER 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2
struct arp_pkt {
	u16 htype, ptype;
	u8 hlen, plen;
	u16 op;
	u8 sha[ETH_ALEN];
	u32 spa;
	u8 tha[ETH_ALEN];
	u32 tpa;
} __packed;

enum arp_state { ARP_FREE, ARP_PENDING, ARP_RESOLVED, ARP_FAILED };

struct arp_entry {
	enum arp_state state;
	struct netif *nif;
	u32 ip;
	u8 mac[ETH_ALEN];
	u64 deadline; /* tick: next retry (PENDING) or expiry */
	int tries;
};

struct arp_waiting {
	struct arp_waiting *next;
	struct netif *nif;
	u32 nexthop;
	u32 len;
	u8 data[];
};

static struct arp_entry cache[ARP_CACHE_SIZE];
static struct arp_waiting *waiting;
static u32 waiting_count;

static struct arp_entry *arp_find(struct netif *nif, u32 ip)
{
	for (int i = 0; i < ARP_CACHE_SIZE; i++)
		if (cache[i].state != ARP_FREE && cache[i].nif == nif && cache[i].ip == ip)
			return &cache[i];
	return NULL;
}

/* A free entry, or the resolved one that expires first. */
static struct arp_entry *arp_slot(void)
{
	struct arp_entry *best = NULL;
	for (int i = 0; i < ARP_CACHE_SIZE; i++) {
		struct arp_entry *e = &cache[i];
		if (e->state == ARP_FREE)
			return e;
		if (e->state != ARP_PENDING && (!best || e->deadline < best->deadline))
			best = e;
	}
	return best;
}

static void arp_send(struct netif *nif, u16 op, const u8 *tha, u32 tpa, const u8 *dst)
{
	struct arp_pkt p = {
		.htype = net16(ARP_HTYPE_ETHER),
		.ptype = net16(ETH_P_IP),
		.hlen = ETH_ALEN,
		.plen = 4,
		.op = net16(op),
		.spa = nif->addr,
		.tpa = tpa,
	};
	memcpy(p.sha, nif->mac, ETH_ALEN);
	memcpy(p.tha, tha, ETH_ALEN);
	ether_output(nif, dst, ETH_P_ARP, &p, sizeof(p));
}

static void arp_request(struct arp_entry *e)
{
	static const u8 unknown[ETH_ALEN];
	e->tries++;
	e->deadline = tick_count() + ARP_RETRY_TICKS;
	arp_send(e->nif, ARP_OP_REQUEST, unknown, e->ip, ether_broadcast);
}

/* Sends (resolved) or drops every datagram waiting for e. */
static void arp_release_waiting(struct arp_entry *e)
{
	struct arp_waiting **link = &waiting;
	while (*link) {
		struct arp_waiting *w = *link;
		if (w->nif != e->nif || w->nexthop != e->ip) {
			link = &w->next;
			continue;
		}
		*link = w->next;
		waiting_count--;
		if (e->state == ARP_RESOLVED)
			ether_output(w->nif, e->mac, ETH_P_IP, w->data, w->len);
		else
			w->nif->stats.tx_dropped++;
		kfree(w);
	}
}

static void arp_learn(struct netif *nif, u32 ip, const u8 *mac, bool create)
{
	struct arp_entry *e = arp_find(nif, ip);
	if (!e) {
		if (!create || !(e = arp_slot()))
			return;
		if (e->state != ARP_FREE)
			arp_release_waiting(e); /* none wait for a resolved one */
		e->nif = nif;
		e->ip = ip;
	}
	memcpy(e->mac, mac, ETH_ALEN);
	e->state = ARP_RESOLVED;
	e->tries = 0;
	e->deadline = tick_count() + ARP_REACHABLE_TICKS;
	arp_release_waiting(e);
}

void arp_input(struct netif *nif, const u8 *pkt, u32 len)
{
	struct arp_pkt p;
	if (len < sizeof(p)) {
		nif->stats.rx_errors++;
		return;
	}
	memcpy(&p, pkt, sizeof(p));
	if (net16(p.htype) != ARP_HTYPE_ETHER || net16(p.ptype) != ETH_P_IP ||
	    p.hlen != ETH_ALEN || p.plen != 4 || (nif->flags & IFF_LOOPBACK)) {
		nif->stats.rx_dropped++;
		return;
	}
	u16 op = net16(p.op);
	bool for_us = nif->addr && p.tpa == nif->addr;
	/* RFC 826 "Packet Reception": update a known sender; learn it when
	 * the packet is for us. A sender claiming 0.0.0.0 (a probe) or a
	 * broadcast hardware address teaches nothing. */
	if (p.spa && !(p.sha[0] & 1))
		arp_learn(nif, p.spa, p.sha, for_us);
	if (for_us && op == ARP_OP_REQUEST)
		arp_send(nif, ARP_OP_REPLY, p.sha, p.spa, p.sha);
}

int arp_output(struct netif *nif, u32 nexthop, bool broadcast, const void *dgram, u32 len)
{
	if (broadcast)
		return ether_output(nif, ether_broadcast, ETH_P_IP, dgram, len);
	struct arp_entry *e = arp_find(nif, nexthop);
	if (e && e->state == ARP_RESOLVED)
		return ether_output(nif, e->mac, ETH_P_IP, dgram, len);
	if (e && e->state == ARP_FAILED)
		return -EHOSTUNREACH;
	if (waiting_count >= ARP_QUEUE_MAX) {
		nif->stats.tx_dropped++;
		return -ENOBUFS;
	}
	if (!e) {
		e = arp_slot();
		if (!e)
			return -ENOBUFS; /* every entry is waiting for an answer */
		if (e->state != ARP_FREE)
			arp_release_waiting(e);
		*e = (struct arp_entry){ .state = ARP_PENDING, .nif = nif, .ip = nexthop };
		arp_request(e);
	}
	struct arp_waiting *w = kmalloc(sizeof(*w) + len);
	if (!w)
		return -ENOBUFS;
	w->nif = nif;
	w->nexthop = nexthop;
	w->len = len;
	memcpy(w->data, dgram, len);
	w->next = waiting;
	waiting = w;
	waiting_count++;
	return 0;
}

void arp_tick(void)
{
	u64 now = tick_count();
	for (int i = 0; i < ARP_CACHE_SIZE; i++) {
		struct arp_entry *e = &cache[i];
		if (e->state == ARP_FREE || now < e->deadline)
			continue;
		if (e->state == ARP_PENDING && e->tries < ARP_MAX_TRIES) {
			arp_request(e);
		} else if (e->state == ARP_PENDING) {
			e->state = ARP_FAILED;
			e->deadline = now + ARP_FAILED_TICKS;
			arp_release_waiting(e);
		} else {
			e->state = ARP_FREE;
		}
	}
}

bool arp_entry(u32 i, struct arp_entry_info *out)
{
	for (int k = 0; k < ARP_CACHE_SIZE; k++) {
		struct arp_entry *e = &cache[k];
		if (e->state == ARP_FREE || i-- > 0)
			continue;
		out->ip = e->ip;
		memcpy(out->mac, e->mac, ETH_ALEN);
		out->resolved = e->state == ARP_RESOLVED;
		out->nif = e->nif;
		return true;
	}
	return false;
}

void arp_flush(void)
{
	for (int i = 0; i < ARP_CACHE_SIZE; i++) {
		if (cache[i].state == ARP_FREE)
			continue;
		cache[i].state = ARP_FAILED;
		arp_release_waiting(&cache[i]);
		cache[i].state = ARP_FREE;
	}
}
