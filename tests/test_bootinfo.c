/*
 * test_bootinfo.c - host tests for kernel/bootinfo.c. Multiboot 1 and 2
 * information structures are built here from the specifications' text
 * (Multiboot 0.6.96 section 3.3, Multiboot2 1.0 section 3.6) in a fake
 * physical address space; malformed ones sit in exact-size heap blocks so
 * that ASan reports any read past the structure.
 */
#define _POSIX_C_SOURCE 200809L /* fork, alarm, waitpid */

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

#include "bootinfo.h"
#include "errno.h"
#include "lib/string.h"

/*
 * The fake physical address space: a few windows, each mapping a range of
 * "physical" addresses onto host memory. Window 0 is a static arena for
 * well-formed structures; the others are exact-size heap blocks.
 */
#define ARENA_PA 0x10000u
#define ARENA_SIZE 0x20000u
#define MB2_INFO_PA 0x400000u
#define MB1_MMAP_PA 0x500000u
#define MAX_WINDOWS 4

struct window {
	u64 pa, len;
	u8 *virt;
};

static _Alignas(8) u8 arena[ARENA_SIZE];
static u64 arena_next;
static struct window windows[MAX_WINDOWS];
static unsigned unmapped_reads;
static struct boot_info bi;

static const void *to_virt(u64 pa)
{
	static const u8 zeroes[64];

	for (unsigned i = 0; i < MAX_WINDOWS; i++)
		if (windows[i].virt && pa >= windows[i].pa &&
		    pa - windows[i].pa < windows[i].len)
			return windows[i].virt + (pa - windows[i].pa);
	unmapped_reads++;
	return zeroes;
}

/* Empties the address space; the arena is filled with a non-zero pattern so
 * that a field the builders forgot to write does not read as zero. */
static void phys_reset(void)
{
	for (unsigned i = 1; i < MAX_WINDOWS; i++) {
		free(windows[i].virt);
		windows[i] = (struct window){ 0, 0, NULL };
	}
	memset(arena, 0xa5, sizeof(arena));
	windows[0] = (struct window){ ARENA_PA, ARENA_SIZE, arena };
	arena_next = ARENA_PA;
	unmapped_reads = 0;
}

/* Maps a fresh heap block of exactly len bytes at pa, in window slot. */
static u8 *phys_map_block(unsigned slot, u64 pa, size_t len)
{
	free(windows[slot].virt);
	u8 *p = malloc(len ? len : 1);
	windows[slot] = (struct window){ pa, len, p };
	return p;
}

/* Allocates len zeroed bytes from the arena, 8-byte aligned. */
static u64 phys_alloc(size_t len, u8 **virt)
{
	u64 pa = ALIGN_UP(arena_next, 8);
	if (pa + len > ARENA_PA + ARENA_SIZE) {
		fprintf(stderr, "%s: fake physical arena exhausted\n", unit_current);
		abort();
	}
	arena_next = pa + len;
	*virt = arena + (pa - ARENA_PA);
	memset(*virt, 0, len);
	return pa;
}

static u64 phys_str(const char *s)
{
	u8 *v;
	u64 pa = phys_alloc(strlen(s) + 1, &v);
	memcpy(v, s, strlen(s) + 1);
	return pa;
}

/* Both specifications are little-endian, as is every host we run on. */
static void put32(u8 *p, u32 v) { memcpy(p, &v, 4); }
static void put64(u8 *p, u64 v) { memcpy(p, &v, 8); }
static u32 get32(const u8 *p)
{
	u32 v;
	memcpy(&v, p, 4);
	return v;
}

struct test_range {
	u64 base, length;
	u32 type;
};

struct test_module {
	u32 start, end;
	const char *name; /* NULL: string field 0 (Multiboot 1 only) */
};

/* QEMU's e820 map for `-m 128M`, as SeaBIOS reports it. */
static const struct test_range qemu_e820[] = {
	{ 0x0, 0x9fc00, 1 },
	{ 0x9fc00, 0x400, 2 },
	{ 0xf0000, 0x10000, 2 },
	{ 0x100000, 0x7ee0000, 1 },
	{ 0x7fe0000, 0x20000, 2 },
	{ 0xfeffc000, 0x4000, 2 },
	{ 0xfffc0000, 0x40000, 2 },
};

static bool ranges_equal(const struct test_range *want, unsigned n)
{
	if (bi.mmap_count != n)
		return false;
	for (unsigned i = 0; i < n; i++)
		if (bi.mmap[i].base != want[i].base ||
		    bi.mmap[i].length != want[i].length ||
		    bi.mmap[i].type != want[i].type)
			return false;
	return true;
}

/* ---- Multiboot 1 (0.6.96 section 3.3), written from the spec ---- */

#define MB1_FLAG_MEM (1u << 0)
#define MB1_FLAG_BOOTDEV (1u << 1)
#define MB1_FLAG_CMDLINE (1u << 2)
#define MB1_FLAG_MODS (1u << 3)
#define MB1_FLAG_MMAP (1u << 6)
#define MB1_FLAG_LOADER (1u << 9)
#define MB1_INFO_LEN 116 /* through the framebuffer colour info */

