/*
 * format.h - printf-style formatting without floating point: kvformat()
 * streams characters to a callback (what kprintf uses, so no buffer is
 * needed), ksnprintf() fills a buffer with C99 snprintf semantics.
 * Invariant: the formats accepted are a subset of C99's and, for what they
 * accept, the output matches glibc's byte for byte (tests/test_format.c).
 */
#ifndef MINOS_LIB_FORMAT_H
#define MINOS_LIB_FORMAT_H

#include "types.h"

/*
 * Supported: %d %i %u %x %X %o %c %s %p %%, flags - 0 + space #, width and
 * precision as digits or *, length modifiers hh h l ll z j t. Anything else
 * (including %f, %n, %lc, %ls) is printed literally and consumes no argument.
 * Returns the number of characters passed to emit.
 */
int kvformat(void (*emit)(char c, void *ctx), void *ctx, const char *fmt,
	     va_list ap);

/*
 * Writes at most size bytes including the NUL, which is always written when
 * size > 0 (buf may be NULL when size is 0). Returns the length the full
 * output would have had, so a return >= size means it was truncated.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__printf(3, 4) int ksnprintf(char *buf, size_t size, const char *fmt, ...);

#endif
