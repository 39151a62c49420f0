/*
 * ioapic.h - the I/O APIC, which turns device interrupt lines (the serial
 * port, the keyboard) into interrupt vectors delivered to the local APIC.
 */
#ifndef MINOS_ARCH_IOAPIC_H
#define MINOS_ARCH_IOAPIC_H

#include "types.h"

#define IRQ_KEYBOARD 1
#define IRQ_COM1 4
#define VEC_IRQ_BASE 0x40 /* ISA IRQ n arrives on vector 0x40 + n */

void ioapic_init(void);
/* Routes ISA IRQ irq (edge-triggered, active high) to this CPU. */
void ioapic_enable_irq(unsigned irq);
/* Routes a PCI interrupt (INTx) that the chipset steers to ISA IRQ irq:
 * level-triggered, active high, as the ACPI MADT of QEMU's PC overrides
 * IRQs 5, 9, 10 and 11. Its vector is VEC_IRQ_BASE + irq, like the ISA
 * ones; the handler must quiet the device before lapic_eoi(). */
void ioapic_enable_pci_irq(unsigned irq);

#endif
