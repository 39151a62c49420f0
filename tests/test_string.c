/*
 * test_string.c - host tests for kernel/lib/string.c. host.h renames
 * memcpy & co. to minos_*, so every call below runs MinOS's code, not glibc's.
 * Buffers are filled with a position-dependent pattern so that a byte copied
 * from the wrong place, or written out of range, shows up.
 */
#include "unit.h"

#include "errno.h"
#include "lib/string.h"

static void fill_pattern(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + seed);
}

static void test_memcpy(void)
{
	unsigned char src[100], dst[100];

	/* Every alignment and length near the word size, plus guard bytes. */
	for (size_t so = 0; so < 9; so++) {
		for (size_t doff = 0; doff < 9; doff++) {
			for (size_t n = 0; n < 40; n++) {
				fill_pattern(src, sizeof(src), 1);
				for (size_t i = 0; i < sizeof(dst); i++)
					dst[i] = 0xee;
				void *r = memcpy(dst + doff, src + so, n);
				CHECK(r == dst + doff);
				bool ok = true;
				for (size_t i = 0; i < sizeof(dst); i++) {
					unsigned char want = i >= doff && i < doff + n
						? src[so + i - doff] : 0xee;
					if (dst[i] != want)
						ok = false;
				}
				CHECK(ok);
			}
		}
	}

	char one = 'a';
	CHECK(memcpy(&one, "z", 0) == &one);
	CHECK_EQ_INT(one, 'a');
}

/* Reference for memmove: copy through a temporary, which is overlap-proof. */
static void check_memmove(size_t doff, size_t soff, size_t n)
{
	unsigned char buf[80], want[80], tmp[80];

	fill_pattern(buf, sizeof(buf), 3);
	for (size_t i = 0; i < sizeof(buf); i++)
		want[i] = buf[i];
	for (size_t i = 0; i < n; i++)
		tmp[i] = want[soff + i];
	for (size_t i = 0; i < n; i++)
		want[doff + i] = tmp[i];

	CHECK(memmove(buf + doff, buf + soff, n) == buf + doff);
	bool ok = true;
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != want[i])
			ok = false;
	if (!ok)
		fprintf(stderr, "memmove(buf+%zu, buf+%zu, %zu) wrong\n", doff,
			soff, n);
	CHECK(ok);
}

static void test_memmove(void)
{
	/* dst below src, dst above src, equal, disjoint; all small shifts. */
	for (size_t doff = 0; doff < 20; doff++)
		for (size_t soff = 0; soff < 20; soff++)
			for (size_t n = 0; n <= 40; n++)
				check_memmove(doff, soff, n);

	char s[] = "abcdef";
	memmove(s + 1, s, 5); /* forward overlap: must copy from the end */
	CHECK_EQ_STR(s, "aabcde");
	char t[] = "abcdef";
	memmove(t, t + 1, 5); /* backward overlap */
	CHECK_EQ_STR(t, "bcdeff");
	char u[] = "abc";
	memmove(u, u, 3);
	CHECK_EQ_STR(u, "abc");
	memmove(u + 1, u, 0);
	CHECK_EQ_STR(u, "abc");
}

static void test_memset(void)
{
	unsigned char buf[64];

	for (size_t off = 0; off < 9; off++) {
		for (size_t n = 0; n < 40; n++) {
			for (size_t i = 0; i < sizeof(buf); i++)
				buf[i] = 0x11;
			CHECK(memset(buf + off, 0xab, n) == buf + off);
			bool ok = true;
			for (size_t i = 0; i < sizeof(buf); i++) {
				unsigned char want =
					i >= off && i < off + n ? 0xab : 0x11;
				if (buf[i] != want)
					ok = false;
			}
			CHECK(ok);
		}
	}

	/* Only the low byte of c counts. */
	memset(buf, 0x1234, 3);
	CHECK_EQ_INT(buf[0], 0x34);
	CHECK_EQ_INT(buf[2], 0x34);
	memset(buf, -1, 2);
	CHECK_EQ_INT(buf[1], 0xff);
}

