/*
 * text.c - building one strace line (text.h): appending, quoting the way
 * Linux's strace does, and naming constants and flags.
 * Invariant: t->len < t->cap and t->buf[t->len] == 0 after every call.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"
#include "text.h"

/* Tracee memory is read in pieces this large. */
#define TRACE_CHUNK 256

void trace_text_init(struct trace_text *t, char *buf, u32 cap)
{
	t->buf = buf;
	t->cap = cap;
	t->len = 0;
	t->cut = false;
	buf[0] = 0;
}

void trace_putc(struct trace_text *t, char c)
{
	if (t->len + 1 >= t->cap) {
		t->cut = true;
		return;
	}
	t->buf[t->len++] = c;
	t->buf[t->len] = 0;
}

void trace_puts(struct trace_text *t, const char *s)
{
	while (*s)
		trace_putc(t, *s++);
}

void trace_printf(struct trace_text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((u32)n >= t->cap - t->len) {
		t->cut = true;
		t->len = t->cap - 1;
	} else {
		t->len += (u32)n;
	}
}

void trace_ptr(struct trace_text *t, u64 p)
{
	if (p)
		trace_printf(t, "%#lx", p);
	else
		trace_puts(t, "NULL");
}

void trace_hex(struct trace_text *t, u64 v) { trace_printf(t, "%#lx", v); }

void trace_octal(struct trace_text *t, u64 v) { trace_printf(t, "%#03lo", v); }

/* One byte of a quoted string; next is the byte after it (or -1). */
static void quote_byte(struct trace_text *t, u8 c, int next, bool hex_all)
{
	static const char escapes[] = "\t\n\v\f\r";
	static const char letters[] = "tnvfr";

	if (hex_all) {
		trace_printf(t, "\\x%02x", c);
		return;
	}
	const char *e = c ? strchr(escapes, c) : NULL;
	if (e) {
		trace_putc(t, '\\');
		trace_putc(t, letters[e - escapes]);
	} else if (c == '"' || c == '\\') {
		trace_putc(t, '\\');
		trace_putc(t, (char)c);
	} else if (c >= ' ' && c <= '~') {
		trace_putc(t, (char)c);
	} else if (next >= '0' && next <= '7') {
		/* a shorter escape would swallow the digit that follows */
		trace_printf(t, "\\%03o", c);
	} else {
		trace_printf(t, "\\%o", c);
	}
}

void trace_quote(struct trace_text *t, const u8 *s, u64 n, bool hex_all)
{
	trace_putc(t, '"');
	for (u64 i = 0; i < n; i++)
		quote_byte(t, s[i], i + 1 < n ? s[i + 1] : -1, hex_all);
	trace_putc(t, '"');
}

void trace_user_buf(struct trace_text *t, u64 p, u64 len, bool hex_all)
{
	u8 bytes[4096];
	u64 n = MIN(len, (u64)TRACE_STRING_MAX);
	n = MIN(n, (u64)sizeof(bytes));

	if (!p) {
		trace_puts(t, "NULL");
		return;
	}
	if (mem_read(bytes, p, n)) {
		trace_ptr(t, p);
		return;
	}
	trace_quote(t, bytes, n, hex_all);
	if (len > n)
		trace_puts(t, "...");
}

/* Copies what is readable of [p, p + n); returns how much that is. */
static u64 copy_some(u8 *dst, u64 p, u64 n)
{
	return n - mem_read(dst, p, n);
}

/* The length of the string at p when its NUL lies within its first
 * max + 1 bytes, else max + 1; -1 if those bytes cannot be read. */
static long string_length(u64 p, u64 max)
{
	u8 chunk[TRACE_CHUNK];

	for (u64 pos = 0; pos <= max; pos += TRACE_CHUNK) {
		u64 want = MIN((u64)TRACE_CHUNK, max + 1 - pos);
		u64 got = copy_some(chunk, p + pos, want);
		for (u64 i = 0; i < got; i++)
			if (chunk[i] == 0)
				return (long)(pos + i);
		if (got < want)
			return -1;
	}
	return (long)max + 1;
}

bool trace_user_string(struct trace_text *t, u64 p, u64 max)
{
	u8 chunk[TRACE_CHUNK];

	if (!p) {
		trace_puts(t, "NULL");
		return false;
	}
	long slen = string_length(p, max);
	if (slen < 0) {
		trace_ptr(t, p);
		return false;
	}
	u64 len = MIN((u64)slen, max); /* shown; the rest, if any, is "..." */
	trace_putc(t, '"');
	for (u64 pos = 0; pos < len && !t->cut; pos += TRACE_CHUNK) {
		u64 n = MIN((u64)TRACE_CHUNK, len - pos);
		copy_some(chunk, p + pos, n);
		for (u64 i = 0; i < n; i++) {
			/* the byte after, if shown: in this chunk or the next */
			int next = -1;
			u8 b;
			if (i + 1 < n)
				next = chunk[i + 1];
			else if (pos + i + 1 < len && copy_some(&b, p + pos + i + 1, 1))
				next = b;
			quote_byte(t, chunk[i], next, false);
		}
	}
	trace_puts(t, (u64)slen > max ? "\"..." : "\"");
	return true;
}

void trace_value(struct trace_text *t, const struct trace_name *names, size_t n, u64 v,
		 const char *family)
{
	for (size_t i = 0; i < n; i++) {
		if (names[i].value == v) {
			trace_puts(t, names[i].name);
			return;
		}
	}
	trace_printf(t, "%#lx /* %s??? */", v, family);
}

void trace_more_flags(struct trace_text *t, const struct trace_name *names, size_t n, u64 v)
{
	for (size_t i = 0; i < n && v; i++) {
		if (names[i].value && (v & names[i].value) == names[i].value) {
			trace_putc(t, '|');
			trace_puts(t, names[i].name);
			v &= ~names[i].value;
		}
	}
	if (v)
		trace_printf(t, "|%#lx", v);
}

void trace_flags(struct trace_text *t, const struct trace_name *names, size_t n, u64 v,
		 const char *family, const char *zero_name)
{
	bool any = false;

	if (v == 0) {
		trace_puts(t, zero_name ? zero_name : "0");
		return;
	}
	for (size_t i = 0; i < n && v; i++) {
		if (names[i].value && (v & names[i].value) == names[i].value) {
			if (any)
				trace_putc(t, '|');
			trace_puts(t, names[i].name);
			v &= ~names[i].value;
			any = true;
		}
	}
	if (!any)
		trace_printf(t, "%#lx /* %s??? */", v, family);
	else if (v)
		trace_printf(t, "|%#lx", v);
}
