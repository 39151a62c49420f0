/*
 * pci.c - PCI configuration space through configuration mechanism #1 (PCI
 * Local Bus Specification 3.0, section 3.2.2.3.2): a dword address written
 * to 0xCF8, then the data read or written at 0xCFC. Scans bus 0 and every
 * bus behind a PCI-to-PCI bridge, once, into a fixed table.
 * Invariant: the scan is bounded (each bus visited at most once, at most
 * PCI_DEVICES_MAX functions kept); a slot that reads 0xFFFF is empty.
 * Written once at boot, before other CPUs run tasks (the scan's table);
 * read-only after.
 */
#include "dev/pci.h"
#include "arch/x86_64/io.h"
#include "log.h"

#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA 0xCFC
#define PCI_CONFIG_ENABLE 0x80000000u
#define PCI_SLOTS 32
#define PCI_FUNCS 8
#define PCI_BUSES 256
#define PCI_HEADER_MULTIFUNCTION 0x80
#define PCI_HEADER_LAYOUT 0x7F
#define PCI_HEADER_BRIDGE 0x01 /* type 1: PCI-to-PCI bridge (section 6.1) */
#define PCI_CLASS_BRIDGE 0x06
#define PCI_SUBCLASS_PCI_BRIDGE 0x04
#define PCI_BAR_IO 0x1        /* bit 0 of a BAR: I/O space */
#define PCI_BAR_MEM_TYPE 0x6  /* bits 2:1 of a memory BAR */
#define PCI_BAR_MEM_64 0x4    /* ... 10b: a 64-bit BAR, two slots */
#define PCI_BAR_IO_MASK 0xFFFFFFFCu
#define PCI_BAR_MEM_MASK 0xFFFFFFF0u
#define PCI_BAR_IO_MIN_SIZE 0x100u /* what one BAR below is rounded up to */

/* Where I/O BARs the firmware left unassigned go: the PC's PCI I/O window
 * starts at 0xC000 (what SeaBIOS uses; qboot, QEMU's fast firmware,
 * assigns no BARs and leaves that to the kernel) and ends at 0xFFFF. */
#define PCI_IO_WINDOW_START 0xC000u
#define PCI_IO_WINDOW_END 0x10000u

static struct pci_dev devices[PCI_DEVICES_MAX];
static u32 io_next = PCI_IO_WINDOW_START; /* above every assigned I/O BAR */
static unsigned device_count;
static bool bus_seen[PCI_BUSES];

static u32 config_address(u8 bus, u8 slot, u8 func, u8 offset)
{
	return PCI_CONFIG_ENABLE | (u32)bus << 16 | (u32)slot << 11 | (u32)func << 8 |
	       (offset & 0xFC);
}

static u32 config_read(u8 bus, u8 slot, u8 func, u8 offset)
{
	outl(PCI_CONFIG_ADDRESS, config_address(bus, slot, func, offset));
	return inl(PCI_CONFIG_DATA);
}

u32 pci_read32(const struct pci_dev *d, u8 offset)
{
	return config_read(d->bus, d->slot, d->func, offset);
}

u16 pci_read16(const struct pci_dev *d, u8 offset)
{
	return (u16)(pci_read32(d, offset) >> ((offset & 2) * 8));
}

u8 pci_read8(const struct pci_dev *d, u8 offset)
{
	return (u8)(pci_read32(d, offset) >> ((offset & 3) * 8));
}

void pci_write32(const struct pci_dev *d, u8 offset, u32 value)
{
	outl(PCI_CONFIG_ADDRESS, config_address(d->bus, d->slot, d->func, offset));
	outl(PCI_CONFIG_DATA, value);
}

void pci_write16(const struct pci_dev *d, u8 offset, u16 value)
{
	outl(PCI_CONFIG_ADDRESS, config_address(d->bus, d->slot, d->func, offset));
	outw((u16)(PCI_CONFIG_DATA + (offset & 2)), value);
}

static void scan_bus(u8 bus);

/* Keeps io_next above the I/O ranges the firmware assigned already. */
static void note_io_bars(const struct pci_dev *d)
{
	if ((pci_read8(d, PCI_HEADER_TYPE) & PCI_HEADER_LAYOUT) != 0)
		return; /* a bridge's BARs are few and its windows are the firmware's */
	for (unsigned n = 0; n < PCI_BARS; n++) {
		u32 bar = pci_read32(d, (u8)(PCI_BAR0 + 4 * n));
		if ((bar & PCI_BAR_IO) && (bar & PCI_BAR_IO_MASK) >= io_next &&
		    (bar & PCI_BAR_IO_MASK) < PCI_IO_WINDOW_END)
			io_next = (bar & PCI_BAR_IO_MASK) + PCI_BAR_IO_MIN_SIZE;
	}
}

