/*
 * ether.h - Ethernet framing (IEEE 802.3, Ethernet II): the first layer
 * above a network card. Frames on "lo" are Ethernet frames too, with zero
 * addresses, as Linux's loopback carries them.
 */
#ifndef MINOS_NET_ETHER_H
#define MINOS_NET_ETHER_H

#include "net/netif.h"

/* EtherTypes (include/uapi/linux/if_ether.h). */
#define ETH_P_IP 0x0800
#define ETH_P_ARP 0x0806
#define ETH_ZLEN 60 /* shortest frame without its FCS; shorter ones are padded */

struct ether_hdr {
	u8 dst[ETH_ALEN];
	u8 src[ETH_ALEN];
	u16 type; /* network byte order */
} __packed;

extern const u8 ether_broadcast[ETH_ALEN];

/* A received frame (netif_receive): checked and passed up by EtherType. */
void ether_input(struct netif *nif, const void *frame, u32 len);
/* Sends payload in one frame to dst through nif->xmit (from nif->mac);
 * returns 0, -ENOMEM or the driver's -ENOBUFS. */
int ether_output(struct netif *nif, const u8 *dst, u16 type, const void *payload, u32 len);

#endif
