/*
 * test_format.c - host tests for kernel/lib/format.c. The reference is the
 * host C library's snprintf (host.h renames only the string functions), so
 * no expected output here was produced by the code under test. Only formats
 * whose behaviour C99 defines, or glibc documents, are compared; where MinOS
 * deliberately differs (unknown conversions) the expected text is spelled out.
 */
#include "unit.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>

#include "lib/format.h"

#define BUF 512

static long comparisons;

/* Byte-wise, so output with embedded NULs (%c of 0) is compared in full. */
static bool same_bytes(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static void report(const char *file, int line, const char *what, int kr,
		   const char *kb, int hr, const char *hb)
{
	unit_checks_failed++;
	fprintf(stderr, "%s:%d: %s: %s\n  minos: %d \"%s\"\n  glibc: %d \"%s\"\n",
		file, line, unit_current, what, kr, kb ? kb : "(no buffer)", hr,
		hb ? hb : "(no buffer)");
}

/* Compares the results of one format done by both, into buffers of size. */
static void compare(const char *file, int line, const char *what, size_t size,
		    const char *kb, int kr, const char *hb, int hr)
{
	comparisons++;
	if (kr != hr) {
		report(file, line, what, kr, kb, hr, hb);
		return;
	}
	if (size == 0)
		return;
	size_t n = (size_t)hr < size - 1 ? (size_t)hr : size - 1;
	if (!same_bytes(kb, hb, n + 1)) /* + 1: both must be NUL-terminated */
		report(file, line, what, kr, kb, hr, hb);
}

/* SAME(fmt, args...): ksnprintf and glibc's snprintf must agree exactly. */
#define SAME(...)                                                          \
	do {                                                               \
		char kb_[BUF], hb_[BUF];                                   \
		int kr_ = ksnprintf(kb_, sizeof(kb_), __VA_ARGS__);        \
		int hr_ = snprintf(hb_, sizeof(hb_), __VA_ARGS__);         \
		compare(__FILE__, __LINE__, #__VA_ARGS__, sizeof(kb_), kb_, \
			kr_, hb_, hr_);                                    \
	} while (0)

/*
 * SAME_N(size, fmt, args...): the same into heap buffers of exactly size
 * bytes, so AddressSanitizer reports any write past the end; size 0 passes
 * NULL, which C99 allows.
 */
#define SAME_N(size, ...)                                                  \
	do {                                                               \
		size_t n_ = (size);                                        \
		char *kb_ = n_ ? malloc(n_) : NULL;                        \
		char *hb_ = n_ ? malloc(n_) : NULL;                        \
		int kr_ = ksnprintf(kb_, n_, __VA_ARGS__);                 \
		int hr_ = snprintf(hb_, n_, __VA_ARGS__);                  \
		compare(__FILE__, __LINE__, #__VA_ARGS__, n_, kb_, kr_,    \
			hb_, hr_);                                         \
		free(kb_);                                                 \
		free(hb_);                                                 \
	} while (0)

/* For MinOS-specific behaviour, where glibc is not the reference. */
#define EXPECT(want, ...)                                                  \
	do {                                                               \
		char kb_[BUF];                                             \
		int kr_ = ksnprintf(kb_, sizeof(kb_), __VA_ARGS__);        \
		CHECK_EQ_STR(kb_, want);                                   \
		CHECK_EQ_INT(kr_, (int)strlen(want));                      \
	} while (0)

static void test_plain(void)
{
	SAME("%s", "");
	SAME("hello, world");
	SAME("%s", "hello");
	SAME("a%%b");
	SAME("%%%d%%", 5);
	SAME("%d %s %c %x", 1, "two", '3', 4u);
	SAME("%s%s%s", "a", "", "c");
}

static void test_int_limits(void)
{
	SAME("%d", INT_MIN);
	SAME("%d", INT_MAX);
	SAME("%i", INT_MIN);
	SAME("%u", UINT_MAX);
	SAME("%x", UINT_MAX);
	SAME("%o", UINT_MAX);
	SAME("%ld", LONG_MIN);
	SAME("%lld", LLONG_MIN);
	SAME("%lld", LLONG_MAX);
	SAME("%llu", ULLONG_MAX);
	SAME("%llx", ULLONG_MAX);
	SAME("%llX", ULLONG_MAX);
	SAME("%llo", ULLONG_MAX);
	SAME("%#llo", ULLONG_MAX);
	SAME("%#llx", ULLONG_MAX);
	SAME("%+lld", LLONG_MIN);
	SAME("%030lld", LLONG_MIN);
	SAME("%-30lld|", LLONG_MIN);
	SAME("%.25lld", LLONG_MIN);
	SAME("%jd", INTMAX_MIN);
	SAME("%ju", UINTMAX_MAX);
	SAME("%zu", SIZE_MAX);
	SAME("%zx", SIZE_MAX);
	SAME("%td", PTRDIFF_MIN);
	SAME("%td", PTRDIFF_MAX);
	SAME("%hhd", SCHAR_MIN);
	SAME("%hhu", UCHAR_MAX);
	SAME("%hd", SHRT_MIN);
	SAME("%hu", USHRT_MAX);
	/* hh and h convert the promoted int back to the narrow type. */
	SAME("%hhd", 300);
	SAME("%hhu", 300);
	SAME("%hhx", -1);
	SAME("%hd", 70000);
	SAME("%hu", -1);
	SAME("%hx", 0x12345);
}

/*
 * Some formats below combine flags on purpose where C99 says one overrides
 * the other ('-' beats '0', '+' beats ' ', a precision turns '0' off);
 * -Wformat calls those probably unintended, which here they are not.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
static void test_flags(void)
{
	SAME("[%-5d]", 42);
	SAME("[%05d]", 42);
	SAME("[%05d]", -42);
	SAME("[%-05d]", 42); /* '-' overrides '0' */
	SAME("[%+d]", 42);
	SAME("[%+d]", -42);
	SAME("[%+d]", 0);
	SAME("[% d]", 42);
	SAME("[% d]", -42);
	SAME("[%+ d]", 42); /* '+' overrides ' ' */
	SAME("[% +d]", 42);
	SAME("[%+05d]", 42);
	SAME("[% 05d]", 42);
	SAME("[%#x]", 255u);
	SAME("[%#X]", 255u);
	SAME("[%#x]", 0u); /* no prefix for zero */
	SAME("[%#o]", 8u);
	SAME("[%#o]", 0u);
	SAME("[%#.0o]", 0u); /* '#' still forces the single 0 */
	SAME("[%#.0x]", 0u);
	SAME("[%#5.3o]", 8u);
	SAME("[%#08x]", 255u);
	SAME("[%#-8x]", 255u);
	SAME("[%#8X]", 255u);
	SAME("[%--5d]", 1); /* repeated flags */
	SAME("[%00005d]", 1);
	SAME("[%-+ #0x]", 1u);
}

