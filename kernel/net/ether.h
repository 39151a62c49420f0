/*
 * ether.h - Ethernet framing: the first layer above a network card.
 */
#ifndef MINOS_NET_ETHER_H
#define MINOS_NET_ETHER_H

#include "net/netif.h"

/* A received frame (netif_receive): checked and passed up by EtherType. */
void ether_input(struct netif *nif, const void *frame, u32 len);

#endif
