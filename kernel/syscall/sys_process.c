/*
 * sys_process.c - processes: fork(2), vfork(2), clone(2) for fork-like
 * callers, execve(2), exit(2), exit_group(2), wait4(2), kill(2), getpid,
 * getppid, gettid, getpgrp, getpgid, setpgid, getsid, setsid, sched_yield.
 *
 * Linux's rules: fork beyond the process table is -EAGAIN; vfork is a
 * fork (the parent does not wait, and the child gets a copy of the memory
 * rather than sharing it: programs that use vfork only to exec or _exit
 * cannot tell); clone accepts exactly the flags fork-like callers pass
 * (a termination signal, CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID,
 * CLONE_PARENT_SETTID, CLONE_VFORK|CLONE_VM) and refuses threads with
 * -EINVAL. wait4's status is Linux's encoding (exit code << 8, or the
 * signal); -ECHILD when no child matches. kill: signal 0 only checks;
 * -EINVAL for a bad signal; -ESRCH when nothing matches; pid -1 means
 * every process but pid 1 and the caller.
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "proc/exec.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "proc/ptimer.h"
#include "proc/ptrace.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "mm/uaccess.h"
#include "mm/heap.h"
#include "mm/mmap.h"
#include "lib/string.h"
#include "errno.h"

#define CSIGNAL 0x000000ff
#define CLONE_VM 0x00000100
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID 0x01000000

#define WNOHANG 0x00000001
#define WUNTRACED 0x00000002
#define WCONTINUED 0x00000008
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

#define RUSAGE_SIZE 144 /* struct rusage on x86-64 */

long sys_exit(int status) { task_exit(status); }

long sys_exit_group(int status) { task_exit(status); }

long sys_getpid(void) { return current_task()->pid; }

long sys_gettid(void) { return current_task()->pid; }

long sys_getppid(void)
{
	struct task *t = current_task();
	return t->parent == t ? 0 : t->parent->pid;
}

static long do_fork(u64 flags, u64 stack, int __user *ptid, int __user *ctid)
{
	int err;
	struct task *child = task_fork(stack, &err);
	if (!child)
		return err;
	if (flags & CLONE_PARENT_SETTID)
		put_user_bytes(ptid, &child->pid, sizeof(int));
	if (flags & CLONE_CHILD_SETTID) {
		/* Written into the child's copy of the memory. */
		struct mm *saved = current_task()->mm;
		mm_activate(child->mm);
		put_user_bytes(ctid, &child->pid, sizeof(int));
		mm_activate(saved);
	}
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = (u64)ctid;
	/* ptrace: the child attached too, and the fork event stop. */
	ptrace_fork(child, flags & CLONE_VFORK, (int)(flags & CSIGNAL));
	return child->pid;
}

long sys_fork(void) { return do_fork(SIGCHLD, 0, NULL, NULL); }

long sys_vfork(void) { return do_fork(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, NULL, NULL); }

long sys_clone(u64 flags, u64 stack, int __user *ptid, int __user *ctid, u64 tls)
{
	(void)tls;
	u64 known = CSIGNAL | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID;
	u64 rest = flags & ~known;
	if (rest != 0 && rest != (CLONE_VM | CLONE_VFORK))
		return -EINVAL; /* threads and namespaces: not here */
	return do_fork(flags, stack, ptid, ctid);
}

/* Copies a NULL-terminated array of user strings into one kernel block:
 * pointers first, then the strings. -E2BIG past the limits. */
