/*
 * sys_prctl.c - prctl(2): the options Debian's programs and C libraries
 * use. PR_SET_NAME and PR_GET_NAME work on the task's name (what ps and
 * /proc show), cut to Linux's 15 bytes; PR_SET_DUMPABLE and
 * PR_GET_DUMPABLE keep a flag in the memory map, so fork keeps it and
 * execve resets it, as on Linux; PR_SET_PDEATHSIG and PR_GET_PDEATHSIG
 * keep the calling thread's signal (cleared by fork and clone), which is
 * sent to its process when the thread that made the process ends
 * (proc/task.c, tell_orphans); PR_CAPBSET_READ answers as root with every capability.
 * Every other option is -EINVAL, as Linux answers an unknown one.
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "mm/mmap.h"
#include "mm/uaccess.h"
#include "uapi/prctl.h"
#include "uapi/signal.h"
#include "lib/string.h"
#include "errno.h"


#define TASK_COMM_LEN 16 /* Linux's name length, NUL included */
#define CAP_LAST_CAP 40  /* Linux 6.1's last capability, CAP_CHECKPOINT_RESTORE */
#define SUID_DUMP_DISABLE 0
#define SUID_DUMP_USER 1

/* Linux reads at most 15 bytes and never fails for a long name. */
static long set_name(struct task *t, const char __user *uname)
{
	char comm[TASK_COMM_LEN];
	memset(comm, 0, sizeof(comm));
	for (int i = 0; i < TASK_COMM_LEN - 1; i++) {
		if (get_user_bytes(&comm[i], uname + i, 1))
			return -EFAULT;
		if (!comm[i])
			break;
	}
	memset(t->name, 0, sizeof(t->name));
	memcpy(t->name, comm, sizeof(comm));
	return 0;
}

static long get_name(const struct task *t, char __user *ubuf)
{
	char comm[TASK_COMM_LEN];
	memset(comm, 0, sizeof(comm));
	strlcpy(comm, t->name, sizeof(comm));
	return put_user_bytes(ubuf, comm, sizeof(comm)) ? -EFAULT : 0;
}

long sys_prctl(int option, u64 arg2, u64 arg3, u64 arg4, u64 arg5)
{
	struct task *t = current_task();
	(void)arg3;
	(void)arg4;
	(void)arg5;

	switch (option) {
	case PR_SET_PDEATHSIG:
		if (arg2 > NSIG)
			return -EINVAL;
		t->pdeath_sig = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG: {
		int sig = t->pdeath_sig;
		return put_user_bytes((void __user *)arg2, &sig, sizeof(sig)) ? -EFAULT : 0;
	}
	case PR_GET_DUMPABLE:
		return t->mm->undumpable ? SUID_DUMP_DISABLE : SUID_DUMP_USER;
	case PR_SET_DUMPABLE:
		if (arg2 != SUID_DUMP_DISABLE && arg2 != SUID_DUMP_USER)
			return -EINVAL;
		t->mm->undumpable = arg2 == SUID_DUMP_DISABLE;
		return 0;
	case PR_SET_NAME:
		return set_name(t, (const char __user *)arg2);
	case PR_GET_NAME:
		return get_name(t, (char __user *)arg2);
	case PR_CAPBSET_READ:
		return arg2 <= CAP_LAST_CAP ? 1 : -EINVAL;
	default:
		return -EINVAL;
	}
}
