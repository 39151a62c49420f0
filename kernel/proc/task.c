/*
 * task.c - the process table: making the first task, clone (fork and
 * threads), exit of a thread and of a group, reaping, and the return to
 * user mode (task.h, docs/threads.md).
 *
 * The table has TASK_MAX slots; pids count up from 1 and wrap at PID_MAX,
 * skipping those in use. When pid 1 ends, the kernel logs how ("init
 * exited with status N" or "init was killed by signal N (NAME)") and
 * powers the machine off: that line is what scripts/minos-run turns into
 * its exit status. (Linux panics instead.)
 * Locking: the table, the pid counters, init_task, dead_pending and
 * created_count under the kernel lock (arch/x86_64/klock.h), with table_lock
 * (rank 1, proc/spinlock.h) inside it around the table's changes; the
 * lock-free getpid and gettid read only the caller's own ids, so table_lock
 * is never contended.
 */
#include "proc/task.h"
#include "net/socket.h"
#include "proc/exec.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "proc/ptimer.h"
#include "proc/spinlock.h"
#include "proc/futex.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/switch.h"
#include "time/tick.h"
#include "mm/kstack.h"
#include "mm/mmap.h"
#include "mm/uaccess.h"
#include "fs/file.h"
#include "fs/procfs.h"
#include "dev/tty.h"
#include "power.h"
#include "panic.h"
#include "log.h"
#include "errno.h"
#include "lib/string.h"

static struct task table[TASK_MAX];
static struct spinlock table_lock = SPINLOCK_INIT(LOCK_ORDER_TABLE, "table_lock");
static int next_pid = 1;
static int last_pid;      /* the pid handed out last (/proc/loadavg) */
static u64 created_count; /* tasks made since boot (/proc/stat) */
static struct task *init_task;
static int dead_pending;  /* ended threads whose slots are not yet free */
static u64 next_fs_id;    /* CLONE_FS sharing ids */

/* Linux's defaults for a process started by the kernel. */
static void set_default_limits(struct task *t)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		t->rlim[i] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	t->rlim[RLIMIT_STACK].rlim_cur = 8ULL << 20;
	t->rlim[RLIMIT_CORE].rlim_cur = 0;
	t->rlim[RLIMIT_NOFILE] = (struct rlimit){ 1024, FD_MAX };
}

struct task *task_next(struct task *t)
{
	for (struct task *n = t ? t + 1 : table; n < table + TASK_MAX; n++)
		if (n->state != TASK_FREE)
			return n;
	return NULL;
}

int task_last_pid(void) { return last_pid; }
u64 task_created_count(void) { return created_count; }

struct task *task_by_pid(int pid)
{
	for (struct task *t = NULL; (t = task_next(t));)
		if (t->pid == pid && !t->reap_pending)
			return t;
	return NULL;
}

struct task *thread_next(const struct task *t, struct task *o)
{
	for (struct task *n = o ? o + 1 : table; n < table + TASK_MAX; n++)
		if (n->state != TASK_FREE && n->tgid == t->tgid && !n->reap_pending)
			return n;
	return NULL;
}

bool thread_group_alone(const struct task *t)
{
	for (struct task *o = NULL; (o = thread_next(t, o));)
		if (o != t && o->state != TASK_ZOMBIE)
			return false;
	return true;
}

bool thread_group_dead(const struct task *t)
{
	for (struct task *o = NULL; (o = thread_next(t, o));)
		if (o->state != TASK_ZOMBIE)
			return false;
	return true;
}

/* A free slot with a fresh pid and a kernel stack, or NULL: a group of
 * its own, not yet in /proc. */
static struct task *task_alloc(int *err)
{
	task_release_dead();
	u64 flags = spin_lock_irqsave(&table_lock);
	struct task *t = NULL;
	for (int i = 0; i < TASK_MAX; i++) {
		if (table[i].state == TASK_FREE) {
			t = &table[i];
			break;
		}
	}
	if (!t) {
		spin_unlock_irqrestore(&table_lock, flags);
		*err = -EAGAIN;
		return NULL;
	}
	int pid;
	do {
		pid = next_pid;
		next_pid = next_pid == PID_MAX - 1 ? 2 : next_pid + 1;
	} while (task_by_pid(pid));
	last_pid = pid;
	created_count++;
	memset(t, 0, sizeof(*t));
	t->pid = t->tgid = pid;
	t->group_leader = t;
	t->exit_signal = SIGCHLD;
	t->sc_nr = -1;
	t->sig.altstack.ss_flags = SS_DISABLE;
	t->state = TASK_SLEEPING; /* not runnable until set up */
	spin_unlock_irqrestore(&table_lock, flags);