static long copy_strings(const char __user *const __user *uv, char ***out, u64 *bytes)
{
	u64 count = 0;
	if (uv) {
		for (;; count++) {
			u64 p;
			if (count >= EXEC_ARG_MAX)
				return -E2BIG;
			if (get_user_bytes(&p, &uv[count], sizeof(p)))
				return -EFAULT;
			if (!p)
				break;
		}
	}
	char **v = kmalloc((count + 1) * sizeof(char *));
	if (!v)
		return -ENOMEM;
	for (u64 i = 0; i < count; i++) {
		u64 p;
		v[i] = NULL;
		long len = -EFAULT;
		if (!get_user_bytes(&p, &uv[i], sizeof(p))) {
			char *s = kmalloc(EXEC_STRINGS_MAX);
			len = s ? strncpy_from_user(s, (const char *)p, EXEC_STRINGS_MAX) : -ENOMEM;
			if (len == -ENAMETOOLONG)
				len = -E2BIG;
			if (len >= 0 && *bytes + (u64)len + 1 > EXEC_STRINGS_MAX)
				len = -E2BIG;
			if (len >= 0) {
				v[i] = kmalloc((u64)len + 1);
				if (v[i])
					memcpy(v[i], s, (u64)len + 1);
				else
					len = -ENOMEM;
				*bytes += (u64)len + 1;
			}
			kfree(s);
		}
		if (len < 0) {
			for (u64 j = 0; j < i; j++)
				kfree(v[j]);
			kfree(v);
			return len;
		}
	}
	v[count] = NULL;
	*out = v;
	return (long)count;
}

static void free_strings(char **v, long n)
{
	for (long i = 0; i < n; i++)
		kfree(v[i]);
	kfree(v);
}

long sys_execve(const char __user *upath, const char __user *const __user *uargv,
		const char __user *const __user *uenvp)
{
	struct task *t = current_task();
	char *path = kmalloc(PATH_MAX);
	char **argv = NULL, **envp = NULL;
	u64 bytes = 0;
	long argc = 0, envc = 0;

	if (!path)
		return -ENOMEM;
	long err = strncpy_from_user(path, upath, PATH_MAX);
	if (err >= 0)
		err = argc = copy_strings(uargv, &argv, &bytes);
	if (err >= 0)
		err = envc = copy_strings(uenvp, &envp, &bytes);
	if (err >= 0) {
		err = exec_program(t, path, (int)argc, (const char *const *)argv, (int)envc,
				   (const char *const *)envp);
	}
	if (argc > 0 || argv)
		free_strings(argv, argc > 0 ? argc : 0);
	if (envc > 0 || envp)
		free_strings(envp, envc > 0 ? envc : 0);
	kfree(path);
	if (err)
		return err;
	/* The new program: close-on-exec descriptors close, handlers reset. */
	fd_close_on_exec(t->files);
	signal_reset_on_exec(t);
	ptimer_release(t); /* POSIX timers end with the program */
	t->clear_child_tid = 0;
	ptrace_exec(t->pid); /* PTRACE_EVENT_EXEC, or the legacy SIGTRAP */
	return 0; /* RAX of the new program's frame */
}

static bool wait_matches(const struct task *self, const struct task *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == -1)
		return true;
	if (pid == 0)
		return c->pgid == self->pgid;
	return c->pgid == -pid;
}

