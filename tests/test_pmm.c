/*
 * test_pmm.c - host tests for the physical page allocator (kernel/mm/pmm.c)
 * on a 1000-frame machine. panic() longjmps back into the test, so that
 * the allocator's misuse checks can be exercised; the bitmap is the test's
 * own array, so the tests read the bits directly.
 */
#include <setjmp.h>
#include <stdint.h>

#include "unit.h"
#include "panic_catch.h"
#include "lib/format.h"
#include "mm/pmm.h"

#define NFRAMES 1000ULL
#define GUARD 0x600dc0de600dc0deULL

/* 16 words for 1000 frames, plus one guard word pmm must never touch. */
static u64 bm[17];

static bool frame_free(u64 pfn)
{
	return !((bm[pfn / 64] >> (pfn % 64)) & 1);
}

static u64 count_free_bits(void)
{
	u64 n = 0;

	for (u64 pfn = 0; pfn < 16 * 64; pfn++)
		n += frame_free(pfn);
	return n;
}

static void fresh(void)
{
	memset(bm, 0, sizeof(bm));
	bm[16] = GUARD;
	pmm_init(bm, NFRAMES);
}

static void test_bitmap_bytes(void)
{
	CHECK_EQ_INT(pmm_bitmap_bytes(0), 0);
	CHECK_EQ_INT(pmm_bitmap_bytes(1), 8);
	CHECK_EQ_INT(pmm_bitmap_bytes(64), 8);
	CHECK_EQ_INT(pmm_bitmap_bytes(65), 16);
	CHECK_EQ_INT(pmm_bitmap_bytes(NFRAMES), 128);
	/* 4 GiB of RAM: one bit per page is 128 KiB. */
	CHECK_EQ_INT(pmm_bitmap_bytes(1ULL << 20), 128 * 1024);
}

static void test_init_marks_everything_used(void)
{
	fresh();
	CHECK_EQ_INT(pmm_free_pages(), 0);
	CHECK_EQ_INT(pmm_total_pages(), 0);
	CHECK_EQ_INT(count_free_bits(), 0);
	CHECK_EQ_INT(pmm_alloc_page(), 0);
	CHECK_EQ_INT(pmm_alloc_contig(1), 0);
	CHECK_EQ_INT(pmm_alloc_contig(4), 0);
	CHECK(bm[16] == GUARD);
}

static void test_add_range_rounds_inward(void)
{
	fresh();
	pmm_add_range(0x1001, 0x5000);
	CHECK_EQ_INT(pmm_free_pages(), 3);
	CHECK_EQ_INT(pmm_total_pages(), 3);
	CHECK(!frame_free(1));
	CHECK(frame_free(2) && frame_free(3) && frame_free(4));
	CHECK(!frame_free(5));

	/* Less than one whole page, empty and inverted ranges add nothing. */
	pmm_add_range(0x6001, 0x7fff);
	pmm_add_range(0x9000, 0x9000);
	pmm_add_range(0xa000, 0x9000);
	CHECK_EQ_INT(pmm_free_pages(), 3);

	/* Overlap with frames already free is not counted twice. */
	pmm_add_range(0x2000, 0x6000);
	CHECK_EQ_INT(pmm_free_pages(), 4);
	CHECK_EQ_INT(pmm_total_pages(), 4);
	CHECK_EQ_INT(count_free_bits(), 4);
}

static void test_frame0_never_free(void)
{
	u64 pa;
	int n = 0;

	fresh();
	pmm_add_range(0, 0x10000);
	CHECK(!frame_free(0));
	CHECK_EQ_INT(pmm_free_pages(), 15);
	while ((pa = pmm_alloc_page()) != 0) {
		CHECK(pa >= PAGE_SIZE && pa < 0x10000);
		n++;
	}
	CHECK_EQ_INT(n, 15);
	CHECK(!frame_free(0));
}

static void test_add_range_clamps_to_max_pfn(void)
{
	fresh();
	pmm_add_range(0, UINT64_MAX);
	CHECK_EQ_INT(pmm_free_pages(), NFRAMES - 1);
	CHECK_EQ_INT(pmm_total_pages(), NFRAMES - 1);
	CHECK_EQ_INT(count_free_bits(), NFRAMES - 1);
	/* The bits past frame 999 in the last word stay set. */
	for (u64 pfn = NFRAMES; pfn < 16 * 64; pfn++)
		CHECK(!frame_free(pfn));
	CHECK(bm[16] == GUARD);
	/* A range entirely above memory is ignored. */
	pmm_add_range(NFRAMES * PAGE_SIZE, 2 * NFRAMES * PAGE_SIZE);
	CHECK_EQ_INT(pmm_free_pages(), NFRAMES - 1);
}

