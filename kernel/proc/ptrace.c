/*
 * ptrace.c - tracer and tracee (ptrace.h): the link between them, the
 * stops, and what wait4 reports of them, with Linux's semantics
 * (kernel/ptrace.c and kernel/signal.c there; docs/ptrace.md draws it).
 *
 * A stop is always made by the tracee itself, on its own kernel stack:
 * ptrace_stop() records the status the tracer's wait4 will report, becomes
 * TASK_TRACED, tells the tracer (SIGCHLD with CLD_TRAPPED or CLD_STOPPED,
 * and a wake-up of its wait4) and schedules away. The tracer's resume
 * request sets pt.resume_sig and makes it runnable again; ptrace_stop()
 * then returns that signal to whoever stopped (the syscall path, the
 * signal path, an event).
 * Invariant: runs with interrupts off, under the kernel lock
 * (arch/x86_64/klock.h), so a tracee does no kernel work between the
 * tracer's look at it and the tracer's change to it.
 * Locking: the links (pt) and syscall_slow_tasks under the kernel lock;
 * read without it by lockless() in syscall/dispatch.c (pt.tracer) and by
 * syscall_entry.asm (syscall_slow_tasks).
 */
#include "proc/ptrace.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "proc/sched.h"
#include "proc/wait.h"
#include "mm/mmap.h"
#include "mm/vm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/paging.h"
#include "syscall/syscall.h"
#include "uapi/ptrace.h"
#include "lib/string.h"
#include "errno.h"

struct regs *ptrace_user_regs(struct task *t)
{
	return (struct regs *)(t->kstack_top - sizeof(struct regs));
}

void ptrace_link(struct task *t, struct task *tracer, u32 flags, u32 options)
{
	t->pt.tracer = tracer;
	/* A task attached inside a system call: its frame is the call's. */
	t->pt.flags = flags | (t->sc_nr >= 0 ? PT_SYSCALL_FRAME : 0);
	t->pt.options = options;
	t->pt.group_stop_sig = 0;
	syscall_slow_tasks++;
}

/* The tracee goes its own way: no more stops, no TF the tracer set. Its
 * siginfo stays, for the stop it is leaving. */
void ptrace_unlink(struct task *t)
{
	if (!t->pt.tracer)
		return;
	if (t->pt.flags & PT_FORCED_TF)
		ptrace_user_regs(t)->rflags &= ~RFLAGS_TF;
	t->pt.tracer = NULL;
	t->pt.flags = 0;
	t->pt.options = 0;
	syscall_slow_tasks--;
}

/* SIGCHLD to the tracer (unless its action ignores stops) and a wake-up
 * of its wait4: Linux's do_notify_parent_cldstop for the tracer. */
static void notify_tracer(struct task *t, int why, int status)
{
	struct task *p = t->pt.tracer;
	const struct kernel_sigaction *ka = &p->sig.action[SIGCHLD];

	if (ka->handler != SIG_IGN && !(ka->flags & SA_NOCLDSTOP)) {
		struct sig_info info = { .code = why, .pid = t->pid, .status = status };
		signal_send_info(p, SIGCHLD, &info);
	}
	wake_up(&p->group_leader->child_exit); /* where its wait4 sleeps */
}

/* The siginfo of a stop the kernel reports itself (syscall, event, group
 * stop of a seized tracee): Linux's ptrace_do_notify. */
static void notify_siginfo(struct kernel_siginfo *si, int sig, int code)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_code = code;
	si->u.kill.pid = current_task()->pid;
}

/* Stops the current task for its tracer. Returns the signal the tracer
 * resumed it with, or -1 when it did not stop (no tracer, or SIGKILL
 * pending: a dying task is never held). Until a resume request says
 * otherwise that signal is the stop's own code, as Linux's exit_code: a
 * tracee let go by a dying tracer delivers the signal it stopped for. */
