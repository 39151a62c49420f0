/*
 * net.c - bringing up the network at boot (the address families, then
 * the interfaces), and letting it settle before the machine powers off
 * (net/socket.h).
 */
#include "net/socket.h"
#include "net/unix.h"
#include "net/inet.h"
#include "net/tcp.h"
#include "net/netif.h"
#include "time/tick.h"
#include "arch/x86_64/klock.h"
#include "arch/x86_64/io.h"

/* How long the last bytes may take to be acknowledged: a few of TCP's
 * minimum retransmission timeouts (200 ms). */
#define NET_SETTLE_TICKS (TICK_HZ * 2)

void net_init(void)
{
	unix_init();
	inet_init();
}

void net_settle(void)
{
	u64 end = tick_count() + NET_SETTLE_TICKS;
	/* The bytes not yet acknowledged, and the frames the card has not
	 * sent yet (an RST, the data before it: a reset connection is gone,
	 * but its last segments may still be in the card's ring). */
	while ((tcp_unacknowledged() || netif_tx_busy()) && tick_count() < end) {
		/* The card's interrupt and the tick (TICK_NET: retransmission)
		 * move the connections on while the CPU waits. */
		klock_halt();
	}
}