static void test_reserve_rounds_outward(void)
{
	fresh();
	pmm_add_range(0, NFRAMES * PAGE_SIZE);
	pmm_reserve_range(0x2fff, 0x3001);
	CHECK(frame_free(1));
	CHECK(!frame_free(2) && !frame_free(3));
	CHECK(frame_free(4));
	CHECK_EQ_INT(pmm_free_pages(), NFRAMES - 3);
	CHECK_EQ_INT(pmm_total_pages(), NFRAMES - 3);

	/* Reserving again, an empty range, or frame 0 changes nothing. */
	pmm_reserve_range(0x2000, 0x4000);
	pmm_reserve_range(0x10000, 0x10000);
	pmm_reserve_range(0, 1);
	CHECK_EQ_INT(pmm_free_pages(), NFRAMES - 3);

	/* Clamped at the top: only frame 999 exists in this range. */
	pmm_reserve_range((NFRAMES - 1) * PAGE_SIZE, UINT64_MAX);
	CHECK(!frame_free(NFRAMES - 1));
	CHECK_EQ_INT(pmm_free_pages(), NFRAMES - 4);
	CHECK_EQ_INT(count_free_bits(), NFRAMES - 4);
	CHECK(bm[16] == GUARD);
}

static void test_alloc_skips_reserved(void)
{
	u64 pa;
	int n = 0;

	fresh();
	pmm_add_range(0, NFRAMES * PAGE_SIZE);
	/* The "kernel image" at 1 MiB - 2 MiB. */
	pmm_reserve_range(0x100000, 0x200000);
	while ((pa = pmm_alloc_page()) != 0) {
		CHECK(pa < 0x100000 || pa >= 0x200000);
		n++;
	}
	CHECK_EQ_INT(n, NFRAMES - 1 - 256);
	CHECK_EQ_INT(pmm_total_pages(), NFRAMES - 1 - 256);
}

static void test_alloc_until_exhausted_then_free_all(void)
{
	static u64 pages[NFRAMES];
	u64 n = 0, pa;

	fresh();
	pmm_add_range(0x1000, 0x100000);
	CHECK_EQ_INT(pmm_free_pages(), 255);
	while ((pa = pmm_alloc_page()) != 0) {
		CHECK(pa % PAGE_SIZE == 0);
		CHECK(pa >= 0x1000 && pa < 0x100000);
		CHECK(!frame_free(pa / PAGE_SIZE));
		CHECK(n < NFRAMES);
		if (n >= NFRAMES)
			break;
		pages[n++] = pa;
		/* Allocated pages are exactly total - free at every step. */
		CHECK_EQ_INT(pmm_total_pages() - pmm_free_pages(), n);
	}
	CHECK_EQ_INT(n, 255);
	CHECK_EQ_INT(pmm_free_pages(), 0);
	CHECK_EQ_INT(pmm_alloc_page(), 0);
	CHECK_EQ_INT(pmm_alloc_contig(2), 0);
	/* All distinct: every allocated frame's bit is set and 255 are set. */
	CHECK_EQ_INT(count_free_bits(), 0);

	/* Free in a scrambled order (7 is coprime with 255). */
	for (u64 i = 0; i < n; i++)
		pmm_free_page(pages[(i * 7) % n]);
	CHECK_EQ_INT(pmm_free_pages(), 255);
	CHECK_EQ_INT(pmm_total_pages(), 255);
	CHECK_EQ_INT(count_free_bits(), 255);
	CHECK(pmm_alloc_page() != 0);
}

static void test_next_fit_moves_on_and_wraps(void)
{
	u64 first = 0, pa, seen_first = 0;

	fresh();
	pmm_add_range(0, 256 * PAGE_SIZE);
	for (int i = 0; i < 200; i++) {
		pa = pmm_alloc_page();
		if (i == 0)
			first = pa;
	}
	CHECK_EQ_INT(first, PAGE_SIZE);
	pmm_free_page(first);
	/* The search goes on where it stopped instead of rescanning from the
	 * bottom, so the freed low page comes back only after a wrap. */
	CHECK_EQ_INT(pmm_alloc_page(), 201 * PAGE_SIZE);
	while ((pa = pmm_alloc_page()) != 0)
		if (pa == first)
			seen_first++;
	CHECK_EQ_INT(seen_first, 1);
	CHECK_EQ_INT(pmm_free_pages(), 0);
}