static void test_width_precision(void)
{
	SAME("[%8d]", 123);
	SAME("[%1d]", 123);
	SAME("[%.5d]", 123);
	SAME("[%.5d]", -123);
	SAME("[%8.5d]", -123);
	SAME("[%-8.5d]", -123);
	SAME("[%08.5d]", -123); /* '0' ignored with a precision */
	SAME("[%.0d]", 0); /* no digits at all */
	SAME("[%5.0d]", 0);
	SAME("[%+.0d]", 0);
	SAME("[%.d]", 0); /* "." alone means 0 */
	SAME("[%.0u]", 0u);
	SAME("[%.0x]", 0u);
	SAME("[%.0d]", 7);
	SAME("[%.30llu]", ULLONG_MAX);
	SAME("[%40.30llx]", ULLONG_MAX);
	SAME("[%100d]", 1);

	/* '*': width and precision from int arguments */
	SAME("[%*d]", 6, 42);
	SAME("[%*d]", -6, 42); /* negative width is '-' */
	SAME("[%-*d]", -6, 42);
	SAME("[%0*d]", 6, -42);
	SAME("[%.*d]", 4, 42);
	SAME("[%.*d]", -4, 42); /* negative precision is none */
	SAME("[%0.*d]", -4, 42); /* ... so '0' applies again */
	SAME("[%*.*d]", 8, 4, -42);
	SAME("[%*.*d]", -8, 4, -42);
	SAME("[%*.*s]", 6, 2, "hello");
	SAME("[%*s]", 0, "x");
	SAME("[%.*s]", 0, "xyz");
	SAME("[%*c]", 3, 'q');
	SAME("[%-*c]", 3, 'q');
}