static void test_memcmp(void)
{
	CHECK_EQ_INT(memcmp("abc", "abc", 3), 0);
	CHECK(memcmp("abc", "abd", 3) < 0);
	CHECK(memcmp("abd", "abc", 3) > 0);
	CHECK_EQ_INT(memcmp("abc", "abd", 2), 0);
	CHECK_EQ_INT(memcmp("a", "b", 0), 0);
	/* Bytes compare as unsigned: 0x80 is greater than 0x7f. */
	CHECK(memcmp("\x80", "\x7f", 1) > 0);
	CHECK(memcmp("\x7f", "\x80", 1) < 0);
	/* Embedded NULs are data, not terminators. */
	CHECK(memcmp("a\0b", "a\0c", 3) < 0);
}

static void test_strlen(void)
{
	CHECK_EQ_INT(strlen(""), 0);
	CHECK_EQ_INT(strlen("a"), 1);
	CHECK_EQ_INT(strlen("hello, world"), 12);
	CHECK_EQ_INT(strlen("ab\0cd"), 2);
}

static void test_strnlen(void)
{
	CHECK_EQ_INT(strnlen("hello", 10), 5);
	CHECK_EQ_INT(strnlen("hello", 5), 5);
	CHECK_EQ_INT(strnlen("hello", 3), 3);
	CHECK_EQ_INT(strnlen("hello", 0), 0);
	CHECK_EQ_INT(strnlen("", 4), 0);

	/* Unterminated: ASan fails the test if strnlen reads past maxlen. */
	char *raw = malloc(3);
	raw[0] = 'x';
	raw[1] = 'y';
	raw[2] = 'z';
	CHECK_EQ_INT(strnlen(raw, 3), 3);
	free(raw);
}

static void test_strcmp(void)
{
	CHECK_EQ_INT(strcmp("", ""), 0);
	CHECK_EQ_INT(strcmp("abc", "abc"), 0);
	CHECK(strcmp("abc", "abd") < 0);
	CHECK(strcmp("abd", "abc") > 0);
	CHECK(strcmp("ab", "abc") < 0);
	CHECK(strcmp("abc", "ab") > 0);
	CHECK(strcmp("", "a") < 0);
	CHECK(strcmp("\xff", "a") > 0);
}

static void test_strncmp(void)
{
	CHECK_EQ_INT(strncmp("abc", "abd", 2), 0);
	CHECK(strncmp("abc", "abd", 3) < 0);
	CHECK_EQ_INT(strncmp("abc", "xyz", 0), 0);
	CHECK(strncmp("ab", "abc", 3) < 0);
	CHECK(strncmp("abc", "ab", 5) > 0);
	CHECK_EQ_INT(strncmp("abc", "abc", 100), 0);
	/* Stops at the terminator even when n is larger. */
	CHECK_EQ_INT(strncmp("ab\0x", "ab\0y", 4), 0);
	CHECK(strncmp("\x80", "\x01", 1) > 0);
}

static void test_strchr(void)
{
	const char *s = "hello";

	CHECK(strchr(s, 'h') == s);
	CHECK(strchr(s, 'l') == s + 2);
	CHECK(strchr(s, 'o') == s + 4);
	CHECK(strchr(s, 'z') == NULL);
	CHECK(strchr(s, '\0') == s + 5);
	CHECK(strchr("", 'a') == NULL);
	/* c is converted to char: 'l' + 256 still finds 'l'. */
	CHECK(strchr(s, 'l' + 256) == s + 2);
	const char *hi = "a\xe9";
	CHECK(strchr(hi, 0xe9) == hi + 1);
}

static void test_strrchr(void)
{
	const char *s = "hello";

	CHECK(strrchr(s, 'l') == s + 3);
	CHECK(strrchr(s, 'h') == s);
	CHECK(strrchr(s, 'z') == NULL);
	CHECK(strrchr(s, '\0') == s + 5);
	CHECK(strrchr("", 'a') == NULL);
	const char *e = "";
	CHECK(strrchr(e, '\0') == e);
}

