/*
 * bootinfo.h - what the boot loader told us, in one loader-independent
 * form. bootinfo_parse() reads a Multiboot 1 (QEMU -kernel) or Multiboot 2
 * (GRUB) information structure and copies everything MinOS needs into
 * struct boot_info, so the loader's memory can be reused afterwards.
 * Invariant: the parser trusts no length in the structure: every read is
 * bounds-checked and every string is cut to its buffer.
 */
#ifndef MINOS_BOOTINFO_H
#define MINOS_BOOTINFO_H

#include "types.h"

#define MULTIBOOT1_BOOT_MAGIC 0x2BADB002 /* in EAX, Multiboot 0.6.96 3.2 */
#define MULTIBOOT2_BOOT_MAGIC 0x36D76289 /* in EAX, Multiboot2 3.3 */

#define BOOT_MMAP_MAX 64
#define BOOT_MODULES_MAX 16
#define BOOT_CMDLINE_MAX 1024
#define BOOT_NAME_MAX 128

/* Memory types as both Multiboot versions number them (the e820 types). */
enum boot_mem_type {
	BOOT_MEM_AVAILABLE = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI_RECLAIMABLE = 3,
	BOOT_MEM_NVS = 4,
	BOOT_MEM_BAD = 5,
};

enum boot_protocol {
	BOOT_MULTIBOOT1 = 1,
	BOOT_MULTIBOOT2 = 2,
};

struct boot_mem_range {
	u64 base, length;
	u32 type;
};

struct boot_module {
	u64 start, end; /* physical, end exclusive */
	char name[BOOT_NAME_MAX];
};

struct boot_info {
	enum boot_protocol protocol;
	char loader[BOOT_NAME_MAX];  /* "GRUB 2.06", "qemu", or "" */
	char cmdline[BOOT_CMDLINE_MAX]; /* the kernel's arguments only */
	struct boot_mem_range mmap[BOOT_MMAP_MAX];
	unsigned mmap_count;
	struct boot_module modules[BOOT_MODULES_MAX];
	unsigned module_count;
	u64 mem_lower_kib, mem_upper_kib; /* from the basic memory info */
	bool truncated; /* something did not fit and was dropped */
};

/*
 * Parses the structure at physical info_phys, read through `to_virt`
 * (the direct map in the kernel, a test buffer on the host).
 * Returns 0, or -EINVAL for an unknown magic or a malformed structure.
 */
int bootinfo_parse(struct boot_info *bi, u32 magic, u64 info_phys, const void *(*to_virt)(u64 pa));

/* Sum of the available ranges, in bytes, and the end of the highest one. */
u64 bootinfo_available_bytes(const struct boot_info *bi);
u64 bootinfo_available_end(const struct boot_info *bi);
const char *boot_protocol_name(enum boot_protocol p);

#endif