static void add_function(u8 bus, u8 slot, u8 func)
{
	struct pci_dev d = { .bus = bus, .slot = slot, .func = func };
	u32 id = pci_read32(&d, PCI_VENDOR_ID);
	d.vendor = (u16)id;
	d.device = (u16)(id >> 16);
	u32 class = pci_read32(&d, PCI_REVISION);
	d.revision = (u8)class;
	d.prog_if = (u8)(class >> 8);
	d.subclass = (u8)(class >> 16);
	d.class = (u8)(class >> 24);
	d.irq_line = pci_read8(&d, PCI_INTERRUPT_LINE);
	d.irq_pin = pci_read8(&d, PCI_INTERRUPT_PIN);
	pr_debug("pci: %02x:%02x.%u %04x:%04x class %02x%02x%02x irq %u pin %u\n", bus, slot,
		 func, d.vendor, d.device, d.class, d.subclass, d.prog_if, d.irq_line, d.irq_pin);
	if (device_count < PCI_DEVICES_MAX)
		devices[device_count++] = d;
	note_io_bars(&d);

	u8 header = pci_read8(&d, PCI_HEADER_TYPE) & PCI_HEADER_LAYOUT;
	if (header == PCI_HEADER_BRIDGE && d.class == PCI_CLASS_BRIDGE &&
	    d.subclass == PCI_SUBCLASS_PCI_BRIDGE)
		scan_bus(pci_read8(&d, PCI_SECONDARY_BUS));
}

/* Recursion depth is bounded by bus_seen: each of the 256 buses once. */
static void scan_bus(u8 bus)
{
	if (bus_seen[bus])
		return;
	bus_seen[bus] = true;
	for (u8 slot = 0; slot < PCI_SLOTS; slot++) {
		if ((u16)config_read(bus, slot, 0, PCI_VENDOR_ID) == PCI_VENDOR_NONE)
			continue;
		u8 header = (u8)(config_read(bus, slot, 0, PCI_HEADER_TYPE) >> 16);
		u8 funcs = (header & PCI_HEADER_MULTIFUNCTION) ? PCI_FUNCS : 1;
		for (u8 func = 0; func < funcs; func++)
			if ((u16)config_read(bus, slot, func, PCI_VENDOR_ID) != PCI_VENDOR_NONE)
				add_function(bus, slot, func);
	}
}

void pci_init(void)
{
	scan_bus(0);
	pr_debug("pci: %u function(s)\n", device_count);
}

const struct pci_dev *pci_device(unsigned index)
{
	return index < device_count ? &devices[index] : NULL;
}

const struct pci_dev *pci_find(u16 vendor, u16 device, unsigned n)
{
	for (unsigned i = 0; i < device_count; i++)
		if (devices[i].vendor == vendor && devices[i].device == device && n-- == 0)
			return &devices[i];
	return NULL;
}

u64 pci_bar(const struct pci_dev *d, unsigned n, bool *is_io)
{
	if (n >= PCI_BARS)
		return 0;
	u32 bar = pci_read32(d, (u8)(PCI_BAR0 + 4 * n));
	*is_io = bar & PCI_BAR_IO;
	if (*is_io)
		return bar & PCI_BAR_IO_MASK;
	u64 base = bar & PCI_BAR_MEM_MASK;
	if ((bar & PCI_BAR_MEM_TYPE) == PCI_BAR_MEM_64 && n + 1 < PCI_BARS)
		base |= (u64)pci_read32(d, (u8)(PCI_BAR0 + 4 * (n + 1))) << 32;
	return base;
}

void pci_enable(const struct pci_dev *d, u16 command_bits)
{
	u16 cmd = pci_read16(d, PCI_COMMAND);
	cmd |= command_bits;
	cmd &= (u16)~PCI_COMMAND_INTX_DISABLE;
	pci_write16(d, PCI_COMMAND, cmd);
}

u64 pci_assign_io_bar(const struct pci_dev *d, unsigned n)
{
	bool is_io;
	u64 base = pci_bar(d, n, &is_io);
	if (n >= PCI_BARS || !is_io)
		return 0;
	if (base)
		return base;
	/* Sizing (section 6.2.5.1): write all ones with decoding off, read
	 * back the bits that stuck; the size is the lowest one set. */
	u8 off = (u8)(PCI_BAR0 + 4 * n);
	u16 cmd = pci_read16(d, PCI_COMMAND);
	pci_write16(d, PCI_COMMAND, (u16)(cmd & ~PCI_COMMAND_IO));
	pci_write32(d, off, 0xFFFFFFFFu);
	u32 mask = pci_read32(d, off) & PCI_BAR_IO_MASK & 0xFFFF;
	u32 size = mask & -mask;
	u32 at = ALIGN_UP(io_next, MAX(size, PCI_BAR_IO_MIN_SIZE));
	if (size == 0 || at + size > PCI_IO_WINDOW_END) {
		pci_write32(d, off, 0);
		pci_write16(d, PCI_COMMAND, cmd);
		return 0;
	}
	pci_write32(d, off, at);
	pci_write16(d, PCI_COMMAND, cmd);
	io_next = at + MAX(size, PCI_BAR_IO_MIN_SIZE);
	pr_debug("pci: %02x:%02x.%u BAR%u: I/O 0x%x, %u ports (unassigned by the firmware)\n",
		 d->bus, d->slot, d->func, n, at, size);
	return at;
}
