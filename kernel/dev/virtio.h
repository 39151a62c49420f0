/*
 * virtio.h - a virtio device's legacy PCI transport (the I/O-port BAR of a
 * transitional device, virtio 1.2 section 4.1.4.8) and its split
 * virtqueues (section 2.7), laid out as a legacy device expects (2.7.2):
 *
 *   ring_phys (4096-aligned, its page frame number given to the device)
 *   +--------------------------------+  0
 *   | descriptor table: size x 16 B  |  addr, len, flags (NEXT, WRITE), next
 *   +--------------------------------+  16 * size
 *   | available ring (driver writes) |  flags, idx, ring[size], used_event
 *   +--------------------------------+  padding up to a 4096 boundary
 *   | used ring (device writes)      |  flags, idx, {id, len}[size], avail_event
 *   +--------------------------------+
 *
 * Invariant: the driver writes only the descriptors and the available
 * ring, the device only the used ring; every index read from the used
 * ring is checked before it is used (virtq_pop).
 */
#ifndef MINOS_DEV_VIRTIO_H
#define MINOS_DEV_VIRTIO_H

#include "types.h"

#define VIRTIO_PCI_VENDOR 0x1AF4

/* The legacy registers, offsets into BAR 0 (I/O space), section 4.1.4.8. */
#define VIRTIO_PCI_HOST_FEATURES 0x00  /* u32, the device's feature bits 0-31 */
#define VIRTIO_PCI_GUEST_FEATURES 0x04 /* u32, the ones the driver accepts */
#define VIRTIO_PCI_QUEUE_PFN 0x08      /* u32, ring address >> 12 */
#define VIRTIO_PCI_QUEUE_SIZE 0x0C     /* u16, read-only in legacy */
#define VIRTIO_PCI_QUEUE_SELECT 0x0E   /* u16 */
#define VIRTIO_PCI_QUEUE_NOTIFY 0x10   /* u16, a queue's number */
#define VIRTIO_PCI_STATUS 0x12         /* u8 */
#define VIRTIO_PCI_ISR 0x13            /* u8, reading clears it and INTx */
#define VIRTIO_PCI_CONFIG 0x14         /* the device's own, without MSI-X */

/* Device status bits (section 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01
#define VIRTIO_STATUS_DRIVER 0x02
#define VIRTIO_STATUS_DRIVER_OK 0x04
#define VIRTIO_STATUS_FAILED 0x80

/* ISR status bits (section 4.1.4.5). */
#define VIRTIO_ISR_QUEUE 0x1
#define VIRTIO_ISR_CONFIG 0x2

/* Split virtqueue flags (section 2.7.5, 2.7.6, 2.7.8). */
#define VIRTQ_DESC_F_NEXT 0x1
#define VIRTQ_DESC_F_WRITE 0x2
#define VIRTQ_USED_F_NO_NOTIFY 0x1
#define VIRTIO_LEGACY_QUEUE_ALIGN 4096
#define VIRTIO_LEGACY_PFN_SHIFT 12
#define VIRTQ_SIZE_MAX 1024 /* larger rings are refused: bounded memory */

struct virtq_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
} __packed;

struct virtq_avail {
	u16 flags;
	u16 idx;
	u16 ring[]; /* size entries, then used_event */
} __packed;

struct virtq_used_elem {
	u32 id;  /* the head of the descriptor chain */
	u32 len; /* bytes the device wrote into the chain */
} __packed;

struct virtq_used {
	u16 flags;
	u16 idx;
	struct virtq_used_elem ring[]; /* size entries, then avail_event */
} __packed;

struct virtq {
	u16 io;    /* the device's I/O base */
	u16 index; /* the queue's number on the device */
	u16 size;  /* entries, chosen by the device: a power of 2 */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	volatile struct virtq_used *used;
	u16 avail_idx; /* the next free available-ring entry (free-running) */
	u16 last_used; /* the next used-ring entry to read (free-running) */
	u64 ring_phys;
	size_t ring_pages;
};

/* Selects queue index on the device at io, allocates its rings (zeroed)
 * and gives the device their address. 0, -ENODEV (no such queue, or one
 * larger than VIRTQ_SIZE_MAX) or -ENOMEM. */
int virtq_setup(struct virtq *q, u16 io, u16 index);
/* Makes the chain starting at descriptor head available to the device
 * (not yet notified). */
void virtq_push(struct virtq *q, u16 head);
/* Tells the device the available ring grew, unless it asked not to be. */
void virtq_notify(struct virtq *q);
/* The next used entry: 1 with *id and *len set, 0 when there is none,
 * -EIO when the device's used index is impossible (more than size entries
 * ahead); the entries are then skipped. The id is not checked here. */
int virtq_pop(struct virtq *q, u32 *id, u32 *len);

#endif
