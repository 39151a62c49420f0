/*
 * sys_signal.c - the signal calls: rt_sigaction, rt_sigprocmask,
 * rt_sigpending, rt_sigsuspend, pause, rt_sigtimedwait, sigaltstack,
 * kill's relatives tkill, tgkill and rt_sigqueueinfo (kill itself is in
 * sys_process.c; rt_sigreturn in proc/sigframe.c, beside the frame it
 * reads). proc/signal.h says what the actions do.
 * Errors as Linux: a sigset size other than 8 bytes, a signal number
 * outside 1-64, or changing the action of SIGKILL or SIGSTOP is -EINVAL;
 * a bad `how` is -EINVAL; unreadable or unwritable structures are -EFAULT.
 * SIGKILL and SIGSTOP can never be blocked (they are removed from masks).
 */
#include "syscall/syscall.h"
#include "proc/signal.h"
#include "proc/task.h"
#include "proc/wait.h"
#include "mm/uaccess.h"
#include "time/clock.h"
#include "uapi/time.h"
#include "errno.h"

#define SIGSET_SIZE 8
#define NSEC_PER_SEC 1000000000LL

long sys_rt_sigaction(int sig, const struct kernel_sigaction __user *act,
		      struct kernel_sigaction __user *oact, u64 sigsetsize)
{
	struct task *t = current_task();
	struct kernel_sigaction new, old;

