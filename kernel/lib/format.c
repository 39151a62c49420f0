/*
 * format.c - the printf engine behind kprintf and ksnprintf (see format.h).
 * Invariants: one pass over fmt, one character at a time to emit, no heap and
 * no floating point (the kernel is built without SSE); every argument is read
 * with the type its conversion names, so the va_list never gets out of step.
 */
#include "lib/format.h"

#include <limits.h>

#include "lib/string.h"

/* %zd reads a ptrdiff_t and %tu a size_t: C has no names for the other sign. */
_Static_assert(sizeof(ptrdiff_t) == sizeof(size_t), "ptrdiff_t vs size_t");
_Static_assert(sizeof(uintmax_t) <= sizeof(u64), "u64 must hold uintmax_t");

enum {
	F_LEFT = 1 << 0,  /* '-' */
	F_ZERO = 1 << 1,  /* '0' */
	F_PLUS = 1 << 2,  /* '+' */
	F_SPACE = 1 << 3, /* ' ' */
	F_ALT = 1 << 4,   /* '#' */
};

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T };

struct spec {
	unsigned flags;
	int width;
	int prec; /* -1 when no precision was given */
	enum length len;
};

struct out {
	void (*emit)(char c, void *ctx);
	void *ctx;
	size_t count;
};

static void put(struct out *o, char c)
{
	o->emit(c, o->ctx);
	o->count++;
}

static void put_n(struct out *o, char c, size_t n)
{
	while (n--)
		put(o, c);
}

static void put_str(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
}

/*
 * Lays out one field: [spaces][prefix][zeros][body][spaces]. Width padding
 * goes between prefix and body as zeros when zero_fill, so "-0042" keeps its
 * sign in front.
 */
static void put_field(struct out *o, const struct spec *sp, const char *prefix,
		      size_t plen, size_t zeros, const char *body, size_t blen,
		      bool zero_fill)
{
	size_t len = plen + zeros + blen;
	size_t pad = (size_t)sp->width > len ? (size_t)sp->width - len : 0;

	if (sp->flags & F_LEFT) {
		put_str(o, prefix, plen);
		put_n(o, '0', zeros);
		put_str(o, body, blen);
		put_n(o, ' ', pad);
		return;
	}
	if (!zero_fill)
		put_n(o, ' ', pad);
	put_str(o, prefix, plen);
	if (zero_fill)
		put_n(o, '0', pad);
	put_n(o, '0', zeros);
	put_str(o, body, blen);
}

/*
 * mag is the magnitude; the sign travels separately so that INT_MIN and
 * LLONG_MIN need no negation of a signed value. signed_like lets '+' and ' '
 * apply, which glibc also does for %p.
 */
static void put_int(struct out *o, const struct spec *sp, u64 mag, bool neg,
		    unsigned base, bool upper, bool signed_like)
{
	const char *xdigits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24]; /* 22 octal digits hold 2^64 - 1 */
	char *p = digits + sizeof(digits);
	char prefix[3]; /* sign, or "0x", or both for a pointer */
	size_t plen = 0, ndigits, zeros;

	/* C99: precision 0 with value 0 prints no digits at all. */
	if (!(mag == 0 && sp->prec == 0)) {
		u64 v = mag;
		do {
			*--p = xdigits[v % base];
			v /= base;
		} while (v);
	}
	ndigits = (size_t)(digits + sizeof(digits) - p);

	if (signed_like) {
		if (neg)
			prefix[plen++] = '-';
		else if (sp->flags & F_PLUS)
			prefix[plen++] = '+';
		else if (sp->flags & F_SPACE)
			prefix[plen++] = ' ';
	}
	if (base == 16 && (sp->flags & F_ALT) && mag != 0) {
		prefix[plen++] = '0';
		prefix[plen++] = upper ? 'X' : 'x';
	}

	zeros = sp->prec > 0 && (size_t)sp->prec > ndigits
			? (size_t)sp->prec - ndigits : 0;
	/* '#' with %o: the first digit printed must be 0. */
	if (base == 8 && (sp->flags & F_ALT) && zeros == 0 &&
	    (ndigits == 0 || *p != '0'))
		zeros = 1;

	/* C99: the '0' flag is ignored when a precision is given. */
	put_field(o, sp, prefix, plen, zeros, p, ndigits,
		  (sp->flags & F_ZERO) && sp->prec < 0);
}

static u64 fetch_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static s64 fetch_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

/* Saturates instead of overflowing: "%99999999999d" must not be UB. */
static int parse_num(const char **f)
{
	int n = 0;

	while (**f >= '0' && **f <= '9') {
		int d = **f - '0';
		n = n > (INT_MAX - d) / 10 ? INT_MAX : n * 10 + d;
		(*f)++;
	}
	return n;
}

static unsigned flag_bit(char c)
{
	switch (c) {
	case '-':
		return F_LEFT;
	case '0':
		return F_ZERO;
	case '+':
		return F_PLUS;
	case ' ':
		return F_SPACE;
	case '#':
		return F_ALT;
	default:
		return 0;
	}
}