#pragma GCC diagnostic pop

static void test_char(void)
{
	SAME("[%c]", 'A');
	SAME("[%5c]", 'A');
	SAME("[%-5c]", 'A');
	SAME("[%c]", 256 + 'a'); /* converted to unsigned char */
	SAME("[%c]", 0xe9);
	SAME("[%c]", 0); /* a NUL in the middle of the output */
	SAME("%c%c%c", 'a', 'b', 'c');
}

static void test_string(void)
{
	SAME("[%s]", "abc");
	SAME("[%6s]", "abc");
	SAME("[%-6s]", "abc");
	SAME("[%2s]", "abcdef");
	SAME("[%.2s]", "abcdef");
	SAME("[%.0s]", "abcdef");
	SAME("[%.10s]", "abc");
	SAME("[%8.2s]", "abcdef");
	SAME("[%-8.2s]", "abcdef");
	SAME("[%s]", "");
	SAME("[%5s]", "");

	/* NULL: "(null)", or nothing when the precision would cut it. */
	const char *volatile null_str = NULL; /* volatile: hide it from -Wformat */
	SAME("[%s]", null_str);
	SAME("[%10s]", null_str);
	SAME("[%-10s]", null_str);
	SAME("[%.6s]", null_str);
	SAME("[%.3s]", null_str);
	SAME("[%.0s]", null_str);
	EXPECT("(null)", "%s", null_str);

	/*
	 * Precision bounds the read: an exact-size heap buffer with no NUL,
	 * so AddressSanitizer fails the test if one byte more is read.
	 */
	char *raw = malloc(3);
	raw[0] = 'x';
	raw[1] = 'y';
	raw[2] = 'z';
	EXPECT("xyz", "%.3s", raw);
	EXPECT("[  xy]", "[%4.2s]", raw);
	EXPECT("xyz", "%.*s", 3, raw);
	free(raw);
}

static void test_pointer(void)
{
	void *p = (void *)0x1234;
	void *big = (void *)(uintptr_t)0xffff800000001000ULL;
	void *volatile null_ptr = NULL;

	SAME("%p", p);
	SAME("%p", big);
	SAME("[%20p]", p);
	SAME("[%-20p]", p);
	SAME("%p", null_ptr);
	SAME("[%10p]", null_ptr);
	SAME("[%-10p]", null_ptr);
	SAME("%p %p", p, (void *)&comparisons);
	EXPECT("0x1234", "%p", p);
	EXPECT("(nil)", "%p", null_ptr);

	/* glibc treats %p as %#lx, and -Wformat objects; compare anyway. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
	SAME("[%020p]", p);
	SAME("[%+p]", p);
	SAME("[% p]", p);
	SAME("[%.8p]", p);
	SAME("[%010p]", null_ptr);
	SAME("[%.3p]", null_ptr);
#pragma GCC diagnostic pop
}

static void test_percent(void)
{
	SAME("%%");
	SAME("100%%");
	SAME("%%d");
	SAME("%%%%");
}

/*
 * MinOS prints an unknown conversion literally and consumes no argument;
 * glibc does not, so the expected text is written out. -Wformat rightly
 * objects to these formats; the point is to feed them in anyway.
 */
static void test_unknown(void)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
	EXPECT("%q", "%q");
	EXPECT("[%5q]", "[%5q]");
	EXPECT("[%-08.3q]", "[%-08.3q]");
	EXPECT("%lq", "%lq");
	EXPECT("%f 7", "%f %d", 7);
	EXPECT("%Lf", "%Lf");
	EXPECT("%e%g%a", "%e%g%a");
	EXPECT("%n", "%n"); /* never a write through an argument */
	EXPECT("%lc %ls", "%lc %ls");
	EXPECT("abc%", "abc%");
	EXPECT("abc%-5", "abc%-5");
	EXPECT("%ll", "%ll");
	EXPECT("%q 1 x", "%q %d %s", 1, "x");
#pragma GCC diagnostic pop
}