static void test_strlcpy(void)
{
	char buf[8];

	memset(buf, 'X', sizeof(buf));
	CHECK_EQ_INT(strlcpy(buf, "abc", sizeof(buf)), 3);
	CHECK_EQ_STR(buf, "abc");
	CHECK_EQ_INT(buf[4], 'X'); /* nothing written past the NUL */

	/* Truncation: return is strlen(src), dst holds size - 1 bytes. */
	CHECK_EQ_INT(strlcpy(buf, "abcdefghijk", sizeof(buf)), 11);
	CHECK_EQ_STR(buf, "abcdefg");

	/* Exactly fits / one too many. */
	CHECK_EQ_INT(strlcpy(buf, "1234567", sizeof(buf)), 7);
	CHECK_EQ_STR(buf, "1234567");
	CHECK_EQ_INT(strlcpy(buf, "12345678", sizeof(buf)), 8);
	CHECK_EQ_STR(buf, "1234567");

	/* size 1: only the NUL. size 0: dst untouched. */
	memset(buf, 'X', sizeof(buf));
	CHECK_EQ_INT(strlcpy(buf, "abc", 1), 3);
	CHECK_EQ_INT(buf[0], '\0');
	CHECK_EQ_INT(buf[1], 'X');
	memset(buf, 'X', sizeof(buf));
	CHECK_EQ_INT(strlcpy(buf, "abc", 0), 3);
	CHECK_EQ_INT(buf[0], 'X');

	CHECK_EQ_INT(strlcpy(buf, "", sizeof(buf)), 0);
	CHECK_EQ_STR(buf, "");

	/* Exact-size heap buffer: ASan catches any write past size. */
	char *h = malloc(4);
	CHECK_EQ_INT(strlcpy(h, "overflow", 4), 8);
	CHECK_EQ_STR(h, "ove");
	free(h);
}

/* parse_u64 on a C string; *out is preset to a marker to see it untouched. */
static int parse(const char *s, int base, u64 *out)
{
	*out = 0xdeadbeef;
	return parse_u64(s, strlen(s), base, out);
}

