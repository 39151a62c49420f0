/*
 * stdlib.c - number parsing (atoi, strtol, strtoul) and abs. Invariant:
 * ISO C semantics, including *end pointing at the first unparsed byte (at
 * s itself when no digits were found) and ERANGE with a clamped value.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/*
 * The common part: parses the magnitude into *mag (saturating at
 * ULONG_MAX with *overflow set), the sign into *neg. Returns where parsing
 * stopped, or s when there were no digits.
 */
static const char *parse(const char *s, int base, unsigned long *mag,
			 bool *neg, bool *overflow)
{
	const char *p = s;
	const char *digits;
	unsigned long v = 0;

	*neg = false;
	*overflow = false;
	*mag = 0;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		return s;
	}
	while (is_space(*p))
		p++;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	digits = p;
	for (; digit_value(*p) < base; p++) {
		unsigned d = (unsigned)digit_value(*p);
		if (v > (ULONG_MAX - d) / (unsigned)base)
			*overflow = true;
		else
			v = v * (unsigned)base + d;
	}
	if (p == digits)
		return s;
	*mag = *overflow ? ULONG_MAX : v;
	return p;
}

long strtol(const char *s, char **end, int base)
{
	unsigned long mag;
	bool neg, overflow;
	const char *p = parse(s, base, &mag, &neg, &overflow);

	if (end)
		*end = (char *)p;
	if (neg) {
		if (overflow || mag > (unsigned long)LONG_MAX + 1) {
			errno = ERANGE;
			return LONG_MIN;
		}
		return (long)(0 - mag);
	}
	if (overflow || mag > LONG_MAX) {
		errno = ERANGE;
		return LONG_MAX;
	}
	return (long)mag;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	unsigned long mag;
	bool neg, overflow;
	const char *p = parse(s, base, &mag, &neg, &overflow);

	if (end)
		*end = (char *)p;
	if (overflow) {
		errno = ERANGE;
		return ULONG_MAX;
	}
	return neg ? 0 - mag : mag; /* ISO C: negation in unsigned arithmetic */
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

int abs(int x)
{
	return x < 0 ? -x : x;
}

long labs(long x)
{
	return x < 0 ? -x : x;
}