static void test_truncation(void)
{
	static const size_t sizes[] = { 0, 1, 2, 5, 6, 7, 64 };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t n = sizes[i];
		SAME_N(n, "hello");
		SAME_N(n, "hello, %s!", "world");
		SAME_N(n, "%d", INT_MIN);
		SAME_N(n, "%lld", LLONG_MIN);
		SAME_N(n, "%llu", ULLONG_MAX);
		SAME_N(n, "[%-10d]", 42);
		SAME_N(n, "%c%c", 'a', 'b');
		SAME_N(n, "%s", "");
		SAME_N(n, "%p", (void *)0xabcdef);
		SAME_N(n, "%%%%%%");
	}

	/* Size 0 with a real buffer: nothing may be written at all. */
	char guard = 'G';
	CHECK_EQ_INT(ksnprintf(&guard, 0, "%s", "abc"), 3);
	CHECK_EQ_INT(guard, 'G');
	CHECK_EQ_INT(ksnprintf(NULL, 0, "%d", INT_MIN), 11);

	/* The return is the untruncated length; the buffer holds size - 1. */
	char b5[5];
	CHECK_EQ_INT(ksnprintf(b5, sizeof(b5), "%s", "truncated"), 9);
	CHECK_EQ_STR(b5, "trun");
	char b1[1] = { 'X' };
	CHECK_EQ_INT(ksnprintf(b1, sizeof(b1), "%d", 12345), 5);
	CHECK_EQ_INT(b1[0], '\0');
}

/* Both sides through their va_list entry points. */
static void vboth(const char *file, int line, const char *fmt, ...)
{
	char kb[BUF], hb[BUF];
	va_list a, b;

	va_start(a, fmt);
	va_copy(b, a);
	int kr = kvsnprintf(kb, sizeof(kb), fmt, a);
	int hr = vsnprintf(hb, sizeof(hb), fmt, b);
	va_end(b);
	va_end(a);
	compare(file, line, fmt, sizeof(kb), kb, kr, hb, hr);
}

static void test_kvsnprintf(void)
{
	vboth(__FILE__, __LINE__, "%d|%s|%llx|%c|%*d", -1, "s", ULLONG_MAX,
	      'c', 4, 2);
	vboth(__FILE__, __LINE__, "plain");
}

struct sink {
	char buf[BUF];
	size_t n;
};

static void sink_emit(char c, void *ctx)
{
	struct sink *s = ctx;

	if (s->n < sizeof(s->buf))
		s->buf[s->n] = c;
	s->n++;
}

static int stream(struct sink *s, const char *fmt, ...)
{
	va_list ap;

	s->n = 0;
	va_start(ap, fmt);
	int r = kvformat(sink_emit, s, fmt, ap);
	va_end(ap);
	return r;
}

static void test_kvformat(void)
{
	struct sink s;
	char hb[BUF];

	/* kvformat emits no terminator; the count is what it emitted. */
	int r = stream(&s, "x=%d y=%s", -5, "why");
	int hr = snprintf(hb, sizeof(hb), "x=%d y=%s", -5, "why");
	CHECK_EQ_INT(r, hr);
	CHECK_EQ_INT(s.n, (size_t)hr);
	CHECK(same_bytes(s.buf, hb, (size_t)hr));

	/* A NUL from %c is emitted and counted like any character. */
	r = stream(&s, "a%cb", 0);
	CHECK_EQ_INT(r, 3);
	CHECK_EQ_INT(s.n, 3);
	CHECK(same_bytes(s.buf, "a\0b", 3));

	r = stream(&s, "");
	CHECK_EQ_INT(r, 0);
	CHECK_EQ_INT(s.n, 0);
}

