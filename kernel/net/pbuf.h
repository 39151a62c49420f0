/*
 * pbuf.h - packet buffers: one segment's or datagram's bytes with room in
 * front for the headers the layers below prepend (TCP, IPv4, Ethernet),
 * shared by reference between a TCP send queue, lo's queue and a TCP
 * receive queue, so that a segment sent over lo is copied only from the
 * sender's user memory and into the reader's (docs/network.md, section 6).
 * Invariants: a buffer is freed when its last reference goes; its bytes
 * are never changed while another holder has a reference (refs > 1), so
 * a holder that wants to rewrite a shared buffer copies it first. Each
 * link field belongs to one kind of queue: snext to a TCP send queue,
 * qnext to lo's queue or a TCP receive queue (a buffer leaves lo's queue
 * before it can enter a receive queue).
 */
#ifndef MINOS_NET_PBUF_H
#define MINOS_NET_PBUF_H

#include "types.h"

/* Room for the largest headers: Ethernet 14, IPv4 20, TCP with options
 * 60, rounded up so that the payload starts 16-byte aligned. */
#define PBUF_HEADROOM 96

struct pbuf {
	struct pbuf *snext;  /* a TCP send queue */
	struct pbuf *qnext;  /* lo's queue, or a TCP receive queue */
	u32 refs;
	u32 size;            /* bytes of buf[] */
	/* The packet as the layer holding it sees it: a transport segment,
	 * an IP datagram, a frame (headers pushed in front as it goes down). */
	u8 *data;
	u32 len;
	/* A TCP send queue's view: the segment's payload is
	 * buf[seg_off .. seg_off + seg_len) (seg_off starts at PBUF_HEADROOM);
	 * `sent` once it went out (nothing is appended to it then). */
	u32 seg_off, seg_len;
	bool sent;
	/* A TCP receive queue's view: the bytes not yet read; `own` when the
	 * receiver allocated it (and may append to its free tail). */
	u8 *rdata;
	u32 rlen;
	bool own;
	u8 buf[];
};

/* A buffer of PBUF_HEADROOM + cap bytes, one reference, data at the end
 * of the headroom, len 0. NULL when the heap is out of memory. */
struct pbuf *pbuf_alloc(u32 cap);
static inline void pbuf_get(struct pbuf *p) { p->refs++; }
/* Drops a reference; the last frees the buffer. NULL is ignored. */
void pbuf_put(struct pbuf *p);
/* Prepends n header bytes to data (the headroom must hold them). */
u8 *pbuf_push(struct pbuf *p, u32 n);
/* Where the TCP payload of a send-queue buffer starts. */
static inline u8 *pbuf_payload(struct pbuf *p) { return p->buf + p->seg_off; }
/* The payload room a send-queue buffer has left. */
static inline u32 pbuf_seg_room(const struct pbuf *p)
{
	return p->size - p->seg_off - p->seg_len;
}

/* While lo delivers a buffer (loopback.c): that buffer when [data,
 * data + len) lies in it, so a receiver may reference it instead of
 * copying; NULL otherwise (a card's frame, a test's). */
struct pbuf *pbuf_receiving(const void *data, u32 len);
void pbuf_set_receiving(struct pbuf *p);

/* Buffers alive now, and their bytes (the self-tests' leak checks,
 * /proc/net/sockstat). */
u32 pbuf_count(void);
u64 pbuf_memory(void);

#endif