	t->kstack_top = kstack_alloc();
	if (!t->kstack_top) {
		t->state = TASK_FREE;
		*err = -ENOMEM;
		return NULL;
	}
	t->start_ticks = tick_count();
	return t;
}

/* A thread's /proc entry goes when it ends (task_finish); a leader's when
 * its slot is freed. */
static void task_free(struct task *t)
{
	if (t->group_leader == t)
		procfs_remove(t->tgid, t->pid);
	if (t->kstack_top)
		kstack_free(t->kstack_top);
	signal_release(t);
	t->state = TASK_FREE;
}

void task_thread_collected(struct task *t)
{
	if (t == t->group_leader || t->state != TASK_ZOMBIE || t->reap_pending)
		return;
	t->reap_pending = true;
	dead_pending++;
}

void task_release_dead(void)
{
	if (!dead_pending)
		return;
	struct task *self = this_cpu()->current;
	for (struct task *t = table; t < table + TASK_MAX; t++) {
		if (t->state != TASK_FREE && t->reap_pending && t != self) {
			t->reap_pending = false;
			dead_pending--;
			task_free(t);
		}
	}
}

/* The kernel stack of a task that has never run: its frame at the top,
 * below it what switch_context pops: zeroed registers, then a `ret` to
 * task_first_return. */
static void prepare_first_run(struct task *t)
{
	struct switch_frame *f = (struct switch_frame *)t->regs - 1;
	*f = (struct switch_frame){ .ret = (u64)task_first_return };
	t->ksp = f;
}

static void link_child(struct task *parent, struct task *child)
{
	child->parent = parent;
	child->sibling = parent->children;
	parent->children = child;
}

static void unlink_child(struct task *child)
{
	struct task *parent = child->parent;
	for (struct task **link = &parent->children; *link; link = &(*link)->sibling) {
		if (*link == child) {
			*link = child->sibling;
			break;
		}
	}
	child->sibling = NULL;
}

/* The x87/SSE state of a fresh program: FNINIT's control word and
 * MXCSR's reset value (Intel SDM vol. 1, "FXSAVE"). */
void task_fpu_reset(struct task *t)
{
	memset(t->fpu, 0, sizeof(t->fpu));
	t->fpu[0] = 0x7F; /* FCW = 0x037F */
	t->fpu[1] = 0x03;
	u32 mxcsr = 0x1F80;
	memcpy(t->fpu + 24, &mxcsr, sizeof(mxcsr));
}

__noreturn void task_start_init(const char *path, int argc, const char *const argv[])
{
	static const char *const envp[] = { "HOME=/", "PATH=/bin", "TERM=linux" };
	int err;
	struct task *t = task_alloc(&err);

	if (!t)
		panic("init: cannot make the first task: error %d", err);
	init_task = t;
	if (signal_init_task(t))
		panic("init: no memory for its signal actions");
	t->fs_id = ++next_fs_id;
	procfs_add(t);
	set_default_limits(t);
	t->umask = 022;
	t->pgid = t->sid = t->pid;
	t->parent = t;
	t->cwd = vfs_root ? inode_get(vfs_root) : NULL;
	t->files = fdtable_new();
	task_fpu_reset(t);
	if (!t->files || tty_open_std(t->files) < 0)
		panic("init: cannot open the terminal as descriptors 0, 1 and 2");
	err = exec_program(t, path, argc, argv, ARRAY_SIZE(envp), envp);
	if (err) {
		kprintf("MinOS: cannot run init %s: error %d\n", path, err);
		kprintf("MinOS: init exited with status 127\n");
		machine_exit(MINOS_EXIT_FAILURE);
	}
	pr_info("MinOS: starting init %s (pid %d)\n", path, t->pid);
	prepare_first_run(t);
	sched_start(t);
}

struct task *task_clone(u64 flags, int exit_signal, u64 child_stack, int *err)
{
	struct task *parent = current_task();
	struct task *leader = parent->group_leader;
	struct task *child = task_alloc(err);
	if (!child)
		return NULL;

