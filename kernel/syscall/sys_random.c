/*
 * sys_random.c - getrandom(2), from the kernel's random_bytes() (RDRAND,
 * or a TSC-seeded generator on CPUs without it). The generator is ready
 * from boot, so no request blocks and GRND_NONBLOCK never gives -EAGAIN.
 * Errors, as Linux: flags (a C unsigned int) outside GRND_NONBLOCK |
 * GRND_RANDOM | GRND_INSECURE, or GRND_INSECURE with GRND_RANDOM, are
 * -EINVAL, checked first; a buffer reaching out of the user half is
 * -EFAULT, even for 0 bytes; a fault part-way returns the count written
 * before it, or -EFAULT if that is 0. Requests above 32 MiB - 1 return
 * short (allowed by the man page); smaller ones are filled completely.
 */
#include "syscall/syscall.h"
#include "arch/x86_64/random.h"
#include "mm/uaccess.h"
#include "lib/string.h"
#include "uapi/misc.h"
#include "errno.h"

#define GRND_VALID_FLAGS (GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)

/* The most one call returns; larger requests get a short count, which the
 * man page allows ("a maximum of 33554431 bytes is returned by a single
 * call"). It bounds the time a call spends in the kernel. */
#define GETRANDOM_MAX 33554431UL

/* Linux's MAX_RW_COUNT (include/linux/fs.h): the longest range a call
 * checks with access_ok before it starts writing. */
#define MAX_RW_COUNT 0x7ffff000UL

/* Bytes made and copied at a time, on the kernel stack. */

long sys_getrandom(u8 __user *buf, u64 len, unsigned int flags)
{
	u64 done;

	if (flags & ~GRND_VALID_FLAGS)
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	if (!access_ok((u64)buf, MIN(len, MAX_RW_COUNT)))
		return -EFAULT;
	len = MIN(len, GETRANDOM_MAX);
	done = random_to_user(buf, len);
	if (done == 0 && len > 0)
		return -EFAULT;
	return (long)done;
}
