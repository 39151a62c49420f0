/*
 * sys_limits.c - resource limits: getrlimit(2), setrlimit(2), prlimit64(2).
 * Errors, in Linux's order: prlimit64 and setrlimit read the new limit
 * first (-EFAULT before anything changes); prlimit64 then wants pid 0 or
 * one of the caller's process's ids, its own or a thread's (-ESRCH: MinOS
 * does not yet look at other processes); then
 * a resource >= RLIM_NLIMITS or a soft limit above the hard one is -EINVAL,
 * and an RLIMIT_NOFILE hard limit above FD_MAX (MinOS's fs.nr_open) -EPERM.
 * Every task is root, so raising a hard limit is allowed. prlimit64 writes
 * the old limit after the new one took effect: a bad old pointer gives
 * -EFAULT with the change made, as on Linux.
 * Limits are the process's, as on Linux: a change is made in every thread.
 * Invariant: the descriptor table's limit is RLIMIT_NOFILE's soft value.
 * Of the limits, MinOS acts on RLIMIT_NOFILE (new descriptors),
 * RLIMIT_DATA (brk) and RLIMIT_STACK (how far the stack may grow, from the
 * next fault on, as on Linux); the others are only kept.
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "fs/file.h"
#include "mm/mmap.h"
#include "proc/exec.h"
#include "mm/uaccess.h"
#include "uapi/misc.h"
#include "errno.h"

/* new and old are kernel copies; either may be NULL. */
static int do_prlimit(struct task *t, unsigned int resource, const struct rlimit *new,
		      struct rlimit *old)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new) {
		if (new->rlim_cur > new->rlim_max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE && new->rlim_max > FD_MAX)
			return -EPERM;
	}
	if (old)
		*old = t->rlim[resource];
	if (new) {
		for (struct task *o = NULL; (o = thread_next(t, o));)
			o->rlim[resource] = *new;
		if (resource == RLIMIT_NOFILE && t->files)
			t->files->limit = (unsigned)new->rlim_cur; /* <= max <= FD_MAX */
		if (resource == RLIMIT_STACK && t->mm) /* the stack's growth from now on */
			t->mm->stack_limit = MIN(new->rlim_cur, (u64)USER_STACK_MAX);
	}
	return 0;
}

/* resource is a C unsigned int in all three calls: only the register's low
 * 32 bits count, as on Linux. */
long sys_getrlimit(unsigned int resource, struct rlimit __user *rlim)
{
	struct rlimit old;
	int err = do_prlimit(current_task(), resource, NULL, &old);

	if (err)
		return err;
	return put_user_bytes(rlim, &old, sizeof(old));
}

long sys_setrlimit(unsigned int resource, const struct rlimit __user *rlim)
{
	struct rlimit new;

	if (get_user_bytes(&new, rlim, sizeof(new)))
		return -EFAULT;
	return do_prlimit(current_task(), resource, &new, NULL);
}

/* struct rlimit64 is struct rlimit on x86-64: two 64-bit values. */
long sys_prlimit64(int pid, unsigned int resource, const struct rlimit __user *new_rlim,
		   struct rlimit __user *old_rlim)
{
	struct task *t = current_task();
	struct rlimit new, old;

	if (new_rlim && get_user_bytes(&new, new_rlim, sizeof(new)))
		return -EFAULT;
	struct task *target = pid ? task_by_pid(pid) : t;
	if (!target || target->tgid != t->tgid)
		return -ESRCH;
	int err = do_prlimit(t, resource, new_rlim ? &new : NULL, old_rlim ? &old : NULL);
	if (err)
		return err;
	if (old_rlim)
		return put_user_bytes(old_rlim, &old, sizeof(old));
	return 0;
}
