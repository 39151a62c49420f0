/*
 * acpi.c - reads the firmware's ACPI tables (ACPI 6.5, chapter 5) far
 * enough to know the machine's processors and interrupt controllers:
 * RSDP (found by its signature in the EBDA's first KiB or in the BIOS area
 * 0xE0000-0xFFFFF, 5.2.5.1) -> RSDT or XSDT -> the MADT ("APIC").
 * Invariants: every table is checked (signature, length, checksum) before
 * a field of it is trusted; a bad or missing table is logged and skipped,
 * never a panic. Tables are read through the direct map, or mapped into
 * the MMIO window when they lie beyond it.
 * Written once at boot, before other CPUs run tasks (acpi, the machine's
 * summary); read-only after.
 */
#include "arch/x86_64/acpi.h"
#include "mm/vm.h"
#include "lib/string.h"
#include "log.h"
#include "errno.h"

#define EBDA_SEGMENT_PTR 0x40E /* BIOS data area: the EBDA's segment */
#define EBDA_SEARCH_LEN 1024
#define BIOS_AREA_START 0xE0000
#define BIOS_AREA_END 0x100000
#define RSDP_ALIGN 16
#define RSDP_V1_LEN 20
#define TABLE_MAX_LEN (1u << 20) /* a sanity bound, far above any real MADT */

/* MADT entry types (ACPI 6.5, table 5.21) and the processor flag bits. */
#define MADT_LOCAL_APIC 0
#define MADT_IOAPIC 1
#define MADT_OVERRIDE 2
#define MADT_LAPIC_ADDRESS 5
#define MADT_LOCAL_X2APIC 9
#define MADT_CPU_ENABLED (1u << 0)
#define XAPIC_BROADCAST 0xFF /* an xAPIC id above 254 cannot be addressed */

struct rsdp {
	char signature[8]; /* "RSD PTR " */
	u8 checksum;       /* the first 20 bytes sum to 0 */
	char oem_id[6];
	u8 revision;
	u32 rsdt;
	u32 length; /* revision >= 2 from here on */
	u64 xsdt;
	u8 ext_checksum; /* the whole `length` bytes sum to 0 */
	u8 reserved[3];
} __packed;

