/*
 * loopback.c - the loopback interface "lo" (loopback.h) and the local
 * delivery queue behind ip_deliver_local() (ip.h).
 *
 * lo queues packet buffers (pbuf.h): ip_output_pbuf() hands it the
 * buffer itself (loopback_xmit_pbuf: a reference, no copy), anything
 * else sent through the interface's xmit is copied into a new buffer.
 * ip_deliver_local() hands the queued frames to netif_receive() one by
 * one, telling the receivers which buffer the frame lies in, so TCP may
 * keep a reference to the payload instead of copying it. It is called
 * where the stack returns to its top level (inet.c: after every socket
 * operation on an AF_INET socket and at every tick; ether.c after a
 * card's frame), and never runs inside itself, so a transport's input
 * function may send without being called back from within its own send.
 * Invariant: the queue holds at most LOOPBACK_QUEUE_MAX frames, each
 * with one reference of lo's; beyond, xmit refuses with -ENOBUFS
 * (counted in tx_dropped).
 * Locking: lo, its queue, delivering and tap under the kernel lock
 * (arch/x86_64/klock.h), held by the system calls and the boot CPU's tick.
 */
#include "net/loopback.h"
#include "net/ether.h"
#include "net/ip.h"
#include "net/pbuf.h"
#include "lib/string.h"
#include "errno.h"

#define LOOPBACK_QUEUE_MAX 512
/* Frames one call of ip_deliver_local() passes up, so two transports
 * that answer each other forever cannot hold the CPU; the rest waits for
 * the next call (at the latest the next tick). */
#define LOOPBACK_BUDGET 256

static struct netif lo;
static struct pbuf *queue_head, *queue_tail;
static u32 queue_len;
static bool delivering;
static loopback_tap_fn *tap;

void loopback_set_tap(loopback_tap_fn *fn)
{
	tap = fn;
}

/* Queues p's frame (p->data, p->len) with a reference of lo's own. */
static int loopback_queue(struct netif *nif, struct pbuf *p)
{
	if (queue_len >= LOOPBACK_QUEUE_MAX) {
		nif->stats.tx_dropped++;
		return -ENOBUFS;
	}
	nif->stats.tx_packets++;
	nif->stats.tx_bytes += p->len;
	pbuf_get(p);
	p->qnext = NULL;
	if (queue_tail)
		queue_tail->qnext = p;
	else
		queue_head = p;
	queue_tail = p;
	queue_len++;
	return 0;
}

static int loopback_xmit(struct netif *nif, const void *frame, u32 len)
{
	struct pbuf *p = pbuf_alloc(len);
	if (!p) {
		nif->stats.tx_dropped++;
		return -ENOBUFS;
	}
	memcpy(p->data, frame, len);
	p->len = len;
	int err = loopback_queue(nif, p);
	pbuf_put(p);
	return err;
}

int loopback_xmit_pbuf(struct netif *nif, struct pbuf *p)
{
	/* lo's frames are Ethernet frames with zero addresses, as Linux's. */
	struct ether_hdr *h = (struct ether_hdr *)pbuf_push(p, ETH_HLEN);
	memset(h, 0, 2 * ETH_ALEN);
	h->type = net16(ETH_P_IP);
	return loopback_queue(nif, p);
}

void ip_deliver_local(void)
{
	if (delivering)
		return;
	delivering = true;
	for (int budget = LOOPBACK_BUDGET; budget > 0 && queue_head; budget--) {
		struct pbuf *p = queue_head;
		queue_head = p->qnext;
		if (!queue_head)
			queue_tail = NULL;
		queue_len--;
		p->qnext = NULL;
		if (!tap || !tap(p->data, p->len)) {
			pbuf_set_receiving(p);
			netif_receive(&lo, p->data, p->len);
			pbuf_set_receiving(NULL);
		}
		pbuf_put(p);
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
