/*
 * netif.c - the list of network interfaces (netif.h) and the door from a
 * card's receive path into the protocol stack.
 * Locking: interfaces and next_index under the kernel lock
 * (arch/x86_64/klock.h); the interfaces are added at boot.
 */
#include "net/netif.h"
#include "net/ether.h"
#include "lib/string.h"

static struct netif *interfaces;
static u32 next_index = 1;

void netif_register(struct netif *nif)
{
	nif->index = next_index++;
	nif->next = NULL;
	struct netif **p = &interfaces;
	while (*p)
		p = &(*p)->next;
	*p = nif;
}

void netif_receive(struct netif *nif, const void *frame, u32 len)
{
	nif->stats.rx_packets++;
	nif->stats.rx_bytes += len;
	ether_input(nif, frame, len);
}

struct netif *netif_first(void) { return interfaces; }

bool netif_tx_busy(void)
{
	for (struct netif *n = interfaces; n; n = n->next)
		if (n->tx_busy && n->tx_busy(n))
			return true;
	return false;
}

struct netif *netif_by_name(const char *name)
{
	for (struct netif *n = interfaces; n; n = n->next)
		if (strcmp(n->name, name) == 0)
			return n;
	return NULL;
}

struct netif *netif_by_index(u32 index)
{
	for (struct netif *n = interfaces; n; n = n->next)
		if (n->index == index)
			return n;
	return NULL;
}