static int ptrace_stop(int code, const struct kernel_siginfo *si, int why)
{
	struct task *t = current_task();

	if (!t->pt.tracer || (t->sig.pending & SIG_BIT(SIGKILL)))
		return -1;
	t->pt.stop_code = code;
	t->pt.flags &= ~PT_HAS_SIGINFO;
	if (si) {
		t->pt.siginfo = *si;
		t->pt.flags |= PT_HAS_SIGINFO;
	}
	t->pt.resume_sig = code;
	t->pt.flags |= PT_STOP_UNREPORTED;
	t->state = TASK_TRACED;
	notify_tracer(t, why, code & 0x7f);
	schedule(); /* back when resumed, detached, or killed */
	t->pt.flags &= ~(PT_STOP_UNREPORTED | PT_LISTENING | PT_HAS_SIGINFO);
	return t->pt.resume_sig;
}

/* An event stop: SIGTRAP | (event << 8), with GETEVENTMSG's message. A
 * signal given on resume is ignored, as Linux's ptrace_notify does. */
static void event_stop(int event, u64 message)
{
	struct task *t = current_task();
	struct kernel_siginfo si;
	int code = SIGTRAP | (event << 8);

	t->pt.message = message;
	notify_siginfo(&si, SIGTRAP, code);
	ptrace_stop(code, &si, CLD_TRAPPED);
}

/* Syscall stops. A signal given on resume is sent to the tracee, as
 * Linux's ptrace_report_syscall does. */
static void syscall_stop(u64 message)
{
	struct task *t = current_task();
	struct kernel_siginfo si;
	int code = SIGTRAP | (t->pt.options & PTRACE_O_TRACESYSGOOD ? 0x80 : 0);

	t->pt.message = message;
	notify_siginfo(&si, SIGTRAP, code);
	int sig = ptrace_stop(code, &si, CLD_TRAPPED);
	if (sig > 0 && sig <= NSIG) {
		struct sig_info info = { .code = SI_KERNEL };
		signal_send_info(t, sig, &info);
	}
}

u64 ptrace_syscall_entry(struct regs *r)
{
	struct task *t = current_task();

	r->rax = (u64)-ENOSYS; /* what RAX reads until the call has run */
	syscall_stop(PTRACE_EVENTMSG_SYSCALL_ENTRY);
	if (t->sig.pending & SIG_BIT(SIGKILL))
		return (u64)-1; /* dying: the call is skipped */
	return r->vector;       /* orig_rax, perhaps changed */
}

void ptrace_syscall_exit(struct regs *r)
{
	(void)r;
	syscall_stop(PTRACE_EVENTMSG_SYSCALL_EXIT);
}

/* A siginfo from the tracer (SETSIGINFO) back into the kernel's form. */
static void info_from_siginfo(struct sig_info *info, const struct kernel_siginfo *si)
{
	memset(info, 0, sizeof(*info));
	info->code = si->si_code;
	bool kernel_code = si->si_code > 0 && si->si_code != SI_KERNEL;
	switch (si->si_signo) {
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
		if (kernel_code) {
			info->addr = si->u.fault.addr;
			return;
		}
		break;
	case SIGCHLD:
		if (kernel_code) {
			info->pid = si->u.chld.pid;
			info->uid = si->u.chld.uid;
			info->status = si->u.chld.status;
			return;
		}
		break;
	}
	info->pid = si->u.rt.pid;
	info->uid = si->u.rt.uid;
	info->addr = si->u.rt.value;
}

int ptrace_signal_stop(int sig, struct sig_info *info)
{
	struct task *t = current_task();
	struct kernel_siginfo si;

	signal_fill_siginfo(&si, sig, info);
	int nsig = ptrace_stop(sig, &si, CLD_TRAPPED);
	if (nsig < 0)
		return sig; /* not stopped: delivered as it is */
	if (nsig == 0)
		return 0;   /* the tracer suppressed it */
	if (nsig != t->pt.siginfo.si_signo) {
		/* Another signal: it comes from the tracer (Linux's ptrace_signal). */
		struct task *tracer = t->pt.tracer;
		*info = (struct sig_info){ .code = SI_USER, .pid = tracer ? tracer->pid : 0 };
	} else {
		info_from_siginfo(info, &t->pt.siginfo);
	}
	if (t->sig.blocked & SIG_BIT(nsig)) {
		signal_send_info(t, nsig, info); /* waits until unblocked */
		return 0;
	}
	return nsig;
}

