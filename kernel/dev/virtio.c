/*
 * virtio.c - split virtqueues on the legacy virtio PCI transport (virtio.h).
 * Invariant: x86 keeps stores in order and loads in order, so a compiler
 * barrier orders a ring entry before the index that publishes it, and an
 * index before the entries it covers (virtio 1.2 section 2.7.13); only a
 * store followed by a load needs MFENCE (virtq_notify).
 */
#include "dev/virtio.h"
#include "arch/x86_64/io.h"
#include "mm/pmm.h"
#include "mm/vm.h"
#include "lib/string.h"
#include "errno.h"

#define virtq_barrier() __asm__ volatile("" ::: "memory")

/* The legacy layout (section 2.7.2): descriptors, then the available
 * ring, then the used ring at the next 4096-byte boundary. */
static size_t used_offset(u16 size)
{
	return ALIGN_UP(sizeof(struct virtq_desc) * size + sizeof(u16) * (3 + size),
			(size_t)VIRTIO_LEGACY_QUEUE_ALIGN);
}

static size_t ring_bytes(u16 size)
{
	return used_offset(size) + ALIGN_UP(sizeof(u16) * 3 + sizeof(struct virtq_used_elem) * size,
					    (size_t)VIRTIO_LEGACY_QUEUE_ALIGN);
}

int virtq_setup(struct virtq *q, u16 io, u16 index)
{
	memset(q, 0, sizeof(*q));
	outw(io + VIRTIO_PCI_QUEUE_SELECT, index);
	u16 size = inw(io + VIRTIO_PCI_QUEUE_SIZE);
	if (size == 0 || size > VIRTQ_SIZE_MAX || (size & (size - 1)))
		return -ENODEV;
	size_t pages = ring_bytes(size) / PAGE_SIZE;
	u64 phys = pmm_alloc_contig(pages);
	if (!phys)
		return -ENOMEM;
	u8 *base = phys_to_virt(phys);
	memset(base, 0, pages * PAGE_SIZE);
	q->io = io;
	q->index = index;
	q->size = size;
	q->desc = (struct virtq_desc *)base;
	q->avail = (struct virtq_avail *)(base + sizeof(struct virtq_desc) * size);
	q->used = (volatile struct virtq_used *)(base + used_offset(size));
	q->ring_phys = phys;
	q->ring_pages = pages;
	outl(io + VIRTIO_PCI_QUEUE_PFN, (u32)(phys >> VIRTIO_LEGACY_PFN_SHIFT));
	return 0;
}

void virtq_push(struct virtq *q, u16 head)
{
	q->avail->ring[q->avail_idx & (q->size - 1)] = head;
	virtq_barrier(); /* the entry before the index that publishes it */
	q->avail_idx++;
	q->avail->idx = q->avail_idx;
}

void virtq_notify(struct virtq *q)
{
	/* Our store of the index must be seen before we read the device's
	 * flag (a store then a load: x86 may reorder those, so a full fence;
	 * section 2.7.13.4). */
	__asm__ volatile("mfence" ::: "memory");
	if (!(q->used->flags & VIRTQ_USED_F_NO_NOTIFY))
		outw(q->io + VIRTIO_PCI_QUEUE_NOTIFY, q->index);
}

int virtq_pop(struct virtq *q, u32 *id, u32 *len)
{
	u16 used_idx = q->used->idx;
	u16 ready = (u16)(used_idx - q->last_used);
	if (ready == 0)
		return 0;
	if (ready > q->size) {
		q->last_used = used_idx;
		return -EIO;
	}
	virtq_barrier(); /* the index before the entries it covers */
	volatile struct virtq_used_elem *e = &q->used->ring[q->last_used & (q->size - 1)];
	*id = e->id;
	*len = e->len;
	q->last_used++;
	return 1;
}
