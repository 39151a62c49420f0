/*
 * arp.h - ARP (RFC 826): finding the Ethernet address of an IPv4 neighbour
 * on a card's subnet, with a cache whose entries time out.
 */
#ifndef MINOS_NET_ARP_H
#define MINOS_NET_ARP_H

#include "net/netif.h"

/* A received ARP packet (ether.c). */
void arp_input(struct netif *nif, const u8 *pkt, u32 len);
/* Sends the IPv4 datagram dgram to the neighbour nexthop on nif (to every
 * host if broadcast): at once when its address is known, else after an
 * ARP request is answered (a copy waits in a small queue). Returns 0,
 * -ENOBUFS or -EHOSTUNREACH (the neighbour did not answer lately). */
int arp_output(struct netif *nif, u32 nexthop, bool broadcast, const void *dgram, u32 len);
/* Every tick (inet.c): requests retried, entries and waiting datagrams
 * timed out. */
void arp_tick(void);

/* One cache entry as tools and tests see it. */
struct arp_entry_info {
	u32 ip;
	u8 mac[ETH_ALEN];
	bool resolved;
	struct netif *nif;
};
/* The i-th cache entry in use; false past the last. */
bool arp_entry(u32 i, struct arp_entry_info *out);
/* Forgets every entry and drops every waiting datagram. */
void arp_flush(void);

#endif
