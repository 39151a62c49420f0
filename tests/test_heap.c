/*
 * test_heap.c - host tests for the kernel heap (kernel/mm/heap.c). The
 * heap grows into a static 1 MiB arena through this file's arena_morecore(),
 * whose limit a test lowers to simulate exhaustion. panic() longjmps back
 * into the test and klog() records the last message, so misuse checks and
 * warnings can be asserted.
 */
#include <setjmp.h>
#include <stdint.h>

#include "unit.h"
#include "panic_catch.h"
#include "lib/format.h"
#include "log.h"
#include "mm/heap.h"

#define ARENA_SIZE (1024 * 1024)

/* ---- the environment: panic, klog, morecore ---- */

static int klog_count;
static int klog_last_level;
static char klog_last[256];

void klog(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(klog_last, sizeof(klog_last), fmt, ap);
	va_end(ap);
	klog_last_level = level;
	klog_count++;
}

static unsigned char arena[ARENA_SIZE] __attribute__((aligned(4096)));
static size_t arena_used;
static size_t arena_limit;
static int morecore_calls;

static void *arena_morecore(size_t bytes)
{
	void *p;

	morecore_calls++;
	CHECK(bytes > 0 && bytes % 4096 == 0);
	if (bytes > arena_limit - arena_used)
		return NULL;
	p = arena + arena_used;
	arena_used += bytes;
	return p;
}

/* A new, empty heap that may grow to `limit` bytes. */
static void fresh(size_t limit)
{
	/* Junk, so that nothing relies on morecore memory being zeroed. */
	memset(arena, 0xa5, sizeof(arena));
	arena_used = 0;
	arena_limit = limit;
	morecore_calls = 0;
	klog_count = 0;
	klog_last[0] = '\0';
	heap_init(arena_morecore);
}

static struct heap_stats stats(void)
{
	struct heap_stats st;

	heap_get_stats(&st);
	return st;
}

/* The counters agree with each other, with the environment and with a
 * full walk of the blocks (heap_check panics, and aborts us, if not). */
static void check_consistent(void)
{
	struct heap_stats st = stats();

	CHECK_EQ_INT(st.bytes_in_use + st.bytes_free, st.arena_bytes);
	CHECK_EQ_INT(st.arena_bytes, arena_used);
	heap_check();
}

/* After everything is freed: nothing in use, one free block covering the
 * whole arena, so an allocation of nearly the arena fits without growth. */
static void check_all_free_and_merged(void)
{
	struct heap_stats st = stats();
	int calls = morecore_calls;
	void *p;

	CHECK_EQ_INT(st.bytes_in_use, 0);
	CHECK_EQ_INT(st.blocks_in_use, 0);
	CHECK_EQ_INT(st.free_blocks, st.arena_bytes ? 1 : 0);
	CHECK_EQ_INT(st.bytes_free, st.arena_bytes);
	check_consistent();
	if (st.arena_bytes) {
		p = kmalloc(st.arena_bytes - 64);
		CHECK(p != NULL);
		CHECK_EQ_INT(morecore_calls, calls);
		kfree(p);
	}
}

/* xorshift64: a fixed seed makes every run do the same operations. */
static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* ---- tests ---- */

static void test_alignment_and_usable_size(void)
{
	static void *p[400];
	size_t n = 0;

	fresh(ARENA_SIZE);
	CHECK_EQ_INT(kmalloc_usable_size(NULL), 0);
	for (size_t size = 0; size < 300; size++) {
		p[n] = kmalloc(size);
		CHECK(p[n] != NULL);
		if (!p[n])
			return;
		CHECK((uintptr_t)p[n] % 16 == 0);
		CHECK_EQ_INT(kmalloc_usable_size(p[n]), size);
		memset(p[n], 0xcc, size);
		n++;
	}
	for (size_t size = 4000; size < 4200; size += 17) {
		p[n] = kmalloc(size);
		CHECK(p[n] != NULL && (uintptr_t)p[n] % 16 == 0);
		if (!p[n])
			return;
		memset(p[n], 0xcc, size);
		n++;
	}
	CHECK_EQ_INT(stats().blocks_in_use, n);
	check_consistent();
	for (size_t i = 0; i < n; i++)
		kfree(p[i]);
	check_all_free_and_merged();
}

static void test_kmalloc_zero_is_unique(void)
{
	void *a, *b;

	fresh(ARENA_SIZE);
	a = kmalloc(0);
	b = kmalloc(0);
	CHECK(a != NULL && b != NULL && a != b);
	CHECK_EQ_INT(kmalloc_usable_size(a), 0);
	CHECK_EQ_INT(stats().blocks_in_use, 2);
	kfree(a);
	kfree(b);
	EXPECT_PANIC(kfree(a), "kfree: double free");
	fresh(ARENA_SIZE);
	kfree(NULL);
	CHECK_EQ_INT(stats().blocks_in_use, 0);
	CHECK_EQ_INT(morecore_calls, 0);
}