static u8 *mb1_info;
static u64 mb1_info_pa;

static void mb1_new(void)
{
	phys_reset();
	mb1_info_pa = phys_alloc(MB1_INFO_LEN, &mb1_info);
}

static void mb1_flag(u32 bit) { put32(mb1_info + 0, get32(mb1_info) | bit); }

static void mb1_mem(u32 lower_kib, u32 upper_kib)
{
	mb1_flag(MB1_FLAG_MEM);
	put32(mb1_info + 4, lower_kib);
	put32(mb1_info + 8, upper_kib);
}

static void mb1_cmdline(const char *s)
{
	mb1_flag(MB1_FLAG_CMDLINE);
	put32(mb1_info + 16, (u32)phys_str(s));
}

static void mb1_loader(const char *s)
{
	mb1_flag(MB1_FLAG_LOADER);
	put32(mb1_info + 64, (u32)phys_str(s));
}

/* Module entries: u32 mod_start, mod_end, string, reserved. */
static void mb1_mods(const struct test_module *m, unsigned n)
{
	u8 *v;
	u64 pa = phys_alloc(16 * (size_t)n, &v);

	for (unsigned i = 0; i < n; i++) {
		put32(v + 16 * i + 0, m[i].start);
		put32(v + 16 * i + 4, m[i].end);
		put32(v + 16 * i + 8, m[i].name ? (u32)phys_str(m[i].name) : 0);
		put32(v + 16 * i + 12, 0);
	}
	mb1_flag(MB1_FLAG_MODS);
	put32(mb1_info + 20, n);
	put32(mb1_info + 24, (u32)pa);
}

/* Writes one mmap entry {u32 size, u64 base, u64 length, u32 type};
 * `size` does not count the size field itself. Returns the bytes used. */
static size_t mb1_mmap_entry(u8 *p, u32 size, const struct test_range *r)
{
	put32(p, size);
	put64(p + 4, r->base);
	put64(p + 12, r->length);
	put32(p + 20, r->type);
	return 4 + size;
}

static void mb1_mmap_at(u64 pa, u32 length)
{
	mb1_flag(MB1_FLAG_MMAP);
	put32(mb1_info + 44, length);
	put32(mb1_info + 48, (u32)pa);
}

static void mb1_mmap(const struct test_range *r, unsigned n)
{
	u8 *v;
	u64 pa = phys_alloc(24 * (size_t)n, &v);

	for (unsigned i = 0; i < n; i++)
		mb1_mmap_entry(v + 24 * i, 20, &r[i]);
	mb1_mmap_at(pa, 24 * n);
}

static int mb1_parse(void)
{
	return bootinfo_parse(&bi, MULTIBOOT1_BOOT_MAGIC, mb1_info_pa, to_virt);
}

/* ---- Multiboot 2 (1.0 section 3.6), written from the spec ---- */

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_MEMINFO 4
#define MB2_TAG_BOOTDEV 5
#define MB2_TAG_MMAP 6
#define MB2_TAG_FRAMEBUFFER 8
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_LOAD_BASE 21

struct mb2 {
	_Alignas(8) u8 buf[8192];
	u32 len;
};

static struct mb2 mb2;

/* Header: u32 total_size, u32 reserved. */
static void mb2_begin(void)
{
	memset(mb2.buf, 0xa5, sizeof(mb2.buf));
	put32(mb2.buf + 4, 0);
	mb2.len = 8;
}

/* Starts a tag {u32 type, u32 size}; the next one begins at the next
 * 8-byte boundary. Returns the body, zeroed (padding keeps the 0xa5). */
static u8 *mb2_tag(u32 type, u32 size)
{
	u8 *tag = mb2.buf + mb2.len;
	if (mb2.len + ALIGN_UP(size, 8u) > sizeof(mb2.buf))
		abort();
	put32(tag, type);
	put32(tag + 4, size);
	memset(tag + 8, 0, size > 8 ? size - 8 : 0);
	mb2.len += ALIGN_UP(size, 8u);
	return tag + 8;
}

static void mb2_string(u32 type, const char *s)
{
	u32 n = (u32)strlen(s) + 1;
	memcpy(mb2_tag(type, 8 + n), s, n);
}

static void mb2_module(u32 start, u32 end, const char *name)
{
	u32 n = (u32)strlen(name) + 1;
	u8 *b = mb2_tag(MB2_TAG_MODULE, 16 + n);
	put32(b, start);
	put32(b + 4, end);
	memcpy(b + 8, name, n);
}

static void mb2_meminfo(u32 lower, u32 upper)
{
	u8 *b = mb2_tag(MB2_TAG_MEMINFO, 16);
	put32(b, lower);
	put32(b + 4, upper);
}

/* Memory map: u32 entry_size, u32 entry_version, then entries of
 * {u64 base_addr, u64 length, u32 type, u32 reserved} padded to entry_size. */
