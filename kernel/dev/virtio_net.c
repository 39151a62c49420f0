/*
 * virtio_net.c - the virtio network card (virtio_net.h) on its legacy I/O
 * interface: receive queue 0 and transmit queue 1 of fixed DMA slots, INTx
 * through the I/O APIC, frames to netif_receive() without their header.
 * Invariant: a slot is owned by the device (busy) or by the driver, never
 * both; every id and length the device returns is checked, a bad one counted.
 * Locking: the card (queues, slots, counters) under the kernel lock
 * (arch/x86_64/klock.h), held by the system calls and taken by trap_dispatch
 * for the card's interrupt and the boot CPU's tick (inet_tick); test_tap and
 * the ghost card are the in-kernel tests'.
 */
#include "dev/virtio_net.h"
#include "dev/virtio.h"
#include "dev/pci.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/lapic.h"
#include "mm/pmm.h"
#include "mm/vm.h"
#include "lib/string.h"
#include "errno.h"
#include "log.h"

/* Feature bits (section 5.1.3): only the MAC address is asked for, so the
 * device does no offloads and every receive buffer holds one frame. */
#define VIRTIO_NET_F_MAC (1u << 5)
#define VIRTIO_NET_CONFIG_MAC 0 /* offset of mac[6] in the device config (5.1.4) */

#define VIRTIO_NET_RX_QUEUE 0
#define VIRTIO_NET_TX_QUEUE 1

/* struct virtio_net_hdr without num_buffers: a legacy device uses 10 bytes
 * when VIRTIO_NET_F_MRG_RXBUF is not negotiated (section 5.1.6.1, legacy
 * interface note). */
#define VIRTIO_NET_HDR_LEN 10

/* One slot: the header, then the frame, each its own descriptor, because
 * a legacy device without VIRTIO_F_ANY_LAYOUT expects the header alone in
 * the first descriptor (section 5.1.6.6, legacy interface). */
#define VNET_SLOT_SIZE 2048
#define VNET_FRAME_OFFSET 64
#define VNET_FRAME_BUF 1536 /* at least 1514 + a VLAN tag (5.1.6.3.1) */
#define VNET_RX_SLOTS 64
#define VNET_TX_SLOTS 32
#define VNET_SLOTS_PER_PAGE (PAGE_SIZE / VNET_SLOT_SIZE)
#define VNET_DESCS_PER_SLOT 2
#define VNET_MTU 1500

_Static_assert(VNET_FRAME_OFFSET + VNET_FRAME_BUF <= VNET_SLOT_SIZE, "a slot holds a frame");
_Static_assert(VIRTIO_NET_HDR_LEN <= VNET_FRAME_OFFSET, "the header fits before the frame");

struct vnet_ring {
	struct virtq q;
	unsigned slots;   /* usable slots: at most size / 2 */
	u64 buf_phys;     /* slots * VNET_SLOT_SIZE, physically contiguous */
	u8 *buf;
	bool busy[VNET_RX_SLOTS > VNET_TX_SLOTS ? VNET_RX_SLOTS : VNET_TX_SLOTS];
};

struct vnet_card {
	u16 io;
	u8 irq;
	struct vnet_ring rx, tx;
	struct netif nif;
};

static struct vnet_card card;

static virtio_net_tap_fn test_tap;

void virtio_net_set_test_tap(virtio_net_tap_fn tap) { test_tap = tap; }

static u8 *slot_addr(struct vnet_ring *r, unsigned slot) { return r->buf + slot * VNET_SLOT_SIZE; }

/* Descriptors 2*slot (header) and 2*slot+1 (frame) form the slot's chain;
 * they never change, so only the available ring moves. */
static void ring_describe(struct vnet_ring *r, u16 device_writes)
{
	for (unsigned s = 0; s < r->slots; s++) {
		u64 pa = r->buf_phys + s * VNET_SLOT_SIZE;
		struct virtq_desc *h = &r->q.desc[VNET_DESCS_PER_SLOT * s];
		h[0] = (struct virtq_desc){ pa, VIRTIO_NET_HDR_LEN,
					    (u16)(VIRTQ_DESC_F_NEXT | device_writes),
					    (u16)(VNET_DESCS_PER_SLOT * s + 1) };
		h[1] = (struct virtq_desc){ pa + VNET_FRAME_OFFSET, VNET_FRAME_BUF, device_writes, 0 };
	}
}