/*
 * The combinatorial table: every integer conversion with every length
 * modifier, every flag set, and a spread of widths, precisions (digits and
 * '*') and values, each compared against glibc.
 */
enum { L_NONE, L_HH, L_H, L_L, L_LL, L_Z, L_J, L_T, L_COUNT };
static const char *const len_str[L_COUNT] = { "", "hh", "h", "l", "ll",
					      "z", "j", "t" };

static const long long values[] = {
	0, 1, -1, 7, 8, 9, 10, 15, 16, 42, -42, 100, 127, -128, 128, 255, 256,
	-129, 4095, 32767, -32768, 65535, 65536, 1000000, 2147483647,
	-2147483647 - 1, 4294967295LL, 4294967296LL, 0x123456789abLL,
	9223372036854775807LL, -9223372036854775807LL - 1,
};

/*
 * Passes v as the type the length modifier names (after promotion) so the
 * call is well-defined for both implementations. star_w / star_p say whether
 * fmt has '*' for the width / precision.
 */
#define CALL_AS(T)                                                         \
	do {                                                               \
		T x_ = (T)v;                                               \
		if (star_w && star_p) {                                    \
			kr = ksnprintf(kb, sizeof(kb), fmt, sw, sp, x_);   \
			hr = snprintf(hb, sizeof(hb), fmt, sw, sp, x_);    \
		} else if (star_w) {                                       \
			kr = ksnprintf(kb, sizeof(kb), fmt, sw, x_);       \
			hr = snprintf(hb, sizeof(hb), fmt, sw, x_);        \
		} else if (star_p) {                                       \
			kr = ksnprintf(kb, sizeof(kb), fmt, sp, x_);       \
			hr = snprintf(hb, sizeof(hb), fmt, sp, x_);        \
		} else {                                                   \
			kr = ksnprintf(kb, sizeof(kb), fmt, x_);           \
			hr = snprintf(hb, sizeof(hb), fmt, x_);            \
		}                                                          \
	} while (0)

/* -Wformat cannot see these runtime-built formats; they are correct. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void compare_int(const char *fmt, int len, bool is_signed, bool star_w,
			bool star_p, int sw, int sp, long long v)
{
	char kb[BUF], hb[BUF];
	int kr = 0, hr = 0;

	if (is_signed) {
		switch (len) {
		case L_HH: CALL_AS(int); break; /* promoted signed char */
		case L_H: CALL_AS(int); break;
		case L_L: CALL_AS(long); break;
		case L_LL: CALL_AS(long long); break;
		case L_Z: CALL_AS(ptrdiff_t); break; /* signed size_t */
		case L_J: CALL_AS(intmax_t); break;
		case L_T: CALL_AS(ptrdiff_t); break;
		default: CALL_AS(int); break;
		}
	} else {
		switch (len) {
		case L_HH: CALL_AS(unsigned); break;
		case L_H: CALL_AS(unsigned); break;
		case L_L: CALL_AS(unsigned long); break;
		case L_LL: CALL_AS(unsigned long long); break;
		case L_Z: CALL_AS(size_t); break;
		case L_J: CALL_AS(uintmax_t); break;
		case L_T: CALL_AS(size_t); break; /* unsigned ptrdiff_t */
		default: CALL_AS(unsigned); break;
		}
	}
	char what[128];
	snprintf(what, sizeof(what), "fmt \"%s\" w=%d p=%d v=%lld", fmt, sw,
		 sp, v);
	compare(__FILE__, __LINE__, what, sizeof(kb), kb, kr, hb, hr);
}
#pragma GCC diagnostic pop

