/*
 * acpi.h - what MinOS reads from the firmware's ACPI tables: the processors
 * (local APICs), the I/O APICs and the ISA interrupt overrides listed in the
 * MADT (ACPI 6.5, 5.2.12 "Multiple APIC Description Table").
 * Invariant: acpi_init() runs once on the boot CPU, before any other CPU is
 * started; afterwards `acpi` is read-only. A machine without ACPI or
 * without a MADT leaves acpi.madt false and boots on one CPU.
 */
#ifndef MINOS_ARCH_ACPI_H
#define MINOS_ARCH_ACPI_H

#include "types.h"
#include "arch/x86_64/percpu.h"

#define ACPI_MAX_IOAPICS 4
#define ACPI_MAX_OVERRIDES 16

/* An interrupt source override's MPS INTI flags (ACPI 6.5, table 5.50). */
#define ACPI_POLARITY_MASK 0x3
#define ACPI_POLARITY_LOW 0x3
#define ACPI_TRIGGER_MASK 0xC
#define ACPI_TRIGGER_LEVEL 0xC

struct acpi_ioapic {
	u32 id;
	u32 phys;     /* the register window's physical address */
	u32 gsi_base; /* its first input's global system interrupt */
};

struct acpi_override {
	u8 irq;    /* the ISA IRQ... */
	u32 gsi;   /* ...arrives on this global system interrupt */
	u16 flags; /* polarity and trigger mode (ACPI_*_MASK) */
};

struct acpi_info {
	bool rsdp;                /* an RSDP with a valid checksum was found */
	bool madt;                /* and a MADT through its RSDT or XSDT */
	u8 revision;              /* the RSDP's: 0 for ACPI 1.0, 2 and up for XSDT */
	u64 lapic_phys;           /* the local APICs' address, from the MADT */
	unsigned ncpus;           /* enabled processors, the boot CPU among them */
	u32 cpu_apic_id[MAX_CPUS];
	unsigned cpus_ignored;    /* enabled beyond MAX_CPUS, or x2APIC ids > 254 */
	unsigned nioapics;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	unsigned noverrides;
	struct acpi_override overrides[ACPI_MAX_OVERRIDES];
};

extern struct acpi_info acpi;

/* Finds the RSDP, the RSDT/XSDT and the MADT, fills `acpi` and logs what it
 * found. 0, or -ENOENT when there is no ACPI or no MADT (a note is logged). */
int acpi_init(void);
/* The global system interrupt ISA IRQ irq arrives on, and its override's
 * flags (0: the bus default, edge-triggered and active high). */
u32 acpi_isa_gsi(unsigned irq, u16 *flags);

#endif
