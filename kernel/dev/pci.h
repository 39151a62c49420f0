/*
 * pci.h - the PCI bus: configuration space through the legacy I/O ports
 * 0xCF8/0xCFC, the devices found at boot, their BARs, interrupt line and
 * command register. Drivers find their device here and own it after.
 * Invariant: pci_init() runs once, before any driver looks; the table of
 * devices never changes after it (no hot plug).
 */
#ifndef MINOS_DEV_PCI_H
#define MINOS_DEV_PCI_H

#include "types.h"

/* Configuration-space offsets of a type 0 header (PCI Local Bus
 * Specification 3.0, section 6.1, figure 6-1). */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_REVISION 0x08
#define PCI_PROG_IF 0x09
#define PCI_SUBCLASS 0x0A
#define PCI_CLASS 0x0B
#define PCI_HEADER_TYPE 0x0E
#define PCI_BAR0 0x10
#define PCI_SECONDARY_BUS 0x19 /* type 1 (bridge) header */
#define PCI_SUBSYSTEM_ID 0x2E
#define PCI_INTERRUPT_LINE 0x3C
#define PCI_INTERRUPT_PIN 0x3D

/* The command register's bits (section 6.2.2). */
#define PCI_COMMAND_IO 0x0001
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004
#define PCI_COMMAND_INTX_DISABLE 0x0400

#define PCI_VENDOR_NONE 0xFFFF /* what an empty slot reads */
#define PCI_BARS 6
#define PCI_DEVICES_MAX 64

struct pci_dev {
	u8 bus, slot, func;
	u16 vendor, device;
	u8 class, subclass, prog_if, revision;
	u8 irq_line; /* the ISA IRQ the firmware routed INTx to; 0xFF: none */
	u8 irq_pin;  /* 1-4 for INTA#-INTD#, 0 when the function has none */
};

/* Scans every bus reachable from bus 0 through bridges; logs each function
 * at debug level. Silent otherwise. */
void pci_init(void);
/* The n-th function (from 0) with this vendor and device id, or NULL. */
const struct pci_dev *pci_find(u16 vendor, u16 device, unsigned n);
/* Every function found, in scan order: index from 0; NULL past the end. */
const struct pci_dev *pci_device(unsigned index);

u8 pci_read8(const struct pci_dev *d, u8 offset);
u16 pci_read16(const struct pci_dev *d, u8 offset);
u32 pci_read32(const struct pci_dev *d, u8 offset);
void pci_write16(const struct pci_dev *d, u8 offset, u16 value);
void pci_write32(const struct pci_dev *d, u8 offset, u32 value);

/* BAR n's base address, and whether it is an I/O port range (section
 * 6.2.5.1); 0 when the BAR is unused or n is out of range. */
u64 pci_bar(const struct pci_dev *d, unsigned n, bool *is_io);
/* BAR n, an I/O BAR, at the address the firmware gave it, or, when it
 * gave none (QEMU's qboot assigns none), at a free one in the PC's PCI
 * I/O window that this sets; 0 when n is no I/O BAR or nothing fits. */
u64 pci_assign_io_bar(const struct pci_dev *d, unsigned n);
/* Sets the command register's decode and bus-master bits asked for and
 * lets INTx through. */
void pci_enable(const struct pci_dev *d, u16 command_bits);

#endif
