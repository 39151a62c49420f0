/*
 * string_iso.h - the C library's memory and string functions that
 * kernel/lib/string.c implements: one list of prototypes for the kernel
 * (lib/string.h) and for libminc (user/include/string.h), which builds the
 * same file, so the two cannot drift. Invariant: the signatures are ISO
 * C's (and BSD's for strlcpy) exactly; only <stddef.h> is needed.
 */
#ifndef MINOS_LIB_STRING_ISO_H
#define MINOS_LIB_STRING_ISO_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

/*
 * Copies at most size-1 bytes and always NUL-terminates when size > 0.
 * Returns strlen(src): the result was truncated iff the return is >= size.
 */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);

#endif
