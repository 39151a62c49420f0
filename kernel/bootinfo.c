/*
 * bootinfo.c - turns the Multiboot 1 and Multiboot 2 information
 * structures into struct boot_info (bootinfo.h). Field offsets are from the
 * Multiboot 0.6.96 specification, section 3.3, and the Multiboot2 1.0
 * specification, section 3.6. Structures are read with memcpy so that no
 * misaligned or out-of-range pointer is ever dereferenced.
 */
#include "bootinfo.h"
#include "errno.h"
#include "lib/string.h"

/* Multiboot 1 information: flags say which fields are valid. */
#define MB1_INFO_MEMORY (1u << 0)
#define MB1_INFO_CMDLINE (1u << 2)
#define MB1_INFO_MODS (1u << 3)
#define MB1_INFO_MMAP (1u << 6)
#define MB1_INFO_LOADER_NAME (1u << 9)
#define MB1_OFF_FLAGS 0
#define MB1_OFF_MEM_LOWER 4
#define MB1_OFF_MEM_UPPER 8
#define MB1_OFF_CMDLINE 16
#define MB1_OFF_MODS_COUNT 20
#define MB1_OFF_MODS_ADDR 24
#define MB1_OFF_MMAP_LENGTH 44
#define MB1_OFF_MMAP_ADDR 48
#define MB1_OFF_LOADER_NAME 64
#define MB1_INFO_SIZE 88
#define MB1_MODULE_SIZE 16

/* Multiboot 2 tags. */
#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_BASIC_MEMINFO 4
#define MB2_TAG_MMAP 6
#define MB2_INFO_MAX (1u << 20) /* far more than any loader writes */

typedef const void *(*to_virt_fn)(u64 pa);