static enum length parse_length(const char **f)
{
	const char *s = *f;
	enum length len = LEN_NONE;

	switch (*s) {
	case 'h':
		len = s[1] == 'h' ? LEN_HH : LEN_H;
		break;
	case 'l':
		len = s[1] == 'l' ? LEN_LL : LEN_L;
		break;
	case 'z':
		len = LEN_Z;
		break;
	case 'j':
		len = LEN_J;
		break;
	case 't':
		len = LEN_T;
		break;
	default:
		return LEN_NONE;
	}
	*f = s + (len == LEN_HH || len == LEN_LL ? 2 : 1);
	return len;
}

/* Returns false for a conversion we do not know; nothing was consumed then. */
static bool convert(struct out *o, struct spec *sp, char conv, va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		s64 v = fetch_signed(ap, sp->len);
		/* Negating in u64 is defined even for INT64_MIN. */
		u64 mag = v < 0 ? -(u64)v : (u64)v;
		put_int(o, sp, mag, v < 0, 10, false, true);
		return true;
	}
	case 'u':
		put_int(o, sp, fetch_unsigned(ap, sp->len), false, 10, false,
			false);
		return true;
	case 'o':
		put_int(o, sp, fetch_unsigned(ap, sp->len), false, 8, false,
			false);
		return true;
	case 'x':
	case 'X':
		put_int(o, sp, fetch_unsigned(ap, sp->len), false, 16,
			conv == 'X', false);
		return true;
	case 'c': {
		if (sp->len == LEN_L) /* wint_t: no wide characters here */
			return false;
		char c = (char)va_arg(*ap, int);
		put_field(o, sp, NULL, 0, 0, &c, 1, false);
		return true;
	}
	case 's': {
		if (sp->len == LEN_L) /* wchar_t * */
			return false;
		const char *s = va_arg(*ap, const char *);
		/* glibc prints nothing rather than a cut-off "(nu". */
		if (!s)
			s = sp->prec < 0 || sp->prec >= 6 ? "(null)" : "";
		/* strnlen: with a precision, s need not be terminated. */
		size_t n = sp->prec < 0 ? strlen(s) : strnlen(s, (size_t)sp->prec);
		put_field(o, sp, NULL, 0, 0, s, n, false);
		return true;
	}
	case 'p': {
		void *ptr = va_arg(*ap, void *);
		if (!ptr) {
			put_field(o, sp, NULL, 0, 0, "(nil)", 5, false);
			return true;
		}
		/* glibc: %p is %#lx, with '+', ' ', '0' and precision honoured. */
		sp->flags |= F_ALT;
		put_int(o, sp, (uintptr_t)ptr, false, 16, false, true);
		return true;
	}
	case '%':
		put(o, '%'); /* like glibc, flags and width are ignored */
		return true;
	default:
		return false;
	}
}

int kvformat(void (*emit)(char c, void *ctx), void *ctx, const char *fmt,
	     va_list ap_in)
{
	struct out o = { emit, ctx, 0 };
	va_list ap;

	/* A local copy so helpers can take its address (va_list is an array). */
	va_copy(ap, ap_in);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}

		const char *start = fmt++;
		struct spec sp = { 0, 0, -1, LEN_NONE };
		unsigned bit;

		while ((bit = flag_bit(*fmt))) {
			sp.flags |= bit;
			fmt++;
		}
		if (*fmt == '*') {
			int w = va_arg(ap, int);
			fmt++;
			/* C99: a negative '*' width is '-' plus its magnitude. */
			if (w < 0) {
				sp.flags |= F_LEFT;
				w = w == INT_MIN ? INT_MAX : -w;
			}
			sp.width = w;
		} else {
			sp.width = parse_num(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				int p = va_arg(ap, int);
				fmt++;
				sp.prec = p < 0 ? -1 : p; /* as if omitted */
			} else {
				sp.prec = parse_num(&fmt); /* "." alone is 0 */
			}
		}
		sp.len = parse_length(&fmt);

		if (!*fmt) { /* the string ended inside a conversion */
			put_str(&o, start, (size_t)(fmt - start));
			break;
		}
		char conv = *fmt++;
		if (!convert(&o, &sp, conv, &ap))
			put_str(&o, start, (size_t)(fmt - start));
	}
	va_end(ap);
	/* C99 would fail with EOVERFLOW; a kernel caller is better off clamped. */
	return o.count > INT_MAX ? INT_MAX : (int)o.count;
}

struct sbuf {
	char *buf;
	size_t size;
	size_t pos; /* characters produced so far, stored or not */
};

/* Keeps the last byte of buf free for the NUL that kvsnprintf adds. */
static void sbuf_emit(char c, void *ctx)
{
	struct sbuf *b = ctx;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sbuf b = { buf, size, 0 };
	int n = kvformat(sbuf_emit, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
