/*
 * sys_lab.c - the add-syscall lab's calls (docs/labs/add-syscall.md): add_ten
 * (442, Linux's mount_setattr, unimplemented in MinOS) and minos_stats (1025).
 * Invariant: minos_stats checks flags, then size, then writes the zeroed and
 * filled structure with one put_user_bytes. LAB regions: see scripts/mklab.
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "time/clock.h"
#include "mm/page.h"
#include "mm/pmm.h"
#include "mm/uaccess.h"
#include "lib/string.h"
#include "uapi/minos_stats.h"
#include "errno.h"

_Static_assert(MINOS_STATS_PAGE_SIZE == PAGE_SIZE, "minos_stats counts the kernel's pages");

#define NSEC_PER_SEC 1000000000UL

/* x is unsigned so that adding to the largest value wraps around (signed
 * overflow is undefined in C); the result is the same bits either way. */
long sys_add_ten(u64 x)
{
	/* LAB add-syscall BEGIN: return the argument plus 10 */
	return (long)(x + 10);
	/* LAB add-syscall STUB: (void)x; */
	/* LAB add-syscall STUB: return -ENOSYS; */
	/* LAB add-syscall END */
}

long sys_minos_stats(struct minos_stats __user *buf, u64 size, u64 flags)
{
	/* LAB add-syscall BEGIN: -EINVAL for bad flags or size, then fill and copy out */
	struct minos_stats st;
	u64 unit = (flags & MINOS_STATS_PAGES) ? PAGE_SIZE : 1;

	if (flags & ~MINOS_STATS_VALID_FLAGS)
		return -EINVAL;
	if (size != sizeof(st))
		return -EINVAL;
	memset(&st, 0, sizeof(st));
	st.free_mem = pmm_free_pages() * PAGE_SIZE / unit;
	st.total_mem = pmm_total_pages() * PAGE_SIZE / unit;
	for (struct task *t = NULL; (t = task_next(t));)
		st.procs++;
	struct timespec up = clock_monotonic();
	st.uptime_ns = (u64)up.tv_sec * NSEC_PER_SEC + (u64)up.tv_nsec;
	return put_user_bytes(buf, &st, sizeof(st));
	/* LAB add-syscall STUB: (void)buf; (void)size; (void)flags; */
	/* LAB add-syscall STUB: return -ENOSYS; */
	/* LAB add-syscall END */
}