static void mb2_mmap(u32 entry_size, const struct test_range *r, unsigned n)
{
	u8 *b = mb2_tag(MB2_TAG_MMAP, 16 + entry_size * n);
	put32(b, entry_size);
	put32(b + 4, 0);
	for (unsigned i = 0; i < n; i++) {
		u8 *e = b + 8 + entry_size * i;
		put64(e, r[i].base);
		put64(e + 8, r[i].length);
		put32(e + 16, r[i].type);
		put32(e + 20, 0);
	}
}

static void mb2_end(void)
{
	mb2_tag(MB2_TAG_END, 8);
	put32(mb2.buf, mb2.len);
}

/* Parses the first len bytes of mb2.buf from an exact-size heap block. */
static int mb2_parse_len(u32 len)
{
	phys_reset();
	u8 *block = phys_map_block(1, MB2_INFO_PA, len);
	memcpy(block, mb2.buf, len);
	int rc = bootinfo_parse(&bi, MULTIBOOT2_BOOT_MAGIC, MB2_INFO_PA, to_virt);
	phys_reset();
	return rc;
}

static int mb2_parse(void) { return mb2_parse_len(get32(mb2.buf)); }

/* ---- Multiboot 1 tests ---- */

static void test_mb1_qemu(void)
{
	static const struct test_module mods[] = {
		{ 0x200000, 0x201000, "/boot/initrd.tar" },
		{ 0x202000, 0x202800, "hello.elf arg1 arg2" },
		{ 0x203000, 0x203000, NULL },
	};

	mb1_new();
	mb1_mem(639, 130944);
	mb1_cmdline("/path/kernel.elf loglevel=7 ktest=all");
	mb1_mods(mods, ARRAY_SIZE(mods));
	mb1_mmap(qemu_e820, ARRAY_SIZE(qemu_e820));
	mb1_loader("qemu");

	CHECK_EQ_INT(mb1_parse(), 0);
	CHECK_EQ_INT(bi.protocol, BOOT_MULTIBOOT1);
	CHECK_EQ_STR(boot_protocol_name(bi.protocol), "multiboot1");
	CHECK_EQ_STR(bi.cmdline, "loglevel=7 ktest=all");
	CHECK_EQ_STR(bi.loader, "qemu");
	CHECK_EQ_INT(bi.mem_lower_kib, 639);
	CHECK_EQ_INT(bi.mem_upper_kib, 130944);
	CHECK_EQ_INT(bi.module_count, 3);
	CHECK_EQ_INT(bi.modules[0].start, 0x200000);
	CHECK_EQ_INT(bi.modules[0].end, 0x201000);
	CHECK_EQ_STR(bi.modules[0].name, "/boot/initrd.tar");
	CHECK_EQ_INT(bi.modules[1].start, 0x202000);
	CHECK_EQ_INT(bi.modules[1].end, 0x202800);
	CHECK_EQ_STR(bi.modules[1].name, "hello.elf arg1 arg2");
	CHECK_EQ_STR(bi.modules[2].name, "");
	CHECK(ranges_equal(qemu_e820, ARRAY_SIZE(qemu_e820)));
	CHECK(bootinfo_available_bytes(&bi) == 0x9fc00 + 0x7ee0000);
	CHECK(bootinfo_available_end(&bi) == 0x7fe0000);
	CHECK(!bi.truncated);
	CHECK_EQ_INT(unmapped_reads, 0);
}

