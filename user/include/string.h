/*
 * string.h - memory and string functions. The implementations are the
 * kernel's own (kernel/lib/string.c, built again with the user flags), and
 * so are their prototypes (kernel/lib/string_iso.h); strerror and
 * strerrorname_np (glibc's name) come from lib/errno.c.
 */
#ifndef MINC_STRING_H
#define MINC_STRING_H

#include "../../kernel/lib/string_iso.h"

/* glibc's text for errnum ("Bad address"); "Unknown error N" otherwise. */
char *strerror(int errnum);
/* The macro's name ("EFAULT"), or NULL for an unknown number. */
const char *strerrorname_np(int errnum);

#endif
