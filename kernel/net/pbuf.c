/*
 * pbuf.c - packet buffers (pbuf.h): allocation from the kernel heap,
 * references, header room, and the buffer lo is delivering.
 * Invariant: pbufs_alive and pbuf_bytes count the buffers allocated and
 * not yet freed, and their sizes.
 * Locking: pbufs_alive, pbuf_bytes and receiving under the kernel lock
 * (arch/x86_64/klock.h), held by the system calls and taken by trap_dispatch
 * for the card's interrupt and the boot CPU's tick (inet_tick).
 */
#include "net/pbuf.h"
#include "mm/heap.h"
#include "panic.h"

static u32 pbufs_alive;
static u64 pbuf_bytes;
static struct pbuf *receiving;

struct pbuf *pbuf_alloc(u32 cap)
{
	u32 size = PBUF_HEADROOM + cap;
	struct pbuf *p = kmalloc(sizeof(*p) + size);
	if (!p)
		return NULL;
	p->snext = p->qnext = NULL;
	p->refs = 1;
	p->size = size;
	p->data = p->buf + PBUF_HEADROOM;
	p->len = 0;
	p->seg_off = PBUF_HEADROOM;
	p->seg_len = 0;
	p->sent = false;
	p->rdata = NULL;
	p->rlen = 0;
	p->own = false;
	pbufs_alive++;
	pbuf_bytes += size;
	return p;
}

void pbuf_put(struct pbuf *p)
{
	if (!p)
		return;
	BUG_ON(p->refs == 0);
	if (--p->refs)
		return;
	pbufs_alive--;
	pbuf_bytes -= p->size;
	kfree(p);
}

u8 *pbuf_push(struct pbuf *p, u32 n)
{
	BUG_ON((u32)(p->data - p->buf) < n);
	p->data -= n;
	p->len += n;
	return p->data;
}

struct pbuf *pbuf_receiving(const void *data, u32 len)
{
	const u8 *d = data;
	if (receiving && d >= receiving->buf && d + len <= receiving->buf + receiving->size)
		return receiving;
	return NULL;
}

void pbuf_set_receiving(struct pbuf *p)
{
	receiving = p;
}

u32 pbuf_count(void)
{
	return pbufs_alive;
}

u64 pbuf_memory(void)
{
	return pbuf_bytes;
}
