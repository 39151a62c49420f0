/*
 * stdio.h - formatted output straight to file descriptors (there is no
 * FILE). Each call formats through a small buffer and write()s it before
 * returning, so output is never held back and needs no flush at exit, and
 * one call of up to STDIO_BUF_SIZE bytes reaches the kernel as one write.
 * Formats: those of kernel/lib/format.h (no floating point).
 */
#ifndef MINC_STDIO_H
#define MINC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)
#define STDIO_BUF_SIZE 512

#define __minc_printf(f, a) __attribute__((format(printf, f, a)))

__minc_printf(1, 2) int printf(const char *fmt, ...);
__minc_printf(2, 3) int dprintf(int fd, const char *fmt, ...);
__minc_printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
int vprintf(const char *fmt, va_list ap);
int vdprintf(int fd, const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

int puts(const char *s);  /* s and a newline to stdout */
int putchar(int c);
void perror(const char *s); /* "s: strerror(errno)\n" to stderr */

#endif