static void test_int_table(void)
{
	static const char convs[] = "diuxXo";
	static const char *const widths[] = { "", "1", "6", "23", "*" };
	static const char *const precs[] = { "", ".", ".0", ".1", ".4",
					     ".21", ".*" };
	static const int star_vals[] = { 5, -5, 0 };
	static const char flag_chars[] = "-0+ #";
	long before = comparisons;

	for (const char *c = convs; *c; c++) {
		bool is_signed = *c == 'd' || *c == 'i';
		bool alt_ok = *c == 'x' || *c == 'X' || *c == 'o';
		for (unsigned fl = 0; fl < 32; fl++) {
			/* '#' with d, i, u is undefined in C99: not compared. */
			if ((fl & 16) && !alt_ok)
				continue;
			char flags[8];
			size_t nf = 0;
			for (int b = 0; b < 5; b++)
				if (fl & (1u << b))
					flags[nf++] = flag_chars[b];
			flags[nf] = '\0';
			for (size_t w = 0; w < ARRAY_SIZE(widths); w++) {
				for (size_t p = 0; p < ARRAY_SIZE(precs); p++) {
					for (int len = 0; len < L_COUNT; len++) {
						char fmt[32];
						snprintf(fmt, sizeof(fmt), "[%%%s%s%s%s%c]",
							 flags, widths[w], precs[p],
							 len_str[len], *c);
						bool sw = widths[w][0] == '*';
						bool spr = precs[p][0] && precs[p][1] == '*';
						for (size_t v = 0; v < ARRAY_SIZE(values); v++) {
							for (size_t s = 0; s < ARRAY_SIZE(star_vals); s++) {
								/* Without '*' one star value suffices. */
								if (s && !sw && !spr)
									break;
								compare_int(fmt, len, is_signed, sw, spr,
									    star_vals[s], star_vals[s],
									    values[v]);
							}
						}
					}
				}
			}
		}
	}
	/* Not a check: shows how much of the table ran. */
	printf("test_int_table: %ld formats compared with glibc\n",
	       comparisons - before);
}

/* Strings and chars against width, precision and '-' (the flags they take). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void test_str_table(void)
{
	static const char *const strs[] = { "", "a", "abc", "hello world",
					    "0123456789abcdefghij" };
	static const char *const widths[] = { "", "0", "1", "3", "12", "-", "-12" };
	static const char *const precs[] = { "", ".", ".0", ".2", ".5", ".30" };

	for (size_t w = 0; w < ARRAY_SIZE(widths); w++) {
		for (size_t p = 0; p < ARRAY_SIZE(precs); p++) {
			char fmt[32];
			char kb[BUF], hb[BUF];
			int kr, hr;

			snprintf(fmt, sizeof(fmt), "[%%%s%ss]", widths[w], precs[p]);
			for (size_t s = 0; s < ARRAY_SIZE(strs); s++) {
				kr = ksnprintf(kb, sizeof(kb), fmt, strs[s]);
				hr = snprintf(hb, sizeof(hb), fmt, strs[s]);
				compare(__FILE__, __LINE__, fmt, sizeof(kb), kb, kr,
					hb, hr);
			}
			/* %c takes no precision; width and '-' only. */
			if (p == 0) {
				snprintf(fmt, sizeof(fmt), "[%%%sc]", widths[w]);
				kr = ksnprintf(kb, sizeof(kb), fmt, 'z');
				hr = snprintf(hb, sizeof(hb), fmt, 'z');
				compare(__FILE__, __LINE__, fmt, sizeof(kb), kb, kr,
					hb, hr);
			}
		}
	}
}
#pragma GCC diagnostic pop

UNIT_TESTS(TEST_ENTRY(test_plain), TEST_ENTRY(test_int_limits),
	   TEST_ENTRY(test_flags), TEST_ENTRY(test_width_precision),
	   TEST_ENTRY(test_char), TEST_ENTRY(test_string),
	   TEST_ENTRY(test_pointer), TEST_ENTRY(test_percent),
	   TEST_ENTRY(test_unknown), TEST_ENTRY(test_truncation),
	   TEST_ENTRY(test_kvsnprintf), TEST_ENTRY(test_kvformat),
	   TEST_ENTRY(test_int_table), TEST_ENTRY(test_str_table))
