/*
 * sys_process.c - processes: fork(2), vfork(2), clone(2) for fork-like
 * callers, execve(2), exit(2), exit_group(2), wait4(2), kill(2), getpid,
 * getppid, gettid, getpgrp, getpgid, setpgid, getsid, setsid, sched_yield,
 * sched_getaffinity, sched_setaffinity; clone3(2) and the thread flags
 * of clone (docs/threads.md).
 *
 * Linux's rules: fork beyond the process table is -EAGAIN; vfork shares
 * the memory and the parent sleeps until the child execs or ends; clone
 * refuses with -EINVAL what Linux 6.1's copy_process refuses, and the
 * namespaces, pidfds and cgroups MinOS lacks. getpid is the thread
 * group's id, gettid the thread's; exit ends a thread, exit_group the
 * group; wait4 sees processes, never threads. wait4's status is Linux's encoding (exit code << 8, or the
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
#include "arch/x86_64/smp.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "mm/uaccess.h"
#include "mm/heap.h"
#include "mm/mmap.h"
#include "lib/string.h"
#include "errno.h"

#define CSIGNAL 0x000000ff

/* clone3(2)'s argument (uapi/linux/sched.h) and its size rules. */
struct clone_args {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	u64 set_tid, set_tid_size; /* since the second version (80 bytes) */
	u64 cgroup;                /* since the third (88 bytes) */
};
#define CLONE_ARGS_SIZE_VER0 64
#define CLONE_ARGS_SIZE_VER2 88
#define MAX_PID_NS_LEVEL 32
#define CLONE_LEGACY_FLAGS 0xffffffffULL
#define CLONE_NEWTIME 0x00000080 /* clone3 only: the bit is CSIGNAL's in clone */
#define CLONE_NAMESPACES (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
			  CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

#define WNOHANG 0x00000001
#define WUNTRACED 0x00000002
#define WCONTINUED 0x00000008
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000


long sys_exit(int status) { task_exit(status); }

long sys_exit_group(int status)
{
	ptrace_exit_event((status & 0xff) << 8); /* PTRACE_EVENT_EXIT, if asked */
	task_group_exit((status & 0xff) << 8);
}

long sys_getpid(void) { return current_task()->tgid; }

long sys_gettid(void) { return current_task()->pid; }

long sys_getppid(void)
{
	struct task *l = current_task()->group_leader;
	return l->parent == l || !l->parent ? 0 : l->parent->pid;
}

/* Linux 6.1's refusals (kernel/fork.c, copy_process), in its order;
 * namespaces, pidfds and cgroups are not MinOS's. */