	child->mm = (flags & CLONE_VM) ? mm_get(parent->mm) : mm_clone(parent->mm);
	if (child->mm)
		child->files = (flags & CLONE_FILES) ? fdtable_get(parent->files)
						     : fdtable_clone(parent->files);
	if (!child->mm || !child->files || signal_fork(child, parent, flags & CLONE_SIGHAND)) {
		if (child->files)
			fdtable_put(child->files);
		if (child->mm)
			mm_put(child->mm);
		task_free(child);
		*err = -ENOMEM;
		return NULL;
	}
	child->cwd = parent->cwd ? inode_get(parent->cwd) : NULL;
	child->umask = parent->umask;
	child->fs_id = (flags & CLONE_FS) ? parent->fs_id : ++next_fs_id;
	/* LAB trace BEGIN: the child inherits the trace mask */
	child->trace_mask = parent->trace_mask;
	/* LAB trace END */
	memcpy(child->rlim, parent->rlim, sizeof(child->rlim));
	child->cpus_allowed = parent->cpus_allowed;
	child->pgid = parent->pgid;
	child->sid = parent->sid;
	child->fs_base = parent->fs_base;
	child->gs_base = rdmsr(MSR_KERNEL_GS_BASE);
	__asm__ volatile("fxsave64 %0" : "=m"(child->fpu));
	memcpy(child->name, parent->name, sizeof(child->name));

	/* The child returns from the same system call with RAX = 0. */
	child->regs = (struct regs *)(child->kstack_top - sizeof(struct regs));
	*child->regs = *parent->regs;
	child->regs->rax = 0;
	if (child_stack)
		child->regs->rsp = child_stack;
	prepare_first_run(child);

	u64 irq = spin_lock_irqsave(&table_lock);
	if (flags & CLONE_THREAD) {
		/* A thread: in its creator's group, nobody's child. */
		child->tgid = parent->tgid;
		child->group_leader = leader;
		child->exit_signal = 0;
	} else if (flags & CLONE_PARENT) {
		child->exit_signal = leader->exit_signal;
		child->parent_tid = leader->parent_tid;
		link_child(leader->parent, child);
	} else {
		child->exit_signal = exit_signal;
		child->parent_tid = parent->pid;
		link_child(leader, child); /* a thread's children are its process's */
	}
	spin_unlock_irqrestore(&table_lock, irq);
	procfs_add(child);
	sched_enqueue(child);
	return child;
}

void task_set_cwd(struct task *t, struct inode *dir)
{
	for (struct task *o = NULL; (o = task_next(o));) {
		if (o->fs_id != t->fs_id || o->state == TASK_ZOMBIE)
			continue;
		if (o->cwd)
			inode_put(o->cwd);
		o->cwd = inode_get(dir);
	}
	inode_put(dir);
}

void task_set_umask(struct task *t, u32 mask)
{
	for (struct task *o = NULL; (o = task_next(o));)
		if (o->fs_id == t->fs_id)
			o->umask = mask;
}

/* The current thread stops for its group's stop by sig. The last thread
 * of the group to stop completes the group stop: the leader shows it to
 * wait4 (WUNTRACED) and the parent gets one SIGCHLD, as on Linux. Traced
 * threads stop for their tracer instead and do not count. */
static void stop_in_group(struct task *t, int sig)
{
	struct task *leader = t->group_leader;
	bool last = true;

	t->jobctl &= ~JOBCTL_STOP_PENDING;
	t->stop_sig = sig;
	t->state = TASK_STOPPED;
	for (struct task *o = NULL; (o = thread_next(t, o));)
		if (o->state != TASK_ZOMBIE && o->state != TASK_STOPPED && !o->pt.tracer)
			last = false;
	if (last) {
		leader->stop_sig = sig;
		leader->jobctl = (leader->jobctl & JOBCTL_STOP_PENDING) | JOBCTL_STOP_UNREPORTED;
		task_notify_parent(leader, CLD_STOPPED, sig);
	}
	schedule(); /* back when continued or killed */
}

/* The stop another thread asked for. */
static void stop_for_group(struct task *t) { stop_in_group(t, t->stop_sig); }