struct sdt_header {
	char signature[4];
	u32 length;
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;

struct madt {
	struct sdt_header h;
	u32 lapic_address;
	u32 flags;
	u8 entries[];
} __packed;

_Static_assert(sizeof(struct rsdp) == 36, "ACPI 6.5, table 5.3");
_Static_assert(sizeof(struct sdt_header) == 36, "ACPI 6.5, table 5.4");

struct acpi_info acpi;

static u8 checksum(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += b[i];
	return sum;
}

/* Physical memory as a kernel pointer: the direct map, or a new MMIO
 * mapping for firmware memory beyond it; NULL when neither works. */
static const void *map_phys(u64 pa, u64 len)
{
	const u8 *va = phys_to_virt(pa);

	if (vm_is_mapped((u64)va) && vm_is_mapped((u64)va + len - 1))
		return va;
	return vm_map_mmio(pa, len);
}

/* Every boot scans up to 128 KiB here: the signature is compared as one
 * quadword, so the scan costs a few instructions a paragraph. */
static const struct rsdp *scan_rsdp(u64 start, u64 end)
{
	u64 want;

	memcpy(&want, "RSD PTR ", 8);
	for (u64 pa = ALIGN_UP(start, RSDP_ALIGN); pa + sizeof(struct rsdp) <= end; pa += RSDP_ALIGN) {
		const struct rsdp *r = phys_to_virt(pa);
		if (*(const u64 *)r->signature == want && checksum(r, RSDP_V1_LEN) == 0)
			return r;
	}
	return NULL;
}

static const struct rsdp *find_rsdp(void)
{
	u64 ebda = (u64)*(const volatile u16 *)phys_to_virt(EBDA_SEGMENT_PTR) << 4;
	const struct rsdp *r = NULL;

	if (ebda >= 0x80000 && ebda < BIOS_AREA_START) /* where an EBDA can be */
		r = scan_rsdp(ebda, ebda + EBDA_SEARCH_LEN);
	return r ? r : scan_rsdp(BIOS_AREA_START, BIOS_AREA_END);
}

/* The whole table at pa if its signature is sig, checked; NULL if it is
 * another table, absent or damaged. */
static const struct sdt_header *map_table(u64 pa, const char *sig)
{
	const struct sdt_header *h = map_phys(pa, sizeof(*h));

	if (!h || memcmp(h->signature, sig, 4) != 0 || h->length < sizeof(*h) ||
	    h->length > TABLE_MAX_LEN)
		return NULL;
	h = map_phys(pa, h->length);
	if (!h || checksum(h, h->length) != 0) {
		pr_warn("acpi: the table at 0x%llx has a bad checksum; ignored\n",
			(unsigned long long)pa);
		return NULL;
	}
	return h;
}

/* The MADT among the RSDT's 32-bit or the XSDT's 64-bit pointers. */
static const struct madt *find_madt(const struct rsdp *r)
{
	bool x = r->revision >= 2 && r->xsdt && r->length >= sizeof(*r) &&
		 checksum(r, sizeof(*r)) == 0;
	const struct sdt_header *root = map_table(x ? r->xsdt : r->rsdt, x ? "XSDT" : "RSDT");
	size_t size = x ? 8 : 4;

	if (!root) {
		pr_warn("acpi: no valid %s\n", x ? "XSDT" : "RSDT");
		return NULL;
	}
	const u8 *p = (const u8 *)(root + 1);
	size_t n = (root->length - sizeof(*root)) / size;
	for (size_t i = 0; i < n; i++) {
		u64 pa = 0;
		memcpy(&pa, p + i * size, size);
		const struct sdt_header *h = map_table(pa, "APIC");
		if (h && h->length >= sizeof(struct madt))
			return (const struct madt *)h;
	}
	return NULL;
}

static void add_cpu(u32 apic_id, u32 flags)
{
	if (!(flags & MADT_CPU_ENABLED))
		return;
	if (acpi.ncpus >= MAX_CPUS || apic_id >= XAPIC_BROADCAST) {
		acpi.cpus_ignored++;
		return;
	}
	for (unsigned i = 0; i < acpi.ncpus; i++)
		if (acpi.cpu_apic_id[i] == apic_id)
			return; /* listed as both type 0 and type 9 */
	acpi.cpu_apic_id[acpi.ncpus++] = apic_id;
}

static void parse_madt(const struct madt *m)
{
	const u8 *p = m->entries, *end = (const u8 *)m + m->h.length;

	acpi.lapic_phys = m->lapic_address;
	while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
		u8 type = p[0], len = p[1];
		u32 v32;
		u16 v16;
		if (type == MADT_LOCAL_APIC && len >= 8) {
			memcpy(&v32, p + 4, 4);
			add_cpu(p[3], v32);
		} else if (type == MADT_LOCAL_X2APIC && len >= 16) {
			u32 id;
			memcpy(&id, p + 4, 4);
			memcpy(&v32, p + 8, 4);
			add_cpu(id, v32);
		} else if (type == MADT_IOAPIC && len >= 12 && acpi.nioapics < ACPI_MAX_IOAPICS) {
			struct acpi_ioapic *io = &acpi.ioapics[acpi.nioapics++];
			io->id = p[2];
			memcpy(&io->phys, p + 4, 4);
			memcpy(&io->gsi_base, p + 8, 4);
		} else if (type == MADT_OVERRIDE && len >= 10 && p[2] == 0 /* ISA */ &&
			   acpi.noverrides < ACPI_MAX_OVERRIDES) {
			struct acpi_override *o = &acpi.overrides[acpi.noverrides++];
			o->irq = p[3];
			memcpy(&o->gsi, p + 4, 4);
			memcpy(&v16, p + 8, 2);
			o->flags = v16;
		} else if (type == MADT_LAPIC_ADDRESS && len >= 12) {
			memcpy(&acpi.lapic_phys, p + 4, 8);
		}
		p += len;
	}
}

int acpi_init(void)
{
	const struct rsdp *r = find_rsdp();

	if (!r) {
		pr_notice("acpi: no RSDP found; booting on one CPU\n");
		return -ENOENT;
	}
	acpi.rsdp = true;
	acpi.revision = r->revision;
	const struct madt *m = find_madt(r);
	if (!m) {
		pr_notice("acpi: no MADT; booting on one CPU\n");
		return -ENOENT;
	}
	acpi.madt = true;
	parse_madt(m);
	pr_info("acpi: RSDP revision %u at 0x%llx; MADT: %u CPU(s), %u I/O APIC(s), "
		"%u interrupt override(s), local APIC at 0x%llx\n",
		r->revision, (unsigned long long)virt_to_phys(r), acpi.ncpus, acpi.nioapics,
		acpi.noverrides, (unsigned long long)acpi.lapic_phys);
	if (acpi.cpus_ignored)
		pr_warn("acpi: %u more CPUs ignored (MinOS drives up to %u, xAPIC ids only)\n",
			acpi.cpus_ignored, MAX_CPUS);
	return 0;
}

u32 acpi_isa_gsi(unsigned irq, u16 *flags)
{
	if (flags)
		*flags = 0;
	if (!acpi.madt)
		return irq == 0 ? 2 : irq; /* the PC's usual wiring */
	for (unsigned i = 0; i < acpi.noverrides; i++) {
		if (acpi.overrides[i].irq == irq) {
			if (flags)
				*flags = acpi.overrides[i].flags;
			return acpi.overrides[i].gsi;
		}
	}
	return irq;
}