static int ring_init(struct vnet_ring *r, u16 index, unsigned want, u16 device_writes)
{
	int err = virtq_setup(&r->q, card.io, index);
	if (err)
		return err;
	r->slots = MIN(want, (unsigned)r->q.size / VNET_DESCS_PER_SLOT);
	size_t pages = ALIGN_UP(r->slots, VNET_SLOTS_PER_PAGE) / VNET_SLOTS_PER_PAGE;
	r->buf_phys = pmm_alloc_contig(pages);
	if (!r->buf_phys)
		return -ENOMEM;
	r->buf = phys_to_virt(r->buf_phys);
	memset(r->buf, 0, pages * PAGE_SIZE);
	ring_describe(r, device_writes);
	return 0;
}

/* The slot a used entry names, or -1 when the id is not the head of a
 * chain we posted (a device bug, or a hostile device). */
static int used_slot(struct vnet_ring *r, u32 id)
{
	if (id % VNET_DESCS_PER_SLOT || id / VNET_DESCS_PER_SLOT >= r->slots)
		return -1;
	unsigned slot = id / VNET_DESCS_PER_SLOT;
	return r->busy[slot] ? (int)slot : -1;
}

static void rx_post(struct vnet_card *c, unsigned slot)
{
	c->rx.busy[slot] = true;
	virtq_push(&c->rx.q, (u16)(VNET_DESCS_PER_SLOT * slot));
}

/* Every frame the device has finished, passed up; each slot posted again.
 * At most one ring's worth per call, so a device that never stops cannot
 * keep the kernel here. */
static void rx_drain(struct vnet_card *c)
{
	u32 id, len;
	unsigned n = 0, posted = 0;
	int got;
	while (n++ < c->rx.q.size && (got = virtq_pop(&c->rx.q, &id, &len)) != 0) {
		int slot = got < 0 ? -1 : used_slot(&c->rx, id);
		if (slot < 0) {
			c->nif.stats.rx_errors++;
			continue;
		}
		c->rx.busy[slot] = false;
		if (len < VIRTIO_NET_HDR_LEN + ETH_HLEN || len > VIRTIO_NET_HDR_LEN + VNET_FRAME_BUF) {
			c->nif.stats.rx_errors++;
		} else {
			/* The header's descriptor is exactly its 10 bytes, so the frame
			 * is what came after it, at the frame descriptor's start. */
			const u8 *frame = slot_addr(&c->rx, (unsigned)slot) + VNET_FRAME_OFFSET;
			u32 frame_len = len - VIRTIO_NET_HDR_LEN;
			if (test_tap)
				test_tap(frame, frame_len);
			netif_receive(&c->nif, frame, frame_len);
		}
		rx_post(c, (unsigned)slot);
		posted++;
	}
	if (posted)
		virtq_notify(&c->rx.q);
}

/* Transmit slots the device has sent become free again. */
static void tx_reclaim(struct vnet_card *c)
{
	u32 id, len;
	unsigned n = 0;
	int got;
	while (n++ < c->tx.q.size && (got = virtq_pop(&c->tx.q, &id, &len)) != 0) {
		int slot = got < 0 ? -1 : used_slot(&c->tx, id);
		if (slot < 0)
			c->nif.stats.tx_errors++;
		else
			c->tx.busy[slot] = false;
	}
}

static int virtio_net_xmit(struct netif *nif, const void *frame, u32 len)
{
	tx_reclaim(&card);
	if (len > VNET_FRAME_BUF) {
		nif->stats.tx_errors++;
		return -EMSGSIZE;
	}
	unsigned slot = 0;
	while (slot < card.tx.slots && card.tx.busy[slot])
		slot++;
	if (slot == card.tx.slots) {
		nif->stats.tx_dropped++;
		return -ENOBUFS;
	}
	u8 *p = slot_addr(&card.tx, slot);
	memset(p, 0, VIRTIO_NET_HDR_LEN); /* no checksum offload, no GSO */
	memcpy(p + VNET_FRAME_OFFSET, frame, len);
	card.tx.q.desc[VNET_DESCS_PER_SLOT * slot + 1].len = len;
	card.tx.busy[slot] = true;
	virtq_push(&card.tx.q, (u16)(VNET_DESCS_PER_SLOT * slot));
	virtq_notify(&card.tx.q);
	nif->stats.tx_packets++;
	nif->stats.tx_bytes += len;
	return 0;
}