static void test_parse_u64(void)
{
	u64 v;

	/* base 10 */
	CHECK_EQ_INT(parse("0", 10, &v), 0);
	CHECK(v == 0);
	CHECK_EQ_INT(parse("12345", 10, &v), 0);
	CHECK(v == 12345);
	CHECK_EQ_INT(parse("007", 10, &v), 0);
	CHECK(v == 7);
	CHECK_EQ_INT(parse("18446744073709551615", 10, &v), 0);
	CHECK(v == UINT64_MAX);
	CHECK_EQ_INT(parse("18446744073709551616", 10, &v), -ERANGE);
	CHECK(v == 0xdeadbeef);
	CHECK_EQ_INT(parse("99999999999999999999999", 10, &v), -ERANGE);
	CHECK_EQ_INT(parse("0x10", 10, &v), -EINVAL);
	CHECK_EQ_INT(parse("12a", 10, &v), -EINVAL);
	CHECK(v == 0xdeadbeef);

	/* base 16, with and without the prefix, either case */
	CHECK_EQ_INT(parse("ff", 16, &v), 0);
	CHECK(v == 255);
	CHECK_EQ_INT(parse("0xFF", 16, &v), 0);
	CHECK(v == 255);
	CHECK_EQ_INT(parse("0XdeadBEEF", 16, &v), 0);
	CHECK(v == 0xdeadbeefULL);
	CHECK_EQ_INT(parse("ffffffffffffffff", 16, &v), 0);
	CHECK(v == UINT64_MAX);
	CHECK_EQ_INT(parse("10000000000000000", 16, &v), -ERANGE);
	CHECK_EQ_INT(parse("0x", 16, &v), -EINVAL);
	CHECK_EQ_INT(parse("fg", 16, &v), -EINVAL);

	/* base 0: prefix picks the base */
	CHECK_EQ_INT(parse("42", 0, &v), 0);
	CHECK(v == 42);
	CHECK_EQ_INT(parse("0x2a", 0, &v), 0);
	CHECK(v == 42);
	CHECK_EQ_INT(parse("052", 0, &v), 0);
	CHECK(v == 42);
	CHECK_EQ_INT(parse("0", 0, &v), 0);
	CHECK(v == 0);
	CHECK_EQ_INT(parse("08", 0, &v), -EINVAL); /* octal has no 8 */
	CHECK_EQ_INT(parse("0x", 0, &v), -EINVAL);
	CHECK_EQ_INT(parse("0xffffffffffffffff", 0, &v), 0);
	CHECK(v == UINT64_MAX);
	CHECK_EQ_INT(parse("01777777777777777777777", 0, &v), 0);
	CHECK(v == UINT64_MAX);
	CHECK_EQ_INT(parse("02000000000000000000000", 0, &v), -ERANGE);

	/* other bases */
	CHECK_EQ_INT(parse("101", 2, &v), 0);
	CHECK(v == 5);
	CHECK_EQ_INT(parse("102", 2, &v), -EINVAL);
	CHECK_EQ_INT(parse("zz", 36, &v), 0);
	CHECK(v == 35 * 36 + 35);

	/* invalid input */
	CHECK_EQ_INT(parse("", 10, &v), -EINVAL);
	CHECK_EQ_INT(parse("", 0, &v), -EINVAL);
	CHECK_EQ_INT(parse("-1", 10, &v), -EINVAL);
	CHECK_EQ_INT(parse("+1", 10, &v), -EINVAL);
	CHECK_EQ_INT(parse(" 1", 10, &v), -EINVAL);
	CHECK_EQ_INT(parse("1 ", 10, &v), -EINVAL);
	CHECK_EQ_INT(parse("1", 1, &v), -EINVAL);
	CHECK_EQ_INT(parse("1", 37, &v), -EINVAL);
	CHECK_EQ_INT(parse("1", -16, &v), -EINVAL);
	/* overflow followed by junk is still invalid input */
	CHECK_EQ_INT(parse("99999999999999999999999x", 10, &v), -EINVAL);
	CHECK(v == 0xdeadbeef);

	/* len bounds the scan: the rest of the buffer is not looked at */
	CHECK_EQ_INT(parse_u64("123junk", 3, 10, &v), 0);
	CHECK(v == 123);
	CHECK_EQ_INT(parse_u64("0x1f=", 4, 0, &v), 0);
	CHECK(v == 31);
	CHECK_EQ_INT(parse_u64("5", 0, 10, &v), -EINVAL);
	char *raw = malloc(2); /* unterminated: ASan catches a read past len */
	raw[0] = '4';
	raw[1] = '2';
	CHECK_EQ_INT(parse_u64(raw, 2, 0, &v), 0);
	CHECK(v == 42);
	free(raw);
}

static void test_str_starts_with(void)
{
	CHECK(str_starts_with("console=ttyS0", "console="));
	CHECK(str_starts_with("abc", "abc"));
	CHECK(str_starts_with("abc", ""));
	CHECK(str_starts_with("", ""));
	CHECK(!str_starts_with("ab", "abc"));
	CHECK(!str_starts_with("", "a"));
	CHECK(!str_starts_with("abc", "abd"));
}

UNIT_TESTS(TEST_ENTRY(test_memcpy), TEST_ENTRY(test_memmove),
	   TEST_ENTRY(test_memset), TEST_ENTRY(test_memcmp),
	   TEST_ENTRY(test_strlen), TEST_ENTRY(test_strnlen),
	   TEST_ENTRY(test_strcmp), TEST_ENTRY(test_strncmp),
	   TEST_ENTRY(test_strchr), TEST_ENTRY(test_strrchr),
	   TEST_ENTRY(test_strlcpy), TEST_ENTRY(test_parse_u64),
	   TEST_ENTRY(test_str_starts_with))