void task_return_to_user(struct regs *r)
{
	struct task *t = current_task();
	t->regs = r;
	/* IRETQ to a non-canonical RIP would fault in ring 0 with the user's
	 * GS loaded: such a return becomes a SIGSEGV instead (a tracee's is
	 * ptrace_return_check's: a signal its tracer sees first). */
	if (!va_is_canonical(r->rip) && !t->pt.tracer)
		task_kill(SIGSEGV);
	if (sched_need_resched())
		schedule();
	/* Signals, or a call a signal interrupted that must be restarted
	 * (its result one of errno.h's -ERESTART...). */
	if (t->sig.pending || (signal_group_look(t) && t->group_leader->sig.group.set) ||
	    (t->sc_nr >= 0 && (s64)r->rax >= -ERESTART_RESTARTBLOCK && (s64)r->rax <= -ERESTARTSYS))
		signal_deliver(r);
	if (t->jobctl & JOBCTL_STOP_PENDING) {
		stop_for_group(t);
		if (signal_pending_set(t))
			signal_deliver(r); /* a SIGKILL ended the stop, or signals came */
	}
	if (t->pt.tracer) /* a PTRACE_INTERRUPT; what a tracer wrote must suit IRETQ */
		ptrace_return_check(r);
	t->sc_nr = -1;
}

/* SIGCHLD to t's parent for an end, a stop or a continue (code: CLD_*),
 * and its wait4 woken. A stop or a continue is not signalled when the
 * parent's SIGCHLD action has SA_NOCLDSTOP. */
void task_notify_parent(struct task *t, int code, int status)
{
	bool end = code != CLD_STOPPED && code != CLD_CONTINUED;
	if (t != t->group_leader && end)
		return; /* a thread's end is its group's business */
	t = t->group_leader;
	struct task *p = t->parent;

	if (!p || p == t)
		return;
	/* The end is told with the child's exit signal (none: 0); stops and
	 * continues always with SIGCHLD. */
	int sig = end ? t->exit_signal : SIGCHLD;
	if (sig > 0 && sig <= NSIG && (end || !(p->sig.action[SIGCHLD].flags & SA_NOCLDSTOP))) {
		struct sig_info info = { .code = code, .pid = t->pid, .status = status };
		signal_send_process(p, sig, &info);
	}
	wake_up(&p->child_exit);
}

void task_stop(int sig) { stop_in_group(current_task(), sig); }

void task_group_stop(int sig)
{
	struct task *t = current_task();
	for (struct task *o = NULL; (o = thread_next(t, o));) {
		if (o == t || o->state == TASK_ZOMBIE || o->state == TASK_STOPPED || o->pt.tracer)
			continue;
		o->jobctl |= JOBCTL_STOP_PENDING;
		o->stop_sig = sig;
		if (o->state == TASK_SLEEPING)
			wake_task(o); /* its call ends (signal_pending) and is restarted */
		else
			sched_kick(o); /* running on another CPU: it stops at once */
	}
	stop_in_group(t, sig);
}

void task_continue(struct task *t)
{
	struct task *leader = t->group_leader;
	bool was_stopped = false;
	for (struct task *o = NULL; (o = thread_next(t, o));) {
		o->jobctl &= ~JOBCTL_STOP_PENDING;
		if (o->state != TASK_STOPPED)
			continue;
		was_stopped = true;
		sched_enqueue(o);
	}
	if (!was_stopped && !(leader->jobctl & JOBCTL_STOP_UNREPORTED))
		return;
	/* One report for the group, as Linux's SIGNAL_CLD_CONTINUED. */
	leader->jobctl = JOBCTL_CONT_UNREPORTED;
	task_notify_parent(leader, CLD_CONTINUED, SIGCONT);
}

/* Linux's will_become_orphaned_pgrp(): no live member of pgid other than
 * `ignore` has a parent (init aside) in another group of its session. */
static bool orphaned_without(int pgid, const struct task *ignore)
{
	for (struct task *t = NULL; (t = task_next(t));) {
		if (t->pgid != pgid || t == ignore || t->state == TASK_ZOMBIE ||
		    t != t->group_leader)
			continue;
		struct task *p = t->parent;
		if (p && p != init_task && p->pgid != pgid && p->sid == t->sid)
			return false;
	}
	return true;
}

bool pgrp_orphaned(int pgid) { return orphaned_without(pgid, NULL); }

