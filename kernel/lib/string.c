/*
 * string.c - memory and string routines for the kernel (see string.h).
 * Invariant: none of these may call the C library, and the compiler must not
 * turn their loops back into calls to memcpy/memset, which would recurse
 * forever; NO_LIBCALL below is what prevents that.
 */
#include "lib/string.h"

#include "errno.h"

/*
 * -ftree-loop-distribute-patterns (on at -O2) recognises "store c to every
 * byte" and "copy every byte" loops and replaces them with memset/memcpy
 * calls, even under -ffreestanding -fno-builtin.
 */
#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

/* A word type the compiler may assume aliases anything, like char does. */
typedef unsigned long __attribute__((may_alias)) word_t;
#define WORD sizeof(word_t)

static inline bool word_aligned(const void *p)
{
	return ((uintptr_t)p & (WORD - 1)) == 0;
}

/* Long runs go by the string instructions, as Linux's memcpy and
 * clear_page do: `rep movsq` and `rep stosq` move 8 bytes an iteration
 * (DF is clear: the ABI on every function entry, FMASK on every system
 * call). The host unit tests under AddressSanitizer keep the C loops,
 * whose accesses it checks. */
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define STRING_INSNS 1
#define STRING_INSNS_MIN 64
#endif

/* Also used by memmove: safe for overlap as long as dst is below src
 * (each word is read before it is written). A word at a time whatever the
 * alignment: x86-64 loads and stores unaligned words at full speed, and a
 * constant-size __builtin_memcpy is one move, never a call, and no
 * misaligned access in C's eyes. */
NO_LIBCALL static void copy_forward(unsigned char *d, const unsigned char *s,
				    size_t n)
{
#ifdef STRING_INSNS
	if (n >= STRING_INSNS_MIN) {
		size_t words = n / WORD;
		__asm__ volatile("rep movsq"
				 : "+D"(d), "+S"(s), "+c"(words)
				 :
				 : "memory");
		n %= WORD;
	}
#endif
	for (; n >= WORD; n -= WORD, d += WORD, s += WORD) {
		word_t w;
		__builtin_memcpy(&w, s, WORD);
		__builtin_memcpy(d, &w, WORD);
	}
	while (n--)
		*d++ = *s++;
}

/* Byte at a time from the end: safe for overlap with dst above src. */
NO_LIBCALL static void copy_backward(unsigned char *d, const unsigned char *s,
				     size_t n)
{
	while (n--)
		d[n] = s[n];
}

NO_LIBCALL void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

NO_LIBCALL void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/*
	 * Only dst inside (src, src + n) needs the backward copy. Done on
	 * integers: comparing pointers into unrelated objects is UB, and the
	 * unsigned difference is huge (so forward) whenever dst is below src.
	 */
	if ((uintptr_t)d - (uintptr_t)s >= n)
		copy_forward(d, s, n);
	else
		copy_backward(d, s, n);
	return dst;
}

NO_LIBCALL void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char b = (unsigned char)c;

	while (n && !word_aligned(d)) {
		*d++ = b;
		n--;
	}
	if (n >= WORD) {
		/* 0x0101...01 * b puts b in every byte of the word. */
		word_t w = ((word_t)-1 / 0xff) * b;
#ifdef STRING_INSNS
		if (n >= STRING_INSNS_MIN) {
			size_t words = n / WORD;
			__asm__ volatile("rep stosq"
					 : "+D"(d), "+c"(words)
					 : "a"(w)
					 : "memory");
			n %= WORD;
		}
#endif
		for (; n >= WORD; n -= WORD, d += WORD)
			*(word_t *)d = w;
	}
	while (n--)
		*d++ = b;
	return dst;
}

NO_LIBCALL int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	}
	return 0;
}

NO_LIBCALL size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Never reads s[maxlen] or beyond: callers rely on it for unterminated data. */
NO_LIBCALL size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

/* ISO C compares as unsigned char, so "\xff" sorts after "a". */
NO_LIBCALL int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return (*x > *y) - (*x < *y);
}

NO_LIBCALL int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
		if (!*x)
			break;
	}
	return 0;
}

/* The terminator counts as part of the string: strchr(s, 0) finds it. */
NO_LIBCALL char *strchr(const char *s, int c)
{
	char ch = (char)c;

	for (;; s++) {
		if (*s == ch)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

NO_LIBCALL char *strrchr(const char *s, int c)
{
	char ch = (char)c;
	const char *last = NULL;

	for (;; s++) {
		if (*s == ch)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

NO_LIBCALL size_t strlcpy(char *restrict dst, const char *restrict src,
			  size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* Value of an ASCII digit or letter in bases up to 36; 36 or more if none. */
static unsigned digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'z')
		return (unsigned)(c - 'a') + 10;
	if (c >= 'A' && c <= 'Z')
		return (unsigned)(c - 'A') + 10;
	return 36;
}

int parse_u64(const char *s, size_t len, int base, u64 *out)
{
	bool hex_prefix = len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	bool overflow = false;
	u64 v = 0;

	if (base == 0)
		base = hex_prefix ? 16 : (len >= 1 && s[0] == '0') ? 8 : 10;
	if (base < 2 || base > 36)
		return -EINVAL;
	if (base == 16 && hex_prefix) {
		s += 2;
		len -= 2;
	}
	if (len == 0)
		return -EINVAL;

	/* Keep scanning after an overflow so bad input is -EINVAL regardless. */
	for (size_t i = 0; i < len; i++) {
		unsigned d = digit_value(s[i]);
		if (d >= (unsigned)base)
			return -EINVAL;
		if (v > (UINT64_MAX - d) / (unsigned)base)
			overflow = true;
		v = v * (unsigned)base + d;
	}
	if (overflow)
		return -ERANGE;
	*out = v;
	return 0;
}

bool str_starts_with(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		if (*s != *prefix)
			return false;
	}
	return true;
}
