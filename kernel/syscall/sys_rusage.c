/*
 * sys_rusage.c - CPU time as programs ask for it: getrusage(2) and
 * times(2).
 *
 * The times come from the tick accounting of each task (utime_ticks,
 * stime_ticks: one tick of TICK_HZ, which is also Linux's USER_HZ of
 * 100, the unit of struct tms). MinOS does not yet add a reaped child's
 * times to its parent, so RUSAGE_CHILDREN and the tms_c* fields are 0.
 * Of the other fields only ru_maxrss is filled (the process's mapped
 * memory now, in KiB); the rest are 0. Both structures are zeroed first.
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "mm/mmap.h"
#include "mm/uaccess.h"
#include "time/tick.h"
#include "uapi/time.h"
#include "lib/string.h"
#include "errno.h"

/* include/uapi/linux/resource.h */
#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

struct rusage {
	struct timeval ru_utime, ru_stime;
	long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap,
		ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

struct tms {
	long tms_utime, tms_stime, tms_cutime, tms_cstime;
};

static struct timeval ticks_to_tv(u64 ticks)
{
	struct timeval tv = { .tv_sec = (long)(ticks / TICK_HZ),
			      .tv_usec = (long)(ticks % TICK_HZ) * (1000000 / TICK_HZ) };
	return tv;
}

long sys_getrusage(int who, struct rusage __user *uru)
{
	struct task *t = current_task();
	struct rusage ru;

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	memset(&ru, 0, sizeof(ru));
	if (who != RUSAGE_CHILDREN) {
		ru.ru_utime = ticks_to_tv(t->utime_ticks);
		ru.ru_stime = ticks_to_tv(t->stime_ticks);
		ru.ru_maxrss = (long)(mm_mapped_bytes(t->mm, 0, USER_TOP) / 1024);
	}
	return put_user_bytes(uru, &ru, sizeof(ru)) ? -EFAULT : 0;
}

/* The result is the clock ticks since boot; the buffer may be NULL. */
long sys_times(struct tms __user *ubuf)
{
	struct task *t = current_task();
	if (ubuf) {
		struct tms tm = { .tms_utime = (long)t->utime_ticks, .tms_stime = (long)t->stime_ticks };
		if (put_user_bytes(ubuf, &tm, sizeof(tm)))
			return -EFAULT;
	}
	return (long)tick_count();
}
