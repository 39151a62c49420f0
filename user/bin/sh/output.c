/*
 * output.c - what the shell writes itself: its messages ("sh: ...", each
 * one write on standard error) and the buffered output of built-ins
 * (struct out, one per built-in call: one write per 1 KiB, the rest when
 * the built-in ends, so nothing is held back while a child runs).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

static void sh_vmsg(bool prefix, const char *fmt, va_list ap)
{
	char buf[512];
	size_t len = 0;

	if (prefix)
		len = (size_t)snprintf(buf, sizeof(buf), "sh: ");
	vsnprintf(buf + len, sizeof(buf) - len - 1, fmt, ap);
	len = strlen(buf);
	buf[len++] = '\n';
	write(STDERR_FILENO, buf, len);
}

void sh_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sh_vmsg(true, fmt, ap);
	va_end(ap);
}

static void out_flush(struct out *o)
{
	size_t done = 0;

	while (done < o->len && !o->failed) {
		ssize_t n = write(o->fd, o->buf + done, o->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			o->failed = true;
		else
			done += (size_t)n;
	}
	o->len = 0;
}

static void out_addn(struct out *o, const char *s, size_t n)
{
	while (n) {
		size_t k = sizeof(o->buf) - o->len;
		if (k > n)
			k = n;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
		if (o->len == sizeof(o->buf))
			out_flush(o);
	}
}

void out_adds(struct out *o, const char *s)
{
	out_addn(o, s, strlen(s));
}

void out_addc(struct out *o, int c)
{
	char ch = (char)c;

	out_addn(o, &ch, 1);
}

/* Flushes; 0, or 1 after a write error (as a builtin's status). */
int out_done(struct out *o)
{
	out_flush(o);
	return o->failed ? 1 : 0;
}

/* s in single quotes, as `export` and `set` print values. */
void out_quoted(struct out *o, const char *s)
{
	out_addc(o, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			out_adds(o, "'\\''");
		else
			out_addc(o, *s);
	}
	out_addc(o, '\'');
}