#define NSLOTS 512
#define NOPS 40000

struct slot {
	unsigned char *p;
	size_t size;
	unsigned char fill;
};

static bool slot_intact(const struct slot *s)
{
	for (size_t i = 0; i < s->size; i++)
		if (s->p[i] != s->fill)
			return false;
	return true;
}

static void check_no_overlap(const struct slot *slots)
{
	for (int i = 0; i < NSLOTS; i++) {
		if (!slots[i].p)
			continue;
		for (int j = i + 1; j < NSLOTS; j++) {
			if (!slots[j].p)
				continue;
			CHECK(slots[i].p + slots[i].size <= slots[j].p ||
			      slots[j].p + slots[j].size <= slots[i].p);
		}
	}
}

static void test_random_ops_no_overlap(void)
{
	static struct slot slots[NSLOTS];
	size_t live = 0;
	int bad = 0;

	fresh(ARENA_SIZE);
	memset(slots, 0, sizeof(slots));
	rng_state = 0x2545f4914f6cdd1dULL;
	for (int op = 0; op < NOPS && bad < 10; op++) {
		struct slot *s = &slots[rng() % NSLOTS];

		if (s->p) {
			if (!slot_intact(s))
				bad++;
			kfree(s->p);
			s->p = NULL;
			live--;
		} else {
			/* Mostly small objects, one in eight up to 4 KiB. */
			s->size = rng() % 8 ? rng() % 257 : rng() % 4097;
			s->fill = (unsigned char)(rng() | 1);
			s->p = kmalloc(s->size);
			if (!s->p) {
				bad++;
				continue;
			}
			if ((uintptr_t)s->p % 16)
				bad++;
			memset(s->p, s->fill, s->size);
			live++;
		}
		if (op % 2000 == 0) {
			for (int i = 0; i < NSLOTS; i++)
				if (slots[i].p && !slot_intact(&slots[i]))
					bad++;
			check_no_overlap(slots);
			CHECK_EQ_INT(stats().blocks_in_use, live);
			check_consistent();
		}
	}
	CHECK_EQ_INT(bad, 0);
	CHECK(stats().arena_bytes > 16384); /* it had to grow */
	check_no_overlap(slots);
	for (int i = 0; i < NSLOTS; i++) {
		if (slots[i].p) {
			CHECK(slot_intact(&slots[i]));
			kfree(slots[i].p);
		}
	}
	check_all_free_and_merged();
}

static void test_growth_merges_with_free_tail(void)
{
	static void *p[200];
	unsigned char *a, *b;
	struct heap_stats st;

	fresh(ARENA_SIZE);
	st = stats();
	CHECK_EQ_INT(st.arena_bytes, 0);
	CHECK_EQ_INT(morecore_calls, 0);

	a = kmalloc(10000);
	CHECK(a != NULL);
	CHECK_EQ_INT(morecore_calls, 1);
	st = stats();
	CHECK(st.arena_bytes >= 10000 && st.arena_bytes % 4096 == 0);
	/* Does not fit the rest of the first grant: the heap grows, and the
	 * new memory merges with the free tail, so b follows a directly
	 * (a's block: 32-byte header + 10000 + 8-byte canary, rounded). */
	b = kmalloc(st.arena_bytes - 10000);
	CHECK(b != NULL);
	CHECK_EQ_INT(morecore_calls, 2);
	CHECK(b > a);
	CHECK_EQ_INT((size_t)(b - a), 10048);
	check_consistent();
	kfree(a);
	kfree(b);
	check_all_free_and_merged();

	/* Many medium blocks: several grants, all one contiguous arena. */
	for (int i = 0; i < 200; i++) {
		p[i] = kmalloc(3000);
		CHECK(p[i] != NULL);
		memset(p[i], i, 3000);
	}
	CHECK(morecore_calls > 4);
	CHECK_EQ_INT(stats().arena_bytes, arena_used);
	check_consistent();
	for (int i = 0; i < 200; i += 2)
		kfree(p[i]);
	CHECK_EQ_INT(stats().free_blocks, 101); /* 100 holes + the tail */
	for (int i = 1; i < 200; i += 2) {
		CHECK(((unsigned char *)p[i])[2999] == i);
		kfree(p[i]);
	}
	check_all_free_and_merged();
}

