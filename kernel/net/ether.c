/*
 * ether.c - Ethernet framing (ether.h). Until the protocols above it
 * exist, every frame is counted and dropped.
 */
#include "net/ether.h"

void ether_input(struct netif *nif, const void *frame, u32 len)
{
	(void)frame;
	(void)len;
	nif->stats.rx_dropped++;
}
