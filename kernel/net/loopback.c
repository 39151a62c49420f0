/*
 * loopback.c - the loopback interface "lo" (loopback.h) and the local
 * delivery queue behind ip_deliver_local() (ip.h).
 *
 * lo's xmit only queues a copy of the frame; ip_deliver_local() hands the
 * queued frames to netif_receive() one by one. It is called where the
 * stack returns to its top level (inet.c: after every socket operation
 * on an AF_INET socket and at every tick; ether.c after a card's frame),
 * and never runs inside itself, so a transport's input function may send
 * without being called back from within its own send.
 * Invariant: the queue holds at most LOOPBACK_QUEUE_MAX frames; beyond,
 * xmit refuses with -ENOBUFS (counted in tx_dropped).
 */
#include "net/loopback.h"
#include "net/ip.h"
#include "mm/heap.h"
#include "lib/string.h"
#include "errno.h"

#define LOOPBACK_QUEUE_MAX 512
/* Frames one call of ip_deliver_local() passes up, so two transports
 * that answer each other forever cannot hold the CPU; the rest waits for
 * the next call (at the latest the next tick). */
#define LOOPBACK_BUDGET 256

struct lo_frame {
	struct lo_frame *next;
	u32 len;
	u8 data[];
};

static struct netif lo;
static struct lo_frame *queue_head, *queue_tail;
static u32 queue_len;
static bool delivering;

static int loopback_xmit(struct netif *nif, const void *frame, u32 len)
{
	if (queue_len >= LOOPBACK_QUEUE_MAX) {
		nif->stats.tx_dropped++;
		return -ENOBUFS;
	}
	struct lo_frame *f = kmalloc(sizeof(*f) + len);
	if (!f) {
		nif->stats.tx_dropped++;
		return -ENOBUFS;
	}
	nif->stats.tx_packets++;
	nif->stats.tx_bytes += len;
	f->next = NULL;
	f->len = len;
	memcpy(f->data, frame, len);
	if (queue_tail)
		queue_tail->next = f;
	else
		queue_head = f;
	queue_tail = f;
	queue_len++;
	return 0;
}

void ip_deliver_local(void)
{
	if (delivering)
		return;
	delivering = true;
	for (int budget = LOOPBACK_BUDGET; budget > 0 && queue_head; budget--) {
		struct lo_frame *f = queue_head;
		queue_head = f->next;
		if (!queue_head)
			queue_tail = NULL;
		queue_len--;
		netif_receive(&lo, f->data, f->len);
		kfree(f);
	}
	delivering = false;
}

void loopback_init(void)
{
	strlcpy(lo.name, "lo", sizeof(lo.name));
	lo.flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
	lo.mtu = LOOPBACK_MTU;
	lo.addr = net32(0x7f000001);   /* 127.0.0.1 */
	lo.netmask = net32(0xff000000); /* /8 */
	lo.xmit = loopback_xmit;
	netif_register(&lo);
}

struct netif *loopback_netif(void) { return lo.xmit ? &lo : NULL; }

u32 loopback_queued(void) { return queue_len; }