static void test_mb1_cmdline_forms(void)
{
	static const struct {
		const char *given, *want;
	} cases[] = {
		{ "/path/kernel.elf loglevel=7 ktest=all", "loglevel=7 ktest=all" },
		{ "/path/kernel.elf", "" },
		{ "/path/kernel.elf ", "" },
		{ "/path/kernel.elf   quiet", "quiet" },
		{ "", "" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		mb1_new();
		mb1_cmdline(cases[i].given);
		CHECK_EQ_INT(mb1_parse(), 0);
		CHECK_EQ_STR(bi.cmdline, cases[i].want);
		CHECK(!bi.truncated);
	}
}

/* Only the fields whose flag bit is set may be read. */
static void test_mb1_flags_respected(void)
{
	mb1_new();
	/* Garbage in every field, but no flag set. */
	memset(mb1_info + 4, 0xff, MB1_INFO_LEN - 4);
	CHECK_EQ_INT(mb1_parse(), 0);
	CHECK_EQ_STR(bi.cmdline, "");
	CHECK_EQ_STR(bi.loader, "");
	CHECK_EQ_INT(bi.module_count, 0);
	CHECK_EQ_INT(bi.mmap_count, 0);
	CHECK_EQ_INT(bi.mem_lower_kib, 0);
	CHECK_EQ_INT(bi.mem_upper_kib, 0);
	CHECK_EQ_INT(unmapped_reads, 0);
	CHECK(bootinfo_available_bytes(&bi) == 0);
	CHECK(bootinfo_available_end(&bi) == 0);
}

static void test_mb1_cmdline_truncated(void)
{
	static char args[3001];

	memset(args, 'a', 3000);
	args[3000] = 0;
	mb1_new();
	char full[3100];
	snprintf(full, sizeof(full), "/k.elf %s", args);
	mb1_cmdline(full);
	CHECK_EQ_INT(mb1_parse(), 0);
	CHECK(bi.truncated);
	size_t n = strnlen(bi.cmdline, sizeof(bi.cmdline));
	CHECK(n < sizeof(bi.cmdline));
	CHECK(n > 0);
	CHECK(strncmp(bi.cmdline, args, n) == 0);
}

/* The kernel's path is not part of the arguments: arguments that fit in
 * BOOT_CMDLINE_MAX must be kept whole, whatever the path's length. */
static void test_mb1_cmdline_path_not_counted(void)
{
	static char args[1001], full[1100];
	const char *path = "/home/student/src/minos/build/x86_64/kernel.elf";

	memset(args, 'b', 1000);
	args[0] = 'x';
	args[1] = '=';
	args[1000] = 0;
	snprintf(full, sizeof(full), "%s %s", path, args);
	mb1_new();
	mb1_cmdline(full);
	CHECK_EQ_INT(mb1_parse(), 0);
	CHECK_EQ_INT(strlen(bi.cmdline), strlen(args)); /* 1000 */
	CHECK(strcmp(bi.cmdline, args) == 0);
	CHECK(!bi.truncated);
}

static void test_mb1_long_names(void)
{
	static char name[300];

	memset(name, 'n', 299);
	name[299] = 0;
	struct test_module mod = { 0x200000, 0x201000, name };
	mb1_new();
	mb1_loader(name);
	mb1_mods(&mod, 1);
	CHECK_EQ_INT(mb1_parse(), 0);
	CHECK(bi.truncated);
	CHECK_EQ_INT(strlen(bi.loader), BOOT_NAME_MAX - 1);
	CHECK(strncmp(bi.loader, name, BOOT_NAME_MAX - 1) == 0);
	CHECK_EQ_INT(bi.module_count, 1);
	CHECK_EQ_INT(strlen(bi.modules[0].name), BOOT_NAME_MAX - 1);
}

/* A 0.6.96 mmap entry may be longer than 20 bytes: the next one starts
 * size + 4 bytes on, whatever size is. */
static void test_mb1_mmap_larger_entries(void)
{
	u8 *v;

	mb1_new();
	u64 pa = phys_alloc(28 * ARRAY_SIZE(qemu_e820), &v);
	for (size_t i = 0; i < ARRAY_SIZE(qemu_e820); i++) {
		mb1_mmap_entry(v + 28 * i, 24, &qemu_e820[i]);
		put32(v + 28 * i + 24, 0xdeadbeef);
	}
	mb1_mmap_at(pa, 28 * ARRAY_SIZE(qemu_e820));
	CHECK_EQ_INT(mb1_parse(), 0);
	CHECK(ranges_equal(qemu_e820, ARRAY_SIZE(qemu_e820)));
}

/* The map sits in an exact-size heap block, so ASan sees any overread. */
static void test_mb1_mmap_malformed(void)
{
	static const struct test_range r = { 0x100000, 0x1000, 1 };

	/* A 16-byte entry (size 12) between two good ones. */
	mb1_new();
	u8 *m = phys_map_block(1, MB1_MMAP_PA, 24 + 16 + 24);
	mb1_mmap_entry(m, 20, &r);
	put32(m + 24, 12);
	memset(m + 28, 0, 12);
	mb1_mmap_entry(m + 40, 20, &r);
	mb1_mmap_at(MB1_MMAP_PA, 24 + 16 + 24);
	CHECK_EQ_INT(mb1_parse(), -EINVAL);

	/* size 0: would never advance. */
	mb1_new();
	m = phys_map_block(1, MB1_MMAP_PA, 48);
	mb1_mmap_entry(m, 20, &r);
	put32(m + 24, 0);
	memset(m + 28, 0, 20);
	mb1_mmap_at(MB1_MMAP_PA, 48);
	CHECK_EQ_INT(mb1_parse(), -EINVAL);

	/* mmap_length ends inside the last entry: it is not read. */
	mb1_new();
	m = phys_map_block(1, MB1_MMAP_PA, 24 + 20);
	mb1_mmap_entry(m, 20, &r);
	put32(m + 24, 20);
	memset(m + 28, 0, 16);
	mb1_mmap_at(MB1_MMAP_PA, 24 + 20);
	int rc = mb1_parse();
	CHECK(rc == 0 || rc == -EINVAL);
	if (rc == 0)
		CHECK(ranges_equal(&r, 1));

	/* An entry whose size runs past mmap_length is not followed. */
	mb1_new();
	m = phys_map_block(1, MB1_MMAP_PA, 48);
	mb1_mmap_entry(m, 1000, &r);
	mb1_mmap_entry(m + 24, 20, &r);
	mb1_mmap_at(MB1_MMAP_PA, 48);
	rc = mb1_parse();
	CHECK(rc == 0 || rc == -EINVAL);
	CHECK(bi.mmap_count <= 1);
	CHECK_EQ_INT(unmapped_reads, 0);
	phys_reset();
}

/* An entry size of 0xfffffffc makes `size + 4` wrap to 0 in 32 bits. The
 * parse runs in a child with an alarm, so a hang fails this test only. */
static void parse_wrapping_mmap(void)
{
	static const struct test_range r = { 0x100000, 0x1000, 1 };

	mb1_new();
	u8 *m = phys_map_block(1, MB1_MMAP_PA, 48);
	mb1_mmap_entry(m, 0xfffffffcu, &r);
	mb1_mmap_entry(m + 24, 20, &r);
	mb1_mmap_at(MB1_MMAP_PA, 48);
	mb1_parse();
}

static void test_mb1_mmap_size_wraps(void)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(2);
		parse_wrapping_mmap();
		_exit(bi.mmap_count <= 1 ? 0 : 3);
	}
	CHECK(pid > 0);
	int status = 0;
	CHECK(waitpid(pid, &status, 0) == pid);
	if (WIFSIGNALED(status))
		fprintf(stderr, "%s: child killed by signal %d (%s)\n", unit_current,
			WTERMSIG(status),
			WTERMSIG(status) == SIGALRM ? "hung" : "crashed");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_mb1_mmap_limits(void)
{
	static struct test_range r[BOOT_MMAP_MAX + 10];

	for (unsigned i = 0; i < ARRAY_SIZE(r); i++)
		r[i] = (struct test_range){ 0x100000 + 0x2000ull * i, 0x1000, 1 };

	/* Exactly BOOT_MMAP_MAX fits. */
	mb1_new();
	mb1_mmap(r, BOOT_MMAP_MAX);
	CHECK_EQ_INT(mb1_parse(), 0);
	CHECK(!bi.truncated);
	CHECK(ranges_equal(r, BOOT_MMAP_MAX));

	/* More: the first BOOT_MMAP_MAX are kept and truncated is set. */
	mb1_new();
	mb1_mmap(r, ARRAY_SIZE(r));
	CHECK_EQ_INT(mb1_parse(), 0);
	CHECK(bi.truncated);
	CHECK(ranges_equal(r, BOOT_MMAP_MAX));

	/* Zero-length ranges are dropped and take no slot. */
	static struct test_range z[BOOT_MMAP_MAX + 4];
	unsigned n = 0;
	for (unsigned i = 0; i < BOOT_MMAP_MAX; i++) {
		if (i % 20 == 0)
			z[n++] = (struct test_range){ 0x5000, 0, 1 };
		z[n++] = r[i];
	}
	CHECK_EQ_INT(n, ARRAY_SIZE(z));
	mb1_new();
	mb1_mmap(z, n);
	CHECK_EQ_INT(mb1_parse(), 0);
	CHECK(!bi.truncated);
	CHECK(ranges_equal(r, BOOT_MMAP_MAX));
	CHECK(bootinfo_available_bytes(&bi) == 0x1000ull * BOOT_MMAP_MAX);
	CHECK(bootinfo_available_end(&bi) ==
	      0x100000 + 0x2000ull * (BOOT_MMAP_MAX - 1) + 0x1000);
}

