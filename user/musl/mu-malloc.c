/*
 * mu-malloc - musl's allocator (mallocng: brk for its bookkeeping, mmap
 * for the memory it hands out, munmap and possibly mremap to give it
 * back) under a deterministic mix of malloc, calloc, realloc and free of
 * sizes from 1 byte to 300 KiB. Every block is filled with a pattern of its
 * own and checked before it changes hands, so an allocator bug or a lost
 * page shows as a wrong checksum. Prints counts and checksums, never
 * addresses. Expected: the reference Linux's results.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 97
#define ROUNDS 20000

struct block {
	unsigned char *p;
	size_t size;
	unsigned char seed;
};

static struct block slots[SLOTS];
static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static long bad_blocks, misaligned;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Mostly small sizes, some medium, a few large enough for their own mmap. */
static size_t pick_size(void)
{
	uint64_t r = next() % 100;

	if (r < 70)
		return 1 + next() % 256;
	if (r < 95)
		return 257 + next() % 16000;
	return 100000 + next() % 200000;
}

static void fill(struct block *b, size_t from)
{
	for (size_t i = from; i < b->size; i++)
		b->p[i] = (unsigned char)(b->seed + i * 31 + (i >> 9));
}

/* The first n bytes still hold the pattern. */
static int intact(const struct block *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (b->p[i] != (unsigned char)(b->seed + i * 31 + (i >> 9)))
			return 0;
	}
	return 1;
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i])
			return 0;
	}
	return 1;
}

static void check_alignment(const void *p)
{
	if ((uintptr_t)p % 16)
		misaligned++;
}

int main(void)
{
	long mallocs = 0, callocs = 0, reallocs = 0, frees = 0, failed = 0;
	uint64_t sum = 0;

	for (int round = 0; round < ROUNDS; round++) {
		struct block *b = &slots[next() % SLOTS];
		uint64_t op = next() % 10;

		if (!b->p) {
			b->size = pick_size();
			b->seed = (unsigned char)next();
			if (op < 2) {
				b->p = calloc(1, b->size);
				callocs++;
				if (b->p && !all_zero(b->p, b->size))
					bad_blocks++;
			} else {
				b->p = malloc(b->size);
				mallocs++;
			}
			if (!b->p) {
				failed++;
				continue;
			}
			check_alignment(b->p);
			fill(b, 0);
		} else if (op < 4) {
			size_t old = b->size, size = pick_size();
			unsigned char *p = realloc(b->p, size);
			reallocs++;
			if (!p) {
				failed++;
				continue;
			}
			b->p = p;
			b->size = size;
			check_alignment(p);
			if (!intact(b, old < size ? old : size))
				bad_blocks++;
			fill(b, old < size ? old : size);
		} else {
			if (!intact(b, b->size))
				bad_blocks++;
			for (size_t i = 0; i < b->size; i += 97)
				sum = sum * 1000003 + b->p[i];
			free(b->p);
			b->p = NULL;
			frees++;
		}
	}
	for (int i = 0; i < SLOTS; i++) {
		if (slots[i].p) {
			if (!intact(&slots[i], slots[i].size))
				bad_blocks++;
			free(slots[i].p);
			frees++;
		}
	}
	printf("malloc %ld, calloc %ld, realloc %ld, free %ld, failed %ld\n", mallocs, callocs,
	       reallocs, frees, failed);
	printf("checksum of freed contents: %016llx\n", (unsigned long long)sum);
	printf("blocks with wrong contents: %ld\n", bad_blocks);
	printf("blocks not 16-byte aligned: %ld\n", misaligned);
	printf("free(NULL) and realloc(NULL, 10): ");
	free(NULL);
	char *p = realloc(NULL, 10);
	printf("%s\n", p ? "ok" : "FAIL");
	free(p);
	return bad_blocks || misaligned || failed || !p ? 1 : 0;
}
