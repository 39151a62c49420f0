/*
 * mem.c - the shell's memory: a power-of-two allocator on sbrk with one
 * free list per size class, growing strings (sbuf) and string vectors
 * (strv). Blocks are reused after mem_free, never given back to the
 * kernel; an sbuf or strv is NUL- or NULL-terminated whenever allocated.
 */
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

/*
 * libminc's xalloc never frees, which suits a program that ends soon; the
 * shell runs for ever and frees every command's tree and words after it
 * ran, so it keeps this allocator (named mem_*, apart from libminc's x*).
 * Running out of memory is "sh: out of memory" and status 2.
 */
#define MEM_MIN_SHIFT 5
#define MEM_CLASSES 48
#define MEM_CHUNK (64 * 1024)
#define MEM_ALIGN 16

struct mem_hdr {
	size_t shift;
	size_t unused; /* keeps the payload 16-byte aligned */
};

static void *mem_free_list[MEM_CLASSES];
static char *mem_cur, *mem_end;

static __attribute__((noreturn)) void sh_oom(void)
{
	static const char msg[] = "sh: out of memory\n";

	write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(STATUS_SYNTAX);
}

void *mem_alloc(size_t n)
{
	size_t shift = MEM_MIN_SHIFT, size;
	struct mem_hdr *h;

	while (((size_t)1 << shift) < n + sizeof(*h)) {
		if (++shift >= MEM_CLASSES)
			sh_oom();
	}
	size = (size_t)1 << shift;
	if (mem_free_list[shift]) {
		h = mem_free_list[shift];
		mem_free_list[shift] = *(void **)(h + 1);
	} else {
		if ((size_t)(mem_end - mem_cur) < size) {
			size_t grow = size > MEM_CHUNK ? size : MEM_CHUNK;
			char *p = sbrk((long)(grow + MEM_ALIGN));
			if (p == (void *)-1)
				sh_oom();
			if (p != mem_end) /* not contiguous: start afresh */
				mem_cur = (char *)(((uintptr_t)p + MEM_ALIGN - 1) &
						   ~(uintptr_t)(MEM_ALIGN - 1));
			mem_end = p + grow + MEM_ALIGN;
		}
		h = (struct mem_hdr *)mem_cur;
		mem_cur += size;
	}
	h->shift = shift;
	return h + 1;
}

void mem_free(void *p)
{
	struct mem_hdr *h;

	if (!p)
		return;
	h = (struct mem_hdr *)p - 1;
	*(void **)p = mem_free_list[h->shift];
	mem_free_list[h->shift] = h;
}

void *mem_realloc(void *p, size_t n)
{
	struct mem_hdr *h;
	size_t room;
	void *q;

	if (!p)
		return mem_alloc(n);
	h = (struct mem_hdr *)p - 1;
	room = ((size_t)1 << h->shift) - sizeof(*h);
	if (n <= room)
		return p;
	q = mem_alloc(n);
	memcpy(q, p, room);
	mem_free(p);
	return q;
}

char *mem_strndup(const char *s, size_t n)
{
	char *d = mem_alloc(n + 1);

	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

char *mem_strdup(const char *s)
{
	return mem_strndup(s, strlen(s));
}

/* --- growing strings --------------------------------------------------- */

static void sb_need(struct sbuf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		while (cap < b->len + extra + 1)
			cap *= 2;
		b->s = mem_realloc(b->s, cap);
		b->cap = cap;
	}
}

void sb_addn(struct sbuf *b, const char *s, size_t n)
{
	sb_need(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void sb_addc(struct sbuf *b, int c)
{
	char ch = (char)c;

	sb_addn(b, &ch, 1);
}

void sb_adds(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

void sb_trunc(struct sbuf *b, size_t len)
{
	b->len = len;
	if (b->s)
		b->s[len] = 0;
}

/* The string, now the caller's; b is empty again. */
char *sb_take(struct sbuf *b)
{
	char *s = b->s ? b->s : mem_strdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void sb_free(struct sbuf *b)
{
	mem_free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* --- string vectors ---------------------------------------------------- */

void sv_push(struct strv *a, char *s)
{
	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		a->v = mem_realloc(a->v, (size_t)a->cap * sizeof(char *));
	}
	a->v[a->n++] = s;
	a->v[a->n] = NULL;
}

void sv_free(struct strv *a)
{
	for (int i = 0; i < a->n; i++)
		mem_free(a->v[i]);
	mem_free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

/*
 * Sorts n strings by strcmp, by insertion. Not libminc's sort_ptrs: its
 * scratch comes from xalloc, whose mark and release assume xalloc alone
 * moves the break (this allocator moves it too), and a mark taken before
 * xalloc's first block releases to NULL, so the next xalloc returns NULL.
 */
void sort_strings(char **v, int n)
{
	for (int i = 1; i < n; i++) {
		char *x = v[i];
		int j = i;
		while (j > 0 && strcmp(v[j - 1], x) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}
