/*
 * test_ksyms.c - host tests for kernel/ksyms.c on tables the tests build:
 * sized symbols end exactly at addr + size, unsized ones (assembly labels)
 * reach the next symbol; lookups by name; the "name+0xoff" / "?" format.
 */
#include "unit.h"

#include "ksyms.h"
#include "lib/string.h"

/* Offsets into names[]; offset 0 is the empty string, as in a real blob. */
static const char names[] = "\0_start\0isr_stub\0kmain\0memcpy\0_etext";
#define N_START 1
#define N_ISR 8
#define N_KMAIN 17
#define N_MEMCPY 23
#define N_ETEXT 30

/*
 * 0x1000 _start   size 0x20   gap to 0x1040
 * 0x1040 isr_stub unsized     covers up to kmain
 * 0x1100 kmain    size 0x100  ends where memcpy begins
 * 0x1200 memcpy   size 0x80   gap to 0x1400
 * 0x1400 _etext   unsized, last
 */
static const struct ksym table[] = {
	{ 0x1000, N_START, 0x20 },
	{ 0x1040, N_ISR, 0 },
	{ 0x1100, N_KMAIN, 0x100 },
	{ 0x1200, N_MEMCPY, 0x80 },
	{ 0x1400, N_ETEXT, 0 },
};

/* Looks addr up; returns "" for NULL so results compare as strings. */
static const char *look(u64 addr, u64 *off)
{
	*off = 0xdeadbeef;
	const char *name = ksym_lookup(addr, off);
	return name ? name : "";
}

static void use_main_table(void)
{
	ksyms_use_table(table, ARRAY_SIZE(table), names);
}

static void test_names_blob(void)
{
	CHECK_EQ_STR(names + N_START, "_start");
	CHECK_EQ_STR(names + N_ISR, "isr_stub");
	CHECK_EQ_STR(names + N_KMAIN, "kmain");
	CHECK_EQ_STR(names + N_MEMCPY, "memcpy");
	CHECK_EQ_STR(names + N_ETEXT, "_etext");
}

static void test_lookup_sized(void)
{
	u64 off;

	use_main_table();
	CHECK_EQ_STR(look(0x1000, &off), "_start");
	CHECK(off == 0);
	CHECK_EQ_STR(look(0x1010, &off), "_start");
	CHECK(off == 0x10);
	CHECK_EQ_STR(look(0x101f, &off), "_start");
	CHECK(off == 0x1f);
	/* One past the end, and the gap after it. */
	CHECK(ksym_lookup(0x1020, &off) == NULL);
	CHECK(ksym_lookup(0x103f, &off) == NULL);

	CHECK_EQ_STR(look(0x11ff, &off), "kmain");
	CHECK(off == 0xff);
	/* Adjacent sized symbols: the end of one is the start of the next. */
	CHECK_EQ_STR(look(0x1200, &off), "memcpy");
	CHECK(off == 0);
	CHECK_EQ_STR(look(0x127f, &off), "memcpy");
	CHECK(off == 0x7f);
	CHECK(ksym_lookup(0x1280, &off) == NULL);
	CHECK(ksym_lookup(0x13ff, &off) == NULL);
}

static void test_lookup_unsized(void)
{
	u64 off;

	use_main_table();
	CHECK_EQ_STR(look(0x1040, &off), "isr_stub");
	CHECK(off == 0);
	CHECK_EQ_STR(look(0x1041, &off), "isr_stub");
	CHECK(off == 1);
	CHECK_EQ_STR(look(0x10ff, &off), "isr_stub");
	CHECK(off == 0xbf);
	CHECK_EQ_STR(look(0x1100, &off), "kmain");
	CHECK(off == 0);
	CHECK_EQ_STR(look(0x1400, &off), "_etext");
	CHECK(off == 0);
}

static void test_lookup_below_first(void)
{
	u64 off;

	use_main_table();
	CHECK(ksym_lookup(0, &off) == NULL);
	CHECK(ksym_lookup(0xfff, &off) == NULL);
}

static void test_empty_table(void)
{
	u64 off;
	char buf[16];

	ksyms_use_table(NULL, 0, "");
	CHECK(ksym_lookup(0, &off) == NULL);
	CHECK(ksym_lookup(0x1000, &off) == NULL);
	CHECK(ksym_lookup(UINT64_MAX, &off) == NULL);
	CHECK(ksym_address("kmain") == 0);
	ksym_format(0x1000, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "?");
}

