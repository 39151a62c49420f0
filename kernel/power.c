/*
 * power.c - halting and leaving the machine (see power.h).
 * Invariant: both functions disable interrupts first and never return.
 */
#include "power.h"
#include "log.h"
#include "arch/x86_64/io.h"

#define ISA_DEBUG_EXIT_PORT 0xF4
#define QEMU_ACPI_PM1A_CNT 0x604 /* QEMU's PIIX4/ICH9 PM1a control block */
#define ACPI_SLP_S5 0x2000       /* SLP_EN with SLP_TYP for S5 (soft off) */

__noreturn void machine_halt(void)
{
	irq_disable();
	kprintf("MinOS: system halted\n");
	for (;;)
		cpu_halt();
}

__noreturn void machine_exit(u32 code)
{
	irq_disable();
	outl(ISA_DEBUG_EXIT_PORT, code);
	outw(QEMU_ACPI_PM1A_CNT, ACPI_SLP_S5);
	machine_halt();
}