static void test_mb1_module_limit(void)
{
	static struct test_module mods[BOOT_MODULES_MAX + 4];
	static char names[BOOT_MODULES_MAX + 4][16];

	for (unsigned i = 0; i < ARRAY_SIZE(mods); i++) {
		snprintf(names[i], sizeof(names[i]), "mod%u", i);
		mods[i] = (struct test_module){ 0x200000 + 0x1000 * i,
						0x200800 + 0x1000 * i, names[i] };
	}
	mb1_new();
	mb1_mods(mods, BOOT_MODULES_MAX);
	CHECK_EQ_INT(mb1_parse(), 0);
	CHECK_EQ_INT(bi.module_count, BOOT_MODULES_MAX);
	CHECK(!bi.truncated);

	mb1_new();
	mb1_mods(mods, ARRAY_SIZE(mods));
	CHECK_EQ_INT(mb1_parse(), 0);
	CHECK_EQ_INT(bi.module_count, BOOT_MODULES_MAX);
	CHECK(bi.truncated);
	for (unsigned i = 0; i < BOOT_MODULES_MAX; i++) {
		CHECK_EQ_INT(bi.modules[i].start, mods[i].start);
		CHECK_EQ_INT(bi.modules[i].end, mods[i].end);
		CHECK_EQ_STR(bi.modules[i].name, names[i]);
	}
}

static void test_unknown_magic(void)
{
	mb1_new();
	mb1_cmdline("/k.elf quiet");
	memset(&bi, 0x5a, sizeof(bi));
	CHECK_EQ_INT(bootinfo_parse(&bi, 0, mb1_info_pa, to_virt), -EINVAL);
	CHECK_EQ_INT(bootinfo_parse(&bi, 0x1BADB002, mb1_info_pa, to_virt), -EINVAL);
	CHECK_EQ_INT(bootinfo_parse(&bi, 0xE85250D6, mb1_info_pa, to_virt), -EINVAL);
	CHECK_EQ_STR(boot_protocol_name(0), "unknown");
	CHECK_EQ_STR(boot_protocol_name(BOOT_MULTIBOOT2), "multiboot2");
}