static void test_address(void)
{
	use_main_table();
	CHECK(ksym_address("_start") == 0x1000);
	CHECK(ksym_address("isr_stub") == 0x1040);
	CHECK(ksym_address("kmain") == 0x1100);
	CHECK(ksym_address("memcpy") == 0x1200);
	CHECK(ksym_address("_etext") == 0x1400);
	CHECK(ksym_address("kma") == 0);
	CHECK(ksym_address("kmainx") == 0);
	CHECK(ksym_address("KMAIN") == 0);
	CHECK(ksym_address("nope") == 0);
}

static void test_format(void)
{
	char buf[64];

	use_main_table();
	ksym_format(0x1110, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "kmain+0x10");
	ksym_format(0x1100, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "kmain+0x0");
	ksym_format(0x10ff, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "isr_stub+0xbf");
	ksym_format(0x1020, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "?");
	ksym_format(0x10, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "?");

	/* A short buffer is cut and still terminated. */
	char small[6];
	memset(small, 'z', sizeof(small));
	ksym_format(0x1110, small, sizeof(small));
	CHECK_EQ_STR(small, "kmain");
	char one[1] = { 'z' };
	ksym_format(0x1110, one, sizeof(one));
	CHECK_EQ_INT(one[0], 0);
}

/* Kernel addresses use the top bits: no sign or overflow trouble there. */
static void test_high_addresses(void)
{
	static const char hnames[] = "\0text_start\0panic\0last";
	static const struct ksym high[] = {
		{ 0xffffffff80000000ull, 1, 0 },
		{ 0xffffffff80001000ull, 12, 0x200 },
		{ 0xfffffffffffff000ull, 18, 0xfff },
	};
	u64 off;
	char buf[64];

	ksyms_use_table(high, ARRAY_SIZE(high), hnames);
	CHECK_EQ_STR(look(0xffffffff80000fffull, &off), "text_start");
	CHECK(off == 0xfff);
	CHECK_EQ_STR(look(0xffffffff800011ffull, &off), "panic");
	CHECK(off == 0x1ff);
	CHECK(ksym_lookup(0xffffffff80001200ull, &off) == NULL);
	CHECK(ksym_lookup(0x7fffffffffffffffull, &off) == NULL);
	CHECK_EQ_STR(look(0xfffffffffffffffeull, &off), "last");
	CHECK(off == 0xffe);
	CHECK(ksym_lookup(UINT64_MAX, &off) == NULL);
	ksym_format(0xffffffff80001010ull, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "panic+0x10");
	CHECK(ksym_address("last") == 0xfffffffffffff000ull);
}

/* Many symbols, so the binary search takes every branch at every depth. */
static void test_many_symbols(void)
{
	enum { N = 257 };
	static struct ksym syms[N];
	static char blob[N * 8];
	size_t used = 0;

	for (unsigned i = 0; i < N; i++) {
		syms[i].addr = 0x100000 + 0x10ull * i;
		syms[i].name = (u32)used;
		syms[i].size = i % 2 ? 0 : 8; /* even sized, odd unsized */
		used += (size_t)snprintf(blob + used, sizeof(blob) - used, "f%u", i) + 1;
	}
	ksyms_use_table(syms, N, blob);

	bool ok = true;
	for (unsigned i = 0; i < N; i++) {
		u64 a = syms[i].addr, off;
		const char *n = ksym_lookup(a, &off);
		if (!n || strcmp(n, blob + syms[i].name) != 0 || off != 0)
			ok = false;
		n = ksym_lookup(a + 7, &off);
		if (!n || strcmp(n, blob + syms[i].name) != 0 || off != 7)
			ok = false;
		n = ksym_lookup(a + 8, &off);
		if (i % 2 == 0 && n != NULL)
			ok = false; /* sized: past the end */
		if (i % 2 == 1 && (!n || strcmp(n, blob + syms[i].name) != 0 || off != 8))
			ok = false; /* unsized: up to the next */
		if (i + 1 < N) {
			n = ksym_lookup(a + 0xf, &off);
			if (i % 2 == 1 && (!n || off != 0xf))
				ok = false;
		}
		if (ksym_address(blob + syms[i].name) != a)
			ok = false;
	}
	CHECK(ok);
	u64 off;
	CHECK(ksym_lookup(0xfffff, &off) == NULL);
}

UNIT_TESTS(TEST_ENTRY(test_names_blob), TEST_ENTRY(test_lookup_sized),
	   TEST_ENTRY(test_lookup_unsized), TEST_ENTRY(test_lookup_below_first),
	   TEST_ENTRY(test_empty_table), TEST_ENTRY(test_address),
	   TEST_ENTRY(test_format), TEST_ENTRY(test_high_addresses),
	   TEST_ENTRY(test_many_symbols))