static bool has_stopped_jobs(int pgid)
{
	for (struct task *t = NULL; (t = task_next(t));)
		if (t->pgid == pgid && t->state == TASK_STOPPED)
			return true;
	return false;
}

static void hang_up_group(int pgid)
{
	for (struct task *t = NULL; (t = task_next(t));) {
		if (t->pgid == pgid && t == t->group_leader) {
			struct sig_info info = { .code = SI_KERNEL };
			signal_send_process(t, SIGHUP, &info);
			signal_send_process(t, SIGCONT, &info);
		}
	}
}

/* t is ending: a process group it leaves orphaned (its own, or a child's)
 * that has stopped members would never be continued by a shell, so it
 * gets SIGHUP then SIGCONT (POSIX; Linux's kill_orphaned_pgrp). */
static void hang_up_orphaned_groups(struct task *t)
{
	struct task *p = t->parent;

	if (p && p->pgid != t->pgid && p->sid == t->sid && orphaned_without(t->pgid, t) &&
	    has_stopped_jobs(t->pgid))
		hang_up_group(t->pgid);
	for (struct task *c = t->children; c; c = c->sibling) {
		if (c->pgid != t->pgid && c->sid == t->sid && orphaned_without(c->pgid, t) &&
		    has_stopped_jobs(c->pgid))
			hang_up_group(c->pgid);
	}
}

/* pid 1 ended: say how, and power off. */
static __noreturn void init_ended(struct task *t)
{
	if ((t->exit_status & 0x7f) == 0)
		kprintf("MinOS: init exited with status %d\n", (t->exit_status >> 8) & 0xff);
	else
		kprintf("MinOS: init was killed by signal %d (%s)\n", t->exit_status & 0x7f,
			signal_name(t->exit_status & 0x7f));
	net_settle(); /* what init wrote to a socket still reaches its peer */
	machine_exit(t->exit_status == 0 ? MINOS_EXIT_SUCCESS : MINOS_EXIT_FAILURE);
}

/* The last thread of leader's group, last, has ended: the process ends
 * with the group's status, or when every thread left by exit(2), the
 * last one's (Linux 6.1's synchronize_group_exit). Its children go to
 * pid 1; its parent is told (a tracer that is not the parent sees the
 * end first; the parent is told once it has: ptrace_collect). */
static void group_end(struct task *leader, const struct task *last)
{
	leader->exit_status = leader->group_exit ? leader->group_status : last->exit_status;
	if (leader == init_task)
		init_ended(leader);
	hang_up_orphaned_groups(leader);
	if (leader->pid == leader->sid)
		tty_session_leader_exit(leader->sid);

	u64 flags = spin_lock_irqsave(&table_lock);
	bool zombie_orphans = false;
	while (leader->children) {
		struct task *c = leader->children;
		leader->children = c->sibling;
		link_child(init_task, c);
		zombie_orphans |= c->state == TASK_ZOMBIE;
	}
	spin_unlock_irqrestore(&table_lock, flags);
	if (zombie_orphans)
		wake_up(&init_task->child_exit);
	/* The process's timers and job-control reports end with it. */
	ptimer_release(leader);
	leader->itimer_real_ns = leader->itimer_virt_ns = leader->itimer_prof_ns = 0;
	leader->jobctl = 0;
	int st = leader->exit_status;
	if (!leader->tracer_first && (st & 0x7f))
		task_notify_parent(leader, CLD_KILLED, st & 0x7f);
	else if (!leader->tracer_first)
		task_notify_parent(leader, CLD_EXITED, (st >> 8) & 0xff);
}

/* Thread t is ending: each process it made gets its PR_SET_PDEATHSIG
 * signal (in every thread that asked), and another live thread of the
 * group becomes its parent thread, as in Linux's forget_original_parent:
 * the signal follows the thread that made the child, not the process. */
static void tell_orphans(struct task *t)
{
	struct task *heir = NULL;
	for (struct task *o = NULL; !heir && (o = thread_next(t, o));)
		if (o != t && o->state != TASK_ZOMBIE)
			heir = o;
	for (struct task *c = NULL; (c = task_next(c));) {
		if (c != c->group_leader || c->parent != t->group_leader || c->parent_tid != t->pid)
			continue;
		c->parent_tid = heir ? heir->pid : 1;
		for (struct task *o = NULL; (o = thread_next(c, o));) {
			if (!o->pdeath_sig || o->state == TASK_ZOMBIE)
				continue;
			struct sig_info info = { .code = SI_USER, .pid = t->tgid };
			signal_send_process(o, o->pdeath_sig, &info);
		}
	}
}