static long clone_flags_check(u64 flags)
{
	struct task *t = current_task();
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if ((flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	/* init may not make siblings (it has no parent to reap them) */
	if ((flags & CLONE_PARENT) && t->group_leader->parent == t->group_leader)
		return -EINVAL;
	if ((flags & CLONE_THREAD) && (flags & (CLONE_NEWUSER | CLONE_NEWPID)))
		return -EINVAL;
	if ((flags & CLONE_PIDFD) && (flags & (CLONE_DETACHED | CLONE_THREAD)))
		return -EINVAL;
	if (flags & (CLONE_NAMESPACES | CLONE_PIDFD | CLONE_INTO_CGROUP))
		return -EINVAL; /* not supported */
	return 0;
}

static long do_clone(u64 flags, int exit_signal, u64 stack, int __user *ptid, int __user *ctid,
		     u64 tls)
{
	struct task *t = current_task();
	long err = clone_flags_check(flags);
	if (err)
		return err;
	int e;
	struct task *child = task_clone(flags, exit_signal, stack, &e);
	if (!child)
		return e;
	int pid = child->pid;
	if (flags & CLONE_SETTLS)
		child->fs_base = tls;
	if (flags & CLONE_CLEAR_SIGHAND) /* handlers back to SIG_DFL; SIG_IGN stays */
		for (int sig = 1; sig <= NSIG; sig++)
			if (child->sig.action[sig].handler != SIG_IGN)
				child->sig.action[sig].handler = SIG_DFL;
	if (flags & CLONE_PARENT_SETTID)
		put_user_bytes(ptid, &pid, sizeof(int));
	if (flags & CLONE_CHILD_SETTID) /* into the child's memory (maybe ours) */
		mm_access(child->mm, (u64)ctid, &pid, sizeof(int), MM_ACCESS_WRITE);
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = (u64)ctid;
	if (flags & CLONE_VFORK) {
		t->vfork_done = false;
		child->vfork_parent = t;
	}
	/* ptrace: the child attached too, and the fork event stop. */
	ptrace_fork(child, flags & CLONE_VFORK, exit_signal);
	if (flags & CLONE_VFORK)
		task_vfork_wait(); /* until it execs or ends */
	return pid;
}

long sys_fork(void) { return do_clone(0, SIGCHLD, 0, NULL, NULL, 0); }

long sys_vfork(void) { return do_clone(CLONE_VM | CLONE_VFORK, SIGCHLD, 0, NULL, NULL, 0); }

/* clone(2): the low byte is the exit signal; only the low 32 bits count;
 * CLONE_DETACHED is ignored (Linux's legacy clone). */
long sys_clone(u64 flags, u64 stack, int __user *ptid, int __user *ctid, u64 tls)
{
	int exit_signal = (int)(flags & CSIGNAL);
	flags &= CLONE_LEGACY_FLAGS & ~(CSIGNAL | CLONE_DETACHED);
	return do_clone(flags, exit_signal, stack, ptid, ctid, tls);
}

/* clone3(2): Linux 6.1's copy_clone_args_from_user and clone3_args_valid. */
long sys_clone3(const void __user *uargs, u64 size)
{
	struct clone_args a;
	memset(&a, 0, sizeof(a));
	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if (get_user_bytes(&a, uargs, MIN(size, sizeof(a))))
		return -EFAULT;
	/* A larger structure than ours: its tail must be zero. */
	for (u64 off = sizeof(a); off < size; off++) {
		u8 b;
		if (get_user_bytes(&b, (const u8 __user *)uargs + off, 1))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	if (a.set_tid_size > MAX_PID_NS_LEVEL)
		return -EINVAL;
	if (!a.set_tid && a.set_tid_size > 0)
		return -EINVAL;
	if (a.set_tid && a.set_tid_size == 0)
		return -EINVAL;
	if ((a.exit_signal & ~(u64)CSIGNAL) || a.exit_signal > NSIG)
		return -EINVAL;
	if ((a.flags & CLONE_INTO_CGROUP) && (a.cgroup > 0x7fffffff || size < CLONE_ARGS_SIZE_VER2))
		return -EINVAL;
	if (a.set_tid) /* choosing the pid: MinOS has no pid namespaces to allow it */
		return -EINVAL;
	if (a.flags & ~(CLONE_LEGACY_FLAGS | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return -EINVAL;
	if (a.flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME)))
		return -EINVAL;
	if ((a.flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) ==
	    (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	if ((a.flags & (CLONE_THREAD | CLONE_PARENT)) && a.exit_signal)
		return -EINVAL;
	if (a.flags & CLONE_NEWTIME)
		return -EINVAL; /* a namespace: not supported */
	u64 sp = 0;
	if (!a.stack) {
		if (a.stack_size)
			return -EINVAL;
	} else {
		if (!a.stack_size || !access_ok(a.stack, a.stack_size))
			return -EINVAL;
		sp = a.stack + a.stack_size; /* the stack grows down from its end */
	}
	return do_clone(a.flags, (int)a.exit_signal, sp, (int __user *)a.parent_tid,
			(int __user *)a.child_tid, a.tls);
}

/* Copies a NULL-terminated array of user strings into one kernel block:
 * pointers first, then the strings. -E2BIG past the limits. */
#define SHORT_STRING 512
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
			/* Most strings fit a small buffer; only a longer one
			 * is copied again into one as large as the limit. */
			char *s = kmalloc(SHORT_STRING);
			len = s ? strncpy_from_user(s, (const char *)p, SHORT_STRING) : -ENOMEM;
			if (len == -ENAMETOOLONG) {
				kfree(s);
				s = kmalloc(EXEC_STRINGS_MAX);
				len = s ? strncpy_from_user(s, (const char *)p, EXEC_STRINGS_MAX)
					: -ENOMEM;
			}
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
	/* The other threads end; the caller becomes the leader; a vfork
	 * parent goes on; what was shared with another process is copied. */
	int old_pid = t->pid;
	task_exec_alone();
	task_vfork_release(t);
	if (t->files->users > 1) {
		struct fdtable *own = fdtable_clone(t->files);
		if (own) {
			fdtable_put(t->files);
			t->files = own;
		}
	}
	signal_unshare(t);
	/* The new program: close-on-exec descriptors close, handlers reset. */
	fd_close_on_exec(t->files);
	signal_reset_on_exec(t);
	ptimer_release(t); /* POSIX timers end with the program */
	t->clear_child_tid = 0;
	ptrace_exec(old_pid); /* PTRACE_EVENT_EXEC, or the legacy SIGTRAP */
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

/* __WCLONE waits for children that send no SIGCHLD at their end, the
 * others for those that do; __WALL for both (Linux's eligible_child). */
static bool wait_kind_matches(const struct task *c, int options)
{
	if (options & __WALL)
		return true;
	return (c->exit_signal != SIGCHLD) == !!(options & __WCLONE);
}

/* wait4's rusage for a stopped, continued or traced child. */
static int put_child_rusage(void __user *rusage, const struct task *c)
{
	u64 utime, stime;
	rusage_child_times(c, &utime, &stime);
	return rusage_put_times(rusage, utime, stime);
}

long sys_wait4(int pid, int __user *status, int options, void __user *rusage)
{
	struct task *t = current_task();
	struct task *me = t->group_leader; /* children are the process's */

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
			if (rusage && put_child_rusage(rusage, c))
				return -EFAULT;
			return c->pid;
		}
		for (struct task *c = me->children; c; c = c->sibling) {
			if (!wait_matches(t, c, pid) || !wait_kind_matches(c, options))
				continue;
			any = true;
			int st = -1;
			if (c->pt.tracer == t && ptrace_wait_stop(c, &st)) {
				/* a tracing stop: reported whatever WUNTRACED says */
			} else if ((c->state == TASK_STOPPED || c->state == TASK_ZOMBIE) &&
				   (options & WUNTRACED) && (c->jobctl & JOBCTL_STOP_UNREPORTED))
				st = (c->stop_sig << 8) | 0x7f; /* WIFSTOPPED */
			else if ((options & WCONTINUED) && (c->jobctl & JOBCTL_CONT_UNREPORTED))
				st = 0xffff; /* WIFCONTINUED */
			if (st >= 0) {
				c->jobctl = 0;
				if (status && put_user_bytes(status, &st, sizeof(st)))
					return -EFAULT;
				if (rusage && put_child_rusage(rusage, c))
					return -EFAULT;
				return c->pid;
			}
			if (c->state != TASK_ZOMBIE || ptrace_hides_zombie(c) ||
			    !thread_group_alone(c))
				continue; /* a leader's end counts once its threads are gone */
			st = c->exit_status;
			int cpid = c->pid;
			u64 utime, stime; /* read before the reaping frees it */
			rusage_child_times(c, &utime, &stime);
			/* The child is reaped even when its status cannot be
			 * stored, as Linux does. */
			task_reap(c);
			if (status && put_user_bytes(status, &st, sizeof(st)))
				return -EFAULT;
			if (rusage && rusage_put_times(rusage, utime, stime))
				return -EFAULT;
			return cpid;
		}
		if (!any)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		if (signal_pending())
			return -ERESTARTSYS;
		wait_sleep(&me->child_exit);
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
	/* Process-directed: pid may name any thread of the process; the
	 * others match leaders only, once per process. */
	for (struct task *t = NULL; (t = task_next(t));) {
		if (t->reap_pending || (pid <= 0 && t != t->group_leader))
			continue;
		bool match = pid > 0	   ? t->pid == pid
			     : pid == 0	   ? t->pgid == self->pgid
			     : pid == -1 ? t->pid != 1 && t->tgid != self->tgid
					 : t->pgid == -pid;
		if (!match)
			continue;
		found++;
		if (sig) {
			struct sig_info info = { .code = SI_USER, .pid = self->tgid };
			signal_send_process(t, sig, &info);
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
	t = t->group_leader; /* the process's group: every thread's */
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
	for (struct task *o = NULL; (o = thread_next(t, o));)
		o->pgid = pgid;
	return 0;
}

long sys_setsid(void)
{
	struct task *self = current_task();
	for (struct task *o = NULL; (o = task_next(o));)
		if (o->pgid == self->tgid)
			return -EPERM; /* already leads a group */
	for (struct task *o = NULL; (o = thread_next(self, o));)
		o->sid = o->pgid = self->tgid;
	return self->tgid;
}

long sys_sched_yield(void)
{
	schedule();
	return 0;
}

/* The CPUs that run tasks are 0..n-1 (smp_cpus_running()); a mask is
 * Linux's unsigned longs (kernel/sched/core.c: cpumask_size() is one long
 * for up to 64 CPUs). A task's cpus_allowed of 0 means every CPU. */
#define CPUMASK_SIZE 8

static u64 cpus_running_mask(void) { return (1ULL << smp_cpus_running()) - 1; }

static struct task *affinity_task(int pid)
{
	return pid ? task_by_pid(pid) : current_task();
}

long sys_sched_getaffinity(int pid, u64 len, void __user *mask)
{
	if (len * 8 < smp_cpus_running() || (len & (sizeof(long) - 1)))
		return -EINVAL;
	struct task *t = affinity_task(pid);
	if (!t)
		return -ESRCH;
	u64 m = cpus_running_mask();
	if (t->cpus_allowed)
		m &= t->cpus_allowed;
	if (put_user_bytes(mask, &m, CPUMASK_SIZE))
		return -EFAULT;
	return CPUMASK_SIZE;
}

long sys_sched_setaffinity(int pid, u64 len, const void __user *mask)
{
	u64 m = 0;
	if (get_user_bytes(&m, mask, MIN(len, CPUMASK_SIZE)))
		return -EFAULT;
	struct task *t = affinity_task(pid);
	if (!t)
		return -ESRCH;
	m &= cpus_running_mask();
	if (!m)
		return -EINVAL; /* no CPU of the mask is online */
	t->cpus_allowed = m;
	/* Off a CPU it may no longer use: the scheduler moves it. */
	if (t == current_task() && !(m & (1ULL << t->cpu)))
		schedule();
	return 0;
}

long sys_getcpu(unsigned __user *cpu, unsigned __user *node, void __user *cache)
{
	(void)cache; /* unused since Linux 2.6.24 */
	unsigned here = current_task()->cpu, zero = 0;
	if (cpu && put_user_bytes(cpu, &here, sizeof(here)))
		return -EFAULT;
	if (node && put_user_bytes(node, &zero, sizeof(zero)))
		return -EFAULT;
	return 0;
}