/* ---- Multiboot 2 tests ---- */

static void test_mb2_grub(void)
{
	static const struct test_range high[] = {
		{ 0x0, 0x9fc00, 1 },
		{ 0x9fc00, 0x400, 2 },
		{ 0xf0000, 0x10000, 2 },
		{ 0x100000, 0xbfee0000, 1 },
		{ 0xbffe0000, 0x20000, 2 },
		{ 0xfeffc000, 0x4000, 2 },
		{ 0xfffc0000, 0x40000, 2 },
		{ 0x100000000ull, 0x40000000ull, 1 },
	};

	mb2_begin();
	mb2_string(MB2_TAG_CMDLINE, "loglevel=7 ktest=all");
	mb2_string(MB2_TAG_LOADER, "GRUB 2.06");
	mb2_module(0x200000, 0x201000, "/boot/initrd.tar");
	mb2_module(0x202000, 0x202800, "hello.elf a b");
	mb2_meminfo(639, 3144576);
	u8 *b = mb2_tag(MB2_TAG_BOOTDEV, 20);
	put32(b, 0x80);
	put32(b + 4, 0);
	put32(b + 8, 0xffffffff);
	mb2_mmap(24, high, ARRAY_SIZE(high));
	memset(mb2_tag(MB2_TAG_FRAMEBUFFER, 38), 0x77, 30);
	memset(mb2_tag(MB2_TAG_ACPI_OLD, 8 + 20), 0x33, 20);
	put32(mb2_tag(MB2_TAG_LOAD_BASE, 12), 0x100000);
	mb2_end();

	CHECK_EQ_INT(mb2_parse(), 0);
	CHECK_EQ_INT(bi.protocol, BOOT_MULTIBOOT2);
	CHECK_EQ_STR(boot_protocol_name(bi.protocol), "multiboot2");
	CHECK_EQ_STR(bi.cmdline, "loglevel=7 ktest=all");
	CHECK_EQ_STR(bi.loader, "GRUB 2.06");
	CHECK_EQ_INT(bi.module_count, 2);
	CHECK_EQ_INT(bi.modules[0].start, 0x200000);
	CHECK_EQ_INT(bi.modules[0].end, 0x201000);
	CHECK_EQ_STR(bi.modules[0].name, "/boot/initrd.tar");
	CHECK_EQ_INT(bi.modules[1].start, 0x202000);
	CHECK_EQ_INT(bi.modules[1].end, 0x202800);
	CHECK_EQ_STR(bi.modules[1].name, "hello.elf a b");
	CHECK_EQ_INT(bi.mem_lower_kib, 639);
	CHECK_EQ_INT(bi.mem_upper_kib, 3144576);
	CHECK(ranges_equal(high, ARRAY_SIZE(high)));
	CHECK(bootinfo_available_bytes(&bi) == 0x9fc00 + 0xbfee0000ull + 0x40000000ull);
	CHECK(bootinfo_available_end(&bi) == 0x140000000ull);
	CHECK(!bi.truncated);
}