static void test_alloc_contig(void)
{
	u64 pa;

	fresh();
	pmm_add_range(0, 256 * PAGE_SIZE);
	CHECK_EQ_INT(pmm_alloc_contig(0), 0);
	pa = pmm_alloc_contig(10);
	CHECK_EQ_INT(pa, PAGE_SIZE);
	for (u64 pfn = 1; pfn <= 10; pfn++)
		CHECK(!frame_free(pfn));
	CHECK_EQ_INT(pmm_free_pages(), 255 - 10);
	pmm_free_contig(pa, 10);
	CHECK_EQ_INT(pmm_free_pages(), 255);

	/* Fragment: take everything, then free runs of 10, 5 and 70 pages
	 * (the last one straddles the word boundary at frame 128). */
	for (int i = 0; i < 255; i++)
		CHECK(pmm_alloc_page() != 0);
	for (u64 pfn = 20; pfn < 30; pfn++)
		pmm_free_page(pfn * PAGE_SIZE);
	for (u64 pfn = 40; pfn < 45; pfn++)
		pmm_free_page(pfn * PAGE_SIZE);
	for (u64 pfn = 100; pfn < 170; pfn++)
		pmm_free_page(pfn * PAGE_SIZE);
	CHECK_EQ_INT(pmm_free_pages(), 85);

	CHECK_EQ_INT(pmm_alloc_contig(6), 20 * PAGE_SIZE);   /* lowest fit */
	CHECK_EQ_INT(pmm_alloc_contig(5), 40 * PAGE_SIZE);   /* 26..29 too short */
	CHECK_EQ_INT(pmm_alloc_contig(71), 0);               /* no such run */
	CHECK_EQ_INT(pmm_alloc_contig(70), 100 * PAGE_SIZE);
	CHECK_EQ_INT(pmm_free_pages(), 4);
	CHECK_EQ_INT(pmm_alloc_contig(5), 0);
	CHECK_EQ_INT(pmm_alloc_contig(4), 26 * PAGE_SIZE);
	CHECK_EQ_INT(pmm_free_pages(), 0);
	pmm_free_contig(100 * PAGE_SIZE, 70);
	CHECK_EQ_INT(pmm_free_pages(), 70);
	for (u64 pfn = 100; pfn < 170; pfn++)
		CHECK(frame_free(pfn));
	CHECK_EQ_INT(count_free_bits(), 70);
}

static void test_alloc_contig_large_run(void)
{
	fresh();
	pmm_add_range(0, NFRAMES * PAGE_SIZE);
	pmm_reserve_range(500 * PAGE_SIZE, 501 * PAGE_SIZE);
	/* The hole at 500 splits memory into 1..499 and 501..999. */
	CHECK_EQ_INT(pmm_alloc_contig(500), 0);
	CHECK_EQ_INT(pmm_alloc_contig(499), PAGE_SIZE);
	CHECK_EQ_INT(pmm_alloc_contig(499), 501 * PAGE_SIZE);
	CHECK_EQ_INT(pmm_free_pages(), 0);
	pmm_free_contig(PAGE_SIZE, 499);
	pmm_free_contig(501 * PAGE_SIZE, 499);
	CHECK_EQ_INT(pmm_free_pages(), NFRAMES - 2);
	CHECK_EQ_INT(pmm_total_pages(), NFRAMES - 2);
}

static void test_bad_frees_panic(void)
{
	char want[80];
	u64 pa;

	fresh();
	pmm_add_range(0, NFRAMES * PAGE_SIZE);
	pa = pmm_alloc_page();
	CHECK(pa != 0);

	EXPECT_PANIC(pmm_free_page(pa + 8), "pmm_free_page: misaligned");
	EXPECT_PANIC(pmm_free_page(NFRAMES * PAGE_SIZE), "beyond memory");
	EXPECT_PANIC(pmm_free_page(UINT64_MAX & ~(PAGE_SIZE - 1)),
		     "beyond memory");
	EXPECT_PANIC(pmm_free_page(0), "page 0");
	CHECK_EQ_INT(pmm_free_pages(), NFRAMES - 2);

	pmm_free_page(pa);
	snprintf(want, sizeof(want), "pmm_free_page: double free of page 0x%llx",
		 (unsigned long long)pa);
	EXPECT_PANIC(pmm_free_page(pa), want);
	CHECK_EQ_INT(pmm_free_pages(), NFRAMES - 1);

	/* A reserved page was never handed out: freeing it is caught too,
	 * as is a free page that was never allocated. */
	pmm_reserve_range(0x5000, 0x6000);
	CHECK_EQ_INT(pmm_free_pages(), NFRAMES - 2);
	EXPECT_PANIC(pmm_free_page(0x7000), "double free of page 0x7000");

	pa = pmm_alloc_contig(3);
	pmm_free_page(pa + PAGE_SIZE);
	EXPECT_PANIC(pmm_free_contig(pa, 3), "pmm_free_contig: double free");
	EXPECT_PANIC(pmm_free_contig(pa + 1, 1), "pmm_free_contig: misaligned");
	EXPECT_PANIC(pmm_free_contig((NFRAMES - 1) * PAGE_SIZE, 2),
		     "pmm_free_contig: 0x3e7000 + 2 pages is beyond memory");
	EXPECT_PANIC(pmm_free_contig(PAGE_SIZE, SIZE_MAX), "beyond memory");
}

UNIT_TESTS(TEST_ENTRY(test_bitmap_bytes),
	   TEST_ENTRY(test_init_marks_everything_used),
	   TEST_ENTRY(test_add_range_rounds_inward),
	   TEST_ENTRY(test_frame0_never_free),
	   TEST_ENTRY(test_add_range_clamps_to_max_pfn),
	   TEST_ENTRY(test_reserve_rounds_outward),
	   TEST_ENTRY(test_alloc_skips_reserved),
	   TEST_ENTRY(test_alloc_until_exhausted_then_free_all),
	   TEST_ENTRY(test_next_fit_moves_on_and_wraps),
	   TEST_ENTRY(test_alloc_contig),
	   TEST_ENTRY(test_alloc_contig_large_run),
	   TEST_ENTRY(test_bad_frees_panic))
