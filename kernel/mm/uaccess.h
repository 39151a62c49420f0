/*
 * uaccess.h - the only way the kernel touches user memory.
 *
 * Each helper first checks that the whole range lies in the user half
 * (below USER_TOP, without wrapping around), then copies inside a window
 * opened with stac/clac when SMAP is on. A fault on an unmapped or
 * protected user page during the copy is caught through the exception
 * fixup table and turned into a short count or -EFAULT, so no pointer from
 * user space can crash or hang the kernel.
 */
#ifndef MINOS_MM_UACCESS_H
#define MINOS_MM_UACCESS_H

#include "types.h"
#include "mm/vm.h"
#include "errno.h"

/* True if [addr, addr + len) lies wholly in the user half. */
static inline bool access_ok(u64 addr, u64 len)
{
	return len <= USER_TOP && addr <= USER_TOP - len;
}

/* Return the number of bytes NOT copied: 0 on success (as Linux). */
u64 copy_from_user(void *dst, const void *src, u64 len);
u64 copy_to_user(void *dst, const void *src, u64 len);
u64 clear_user(void *dst, u64 len);

/* Copies a NUL-terminated string of at most max bytes (NUL included).
 * Returns its length without the NUL, -ENAMETOOLONG when no NUL lies
 * within max bytes, or -EFAULT. */
long strncpy_from_user(char *dst, const char *src, long max);

/* -EFAULT or 0, for the common fixed-size case. */
static inline int get_user_bytes(void *dst, const void *src, u64 len)
{
	return copy_from_user(dst, src, len) ? -EFAULT : 0;
}
static inline int put_user_bytes(void *dst, const void *src, u64 len)
{
	return copy_to_user(dst, src, len) ? -EFAULT : 0;
}

#endif
