/*
 * rnd-getrandom - getrandom(2) through the raw call: the count returned
 * for 0, 1, 16, 256, 1000 and 65536 bytes with each valid flag, -EINVAL
 * for unknown flags and for GRND_INSECURE with GRND_RANDOM (checked before
 * the buffer), -EFAULT for buffers the kernel cannot write, and the bytes
 * written before the fault when a buffer runs into an unmapped page. The
 * bytes themselves are never printed: only that they change from call to
 * call, vary, and stay inside the buffer. Expected: a run on the
 * reference Linux.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <uapi/misc.h>
#include <unistd.h>

#include "check.h"

#define PAGE 4096UL
#define BIG 65536
#define SENTINEL 0xa5
#define KERNEL_ADDR 0xffffffff80000000UL

static const char ro_buf[64] = "read-only";
static unsigned char buf[BIG + 16];

static long sys_getrandom(unsigned long p, unsigned long len, unsigned long flags)
{
	return __syscall3(__NR_getrandom, (long)p, (long)len, (long)flags);
}

static void sizes(void)
{
	static const unsigned long lens[] = { 0, 1, 16, 256, 1000, BIG };
	char what[96];

	for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		memset(buf, SENTINEL, sizeof(buf));
		snprintf(what, sizeof(what), "getrandom(buf, %lu, 0)", lens[i]);
		check_result(what, sys_getrandom((unsigned long)buf, lens[i], 0), (long)lens[i]);
		int untouched = 1;
		for (unsigned j = lens[i]; j < sizeof(buf); j++)
			untouched &= buf[j] == SENTINEL;
		snprintf(what, sizeof(what), "nothing written past %lu bytes", lens[i]);
		check(what, untouched);
	}
	check_result("getrandom(NULL, 0, 0)", sys_getrandom(0, 0, 0), 0);
	/* Linux checks the range even for 0 bytes. */
	check_result("getrandom(0xffffffff80000000, 0, 0)", sys_getrandom(KERNEL_ADDR, 0, 0), -EFAULT);
}

static void flags(void)
{
	static const struct {
		const char *name;
		unsigned long flags;
		long want;
	} cases[] = {
		{ "GRND_NONBLOCK", GRND_NONBLOCK, 16 },
		{ "GRND_RANDOM", GRND_RANDOM, 16 },
		{ "GRND_INSECURE", GRND_INSECURE, 16 },
		{ "GRND_NONBLOCK | GRND_RANDOM", GRND_NONBLOCK | GRND_RANDOM, 16 },
		{ "GRND_NONBLOCK | GRND_INSECURE", GRND_NONBLOCK | GRND_INSECURE, 16 },
		{ "GRND_INSECURE | GRND_RANDOM", GRND_INSECURE | GRND_RANDOM, -EINVAL },
		{ "GRND_INSECURE | GRND_RANDOM | GRND_NONBLOCK", 7, -EINVAL },
		{ "0x8", 0x8, -EINVAL },
		{ "0x10", 0x10, -EINVAL },
		{ "0x80000000", 0x80000000UL, -EINVAL },
		{ "0xffffffff", 0xffffffffUL, -EINVAL },
		/* flags is an unsigned int: the upper half is ignored. */
		{ "0x100000000 (= 0)", 0x100000000UL, 16 },
		{ "0x100000001 (= GRND_NONBLOCK)", 0x100000001UL, 16 },
	};
	char what[96];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(what, sizeof(what), "getrandom(buf, 16, %s)", cases[i].name);
		check_result(what, sys_getrandom((unsigned long)buf, 16, cases[i].flags), cases[i].want);
	}
	/* The flags are checked before the buffer. */
	check_result("getrandom(NULL, 16, 0x8)", sys_getrandom(0, 16, 0x8), -EINVAL);
	check_result("getrandom(NULL, 16, GRND_INSECURE | GRND_RANDOM)",
		     sys_getrandom(0, 16, GRND_INSECURE | GRND_RANDOM), -EINVAL);
}

/* top: page-aligned, the page below it mapped, the one above it not. */
static void bad_buffers(unsigned long top)
{
	const struct {
		const char *name;
		unsigned long p;
	} bad[] = {
		{ "NULL", 0 },
		{ "0xffffffff80000000", KERNEL_ADDR },
		{ "1 << 47", 1UL << 47 },
		{ "~0", ~0UL },
		{ "rodata", (unsigned long)ro_buf },
		{ "text", (unsigned long)bad_buffers },
		{ "the page above the break", top },
	};
	char what[96];

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned long p = bad[i].p;
		snprintf(what, sizeof(what), "getrandom(%s, 16, 0)", bad[i].name);
		check_result(what, sys_getrandom(p, 16, 0), -EFAULT);
		snprintf(what, sizeof(what), "getrandom(%s, 1000, 0)", bad[i].name);
		check_result(what, sys_getrandom(p, 1000, 0), -EFAULT);
	}
	check("rodata unchanged", strcmp(ro_buf, "read-only") == 0);

	/* Start mapped, run into the unmapped page: the bytes before it. */
	check_result("getrandom(8 mapped + 8 unmapped bytes, 16, 0)", sys_getrandom(top - 8, 16, 0), 8);
	check_result("getrandom(16 mapped + 48 unmapped bytes, 64, 0)", sys_getrandom(top - 16, 64, 0),
		     16);
	check_result("getrandom(100 mapped + 900 unmapped bytes, 1000, 0)",
		     sys_getrandom(top - 100, 1000, 0), 100);
	check_result("getrandom(16 mapped bytes, 16, 0)", sys_getrandom(top - 16, 16, 0), 16);

	/* A huge length is cut down before the range check (Linux: to
	 * MAX_RW_COUNT, about 2 GiB), so it wrapping around the address space
	 * is no error by itself; what is left must still fit below 1 << 47. */
	check_result("getrandom(16 mapped bytes + unmapped, ~0, 0)", sys_getrandom(top - 16, ~0UL, 0),
		     16);
	check_result("getrandom((1 << 47) - 64 KiB, ~0, 0)", sys_getrandom((1UL << 47) - 65536, ~0UL, 0),
		     -EFAULT);
}

static void contents(void)
{
	unsigned char a[16], b[16];
	unsigned char seen[256] = { 0 };
	unsigned distinct = 0;

	sys_getrandom((unsigned long)a, sizeof(a), 0);
	sys_getrandom((unsigned long)b, sizeof(b), 0);
	check("two 16-byte reads differ", memcmp(a, b, sizeof(a)) != 0);

	memset(buf, 0, sizeof(buf));
	sys_getrandom((unsigned long)buf, 1000, 0);
	for (unsigned i = 0; i < 1000; i++) {
		distinct += !seen[buf[i]];
		seen[buf[i]] = 1;
	}
	/* 1000 random bytes miss about 2% of the 256 values. */
	check("1000 bytes take at least 128 distinct values", distinct >= 128);
}

int main(void)
{
	sizes();
	flags();
	contents();

	unsigned long old = (unsigned long)sbrk(0);
	unsigned long top = ((old + PAGE - 1) & ~(PAGE - 1)) + PAGE;
	if (brk((void *)top) < 0) {
		printf("brk to a page boundary: FAIL\n");
		return 1;
	}
	*(volatile char *)(top - 1) = 0;
	bad_buffers(top);
	brk((void *)old);
	return check_exit();
}
