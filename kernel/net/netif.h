/*
 * netif.h - network interfaces: what a network card driver (dev/) gives
 * the protocol stack (net/), and the stack's way back to the card.
 *
 * A driver fills a struct netif (name, hardware address, MTU, xmit) and
 * registers it; for every frame the card receives it calls
 * netif_receive(), which hands the Ethernet frame to the stack. The stack
 * sends through nif->xmit. The loopback interface "lo" is one more netif,
 * with no hardware address.
 * Invariant: netif_receive() and xmit run with interrupts off; xmit copies
 * the frame (the caller's buffer is free again when it returns) and
 * returns 0, or -ENOBUFS when the card's queue is full (the frame is
 * dropped, as a real wire may drop it).
 */
#ifndef MINOS_NET_NETIF_H
#define MINOS_NET_NETIF_H

#include "types.h"

#define ETH_ALEN 6
#define ETH_HLEN 14
#define ETH_DATA_LEN 1500
#define ETH_FRAME_MAX (ETH_HLEN + ETH_DATA_LEN)

/* Flags, with Linux's values (include/uapi/linux/if.h). */
#define IFF_UP 0x1
#define IFF_BROADCAST 0x2
#define IFF_LOOPBACK 0x8
#define IFF_RUNNING 0x40
#define IFF_MULTICAST 0x1000

struct netif_stats { /* as /proc/net/dev counts them */
	u64 rx_packets, rx_bytes, rx_dropped, rx_errors;
	u64 tx_packets, tx_bytes, tx_dropped, tx_errors;
};

struct netif {
	char name[16];          /* "lo", "eth0" */
	u32 index;              /* ifindex, from 1 */
	u32 flags;              /* IFF_* */
	u8 mac[ETH_ALEN];
	u32 mtu;
	/* IPv4 configuration, network byte order (0: none yet). */
	u32 addr, netmask, gateway;
	struct netif_stats stats;
	int (*xmit)(struct netif *nif, const void *frame, u32 len);
	/* Whether frames handed to xmit are still waiting for the card (NULL:
	 * never: sent within xmit). */
	bool (*tx_busy)(struct netif *nif);
	void *priv;             /* the driver's */
	struct netif *next;
};

/* Adds nif to the list (gives it its index); the stack may send at once. */
void netif_register(struct netif *nif);
/* A frame the card received (Ethernet header first; for lo, as sent). */
void netif_receive(struct netif *nif, const void *frame, u32 len);
/* Whether any interface still holds frames its card has not sent. */
bool netif_tx_busy(void);
/* The registered interfaces, in index order. */
struct netif *netif_first(void);
struct netif *netif_by_name(const char *name);
struct netif *netif_by_index(u32 index);

#endif