void ptrace_group_stop(int sig)
{
	struct task *t = current_task();
	struct kernel_siginfo si;

	t->pt.group_stop_sig = sig;
	if (t->pt.flags & PT_SEIZED) {
		int code = sig | (PTRACE_EVENT_STOP << 8);
		notify_siginfo(&si, sig, code);
		ptrace_stop(code, &si, CLD_STOPPED);
	} else {
		ptrace_stop(sig, NULL, CLD_STOPPED); /* no siginfo: GETSIGINFO is -EINVAL */
	}
	t->pt.group_stop_sig = 0;
}

void ptrace_trap_stop(void)
{
	struct task *t = current_task();
	struct kernel_siginfo si;

	t->pt.flags &= ~PT_TRAP_PENDING;
	if (!(t->pt.flags & PT_SEIZED))
		return;
	int sig = t->pt.group_stop_sig ? t->pt.group_stop_sig : SIGTRAP;
	int code = sig | (PTRACE_EVENT_STOP << 8);
	notify_siginfo(&si, sig, code);
	ptrace_stop(code, &si, CLD_STOPPED);
}

void ptrace_sigcont(struct task *t)
{
	if (!t->pt.tracer || !(t->pt.flags & PT_SEIZED))
		return;
	t->pt.group_stop_sig = 0;
	t->pt.flags |= PT_TRAP_PENDING;
	if (t->state == TASK_TRACED && (t->pt.flags & PT_LISTENING)) {
		t->pt.flags &= ~PT_LISTENING;
		sched_enqueue(t);
	} else if (t->state == TASK_SLEEPING) {
		wake_task(t);
	}
}

void ptrace_fork(struct task *child, bool vfork, int exit_signal)
{
	struct task *t = current_task();
	int event = vfork ? PTRACE_EVENT_VFORK
		    : exit_signal != SIGCHLD ? PTRACE_EVENT_CLONE
					     : PTRACE_EVENT_FORK;
	u32 option = event == PTRACE_EVENT_FORK	   ? PTRACE_O_TRACEFORK
		     : event == PTRACE_EVENT_VFORK ? PTRACE_O_TRACEVFORK
						   : PTRACE_O_TRACECLONE;

	/* A step the tracer asked of the parent is not the child's. */
	if (t->pt.flags & PT_FORCED_TF)
		ptrace_user_regs(child)->rflags &= ~RFLAGS_TF;
	if (!t->pt.tracer || !(t->pt.options & option))
		return;
	/* The child is attached as its parent was, and stops before its
	 * first instruction: SIGSTOP, or a PTRACE_EVENT_STOP when seized. */
	/* Its frame is a copy of the parent's, fork's: orig_rax is 57. */
	ptrace_link(child, t->pt.tracer, (t->pt.flags & PT_SEIZED) | PT_SYSCALL_FRAME,
		    t->pt.options);
	if (t->pt.flags & PT_SEIZED) {
		child->pt.flags |= PT_TRAP_PENDING;
	} else {
		child->sig.info[SIGSTOP] = (struct sig_info){ .code = SI_USER };
		child->sig.pending |= SIG_BIT(SIGSTOP);
	}
	event_stop(event, (u64)child->pid);
}

void ptrace_exec(int old_pid)
{
	struct task *t = current_task();

	if (!t->pt.tracer)
		return;
	if (t->pt.options & PTRACE_O_TRACEEXEC) {
		event_stop(PTRACE_EVENT_EXEC, (u64)old_pid);
	} else if (!(t->pt.flags & PT_SEIZED)) {
		/* The legacy report: a SIGTRAP after the call returns. */
		struct sig_info info = { .code = SI_USER, .pid = t->pid };
		signal_send_info(t, SIGTRAP, &info);
	}
}

void ptrace_exit_event(int status)
{
	struct task *t = current_task();

	if (t->pt.tracer && (t->pt.options & PTRACE_O_TRACEEXIT))
		event_stop(PTRACE_EVENT_EXIT, (u64)(unsigned)status);
}

