/*
 * virtio_net.h - the virtio network card (virtio 1.2 section 5.1) on its
 * legacy PCI interface: found on the PCI bus at boot, registered as the
 * network interface "eth0" with QEMU's user-network address.
 * Invariant: at most one card is driven; without one, nothing is
 * registered and nothing is printed.
 */
#ifndef MINOS_DEV_VIRTIO_NET_H
#define MINOS_DEV_VIRTIO_NET_H

#include "types.h"
#include "net/netif.h"

#define VIRTIO_NET_LEGACY_DEVICE 0x1000 /* transitional device id (4.1.2.3) */
#define VIRTIO_NET_MODERN_DEVICE 0x1041 /* 0x1040 + network's id 1 (4.1.2.1) */

/* The static IPv4 configuration of QEMU's user network ("-netdev user",
 * QEMU's documentation: network 10.0.2.0/24, gateway 10.0.2.2, the guest
 * at 10.0.2.15), as bytes a.b.c.d in network byte order on x86. */
#define VIRTIO_NET_IPV4(a, b, c, d) \
	((u32)(a) | (u32)(b) << 8 | (u32)(c) << 16 | (u32)(d) << 24)
#define VIRTIO_NET_QEMU_ADDR VIRTIO_NET_IPV4(10, 0, 2, 15)
#define VIRTIO_NET_QEMU_NETMASK VIRTIO_NET_IPV4(255, 255, 255, 0)
#define VIRTIO_NET_QEMU_GATEWAY VIRTIO_NET_IPV4(10, 0, 2, 2)

/* Finds the first virtio-net card on the PCI bus (pci_init() first),
 * brings it up and registers it as eth0. */
void virtio_net_init(void);

/* For the self-test only (kernel/test/test_virtio_net.c): called with
 * every frame received, before the stack sees it; NULL turns it off. */
typedef void (*virtio_net_tap_fn)(const u8 *frame, u32 len);
void virtio_net_set_test_tap(virtio_net_tap_fn tap);
/* For the self-test only: the receive path run on a ring of 8 entries
 * with 4 posted slots (descriptor heads 0, 2, 4, 6) and no device, whose
 * used ring holds `entries` and the index used_idx. Returns the receive
 * errors counted (or -ENOMEM); *delivered: frames passed up; *posted:
 * slots owned by the device afterwards. */
struct virtq_used_elem;
long virtio_net_test_forged_rx(const struct virtq_used_elem *entries, unsigned n,
			       u16 used_idx, unsigned *delivered, unsigned *posted);

#endif
