/*
 * string.h - the kernel's memory and string routines, under the C library's
 * names because gcc emits calls to memcpy/memset/memmove/memcmp on its own,
 * even in freestanding code. Invariant: the signatures match ISO C (and BSD
 * for strlcpy) exactly, so the compiler's assumptions about them hold.
 */
#ifndef MINOS_LIB_STRING_H
#define MINOS_LIB_STRING_H

#include "types.h"
#include "string_iso.h" /* memcpy ... strlcpy, shared with libminc */

/*
 * Parses exactly len bytes of s (no sign, no whitespace; s need not be
 * NUL-terminated) as an unsigned number. base 0 picks 16 for a "0x"/"0X"
 * prefix, 8 for a leading 0, else 10; base 16 also accepts "0x". On success
 * stores the value in *out and returns 0. Returns -EINVAL for an empty
 * string, a bad base or any byte that is not a digit (checked before
 * overflow), -ERANGE if the value does not fit in 64 bits; *out is then
 * left alone.
 */
int parse_u64(const char *s, size_t len, int base, u64 *out);

bool str_starts_with(const char *s, const char *prefix);

#endif