long sys_wait4(int pid, int __user *status, int options, void __user *rusage)
{
	struct task *t = current_task();

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == (int)0x80000000)
		return -ESRCH; /* INT_MIN cannot be negated (Linux's answer) */
	for (;;) {
		bool any = false;
		/* Tracees that are not children (proc/ptrace.h): their stops,
		 * and their ends, which the parent hears of afterwards. */
		for (struct task *c = NULL; (c = task_next(c));) {
			if (c->pt.tracer != t || c->parent == t || !wait_matches(t, c, pid))
				continue;
			any = true;
			int st = -1;
			if (c->state == TASK_ZOMBIE) {
				st = c->exit_status;
				ptrace_collect(c);
			} else if (!ptrace_wait_stop(c, &st)) {
				continue;
			}
			if (status && put_user_bytes(status, &st, sizeof(st)))
				return -EFAULT;
			if (rusage && clear_user(rusage, RUSAGE_SIZE))
				return -EFAULT;
			return c->pid;
		}
		for (struct task *c = t->children; c; c = c->sibling) {
			if (!wait_matches(t, c, pid))
				continue;
			any = true;
			int st = -1;
			if (c->pt.tracer == t && ptrace_wait_stop(c, &st)) {
				/* a tracing stop: reported whatever WUNTRACED says */
			} else if (c->state == TASK_STOPPED && (options & WUNTRACED) &&
			    (c->jobctl & JOBCTL_STOP_UNREPORTED))
				st = (c->stop_sig << 8) | 0x7f; /* WIFSTOPPED */
			else if ((options & WCONTINUED) && (c->jobctl & JOBCTL_CONT_UNREPORTED))
				st = 0xffff; /* WIFCONTINUED */
			if (st >= 0) {
				c->jobctl = 0;
				if (status && put_user_bytes(status, &st, sizeof(st)))
					return -EFAULT;
				if (rusage && clear_user(rusage, RUSAGE_SIZE))
					return -EFAULT;
				return c->pid;
			}
			if (c->state != TASK_ZOMBIE || ptrace_hides_zombie(c))
				continue;
			st = c->exit_status;
			int cpid = c->pid;
			/* The child is reaped even when its status cannot be
			 * stored, as Linux does. */
			task_reap(c);
			if (status && put_user_bytes(status, &st, sizeof(st)))
				return -EFAULT;
			if (rusage && clear_user(rusage, RUSAGE_SIZE))
				return -EFAULT;
			return cpid;
		}
		if (!any)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		if (signal_pending())
			return -ERESTARTSYS;
		wait_sleep(&t->child_exit);
	}
}

long sys_kill(int pid, int sig)
{
	struct task *self = current_task();
	int found = 0;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid == (int)0x80000000)
		return -ESRCH;
	/* A zombie is still a process until reaped: found, and the signal
	 * does nothing to it (signal_send_info), as on Linux. */
	for (struct task *t = NULL; (t = task_next(t));) {
		bool match = pid > 0	   ? t->pid == pid
			     : pid == 0	   ? t->pgid == self->pgid
			     : pid == -1 ? t->pid != 1 && t != self
					 : t->pgid == -pid;
		if (!match)
			continue;
		found++;
		if (sig) {
			struct sig_info info = { .code = SI_USER, .pid = self->pid };
			signal_send_info(t, sig, &info);
		}
	}
	if (pid == -1 && found == 0)
		return 0; /* nothing else to signal: Linux returns 0 here too */
	return found ? 0 : -ESRCH;
}

long sys_getpgrp(void) { return current_task()->pgid; }

long sys_getpgid(int pid)
{
	struct task *t = pid ? task_by_pid(pid) : current_task();
	return t ? t->pgid : -ESRCH;
}

long sys_getsid(int pid)
{
	struct task *t = pid ? task_by_pid(pid) : current_task();
	return t ? t->sid : -ESRCH;
}

/* setpgid: the caller or one of its children, into a group of the same
 * session (or a new group named after the process). */
long sys_setpgid(int pid, int pgid)
{
	struct task *self = current_task();
	struct task *t = pid ? task_by_pid(pid) : self;

	if (pgid < 0)
		return -EINVAL;
	if (!t || (t != self && t->parent != self))
		return -ESRCH;
	if (t->sid != self->sid)
		return -EPERM;
	if (t->pid == t->sid)
		return -EPERM; /* a session leader stays in its group */
	if (pgid == 0)
		pgid = t->pid;
	if (pgid != t->pid) {
		bool exists = false;
		for (struct task *o = NULL; (o = task_next(o));)
			if (o->pgid == pgid && o->sid == self->sid)
				exists = true;
		if (!exists)
			return -EPERM;
	}
	t->pgid = pgid;
	return 0;
}

long sys_setsid(void)
{
	struct task *self = current_task();
	for (struct task *o = NULL; (o = task_next(o));)
		if (o->pgid == self->pid)
			return -EPERM; /* already leads a group */
	self->sid = self->pgid = self->pid;
	return self->sid;
}

long sys_sched_yield(void)
{
	schedule();
	return 0;
}