void ptrace_release(struct task *c, int sig)
{
	int group = c->pt.group_stop_sig;
	ptrace_unlink(c);
	if (sig >= 0)
		c->pt.resume_sig = sig;
	if (c->state != TASK_TRACED)
		return;
	if (group) {
		c->stop_sig = group;
		c->state = TASK_STOPPED; /* SIGCONT resumes it, as any stopped task */
	} else {
		sched_enqueue(c);
	}
}

/* A tracee's end that its tracer, not its parent, has seen: the parent is
 * told now. */
static void end_to_parent(struct task *c)
{
	int st = c->exit_status;
	if (st & 0x7f)
		task_notify_parent(c, CLD_KILLED, st & 0x7f);
	else
		task_notify_parent(c, CLD_EXITED, (st >> 8) & 0xff);
}

bool ptrace_task_end(struct task *t)
{
	for (struct task *c = NULL; (c = task_next(c));) {
		if (c->pt.tracer != t)
			continue;
		if (c->pt.options & PTRACE_O_EXITKILL)
			signal_send(c, SIGKILL);
		bool zombie = c->state == TASK_ZOMBIE;
		ptrace_release(c, -1); /* the stop's own signal goes on */
		if (zombie && c->parent != t)
			end_to_parent(c);
		if (zombie)
			task_thread_collected(c); /* a thread's end nobody will wait for */
	}
	if (!t->pt.tracer)
		return false;
	if (t->pt.tracer == t->parent) {
		ptrace_unlink(t); /* the parent's wait4 reports it as a child's */
		return false;
	}
	int st = t->exit_status;
	struct sig_info info = { .code = (st & 0x7f) ? CLD_KILLED : CLD_EXITED, .pid = t->pid,
				 .status = (st & 0x7f) ? st & 0x7f : (st >> 8) & 0xff };
	signal_send_info(t->pt.tracer, SIGCHLD, &info);
	wake_up(&t->pt.tracer->group_leader->child_exit);
	return true;
}

bool ptrace_hides_zombie(const struct task *c)
{
	return c->pt.tracer && c->pt.tracer != c->parent;
}

bool ptrace_wait_stop(struct task *c, int *status)
{
	if (c->state != TASK_TRACED || !(c->pt.flags & PT_STOP_UNREPORTED))
		return false;
	c->pt.flags &= ~PT_STOP_UNREPORTED;
	*status = (c->pt.stop_code << 8) | 0x7f;
	return true;
}

void ptrace_collect(struct task *c)
{
	ptrace_unlink(c);
	end_to_parent(c);
	task_thread_collected(c); /* a thread: its slot can go now */
}

/* What IRETQ can take back to ring 3 without faulting in ring 0: a
 * canonical RIP and the user selectors. A tracer may write any RIP and any
 * RPL-3 selector, as on Linux. */
static bool user_frame_ok(const struct regs *r)
{
	return va_is_canonical(r->rip) && r->cs == GDT_USER_CS && r->ss == GDT_USER_DS;
}

void ptrace_return_check(struct regs *r)
{
	struct task *t = current_task();

	if (t->pt.flags & PT_TRAP_PENDING) /* PTRACE_INTERRUPT: signal_deliver stops */
		signal_deliver(r);
	t->pt.flags &= ~PT_SYSCALL_FRAME; /* the call, if any, is over */
	if (user_frame_ok(r))
		return;
	/* Linux's failed IRET: a SIGSEGV, which the tracer sees first; if
	 * it lets the tracee go on as it is, the end. */
	struct sig_info info = { .code = SI_KERNEL };
	signal_force(SIGSEGV, &info);
	signal_deliver(r);
	if (!user_frame_ok(r))
		task_kill(SIGSEGV);
}

u64 ptrace_access_vm(struct task *t, u64 addr, void *buf, u64 len, bool write, bool force)
{
	if (!t->mm)
		return 0;
	/* Through copy-on-write as the tracee's own access would go (a
	 * forced write to its text gets a private copy, as on Linux). */
	return mm_access(t->mm, addr, buf, len,
			 (write ? MM_ACCESS_WRITE : 0) | (force ? MM_ACCESS_FORCE : 0));
}