static void test_large_allocations(void)
{
	unsigned char *p, *q, *r;

	fresh(ARENA_SIZE);
	p = kmalloc(200 * 1024);
	q = kmalloc(300 * 1024);
	CHECK(p != NULL && q != NULL);
	memset(p, 0x11, 200 * 1024);
	memset(q, 0x22, 300 * 1024);
	CHECK(p[0] == 0x11 && p[200 * 1024 - 1] == 0x11);
	kfree(p);
	/* First fit: the hole p left is the first block big enough. */
	r = kmalloc(150 * 1024);
	CHECK(r == p);
	memset(r, 0x33, 150 * 1024);
	CHECK(q[0] == 0x22 && q[300 * 1024 - 1] == 0x22);
	CHECK_EQ_INT(kmalloc_usable_size(r), 150 * 1024);
	check_consistent();
	/* Bigger than the whole arena, even counting the header. */
	CHECK(kmalloc(ARENA_SIZE) == NULL);
	CHECK(kmalloc(ARENA_SIZE - 16) == NULL);
	kfree(q);
	kfree(r);
	check_all_free_and_merged();
	p = kmalloc(ARENA_SIZE - 4096);
	CHECK(p != NULL);
	kfree(p);
	check_all_free_and_merged();
}

static void test_exhaustion_returns_null_and_logs(void)
{
	static void *p[100];
	int n = 0, again = 0;

	fresh(64 * 1024);
	while (n < 100 && (p[n] = kmalloc(1000)) != NULL)
		n++;
	CHECK(n > 55 && n < 66);
	CHECK_EQ_INT(klog_count, 1);
	CHECK_EQ_INT(klog_last_level, LOG_WARNING);
	CHECK(strstr(klog_last,
		     "kmalloc: out of memory (1000 bytes requested)") != NULL);
	CHECK(kmalloc(1000) == NULL);
	CHECK_EQ_INT(klog_count, 2);
	CHECK(kzalloc(1000) == NULL);
	CHECK_EQ_INT(klog_count, 3);
	check_consistent();

	for (int i = 0; i < n; i++)
		kfree(p[i]);
	check_all_free_and_merged();
	while (again < 100 && (p[again] = kmalloc(1000)) != NULL)
		again++;
	CHECK_EQ_INT(again, n);
	for (int i = 0; i < again; i++)
		kfree(p[i]);

	/* A limit below the heap's preferred growth step: it falls back to
	 * asking for just the pages it needs. */
	fresh(8192);
	p[0] = kmalloc(100);
	CHECK(p[0] != NULL);
	CHECK_EQ_INT(stats().arena_bytes, 4096);
	p[1] = kmalloc(9000);
	CHECK(p[1] == NULL);
	CHECK_EQ_INT(klog_count, 1);
	/* Fits once the free tail is extended by one page. */
	p[1] = kmalloc(5000);
	CHECK(p[1] != NULL);
	CHECK_EQ_INT(stats().arena_bytes, 8192);
	kfree(p[0]);
	kfree(p[1]);
	check_all_free_and_merged();
}

static void test_absurd_sizes_return_null(void)
{
	fresh(ARENA_SIZE);
	CHECK(kmalloc(SIZE_MAX) == NULL);
	CHECK(kmalloc(SIZE_MAX - 31) == NULL);
	CHECK(kmalloc(SIZE_MAX - 4095) == NULL);
	CHECK(kmalloc(SIZE_MAX / 2 + 1) == NULL);
	CHECK(kmalloc(SIZE_MAX / 2) == NULL);
	CHECK(kzalloc(SIZE_MAX) == NULL);
	CHECK_EQ_INT(klog_count, 6);
	CHECK(strstr(klog_last, "out of memory") != NULL);
	CHECK_EQ_INT(stats().arena_bytes, 0);
	CHECK_EQ_INT(stats().blocks_in_use, 0);
	check_consistent();
}

static void test_double_free_panics(void)
{
	char want[80];
	void *p, *a, *b, *c;

	fresh(ARENA_SIZE);
	p = kmalloc(40);
	kfree(p);
	ksnprintf(want, sizeof(want), "kfree: double free of %p", p);
	EXPECT_PANIC(kfree(p), want);
	EXPECT_PANIC(kmalloc_usable_size(p), "use after free");

	/* Still caught after the freed block merged into its neighbour. */
	fresh(ARENA_SIZE);
	a = kmalloc(64);
	b = kmalloc(64);
	c = kmalloc(64);
	kfree(b);
	kfree(a);
	CHECK_EQ_INT(stats().free_blocks, 2);
	EXPECT_PANIC(kfree(b), "kfree: double free");
	EXPECT_PANIC(kfree(a), "kfree: double free");
	kfree(c);
	check_all_free_and_merged();
}

