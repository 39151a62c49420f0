/*
 * output.c - what the shell writes itself: its messages ("sh: ...", each
 * one write on standard error) and the buffered output of built-ins
 * (struct out, one per built-in call: one write per 1 KiB, the rest when
 * the built-in ends, so nothing is held back while a child runs).
 */
#include <minos_util.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

/*
 * Not libminc's warn_err: that one formats into its 512-byte stdio buffer
 * and may write a long message in two pieces, cut at another length; a
 * shell message stays one write of at most 512 bytes, newline included.
 */
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

/*
 * Not libminc's out_*: that buffer is 4 KiB, so a built-in's output would
 * reach a pipe in other pieces, and once a write fails it stays failed for
 * the life of the process, where `echo x >&-; echo y` must still print y.
 * A struct out lives for one built-in call and keeps its own failure.
 */
static void out_write(struct out *o)
{
	if (!o->failed && o->len && write_all(o->fd, o->buf, o->len) < 0)
		o->failed = true;
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
			out_write(o);
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
	out_write(o);
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
