/*
 * uaccess.c - range checks and the SMAP window around the user-copy
 * primitives of arch/x86_64/uaccess.asm (see uaccess.h).
 * Invariant: AC (the SMAP override) is set only between user_access_begin()
 * and user_access_end(), and only around those primitives.
 * The range checks are LAB robustness regions: the handout of
 * docs/labs/robustness.md (scripts/mklab) has them removed.
 */
#include "mm/uaccess.h"
#include "arch/x86_64/cpu.h"
#include "errno.h"

u64 __copy_user(void *dst, const void *src, u64 len);
u64 __clear_user(void *dst, u64 len);
int __get_user_u8(const u8 *src);

static inline void user_access_begin(void)
{
	if (cpu_features.smap)
		stac();
}

static inline void user_access_end(void)
{
	if (cpu_features.smap)
		clac();
}

u64 copy_from_user(void *dst, const void *src, u64 len)
{
	/* LAB robustness BEGIN: refuse a range that does not lie wholly below USER_TOP */
	if (!access_ok((u64)src, len))
		return len;
	/* LAB robustness END */
	user_access_begin();
	u64 left = __copy_user(dst, src, len);
	user_access_end();
	return left;
}

u64 copy_to_user(void *dst, const void *src, u64 len)
{
	/* LAB robustness BEGIN: refuse a range that does not lie wholly below USER_TOP */
	if (!access_ok((u64)dst, len))
		return len;
	/* LAB robustness END */
	user_access_begin();
	u64 left = __copy_user(dst, src, len);
	user_access_end();
	return left;
}

u64 clear_user(void *dst, u64 len)
{
	/* LAB robustness BEGIN: refuse a range that does not lie wholly below USER_TOP */
	if (!access_ok((u64)dst, len))
		return len;
	/* LAB robustness END */
	user_access_begin();
	u64 left = __clear_user(dst, len);
	user_access_end();
	return left;
}

long strncpy_from_user(char *dst, const char *src, long max)
{
	for (long i = 0; i < max; i++) {
		/* LAB robustness BEGIN: refuse a range that does not lie wholly below USER_TOP */
		if (!access_ok((u64)src + i, 1))
			return -EFAULT;
		/* LAB robustness END */
		user_access_begin();
		int c = __get_user_u8((const u8 *)src + i);
		user_access_end();
		if (c < 0)
			return -EFAULT;
		dst[i] = (char)c;
		if (c == 0)
			return i;
	}
	return -ENAMETOOLONG;
}
