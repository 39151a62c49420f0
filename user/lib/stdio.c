/*
 * stdio.c - printf and friends on kvformat() (kernel/lib/format.c).
 * Invariant: a call's output is written before the call returns, in
 * STDIO_BUF_SIZE chunks, so interleaving with raw write()s is always the
 * program order and there is nothing to flush at exit.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/format.h" /* kernel/lib/format.h: user.mk adds -iquote kernel */


struct fdout {
	int fd;
	int failed;
	size_t len;
	char buf[STDIO_BUF_SIZE];
};

static void fdout_flush(struct fdout *o)
{
	size_t done = 0;

	while (done < o->len && !o->failed) {
		ssize_t n = write(o->fd, o->buf + done, o->len - done);
		if (n <= 0)
			o->failed = 1;
		else
			done += (size_t)n;
	}
	o->len = 0;
}

static void fdout_emit(char c, void *ctx)
{
	struct fdout *o = ctx;

	if (o->len == sizeof(o->buf))
		fdout_flush(o);
	o->buf[o->len++] = c;
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	struct fdout o = { .fd = fd };
	int n = kvformat(fdout_emit, &o, fmt, ap);

	fdout_flush(&o);
	return o.failed ? -1 : n;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	return vdprintf(STDOUT_FILENO, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(STDOUT_FILENO, fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return kvsnprintf(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	return dprintf(STDOUT_FILENO, "%s\n", s) < 0 ? EOF : 0;
}

int putchar(int c)
{
	unsigned char ch = (unsigned char)c;

	return write(STDOUT_FILENO, &ch, 1) == 1 ? ch : EOF;
}

void perror(const char *s)
{
	const char *msg = strerror(errno);

	if (s && *s)
		dprintf(STDERR_FILENO, "%s: %s\n", s, msg);
	else
		dprintf(STDERR_FILENO, "%s\n", msg);
}
