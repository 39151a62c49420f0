/*
 * route.h - IPv4's internals shared by the files of net/ that MinOS's IPv4
 * layer is made of (ip.c, loopback.c, arp.c, icmp.c, udp.c, inet.c); the
 * transports' interface is ip.h.
 *
 * The routing table is not stored: it is read from the interfaces each
 * time, in this order (docs/network.md section 4):
 *   127.0.0.0/8 and every interface's own address   -> lo (local)
 *   255.255.255.255                                  -> the first card, broadcast
 *   each card's subnet (its broadcast address too)   -> that card, on-link
 *   0.0.0.0/0                                        -> the first card with a gateway
 * A route through a card that is down does not exist; lo's do (as on
 * Linux), but lo down drops what it carries.
 */
#ifndef MINOS_NET_ROUTE_H
#define MINOS_NET_ROUTE_H

#include "net/ip.h"

#define IP_TTL_DEFAULT 64 /* net.ipv4.ip_default_ttl */
#define IP_MAXPACKET 65535
#define INADDR_BROADCAST 0xffffffffu
#define INADDR_LOOPBACK_NET 0x7f000001u /* 127.0.0.1, host order */

/* IPv4 header (RFC 791 section 3.1); multi-byte fields network order. */
struct ip_hdr {
	u8 ver_ihl;  /* version 4 in the high nibble, header length in words */
	u8 tos;
	u16 tot_len;
	u16 id;
	u16 frag_off; /* flags (reserved, DF, MF) then offset in 8-byte units */
	u8 ttl;
	u8 proto;
	u16 check;
	u32 src, dst;
} __packed;

#define IP_DF 0x4000
#define IP_MF 0x2000
#define IP_OFFSET 0x1fff

struct ip_route {
	struct netif *nif; /* where it leaves: lo for a local address */
	u32 nexthop;       /* the on-link address ARP resolves */
	u32 src;           /* the source address it gets */
	bool local, broadcast;
};

/* Fills r for dst; 0, or -ENETUNREACH when no route exists. */
int ip_route(u32 dst, struct ip_route *r);
bool ip_is_broadcast(u32 addr);

/* ip_output() with the TTL and the DF bit chosen (ICMP's own messages go
 * without DF, as Linux sends them). */
int ip_output_ex(u32 src, u32 dst, u8 proto, const void *payload, u32 len, u8 ttl, bool df);
/* A received IPv4 datagram (ether.c): header checked, then delivered to
 * the transport or dropped and counted. */
void ip_input(struct netif *nif, const u8 *pkt, u32 len);

/* While a transport's input function runs: answers the datagram it is
 * looking at with an ICMP destination unreachable (code below). */
void ip_unreach_current(u8 code);

/* IPv4's counters (RFC 4293 names, as /proc/net/snmp shows them). */
struct ip_counters {
	u64 in_receives, in_hdr_errors, in_addr_errors, in_unknown_protos;
	u64 in_delivers, frag_drops, out_requests, out_no_routes, out_discards;
	u64 icmp_in, icmp_in_errors, icmp_out, icmp_out_unreach;
	u64 udp_in, udp_no_ports, udp_in_errors, udp_csum_errors, udp_rcvbuf_errors, udp_out;
};
extern struct ip_counters ip_counters;

/* icmp.c: a destination unreachable (RFC 792) about the datagram `orig`
 * (its header and payload as received), unless it was an ICMP error or
 * a broadcast. */
void icmp_send_unreach(const u8 *orig, u32 len, u8 code);
#define ICMP_UNREACH_PROTOCOL 2
#define ICMP_UNREACH_PORT 3
/* icmp.c: every received ICMP datagram, header included, for the raw
 * ICMP sockets (before icmp_input answers it, as Linux does). */
void icmp_raw_input(const u8 *pkt, u32 len, u32 src);

#endif
