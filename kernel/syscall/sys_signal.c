/*
 * sys_signal.c - rt_sigaction(2) and rt_sigprocmask(2) (proc/signal.h
 * says what the actions do).
 * Errors as Linux: a sigset size other than 8 bytes, a signal number
 * outside 1-64, or changing the action of SIGKILL or SIGSTOP is -EINVAL;
 * a bad `how` is -EINVAL; unreadable or unwritable structures are -EFAULT.
 * SIGKILL and SIGSTOP can never be blocked (they are removed from masks).
 */
#include "syscall/syscall.h"
#include "proc/signal.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "errno.h"

#define SIGSET_SIZE 8
#define UNBLOCKABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))

long sys_rt_sigaction(int sig, const struct kernel_sigaction __user *act,
		      struct kernel_sigaction __user *oact, u64 sigsetsize)
{
	struct task *t = current_task();
	struct kernel_sigaction new, old = { 0 };

	if (sigsetsize != SIGSET_SIZE || sig < 1 || sig > NSIG)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (act && get_user_bytes(&new, act, sizeof(new)))
		return -EFAULT;
	old.handler = t->sig_handler[sig];
	if (oact && put_user_bytes(oact, &old, sizeof(old)))
		return -EFAULT;
	if (act) {
		t->sig_handler[sig] = new.handler;
		if (new.handler == SIG_IGN)
			t->sig_pending &= ~SIG_BIT(sig); /* POSIX: discarded */
	}
	return 0;
}

long sys_rt_sigprocmask(int how, const u64 __user *set, u64 __user *oset, u64 sigsetsize)
{
	struct task *t = current_task();
	u64 mask, old = t->sig_blocked;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (set) {
		if (get_user_bytes(&mask, set, sizeof(mask)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			t->sig_blocked |= mask;
			break;
		case SIG_UNBLOCK:
			t->sig_blocked &= ~mask;
			break;
		case SIG_SETMASK:
			t->sig_blocked = mask;
			break;
		default:
			return -EINVAL;
		}
		t->sig_blocked &= ~UNBLOCKABLE;
	}
	if (oset && put_user_bytes(oset, &old, sizeof(old)))
		return -EFAULT;
	/* A signal unblocked here takes effect on the way back to user mode
	 * (task_return_to_user). */
	return 0;
}