void task_group_times(const struct task *t, u64 *utime, u64 *stime)
{
	const struct task *leader = t->group_leader;
	u64 u = leader->dead_utime_ticks, s = leader->dead_stime_ticks;
	for (struct task *o = NULL; (o = thread_next(t, o));) {
		if (o != leader && o->state == TASK_ZOMBIE)
			continue; /* counted in dead_*time_ticks */
		u += o->utime_ticks;
		s += o->stime_ticks;
	}
	*utime = u;
	*stime = s;
}

/* The end of a thread: everything but its slot and kernel stack goes back
 * now. A leader stays a zombie; another thread's slot is freed once the
 * CPU has left its stack (task_release_dead). The last one out ends the
 * process. */
static __noreturn void task_finish(struct task *t)
{
	struct task *leader = t->group_leader;

	t->tracer_first = ptrace_task_end(t); /* tracees let go; our tracer told */
	task_vfork_release(t);
	/* CLONE_CHILD_CLEARTID: 0 to the word and a futex wake, when another
	 * task shares the memory (Linux's mm_release); a bad address is
	 * ignored. */
	if (t->clear_child_tid && t->mm && t->mm->users > 1) {
		u32 zero = 0;
		if (!put_user_bytes((void *)t->clear_child_tid, &zero, sizeof(zero)))
			futex_wake(t->mm, t->clear_child_tid, 1);
	}
	t->clear_child_tid = 0;
	futex_exit_robust(t);
	vm_space_activate(vm_kernel_space());
	if (t->mm)
		mm_put(t->mm);
	t->mm = NULL;
	if (t->files)
		fdtable_put(t->files);
	t->files = NULL;
	if (t->cwd)
		inode_put(t->cwd);
	t->cwd = NULL;
	tell_orphans(t);

	u64 flags = spin_lock_irqsave(&table_lock);
	bool last = thread_group_alone(t);
	t->state = TASK_ZOMBIE;
	if (t != leader) { /* its CPU time stays the process's */
		leader->dead_utime_ticks += t->utime_ticks;
		leader->dead_stime_ticks += t->stime_ticks;
	}
	/* A traced thread stays a zombie until its tracer's wait4 has seen
	 * its end (task_thread_collected). */
	if (t != leader && !t->tracer_first) {
		t->reap_pending = true;
		dead_pending++;
	}
	spin_unlock_irqrestore(&table_lock, flags);
	if (t != leader)
		procfs_remove(t->tgid, t->pid);
	if (!last)
		signal_retarget(t); /* the group's signals it was to take */
	if (leader->exec_zap)
		wake_up(&leader->child_exit); /* the thread in execve waits for this */
	if (last)
		group_end(leader, t);
	schedule();
	panic("a zombie ran again");
}

__noreturn void task_exit(int code)
{
	struct task *t = current_task();
	ptrace_exit_event((code & 0xff) << 8); /* PTRACE_EVENT_EXIT, if asked */
	t->exit_status = (code & 0xff) << 8;
	task_finish(t);
}

/* Every other thread of the group gets SIGKILL. */
static void kill_other_threads(struct task *t)
{
	for (struct task *o = NULL; (o = thread_next(t, o));)
		if (o != t && o->state != TASK_ZOMBIE)
			signal_send(o, SIGKILL);
}

__noreturn void task_group_exit(int status)
{
	struct task *t = current_task();
	struct task *leader = t->group_leader;
	if (!leader->group_exit) {
		leader->group_exit = true;
		leader->group_status = status;
		kill_other_threads(t);
	}
	t->exit_status = status;
	task_finish(t);
}

__noreturn void task_kill(int sig)
{
	struct task *t = current_task();
	struct task *leader = t->group_leader;
	if (sig != SIGKILL)
		ptrace_exit_event(sig & 0x7f);
	/* The SIGKILL of a group already ending (or of an execve in another
	 * thread) ends this thread only. */
	if (leader->group_exit || leader->exec_zap) {
		t->exit_status = sig & 0x7f;
		task_finish(t);
	}
	task_group_exit(sig & 0x7f);
}

