/*
 * string.h - memory and string functions. The implementations are the
 * kernel's own (kernel/lib/string.c, built again with the user flags), so
 * these prototypes must stay identical to kernel/lib/string.h's; strerror
 * and strerrorname_np (glibc's name) come from lib/errno.c.
 */
#ifndef MINC_STRING_H
#define MINC_STRING_H

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
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);

/* glibc's text for errnum ("Bad address"); "Unknown error N" otherwise. */
char *strerror(int errnum);
/* The macro's name ("EFAULT"), or NULL for an unknown number. */
const char *strerrorname_np(int errnum);

#endif