	if (sigsetsize != SIGSET_SIZE || sig < 1 || sig > NSIG)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (act && get_user_bytes(&new, act, sizeof(new)))
		return -EFAULT;
	old = t->sig.action[sig];
	if (act) {
		new.mask &= ~SIG_UNBLOCKABLE;
		t->sig.action[sig] = new;
		/* POSIX: a pending signal whose action becomes "ignore" is
		 * discarded, in every thread and in the process's set. */
		if (signal_ignored(t, sig))
			signal_discard_group(t, SIG_BIT(sig));
	}
	if (oact && put_user_bytes(oact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigprocmask(int how, const u64 __user *set, u64 __user *oset, u64 sigsetsize)
{
	struct task *t = current_task();
	u64 mask, old = t->sig.blocked;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (set) {
		if (get_user_bytes(&mask, set, sizeof(mask)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			t->sig.blocked |= mask;
			break;
		case SIG_UNBLOCK:
			t->sig.blocked &= ~mask;
			break;
		case SIG_SETMASK:
			t->sig.blocked = mask;
			break;
		default:
			return -EINVAL;
		}
		t->sig.blocked &= ~SIG_UNBLOCKABLE;
		/* A signal unblocked here takes effect on the way back to
		 * user mode (task_return_to_user), the process's included; one
		 * of the process's now blocked goes to another thread. */
		signal_mask_changed(t, old);
	}
	if (oset && put_user_bytes(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* The signals both pending, on the thread or its process, and blocked
 * (Linux's do_sigpending). */
long sys_rt_sigpending(u64 __user *set, u64 sigsetsize)
{
	struct task *t = current_task();
	u64 pending = signal_pending_set(t) & t->sig.blocked;

	if (sigsetsize > SIGSET_SIZE)
		return -EINVAL;
	return put_user_bytes(set, &pending, sigsetsize) ? -EFAULT : 0;
}

/* Sleeps until a signal must be acted on: the caller's -ERESTARTNOHAND
 * becomes -EINTR after a handler (proc/signal.c). */
static long sleep_for_signal(void)
{
	struct wait_queue nobody = { 0 }; /* only a signal wakes it (wake_task) */

	while (!signal_pending())
		wait_sleep(&nobody);
	return -ERESTARTNOHAND;
}

long sys_pause(void) { return sleep_for_signal(); }

long sys_rt_sigsuspend(const u64 __user *set, u64 sigsetsize)
{
	struct task *t = current_task();
	u64 mask;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (get_user_bytes(&mask, set, sizeof(mask)))
		return -EFAULT;
	t->sig.saved_mask = t->sig.blocked;
	t->sig.restore_mask = true;
	t->sig.blocked = mask & ~SIG_UNBLOCKABLE;
	signal_mask_changed(t, t->sig.saved_mask);
	return sleep_for_signal();
}

/* A pending signal among `set` taken off with its siginfo written to
 * *uinfo, the thread's own before the process's: the signal, or 0 when
 * none is pending. */
static long take_waited(u64 set, void __user *uinfo)
{
	struct task *t = current_task();
	u64 ready = t->sig.pending & set;
	if (!ready)
		ready = signal_pending_set(t) & set;
	if (!ready)
		return 0;
	int sig = __builtin_ctzll(ready) + 1;
	struct kernel_siginfo si;
	struct sig_info info;
	signal_dequeue(t, sig, &info);
	signal_fill_siginfo(&si, sig, &info);
	if (uinfo && put_user_bytes(uinfo, &si, sizeof(si)))
		return -EFAULT;
	return sig;
}

long sys_rt_sigtimedwait(const u64 __user *uset, void __user *uinfo,
			 const struct timespec __user *uts, u64 sigsetsize)
{
	struct task *t = current_task();
	struct timespec ts;
	u64 set;
	s64 deadline = -1;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (get_user_bytes(&set, uset, sizeof(set)))
		return -EFAULT;
	set &= ~SIG_UNBLOCKABLE;
	if (uts) {
		if (get_user_bytes(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		struct timespec now = clock_monotonic();
		deadline = now.tv_sec * NSEC_PER_SEC + now.tv_nsec + ts.tv_sec * NSEC_PER_SEC +
			   ts.tv_nsec;
	}
	long sig = take_waited(set, uinfo);
	if (sig)
		return sig;
	/* While it waits, the signals it waits for are unblocked, so that
	 * their arrival wakes it; any other signal it acts on ends the wait. */
	u64 blocked = t->sig.blocked;
	t->sig.blocked &= ~set;
	t->sig.waiting = set;
	long ret = -EAGAIN;
	for (;;) {
		if (signal_pending_set(t) & set) {
			ret = 0;
			break;
		}
		if (signal_pending()) {
			ret = -EINTR;
			break;
		}
		struct timespec now = clock_monotonic();
		if (deadline >= 0 && now.tv_sec * NSEC_PER_SEC + now.tv_nsec >= deadline)
			break;
		wait_sleep(&tick_queue);
	}
	t->sig.blocked = blocked;
	t->sig.waiting = 0;
	if (ret == 0)
		ret = take_waited(set, uinfo);
	return ret;
}

long sys_sigaltstack(const struct kernel_sigaltstack __user *uss,
		     struct kernel_sigaltstack __user *uoss)
{
	struct task *t = current_task();
	u64 sp = t->regs->rsp;
	struct kernel_sigaltstack old = t->sig.altstack, ss;

	old.ss_flags = signal_altstack_flags(t, sp) | (t->sig.altstack.ss_flags & (int)SS_AUTODISARM);
	if (uss) {
		if (get_user_bytes(&ss, uss, sizeof(ss)))
			return -EFAULT;
		long err = signal_altstack_set(t, &ss, sp);
		if (err)
			return err;
	}
	if (uoss && put_user_bytes(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* tkill and tgkill: one thread (tgkill: of group tgid); a thread that
 * has ended is not found, even while its leader is a zombie. */
static long send_to_thread(int tgid, int tid, int sig)
{
	struct task *self = current_task();
	struct task *t = task_by_pid(tid);

	if (tid <= 0 || sig < 0 || sig > NSIG)
		return -EINVAL;
	if (!t || (tgid > 0 && tgid != t->tgid) || (t->state == TASK_ZOMBIE && t != t->group_leader))
		return -ESRCH;
	if (sig) {
		struct sig_info info = { .code = SI_TKILL, .pid = self->tgid };
		signal_send_info(t, sig, &info);
	}
	return 0;
}

long sys_tkill(int tid, int sig) { return send_to_thread(0, tid, sig); }

long sys_tgkill(int tgid, int tid, int sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return send_to_thread(tgid, tid, sig);
}

long sys_rt_sigqueueinfo(int pid, int sig, const struct kernel_siginfo __user *uinfo)
{
	struct task *self = current_task();
	struct kernel_siginfo si;

	if (get_user_bytes(&si, uinfo, sizeof(si)))
		return -EFAULT;
	/* Not even root may pretend to be the kernel, or kill and tgkill,
	 * which fill in the sender themselves (Linux's rule). */
	if ((si.si_code >= 0 || si.si_code == SI_TKILL) && pid != self->tgid)
		return -EPERM;
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	struct task *t = pid > 0 ? task_by_pid(pid) : NULL;
	if (!t)
		return -ESRCH;
	if (sig) {
		struct sig_info info = { .code = si.si_code, .pid = si.u.rt.pid,
					 .uid = si.u.rt.uid, .addr = si.u.rt.value };
		signal_send_process(t, sig, &info);
	}
	return 0;
}