/* GRUB's cmdline tag holds only the arguments: nothing is skipped. */
static void test_mb2_cmdline(void)
{
	mb2_begin();
	mb2_string(MB2_TAG_CMDLINE, "quiet");
	mb2_end();
	CHECK_EQ_INT(mb2_parse(), 0);
	CHECK_EQ_STR(bi.cmdline, "quiet");

	mb2_begin();
	mb2_string(MB2_TAG_CMDLINE, "");
	mb2_end();
	CHECK_EQ_INT(mb2_parse(), 0);
	CHECK_EQ_STR(bi.cmdline, "");

	/* Unterminated inside its tag: cut at the tag's end, not the padding. */
	mb2_begin();
	memcpy(mb2_tag(MB2_TAG_CMDLINE, 8 + 3), "abc", 3);
	mb2_end();
	CHECK_EQ_INT(mb2_parse(), 0);
	CHECK_EQ_STR(bi.cmdline, "abc");

	/* Too long for BOOT_CMDLINE_MAX. */
	static char big[3001];
	memset(big, 'c', 3000);
	big[3000] = 0;
	mb2_begin();
	mb2_string(MB2_TAG_CMDLINE, big);
	mb2_end();
	CHECK_EQ_INT(mb2_parse(), 0);
	CHECK(bi.truncated);
	CHECK_EQ_INT(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
	CHECK(strncmp(bi.cmdline, big, BOOT_CMDLINE_MAX - 1) == 0);
}

static void test_mb2_unknown_tags(void)
{
	mb2_begin();
	memset(mb2_tag(0x7777, 8 + 5), 0x01, 5);
	mb2_tag(0x7778, 8);
	mb2_string(MB2_TAG_CMDLINE, "a=1");
	memset(mb2_tag(0xffffffff, 8 + 64), 0xee, 64);
	mb2_mmap(24, qemu_e820, ARRAY_SIZE(qemu_e820));
	mb2_end();
	CHECK_EQ_INT(mb2_parse(), 0);
	CHECK_EQ_STR(bi.cmdline, "a=1");
	CHECK(ranges_equal(qemu_e820, ARRAY_SIZE(qemu_e820)));

	/* Nothing after the end tag is read, even inside total_size. */
	mb2_begin();
	mb2_end();
	mb2_string(MB2_TAG_CMDLINE, "after-end");
	put32(mb2.buf, mb2.len);
	CHECK_EQ_INT(mb2_parse(), 0);
	CHECK_EQ_STR(bi.cmdline, "");
}

/* A later entry_version may make entries longer than 24 bytes. */
static void test_mb2_mmap_entry_size(void)
{
	mb2_begin();
	mb2_mmap(32, qemu_e820, ARRAY_SIZE(qemu_e820));
	mb2_end();
	CHECK_EQ_INT(mb2_parse(), 0);
	CHECK(ranges_equal(qemu_e820, ARRAY_SIZE(qemu_e820)));
	CHECK(bootinfo_available_bytes(&bi) == 0x9fc00 + 0x7ee0000);
	CHECK(bootinfo_available_end(&bi) == 0x7fe0000);
}

static void test_mb2_malformed(void)
{
	/* total_size smaller than header + end tag. */
	mb2_begin();
	put32(mb2.buf, 8);
	CHECK_EQ_INT(mb2_parse_len(8), -EINVAL);
	put32(mb2.buf, 0);
	CHECK_EQ_INT(mb2_parse_len(8), -EINVAL);
	mb2_begin();
	put32(mb2.buf, 12);
	put32(mb2.buf + 8, MB2_TAG_END);
	CHECK_EQ_INT(mb2_parse_len(12), -EINVAL);

	/* A tag running past total_size. */
	mb2_begin();
	mb2_string(MB2_TAG_CMDLINE, "abcdefghijklmnop");
	mb2_end();
	put32(mb2.buf + 12, 200);
	CHECK_EQ_INT(mb2_parse(), -EINVAL);

	/* The end tag itself claiming more than is left. */
	mb2_begin();
	mb2_end();
	put32(mb2.buf + 12, 16);
	CHECK_EQ_INT(mb2_parse(), -EINVAL);

	/* A tag size below the 8-byte header: 0 and 4. */
	for (u32 size = 0; size < 8; size += 4) {
		mb2_begin();
		mb2_string(MB2_TAG_CMDLINE, "x");
		mb2_end();
		put32(mb2.buf + 12, size);
		CHECK_EQ_INT(mb2_parse(), -EINVAL);
	}

	/* No end tag. */
	mb2_begin();
	mb2_string(MB2_TAG_CMDLINE, "no end");
	put32(mb2.buf, mb2.len);
	CHECK_EQ_INT(mb2_parse(), -EINVAL);
	mb2_begin();
	put32(mb2.buf, 16);
	memset(mb2.buf + 8, 0xa5, 8);
	CHECK_EQ_INT(mb2_parse_len(16), -EINVAL);

	/* total_size not a multiple of 8: a tag header cannot fit the tail. */
	mb2_begin();
	mb2_string(MB2_TAG_CMDLINE, "1234567");
	put32(mb2.buf, mb2.len + 4);
	CHECK_EQ_INT(mb2_parse_len(mb2.len + 4), -EINVAL);

	/* mmap entry_size below 24 (and 0, which would never advance). */
	static const u32 bad_sizes[] = { 0, 8, 16, 20, 23 };
	for (size_t i = 0; i < ARRAY_SIZE(bad_sizes); i++) {
		mb2_begin();
		u8 *b = mb2_tag(MB2_TAG_MMAP, 16 + 48);
		put32(b, bad_sizes[i]);
		put32(b + 4, 0);
		mb2_end();
		CHECK_EQ_INT(mb2_parse(), -EINVAL);
	}

	/* mmap tag too short for its own entry_size/entry_version header. */
	mb2_begin();
	put32(mb2_tag(MB2_TAG_MMAP, 12), 24);
	mb2_end();
	CHECK_EQ_INT(mb2_parse(), -EINVAL);
}

/* An mmap tag's entries end at the tag's end, even when entry_size is so
 * large that `offset + entry_size` wraps in 32 bits. Here the bytes after
 * the tag (an unknown tag) would read as the range {0x2000000099, 0x1000,
 * available}; with nothing after the tag the read leaves the structure. */
static void test_mb2_mmap_entry_size_wraps(void)
{
	mb2_begin();
	u8 *b = mb2_tag(MB2_TAG_MMAP, 16);
	put32(b, 0xfffffff8u);
	put32(b + 4, 0);
	b = mb2_tag(0x99, 32);
	put64(b, 0x1000);
	put32(b + 8, 1);
	mb2_end();
	int rc = mb2_parse();
	CHECK(rc == 0 || rc == -EINVAL);
	CHECK_EQ_INT(bi.mmap_count, 0);
}

/* A short tail after the last whole entry is ignored, not read. */
static void test_mb2_mmap_partial_entry(void)
{
	mb2_begin();
	u8 *b = mb2_tag(MB2_TAG_MMAP, 16 + 24 + 20);
	put32(b, 24);
	put32(b + 4, 0);
	put64(b + 8, 0x100000);
	put64(b + 16, 0x1000);
	put32(b + 24, 1);
	memset(b + 32, 0xff, 20);
	mb2_end();
	int rc = mb2_parse();
	CHECK(rc == 0 || rc == -EINVAL);
	if (rc == 0) {
		static const struct test_range want = { 0x100000, 0x1000, 1 };
		CHECK(ranges_equal(&want, 1));
	}
}

static void test_mb2_limits(void)
{
	static struct test_range r[BOOT_MMAP_MAX + 6];

	for (unsigned i = 0; i < ARRAY_SIZE(r); i++)
		r[i] = (struct test_range){ 0x1000000ull * (i + 1), 0x800000,
					    i % 3 ? 1u : 2u };

	mb2_begin();
	mb2_mmap(24, r, ARRAY_SIZE(r));
	mb2_end();
	CHECK_EQ_INT(mb2_parse(), 0);
	CHECK(bi.truncated);
	CHECK(ranges_equal(r, BOOT_MMAP_MAX));

	/* Zero-length entries dropped. */
	static const struct test_range with_zero[] = {
		{ 0x0, 0x9fc00, 1 }, { 0x9fc00, 0, 2 }, { 0x100000, 0, 1 },
		{ 0x100000, 0x100000, 1 },
	};
	static const struct test_range without_zero[] = {
		{ 0x0, 0x9fc00, 1 }, { 0x100000, 0x100000, 1 },
	};
	mb2_begin();
	mb2_mmap(24, with_zero, ARRAY_SIZE(with_zero));
	mb2_end();
	CHECK_EQ_INT(mb2_parse(), 0);
	CHECK(!bi.truncated);
	CHECK(ranges_equal(without_zero, ARRAY_SIZE(without_zero)));

	/* Modules: the first BOOT_MODULES_MAX are kept. */
	mb2_begin();
	for (unsigned i = 0; i < BOOT_MODULES_MAX + 3; i++) {
		char name[16];
		snprintf(name, sizeof(name), "m%u", i);
		mb2_module(0x300000 + 0x1000 * i, 0x300400 + 0x1000 * i, name);
	}
	mb2_end();
	CHECK_EQ_INT(mb2_parse(), 0);
	CHECK(bi.truncated);
	CHECK_EQ_INT(bi.module_count, BOOT_MODULES_MAX);
	CHECK_EQ_INT(bi.modules[BOOT_MODULES_MAX - 1].start,
		     0x300000 + 0x1000 * (BOOT_MODULES_MAX - 1));
	CHECK_EQ_STR(bi.modules[BOOT_MODULES_MAX - 1].name, "m15");
	CHECK_EQ_STR(bi.modules[0].name, "m0");

	/* A module name unterminated inside its tag is cut at the tag. */
	mb2_begin();
	u8 *b = mb2_tag(MB2_TAG_MODULE, 16 + 4);
	put32(b, 0x200000);
	put32(b + 4, 0x201000);
	memcpy(b + 8, "init", 4);
	mb2_end();
	CHECK_EQ_INT(mb2_parse(), 0);
	CHECK_EQ_INT(bi.module_count, 1);
	CHECK_EQ_STR(bi.modules[0].name, "init");
}

UNIT_TESTS(TEST_ENTRY(test_mb1_qemu), TEST_ENTRY(test_mb1_cmdline_forms),
	   TEST_ENTRY(test_mb1_flags_respected),
	   TEST_ENTRY(test_mb1_cmdline_truncated),
	   TEST_ENTRY(test_mb1_cmdline_path_not_counted),
	   TEST_ENTRY(test_mb1_long_names),
	   TEST_ENTRY(test_mb1_mmap_larger_entries),
	   TEST_ENTRY(test_mb1_mmap_malformed),
	   TEST_ENTRY(test_mb1_mmap_size_wraps),
	   TEST_ENTRY(test_mb1_mmap_limits), TEST_ENTRY(test_mb1_module_limit),
	   TEST_ENTRY(test_unknown_magic), TEST_ENTRY(test_mb2_grub),
	   TEST_ENTRY(test_mb2_cmdline), TEST_ENTRY(test_mb2_unknown_tags),
	   TEST_ENTRY(test_mb2_mmap_entry_size),
	   TEST_ENTRY(test_mb2_malformed),
	   TEST_ENTRY(test_mb2_mmap_entry_size_wraps),
	   TEST_ENTRY(test_mb2_mmap_partial_entry),
	   TEST_ENTRY(test_mb2_limits))
