/*
 * sys_rusage.c - CPU time as programs ask for it: getrusage(2) and
 * times(2).
 *
 * The times come from the tick accounting of each task (utime_ticks,
 * stime_ticks: one tick of TICK_HZ, which is also Linux's USER_HZ of
 * 100, the unit of struct tms). RUSAGE_SELF and tms_utime/tms_stime are
 * the process's: its live threads and those that ended
 * (task_group_times); RUSAGE_THREAD is the caller's alone;
 * RUSAGE_CHILDREN and tms_c* sum the children the process waited for,
 * and theirs (task_reap adds them, as Linux's wait_task_zombie).
 * wait4's rusage is the child's both ways (rusage_child_times).
 * Of the other fields only ru_maxrss is filled (the process's mapped
 * memory now, in KiB; for RUSAGE_CHILDREN 0); the rest are 0. Both
 * structures are zeroed first.
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
	u64 utime = t->utime_ticks, stime = t->stime_ticks;
	if (who == RUSAGE_SELF)
		task_group_times(t, &utime, &stime);
	if (who == RUSAGE_CHILDREN) {
		utime = t->group_leader->child_utime_ticks;
		stime = t->group_leader->child_stime_ticks;
	} else {
		ru.ru_maxrss = (long)(mm_mapped_bytes(t->mm, 0, USER_TOP) / 1024);
	}
	ru.ru_utime = ticks_to_tv(utime);
	ru.ru_stime = ticks_to_tv(stime);
	return put_user_bytes(uru, &ru, sizeof(ru)) ? -EFAULT : 0;
}

void rusage_child_times(const struct task *c, u64 *utime, u64 *stime)
{
	task_group_times(c, utime, stime);
	*utime += c->group_leader->child_utime_ticks;
	*stime += c->group_leader->child_stime_ticks;
}

int rusage_put_times(void __user *uru, u64 utime, u64 stime)
{
	struct rusage ru;
	memset(&ru, 0, sizeof(ru));
	ru.ru_utime = ticks_to_tv(utime);
	ru.ru_stime = ticks_to_tv(stime);
	return put_user_bytes(uru, &ru, sizeof(ru)) ? -EFAULT : 0;
}

/* The result is the clock ticks since boot; the buffer may be NULL. */
long sys_times(struct tms __user *ubuf)
{
	struct task *t = current_task();
	if (ubuf) {
		u64 utime, stime;
		task_group_times(t, &utime, &stime);
		struct tms tm = { .tms_utime = (long)utime, .tms_stime = (long)stime,
				  .tms_cutime = (long)t->group_leader->child_utime_ticks,
				  .tms_cstime = (long)t->group_leader->child_stime_ticks };
		if (put_user_bytes(ubuf, &tm, sizeof(tm)))
			return -EFAULT;
	}
	return (long)tick_count();
}
