/*
 * ioapic.c - programs the I/O APIC's redirection table (Intel 82093AA I/O
 * APIC datasheet, section 3.2): IOREGSEL at +0x00 selects a register that
 * IOWIN at +0x10 reads or writes; register 1 holds the number of entries,
 * and entry n is the pair 0x10 + 2n (vector, delivery, polarity, trigger,
 * mask) and 0x11 + 2n (destination APIC id in bits 56-63).
 * The first I/O APIC the ACPI MADT lists is used (without ACPI, the PC's
 * default address, 0xFEC00000), and an ISA IRQ reaches the input the
 * MADT's interrupt source overrides name (acpi_isa_gsi(): without ACPI,
 * the same-numbered input except IRQ 0, which QEMU and most PCs wire to 2).
 * Invariant: every input starts masked; only enabled IRQs get through.
 * Written once at boot, before other CPUs run tasks (the mapping, the entry
 * count and the redirection entries, unmasked by the drivers' init);
 * read-only after.
 */
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/acpi.h"
#include "mm/vm.h"
#include "log.h"

#define IOAPIC_PHYS 0xFEC00000ULL
#define IOREGSEL 0x00
#define IOWIN 0x10
#define REG_VERSION 0x01
#define REG_REDIR(n) (0x10 + 2 * (n))
#define REDIR_MASKED (1u << 16)
#define REDIR_LEVEL (1u << 15) /* trigger mode: level (0: edge) */
#define REDIR_ACTIVE_LOW (1u << 13) /* polarity: low (0: high) */

static volatile u32 *ioapic;
static u64 ioapic_phys = IOAPIC_PHYS;
static unsigned entries;

static u32 read_reg(u32 reg)
{
	ioapic[IOREGSEL / 4] = reg;
	return ioapic[IOWIN / 4];
}

static void write_reg(u32 reg, u32 value)
{
	ioapic[IOREGSEL / 4] = reg;
	ioapic[IOWIN / 4] = value;
}

void ioapic_init(void)
{
	if (acpi.nioapics)
		ioapic_phys = acpi.ioapics[0].phys;
	ioapic = vm_map_mmio(ioapic_phys, PAGE_SIZE);
	if (!ioapic) {
		pr_warn("ioapic: cannot map it; device interrupts stay off\n");
		return;
	}
	entries = ((read_reg(REG_VERSION) >> 16) & 0xFF) + 1;
	for (unsigned i = 0; i < entries; i++) {
		write_reg(REG_REDIR(i), REDIR_MASKED);
		write_reg(REG_REDIR(i) + 1, 0);
	}
	pr_info("ioapic: %u inputs at 0x%llx\n", entries, (unsigned long long)ioapic_phys);
}

void ioapic_enable_irq(unsigned irq)
{
	u16 flags;
	u32 gsi = acpi_isa_gsi(irq, &flags);
	u32 mode = 0; /* fixed, physical; ISA's default: edge, active high */

	if ((flags & ACPI_TRIGGER_MASK) == ACPI_TRIGGER_LEVEL)
		mode |= REDIR_LEVEL;
	if ((flags & ACPI_POLARITY_MASK) == ACPI_POLARITY_LOW)
		mode |= REDIR_ACTIVE_LOW;
	if (!ioapic || gsi >= entries)
		return;
	write_reg(REG_REDIR(gsi) + 1, 0); /* destination: APIC 0, the boot CPU */
	write_reg(REG_REDIR(gsi), (VEC_IRQ_BASE + irq) | mode);
}

void ioapic_enable_pci_irq(unsigned irq)
{
	if (!ioapic || irq == 0 || irq >= entries)
		return;
	write_reg(REG_REDIR(irq) + 1, 0);
	write_reg(REG_REDIR(irq), (VEC_IRQ_BASE + irq) | REDIR_LEVEL); /* fixed, physical, high */
}