static u32 rd32(const void *p)
{
	u32 v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static u64 rd64(const void *p)
{
	u64 v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* Copies a NUL-terminated string of at most `limit` readable bytes. */
static void copy_string(char *dst, size_t size, const char *src, size_t limit, bool *truncated)
{
	size_t n = strnlen(src, limit);
	if (n >= size) {
		n = size - 1;
		*truncated = true;
	}
	memcpy(dst, src, n);
	dst[n] = 0;
}

static void add_range(struct boot_info *bi, u64 base, u64 length, u32 type)
{
	if (length == 0)
		return;
	if (bi->mmap_count == BOOT_MMAP_MAX) {
		bi->truncated = true;
		return;
	}
	bi->mmap[bi->mmap_count++] = (struct boot_mem_range){ base, length, type };
}

static struct boot_module *add_module(struct boot_info *bi, u64 start, u64 end)
{
	if (bi->module_count == BOOT_MODULES_MAX || end < start) {
		bi->truncated = true;
		return NULL;
	}
	struct boot_module *m = &bi->modules[bi->module_count++];
	m->start = start;
	m->end = end;
	m->name[0] = 0;
	return m;
}

/* Multiboot 1's command line starts with the kernel's path (both GRUB and
 * QEMU put it there); MinOS keeps only the arguments after it. */
static size_t skip_first_word(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && s[i] != ' ')
		i++;
	while (i < len && s[i] == ' ')
		i++;
	return i;
}

/* Longest string we accept from a physical pointer in a Multiboot 1 info. */
#define MB1_STRING_MAX 4096

static int parse_mb1(struct boot_info *bi, u64 info_phys, to_virt_fn to_virt)
{
	const u8 *info = to_virt(info_phys);
	u32 flags = rd32(info + MB1_OFF_FLAGS);

	bi->protocol = BOOT_MULTIBOOT1;
	if (flags & MB1_INFO_MEMORY) {
		bi->mem_lower_kib = rd32(info + MB1_OFF_MEM_LOWER);
		bi->mem_upper_kib = rd32(info + MB1_OFF_MEM_UPPER);
	}
	if (flags & MB1_INFO_CMDLINE) {
		const char *full = to_virt(rd32(info + MB1_OFF_CMDLINE));
		size_t len = strnlen(full, MB1_STRING_MAX);
		size_t skip = skip_first_word(full, len);
		copy_string(bi->cmdline, sizeof(bi->cmdline), full + skip, len - skip, &bi->truncated);
	}
	if (flags & MB1_INFO_LOADER_NAME)
		copy_string(bi->loader, sizeof(bi->loader), to_virt(rd32(info + MB1_OFF_LOADER_NAME)),
			    MB1_STRING_MAX, &bi->truncated);
	if (flags & MB1_INFO_MODS) {
		u32 count = rd32(info + MB1_OFF_MODS_COUNT);
		const u8 *mods = to_virt(rd32(info + MB1_OFF_MODS_ADDR));
		for (u32 i = 0; i < count && i < BOOT_MODULES_MAX + 1; i++) {
			const u8 *m = mods + i * MB1_MODULE_SIZE;
			struct boot_module *bm = add_module(bi, rd32(m), rd32(m + 4));
			if (bm && rd32(m + 8))
				copy_string(bm->name, sizeof(bm->name), to_virt(rd32(m + 8)),
					    MB1_STRING_MAX, &bi->truncated);
		}
	}
	if (flags & MB1_INFO_MMAP) {
		u32 length = rd32(info + MB1_OFF_MMAP_LENGTH);
		u64 base = rd32(info + MB1_OFF_MMAP_ADDR);
		const u8 *map = to_virt(base);
		/* Each entry: u32 size (not counting itself), u64 base, u64
		 * length, u32 type; the next entry starts size + 4 bytes on. */
		for (u64 off = 0; off + 24 <= length;) {
			u32 size = rd32(map + off);
			if (size < 20)
				return -EINVAL;
			add_range(bi, rd64(map + off + 4), rd64(map + off + 12), rd32(map + off + 20));
			off += (u64)size + 4; /* 64-bit: a huge size must not wrap */
		}
	}
	return 0;
}

static int parse_mb2(struct boot_info *bi, u64 info_phys, to_virt_fn to_virt)
{
	const u8 *info = to_virt(info_phys);
	u32 total = rd32(info);

	bi->protocol = BOOT_MULTIBOOT2;
	if (total < 16 || total > MB2_INFO_MAX)
		return -EINVAL;
	/* Tags start after the 8-byte header, each 8-byte aligned. */
	for (u32 off = 8; off + 8 <= total;) {
		const u8 *tag = info + off;
		u32 type = rd32(tag), size = rd32(tag + 4);
		if (size < 8 || size > total - off)
			return -EINVAL;
		const u8 *body = tag + 8;
		u32 body_len = size - 8;
		switch (type) {
		case MB2_TAG_END:
			return 0;
		case MB2_TAG_CMDLINE:
			copy_string(bi->cmdline, sizeof(bi->cmdline), (const char *)body, body_len,
				    &bi->truncated);
			break;
		case MB2_TAG_LOADER_NAME:
			copy_string(bi->loader, sizeof(bi->loader), (const char *)body, body_len,
				    &bi->truncated);
			break;
		case MB2_TAG_MODULE:
			if (body_len >= 8) {
				struct boot_module *m = add_module(bi, rd32(body), rd32(body + 4));
				if (m)
					copy_string(m->name, sizeof(m->name), (const char *)body + 8,
						    body_len - 8, &bi->truncated);
			}
			break;
		case MB2_TAG_BASIC_MEMINFO:
			if (body_len >= 8) {
				bi->mem_lower_kib = rd32(body);
				bi->mem_upper_kib = rd32(body + 4);
			}
			break;
		case MB2_TAG_MMAP: {
			if (body_len < 8)
				return -EINVAL;
			u32 entry_size = rd32(body);
			if (entry_size < 24)
				return -EINVAL;
			for (u64 e = 8; e + entry_size <= body_len; e += entry_size)
				add_range(bi, rd64(body + e), rd64(body + e + 8), rd32(body + e + 16));
			break;
		}
		default:
			break; /* tags MinOS does not use */
		}
		off += (size + 7) & ~7u;
	}
	return -EINVAL; /* no end tag inside total_size */
}

int bootinfo_parse(struct boot_info *bi, u32 magic, u64 info_phys, const void *(*to_virt)(u64 pa))
{
	memset(bi, 0, sizeof(*bi));
	if (magic == MULTIBOOT1_BOOT_MAGIC)
		return parse_mb1(bi, info_phys, to_virt);
	if (magic == MULTIBOOT2_BOOT_MAGIC)
		return parse_mb2(bi, info_phys, to_virt);
	return -EINVAL;
}

u64 bootinfo_available_bytes(const struct boot_info *bi)
{
	u64 total = 0;
	for (unsigned i = 0; i < bi->mmap_count; i++)
		if (bi->mmap[i].type == BOOT_MEM_AVAILABLE)
			total += bi->mmap[i].length;
	return total;
}

u64 bootinfo_available_end(const struct boot_info *bi)
{
	u64 end = 0;
	for (unsigned i = 0; i < bi->mmap_count; i++)
		if (bi->mmap[i].type == BOOT_MEM_AVAILABLE)
			end = MAX(end, bi->mmap[i].base + bi->mmap[i].length);
	return end;
}

const char *boot_protocol_name(enum boot_protocol p)
{
	return p == BOOT_MULTIBOOT2 ? "multiboot2" : p == BOOT_MULTIBOOT1 ? "multiboot1" : "unknown";
}