/* t (execve's caller) takes its group leader's pid, family and /proc
 * directory; the old leader's slot is freed. */
static void take_leader_place(struct task *t, struct task *leader)
{
	u64 flags = spin_lock_irqsave(&table_lock);
	int tid = t->pid;
	t->pid = leader->pid;
	t->group_leader = t;
	t->pgid = leader->pgid;
	t->sid = leader->sid;
	t->exit_signal = leader->exit_signal;
	t->start_ticks = leader->start_ticks;
	t->parent = leader->parent == leader ? t : leader->parent;
	t->children = leader->children;
	for (struct task *c = t->children; c; c = c->sibling)
		c->parent = t;
	t->sibling = leader->sibling;
	if (leader->parent && leader->parent != leader) {
		for (struct task **link = &leader->parent->children; *link; link = &(*link)->sibling) {
			if (*link == leader) {
				*link = t;
				break;
			}
		}
	}
	if (leader == init_task)
		init_task = t;
	/* What is the process's, not the thread's, stays: pending signals,
	 * timers, CPU times, the parent thread. */
	t->sig.group = leader->sig.group;
	t->timers = leader->timers;
	leader->timers = NULL;
	t->itimer_real_ns = leader->itimer_real_ns;
	t->itimer_real_interval_ns = leader->itimer_real_interval_ns;
	t->itimer_virt_ns = leader->itimer_virt_ns;
	t->itimer_virt_interval_ns = leader->itimer_virt_interval_ns;
	t->itimer_prof_ns = leader->itimer_prof_ns;
	t->itimer_prof_interval_ns = leader->itimer_prof_interval_ns;
	leader->itimer_real_ns = leader->itimer_virt_ns = leader->itimer_prof_ns = 0;
	t->dead_utime_ticks = leader->dead_utime_ticks + leader->utime_ticks;
	t->dead_stime_ticks = leader->dead_stime_ticks + leader->stime_ticks;
	t->child_utime_ticks = leader->child_utime_ticks;
	t->child_stime_ticks = leader->child_stime_ticks;
	t->parent_tid = leader->parent_tid;
	for (struct task *c = t->children; c; c = c->sibling)
		if (c->parent_tid == tid)
			c->parent_tid = leader->pid;
	leader->pid = tid;
	leader->parent = NULL;
	leader->children = leader->sibling = NULL;
	leader->group_leader = t; /* its /proc directory is t's now */
	leader->reap_pending = true;
	dead_pending++;
	spin_unlock_irqrestore(&table_lock, flags);
	procfs_remove(t->tgid, tid);
}

void task_exec_alone(void)
{
	struct task *t = current_task();
	struct task *leader = t->group_leader;

	if (thread_group_alone(t) && t == leader)
		return;
	leader->exec_zap = true;
	kill_other_threads(t);
	while (!thread_group_alone(t) && !(t->sig.pending & SIG_BIT(SIGKILL)))
		wait_sleep(&leader->child_exit);
	leader->exec_zap = false;
	if (!thread_group_alone(t))
		return; /* killed meanwhile: it dies on its way out */
	if (t != leader)
		take_leader_place(t, leader);
}

void task_vfork_wait(void)
{
	struct task *t = current_task();
	while (!t->vfork_done && !(t->sig.pending & SIG_BIT(SIGKILL)))
		wait_sleep(&t->vfork_wait);
	if (!t->vfork_done) /* killed: the child must not tell a dead parent */
		for (struct task *o = NULL; (o = task_next(o));)
			if (o->vfork_parent == t)
				o->vfork_parent = NULL;
}

void task_vfork_release(struct task *t)
{
	struct task *p = t->vfork_parent;
	if (!p)
		return;
	t->vfork_parent = NULL;
	p->vfork_done = true;
	wake_up(&p->vfork_wait);
}

void task_reap(struct task *child)
{
	struct task *p = child->parent;
	if (p) { /* waited for: its times and its children's are the parent's */
		u64 u, s;
		task_group_times(child, &u, &s);
		p->child_utime_ticks += u + child->child_utime_ticks;
		p->child_stime_ticks += s + child->child_stime_ticks;
	}
	ptrace_unlink(child);
	u64 flags = spin_lock_irqsave(&table_lock);
	unlink_child(child);
	spin_unlock_irqrestore(&table_lock, flags);
	task_free(child);
}