static void test_bad_pointer_panics(void)
{
	static char outside[64] __attribute__((aligned(16)));
	char want[80];
	char *p;
	int local;

	fresh(ARENA_SIZE);
	EXPECT_PANIC(kfree(&local), "is not a kmalloc pointer"); /* no arena */
	p = kmalloc(64);
	ksnprintf(want, sizeof(want), "kfree: %p is not a kmalloc pointer",
		  (void *)(p + 1));
	EXPECT_PANIC(kfree(p + 1), want);                 /* misaligned */
	EXPECT_PANIC(kfree(p + 16), "is not a kmalloc pointer"); /* interior */
	EXPECT_PANIC(kfree(&local), "is not a kmalloc pointer");
	EXPECT_PANIC(kfree(outside), "is not a kmalloc pointer");
	EXPECT_PANIC(kfree(arena + arena_used), "is not a kmalloc pointer");
	EXPECT_PANIC(kfree(arena), "is not a kmalloc pointer");
	EXPECT_PANIC(kmalloc_usable_size(p + 32),
		     "kmalloc_usable_size: ");
	/* None of that disturbed the heap. */
	check_consistent();
	kfree(p);
	check_all_free_and_merged();
}

static void test_overflow_is_caught(void)
{
	char want[80];
	char *p, *q, *a, *b;

	fresh(ARENA_SIZE);
	q = kmalloc(24);
	memset(q, 0x77, 24); /* exactly the size: fine */
	kfree(q);

	p = kmalloc(10);
	p[10] = 'x'; /* one past the end */
	EXPECT_PANIC(heap_check(), "heap overflow past the end");
	ksnprintf(want, sizeof(want), "kfree: heap overflow past the end of %p",
		  (void *)p);
	EXPECT_PANIC(kfree(p), want);

	/* A size smashed while the magic survived: refused, not trusted. */
	fresh(ARENA_SIZE);
	a = kmalloc(16);
	b = kmalloc(16);
	CHECK(b > a);
	((size_t *)b)[-3] = (size_t)1 << 40; /* the header's size field */
	EXPECT_PANIC(kfree(b), "header of");
	EXPECT_PANIC(heap_check(), "bad size");
	/* And a block whose whole header was overwritten is not ours. */
	memset(a, 0, (size_t)(b - a));
	EXPECT_PANIC(kfree(b), "is not a kmalloc pointer");
	/* The walk stops at the first damage: a's canary, gone too. */
	EXPECT_PANIC(heap_check(), "heap overflow past the end");

	/* A free block's header is checked as well. */
	fresh(ARENA_SIZE);
	a = kmalloc(16);
	b = kmalloc(16);
	kfree(b);
	((u32 *)b)[-8] = 0; /* the magic of the free tail block */
	EXPECT_PANIC(heap_check(), "bad magic");
}

static void test_kzalloc_zeroes(void)
{
	unsigned char *p, *z;
	bool zero = true;

	fresh(ARENA_SIZE);
	p = kmalloc(500);
	memset(p, 0xff, 500);
	kfree(p);
	z = kzalloc(500);
	CHECK(z == p); /* the same dirty memory, reused */
	for (int i = 0; i < 500; i++)
		zero = zero && z[i] == 0;
	CHECK(zero);
	kfree(z);
	z = kzalloc(0);
	CHECK(z != NULL);
	kfree(z);
	check_all_free_and_merged();
}

static void test_freed_memory_is_poisoned(void)
{
	unsigned char *p;
	bool poisoned = true;

	fresh(ARENA_SIZE);
	p = kmalloc(64);
	memset(p, 0, 64);
	kmalloc(8); /* keeps p from merging into the tail */
	kfree(p);
	for (int i = 0; i < 64; i++)
		poisoned = poisoned && p[i] == 0x6b;
	CHECK(poisoned);
}

UNIT_TESTS(TEST_ENTRY(test_alignment_and_usable_size),
	   TEST_ENTRY(test_kmalloc_zero_is_unique),
	   TEST_ENTRY(test_random_ops_no_overlap),
	   TEST_ENTRY(test_growth_merges_with_free_tail),
	   TEST_ENTRY(test_large_allocations),
	   TEST_ENTRY(test_exhaustion_returns_null_and_logs),
	   TEST_ENTRY(test_absurd_sizes_return_null),
	   TEST_ENTRY(test_double_free_panics),
	   TEST_ENTRY(test_bad_pointer_panics),
	   TEST_ENTRY(test_overflow_is_caught),
	   TEST_ENTRY(test_kzalloc_zeroes),
	   TEST_ENTRY(test_freed_memory_is_poisoned))