/* Frames still in the transmit ring, after taking back what was sent. */
static bool virtio_net_tx_busy(struct netif *nif)
{
	(void)nif;
	tx_reclaim(&card);
	for (unsigned slot = 0; slot < card.tx.slots; slot++)
		if (card.tx.busy[slot])
			return true;
	return false;
}

/* INTx is level-triggered: reading the ISR register lowers the line, and
 * must come before the EOI or the interrupt comes straight back. */
static void virtio_net_interrupt(struct regs *r)
{
	(void)r;
	u8 isr = inb(card.io + VIRTIO_PCI_ISR);
	if (isr & VIRTIO_ISR_QUEUE) {
		tx_reclaim(&card);
		rx_drain(&card);
	}
	lapic_eoi();
}

static void read_mac(u32 features)
{
	if (features & VIRTIO_NET_F_MAC) {
		for (unsigned i = 0; i < ETH_ALEN; i++)
			card.nif.mac[i] = inb(card.io + VIRTIO_PCI_CONFIG + VIRTIO_NET_CONFIG_MAC + i);
		return;
	}
	/* No address from the device: a locally administered one (bit 1 of
	 * the first byte set, bit 0 clear: unicast; IEEE 802 section 8.2). */
	u64 t = rdtsc();
	u8 mac[ETH_ALEN] = { 0x02, 0x00, (u8)(t >> 24), (u8)(t >> 16), (u8)(t >> 8), (u8)t };
	memcpy(card.nif.mac, mac, ETH_ALEN);
}

static int card_start(const struct pci_dev *d)
{
	u64 bar = pci_assign_io_bar(d, 0); /* the legacy registers (4.1.4.8) */
	if (bar == 0 || bar > 0xFFFF)
		return -ENODEV;
	if (d->irq_pin == 0 || d->irq_line == 0 || d->irq_line >= 16)
		return -ENXIO; /* the firmware routed no interrupt */
	card.io = (u16)bar;
	card.irq = d->irq_line;
	pci_enable(d, PCI_COMMAND_IO | PCI_COMMAND_MASTER);

	/* Initialisation, legacy order (section 3.1.2): reset, acknowledge,
	 * driver, features, queues, then DRIVER_OK. */
	outb(card.io + VIRTIO_PCI_STATUS, 0);
	outb(card.io + VIRTIO_PCI_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	outb(card.io + VIRTIO_PCI_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	u32 features = inl(card.io + VIRTIO_PCI_HOST_FEATURES) & VIRTIO_NET_F_MAC;
	outl(card.io + VIRTIO_PCI_GUEST_FEATURES, features);

	int err = ring_init(&card.rx, VIRTIO_NET_RX_QUEUE, VNET_RX_SLOTS, VIRTQ_DESC_F_WRITE);
	if (!err)
		err = ring_init(&card.tx, VIRTIO_NET_TX_QUEUE, VNET_TX_SLOTS, 0);
	if (err) {
		outb(card.io + VIRTIO_PCI_STATUS, VIRTIO_STATUS_FAILED);
		return err;
	}
	read_mac(features);
	for (unsigned s = 0; s < card.rx.slots; s++)
		rx_post(&card, s);

	irq_set_handler(VEC_IRQ_BASE + card.irq, virtio_net_interrupt);
	ioapic_enable_pci_irq(card.irq);
	outb(card.io + VIRTIO_PCI_STATUS,
	     VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
	virtq_notify(&card.rx.q);
	return 0;
}

void virtio_net_init(void)
{
	const struct pci_dev *d = pci_find(VIRTIO_PCI_VENDOR, VIRTIO_NET_LEGACY_DEVICE, 0);
	if (!d) {
		if (pci_find(VIRTIO_PCI_VENDOR, VIRTIO_NET_MODERN_DEVICE, 0))
			pr_warn("virtio-net: a modern-only card (disable-legacy=on) is not "
				"supported; use QEMU's default virtio-net-pci\n");
		return;
	}
	int err = card_start(d);
	if (err) {
		pr_warn("virtio-net: card at %02x:%02x.%u not started: error %d\n", d->bus, d->slot,
			d->func, err);
		return;
	}
	struct netif *nif = &card.nif;
	strlcpy(nif->name, "eth0", sizeof(nif->name));
	nif->flags = IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST;
	nif->mtu = VNET_MTU;
	nif->addr = VIRTIO_NET_QEMU_ADDR;
	nif->netmask = VIRTIO_NET_QEMU_NETMASK;
	nif->gateway = VIRTIO_NET_QEMU_GATEWAY;
	nif->xmit = virtio_net_xmit;
	nif->tx_busy = virtio_net_tx_busy;
	nif->priv = &card;
	netif_register(nif);
	const u8 *m = nif->mac;
	pr_info("virtio-net: eth0 %02x:%02x:%02x:%02x:%02x:%02x at I/O 0x%x, IRQ %u; "
		"%u receive and %u transmit slots; 10.0.2.15/24 via 10.0.2.2\n",
		m[0], m[1], m[2], m[3], m[4], m[5], card.io, card.irq, card.rx.slots, card.tx.slots);
}

/*
 * For the self-test only: plays a misbehaving device. A card with no
 * hardware behind it (a ring of GHOST_SLOTS slots in fresh memory, the
 * device's notifications off) gets the used entries given, all at once,
 * and runs the receive path on them. Returns the receive errors counted
 * and sets *delivered to the frames passed up and *posted to the slots
 * the device owns again afterwards. The memory is freed before return.
 */
#define GHOST_RING 8
#define GHOST_SLOTS 4

static int ghost_xmit(struct netif *nif, const void *frame, u32 len)
{
	(void)frame;
	(void)len;
	nif->stats.tx_dropped++;
	return -ENOBUFS;
}

long virtio_net_test_forged_rx(const struct virtq_used_elem *entries, unsigned n,
			       u16 used_idx, unsigned *delivered, unsigned *posted)
{
	static struct vnet_card ghost;
	memset(&ghost, 0, sizeof(ghost));
	u64 ring = pmm_alloc_page();
	u64 buf = pmm_alloc_contig(GHOST_SLOTS / VNET_SLOTS_PER_PAGE);
	if (!ring || !buf) {
		if (ring)
			pmm_free_page(ring);
		return -ENOMEM;
	}
	u8 *base = phys_to_virt(ring);
	memset(base, 0, PAGE_SIZE);
	struct virtq *q = &ghost.rx.q;
	q->size = GHOST_RING;
	q->desc = (struct virtq_desc *)base;
	q->avail = (struct virtq_avail *)(base + sizeof(struct virtq_desc) * GHOST_RING);
	struct virtq_used *used = (struct virtq_used *)(base + PAGE_SIZE / 2);
	q->used = used;
	used->flags = VIRTQ_USED_F_NO_NOTIFY; /* no port is ever written */
	ghost.rx.slots = GHOST_SLOTS;
	ghost.rx.buf_phys = buf;
	ghost.rx.buf = phys_to_virt(buf);
	memset(ghost.rx.buf, 0, GHOST_SLOTS * VNET_SLOT_SIZE);
	ring_describe(&ghost.rx, VIRTQ_DESC_F_WRITE);
	for (unsigned s = 0; s < GHOST_SLOTS; s++)
		rx_post(&ghost, s);
	strlcpy(ghost.nif.name, "ghost", sizeof(ghost.nif.name));
	ghost.nif.xmit = ghost_xmit;

	for (unsigned i = 0; i < n && i < GHOST_RING; i++)
		used->ring[i] = entries[i];
	used->idx = used_idx;
	rx_drain(&ghost);

	*delivered = (unsigned)ghost.nif.stats.rx_packets;
	*posted = 0;
	for (unsigned s = 0; s < GHOST_SLOTS; s++)
		*posted += ghost.rx.busy[s];
	pmm_free_contig(buf, GHOST_SLOTS / VNET_SLOTS_PER_PAGE);
	pmm_free_page(ring);
	return (long)ghost.nif.stats.rx_errors;
}
