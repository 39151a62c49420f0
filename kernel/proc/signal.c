/*
 * signal.c - sending and acting on signals (signal.h). Default actions are
 * Linux's (signal(7)): ignore for SIGCHLD, SIGURG, SIGWINCH and SIGCONT;
 * stop for SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU (the last three are dropped
 * for an orphaned process group); terminate for everything else (SIGQUIT,
 * SIGILL... "dump core" on Linux, where the default RLIMIT_CORE of 0 writes
 * none; MinOS writes none either). Sending SIGCONT resumes a stopped task
 * and drops its pending stop signals, whatever SIGCONT's action; sending a
 * stop signal drops a pending SIGCONT; SIGKILL wakes a stopped task to die.
 * A process-directed signal waits in its group's set (the leader's
 * sig.group) and one thread that does not block it is told to take it
 * (wake_taker); a thread's own set is looked at first.
 * Invariant: runs with interrupts off; a signal's siginfo slot is
 * meaningful only while its pending bit is set; a thread whose group_look
 * is clear and whose mask is look_mask takes nothing from the group's set
 * on its way back to ring 3.
 * Locking: every task's and group's signal state under the kernel lock
 * (arch/x86_64/klock.h), also for the sends from interrupts (the
 * terminal's ^C, the timers' tick), which trap_dispatch takes it for.
 */
#include "proc/signal.h"
#include "proc/task.h"
#include "proc/wait.h"
#include "proc/sched.h"
#include "arch/x86_64/frame.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "uapi/signal_text.h"
#include "user/asm/unistd_64.h" /* __NR_restart_syscall */
#include "errno.h"

#define NR32_RESTART_SYSCALL 0 /* Linux's i386 table (syscall_32.tbl) */
#define SYSCALL_INSN_SIZE 2    /* both `syscall` (0f 05) and `int 0x80` (cd 80) */

/* Faults are acted on before any other pending signal, as Linux does. */
#define SIG_SYNCHRONOUS (SIG_BIT(SIGSEGV) | SIG_BIT(SIGBUS) | SIG_BIT(SIGILL) | \
			 SIG_BIT(SIGTRAP) | SIG_BIT(SIGFPE) | SIG_BIT(SIGSYS))

#define SIG_STOPS (SIG_BIT(SIGSTOP) | SIG_BIT(SIGTSTP) | SIG_BIT(SIGTTIN) | SIG_BIT(SIGTTOU))

static bool default_ignored(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGURG:
	case SIGWINCH:
	case SIGCONT:
		return true;
	default:
		return false;
	}
}

static bool is_stop(int sig) { return sig >= 1 && sig <= NSIG && (SIG_STOPS & SIG_BIT(sig)); }

bool signal_ignored(const struct task *t, int sig)
{
	u64 h = t->sig.action[sig].handler;
	return h == SIG_IGN || (h == SIG_DFL && default_ignored(sig));
}

const char *signal_name(int sig)
{
#define SIGNAL_FULL_NAME(num, name, text) [num] = "SIG" #name,
	static const char *const names[] = { SIGNAL_TEXT(SIGNAL_FULL_NAME) };
#undef SIGNAL_FULL_NAME
	if (sig > 0 && (size_t)sig < ARRAY_SIZE(names) && names[sig])
		return names[sig];
	return "signal";
}

/* A pending set seen through pointers, so that one piece of code serves
 * a thread's own set and its group's. */
struct pend {
	u64 *set;
	struct sig_info *info;
	struct sig_queued *queue;
	int *queued;
};

static struct pend own(struct task *t)
{
	return (struct pend){ &t->sig.pending, t->sig.info, t->sig.queue, &t->sig.queued };
}

static struct pend grp(struct task *t)
{
	struct sig_pending *g = &t->group_leader->sig.group;
	return (struct pend){ &g->set, g->info, g->queue, &g->queued };
}

/* A standard signal already pending keeps its first siginfo; a real-time
 * one queues behind it. */
static void pend_add(struct pend p, int sig, const struct sig_info *info)
{
	if (!(*p.set & SIG_BIT(sig)))
		p.info[sig] = *info;
	else if (sig >= SIGRTMIN && *p.queued < SIG_QUEUE_MAX)
		p.queue[(*p.queued)++] = (struct sig_queued){ sig, *info };
	*p.set |= SIG_BIT(sig);
}

static void pend_take(struct pend p, int sig, struct sig_info *info)
{
	*info = p.info[sig];
	for (int i = 0; i < *p.queued; i++) {
		if (p.queue[i].sig != sig)
			continue;
		p.info[sig] = p.queue[i].info; /* the next one stays pending */
		memmove(&p.queue[i], &p.queue[i + 1],
			(size_t)(*p.queued - i - 1) * sizeof(p.queue[0]));
		(*p.queued)--;
		return;
	}
	*p.set &= ~SIG_BIT(sig);
}

static void pend_drop(struct pend p, u64 mask)
{
	int kept = 0;
	for (int i = 0; i < *p.queued; i++)
		if (!(mask & SIG_BIT(p.queue[i].sig)))
			p.queue[kept++] = p.queue[i];
	*p.queued = kept;
	*p.set &= ~mask;
}

u64 signal_pending_set(const struct task *t)
{
	return t->sig.pending | t->group_leader->sig.group.set;
}

bool signal_group_look(const struct task *t)
{
	return t->sig.group_look ||
	       (t->sig.blocked != t->sig.look_mask &&
		(t->group_leader->sig.group.set & ~(t->sig.blocked & ~SIG_UNBLOCKABLE)));
}

void signal_mask_changed(struct task *t, u64 old)
{
	t->sig.group_look = signal_group_look(t) ||
			    (t->group_leader->sig.group.set & old & ~t->sig.blocked);
	t->sig.look_mask = t->sig.blocked;
	if (t->sig.blocked & ~old)
		signal_retarget(t); /* the group's signals it now blocks */
}

void signal_discard_group(struct task *t, u64 mask)
{
	pend_drop(grp(t), mask);
	for (struct task *o = NULL; (o = thread_next(t, o));)
		signal_discard(o, mask);
}

/* Linux's prepare_signal: SIGCONT and the stop signals act on the whole
 * group the moment they are sent, whichever thread they are sent to. */
static void prepare(struct task *t, int sig)
{
	if (sig == SIGCONT) {
		signal_discard_group(t, SIG_STOPS);
		task_continue(t);
		for (struct task *o = NULL; (o = thread_next(t, o));)
			ptrace_sigcont(o);
	} else if (is_stop(sig)) {
		signal_discard_group(t, SIG_BIT(SIGCONT));
	}
}

/* An ignored signal is dropped, unless t blocks it: then it stays pending
 * until unblocked (and is dropped then, if still ignored). A tracee keeps
 * it: its tracer sees every signal (Linux's sig_ignored). */
static bool dropped(const struct task *t, int sig)
{
	return sig != SIGKILL && !((t->sig.blocked | t->sig.waiting) & SIG_BIT(sig)) &&
	       signal_ignored(t, sig) && !t->pt.tracer;
}

void signal_send_info(struct task *t, int sig, const struct sig_info *info)
{
	if (t->state == TASK_ZOMBIE || t->state == TASK_FREE)
		return;
	prepare(t, sig);
	if (sig == SIGKILL && (t->state == TASK_STOPPED || t->state == TASK_TRACED))
		sched_enqueue(t); /* to die */
	if (dropped(t, sig))
		return;
	pend_add(own(t), sig, info);
	if (t->state == TASK_SLEEPING && (signal_deliverable(t) & SIG_BIT(sig)))
		wake_task(t);
	else
		sched_kick(t); /* running on another CPU: it looks at once */
}

void signal_send(struct task *t, int sig)
{
	struct sig_info info = { .code = SI_KERNEL };
	signal_send_info(t, sig, &info);
}

bool signal_send_current(int sig)
{
	struct task *t = current_task();
	if (signal_ignored(t, sig))
		return false;
	struct sig_info info = { .code = SI_USER, .pid = t->pid };
	signal_send_info(t, sig, &info);
	return true;
}

void signal_force(int sig, const struct sig_info *info)
{
	struct task *t = current_task();
	struct kernel_sigaction *ka = &t->sig.action[sig];

	if (ka->handler == SIG_IGN || (t->sig.blocked & SIG_BIT(sig))) {
		ka->handler = SIG_DFL;
		t->sig.blocked &= ~SIG_BIT(sig);
	}
	signal_discard(t, SIG_BIT(sig)); /* this fault's siginfo, not an older kill's */
	signal_send_info(t, sig, info);
}

void signal_dequeue(struct task *t, int sig, struct sig_info *info)
{
	pend_take((t->sig.pending & SIG_BIT(sig)) ? own(t) : grp(t), sig, info);
}

void signal_discard(struct task *t, u64 mask) { pend_drop(own(t), mask); }

/* Would t act on sig now, from the group's set (Linux's wants_signal)?
 * Not when it blocks it, has ended, or is stopped. */
static bool wants(const struct task *t, int sig)
{
	return t->state != TASK_ZOMBIE && t->state != TASK_STOPPED && t->state != TASK_TRACED &&
	       !(t->sig.blocked & SIG_BIT(sig) & ~SIG_UNBLOCKABLE);
}

/* The thread to take group signal sig: the leader when it wants it, as
 * Linux's complete_signal prefers the main thread, else the first that
 * does; told to look at the group's set, and woken to act. */
static void wake_taker(struct task *t, int sig)
{
	struct task *target = wants(t->group_leader, sig) ? t->group_leader : NULL;
	for (struct task *o = NULL; !target && (o = thread_next(t, o));)
		if (wants(o, sig))
			target = o;
	if (!target) {
		/* Every thread blocks it, or is stopped: it waits in the
		 * group's set, and each thread looks there on its next way
		 * back to ring 3, as Linux recalculates after any change of
		 * the mask (a ppoll's, sigreturn's) and after a stop. */
		for (struct task *o = NULL; (o = thread_next(t, o));)
			if (o->state != TASK_ZOMBIE)
				o->sig.group_look = true;
		return;
	}
	target->sig.group_look = true;
	if (target->state == TASK_SLEEPING && (signal_deliverable(target) & SIG_BIT(sig)))
		wake_task(target);
	else
		sched_kick(target);
}

void signal_retarget(struct task *t)
{
	u64 left = t->group_leader->sig.group.set;
	if (t->state != TASK_ZOMBIE)
		left &= t->sig.blocked;
	while (left) {
		int sig = __builtin_ctzll(left) + 1;
		left &= left - 1;
		wake_taker(t, sig);
	}
}

/* The pending, unblocked signals of a set that t acts on. */
static u64 acted_on(const struct task *t, u64 pending)
{
	pending &= ~(t->sig.blocked & ~SIG_UNBLOCKABLE);
	u64 act = 0;
	/* Only the pending bits are visited: every return to ring 3 asks,
	 * and almost always nothing is pending. */
	while (pending) {
		int sig = __builtin_ctzll(pending) + 1;
		pending &= pending - 1;
		if (!signal_ignored(t, sig) || sig == SIGKILL || t->pt.tracer)
			act |= SIG_BIT(sig);
	}
	return act;
}

/* Its own signals, and the group's when it was told to look there. */
u64 signal_deliverable(const struct task *t)
{
	u64 pending = t->sig.pending;
	if (signal_group_look(t))
		pending |= t->group_leader->sig.group.set;
	return acted_on(t, pending);
}

bool signal_pending(void)
{
	struct task *t = current_task();
	/* A tracer's PTRACE_INTERRUPT ends a blocking call as a signal does. */
	return t && (signal_deliverable(t) || (t->pt.flags & PT_TRAP_PENDING) ||
		     (t->jobctl & JOBCTL_STOP_PENDING));
}

/* The next signal to act on among the pending unblocked ones (ignored ones
 * included: they are dropped): the thread's own before the group's (as
 * Linux's dequeue_signal), faults first, then the lowest number; 0 when
 * there is none. */
static int next_signal(const struct task *t)
{
	u64 unblocked = ~(t->sig.blocked & ~SIG_UNBLOCKABLE);
	u64 ready = t->sig.pending & unblocked;
	if (!ready)
		ready = t->group_leader->sig.group.set & unblocked;
	if (!ready)
		return 0;
	if (ready & SIG_SYNCHRONOUS)
		ready &= SIG_SYNCHRONOUS;
	return __builtin_ctzll(ready) + 1;
}

static bool is_restart(long ret)
{
	return ret == -ERESTARTSYS || ret == -ERESTARTNOINTR || ret == -ERESTARTNOHAND ||
	       ret == -ERESTART_RESTARTBLOCK;
}

/* The call a signal interrupted: its number and gate, and its result. */
struct interrupted {
	long nr;
	bool compat;
	long ret;
};

/* The interrupted call executes again: RIP back on its instruction, RAX
 * its number (restart_syscall for a call that resumes from where it was). */
static void restart_call(const struct interrupted *c, struct regs *r)
{
	if (c->ret == -ERESTART_RESTARTBLOCK)
		r->rax = c->compat ? NR32_RESTART_SYSCALL : __NR_restart_syscall;
	else
		r->rax = (u64)c->nr;
	r->rip -= SYSCALL_INSN_SIZE;
}

/* A handler is about to run after a call that was interrupted: Linux's
 * rules (arch/x86/kernel/signal.c, handle_signal). */
static void interrupted_by_handler(const struct interrupted *c, struct regs *r,
				   const struct kernel_sigaction *ka)
{
	switch (c->ret) {
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK:
		r->rax = (u64)-EINTR;
		break;
	case -ERESTARTSYS:
		if (!(ka->flags & SA_RESTART)) {
			r->rax = (u64)-EINTR;
			break;
		}
		restart_call(c, r);
		break;
	case -ERESTARTNOINTR:
		restart_call(c, r);
		break;
	}
}

void signal_deliver(struct regs *r)
{
	struct task *t = current_task();
	struct interrupted call = { t->sc_nr, t->sc_compat, (long)r->rax };
	bool in_call = call.nr >= 0 && is_restart(call.ret);
	int sig;

	t->sc_nr = -1; /* the call is over, whatever follows */
	for (;;) {
		if (t->pt.flags & PT_TRAP_PENDING) /* PTRACE_INTERRUPT */
			ptrace_trap_stop();
		if (!(sig = next_signal(t)))
			break;
		struct sig_info info;

		signal_dequeue(t, sig, &info);
		/* A tracee stops first; its tracer may suppress or change
		 * the signal (signal-delivery stop). */
		if (t->pt.tracer && sig != SIGKILL && !(sig = ptrace_signal_stop(sig, &info)))
			continue;
		struct kernel_sigaction *ka = &t->sig.action[sig];
		if (ka->handler == SIG_IGN && sig != SIGKILL)
			continue;
		if (ka->handler == SIG_DFL || sig == SIGKILL) {
			if (default_ignored(sig) && sig != SIGKILL)
				continue;
			if (is_stop(sig)) {
				if (sig != SIGSTOP && pgrp_orphaned(t->pgid))
					continue;
				if (t->pt.tracer)
					ptrace_group_stop(sig); /* until resumed */
				else
					task_group_stop(sig); /* returns once continued */
				continue;
			}
			task_kill(sig);
		}

		/* A handler. */
		struct kernel_sigaction act = *ka;
		u64 oldmask = t->sig.restore_mask ? t->sig.saved_mask : t->sig.blocked;
		if (in_call) {
			interrupted_by_handler(&call, r, ka);
			in_call = false;
		}
		if (act.flags & SA_RESETHAND)
			ka->handler = SIG_DFL;
		if (signal_frame_setup(r, sig, &act, &info, oldmask) < 0) {
			/* Linux's force_sigsegv: a SIGSEGV whose frame cannot
			 * be built either is fatal. */
			if (sig == SIGSEGV)
				t->sig.action[SIGSEGV].handler = SIG_DFL;
			struct sig_info segv = { .code = SI_KERNEL };
			signal_force(SIGSEGV, &segv);
			continue;
		}
		t->sig.restore_mask = false;
		t->sig.blocked |= act.mask;
		if (!(act.flags & SA_NODEFER))
			t->sig.blocked |= SIG_BIT(sig);
		t->sig.blocked &= ~SIG_UNBLOCKABLE;
	}
	if (in_call)
		restart_call(&call, r); /* no handler ran: the call goes on */
	if (t->sig.restore_mask) {
		t->sig.blocked = t->sig.saved_mask;
		t->sig.restore_mask = false;
	}
	/* Until chosen again, or the mask changes. */
	t->sig.group_look = false;
	t->sig.look_mask = t->sig.blocked;
}

static void use_hand(struct task *t, struct sighand *h)
{
	t->sig.hand = h;
	t->sig.action = h->action;
}

int signal_init_task(struct task *t)
{
	struct sighand *h = kzalloc(sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->users = 1;
	use_hand(t, h);
	return 0;
}

int signal_fork(struct task *child, const struct task *parent, bool share)
{
	if (share) {
		parent->sig.hand->users++;
		use_hand(child, parent->sig.hand);
	} else {
		if (signal_init_task(child))
			return -ENOMEM;
		memcpy(child->sig.hand->action, parent->sig.action, sizeof(child->sig.hand->action));
	}
	child->sig.blocked = parent->sig.blocked;
	child->sig.look_mask = child->sig.blocked; /* not a change of mask */
	child->sig.altstack = parent->sig.altstack;
	return 0;
}

void signal_release(struct task *t)
{
	struct sighand *h = t->sig.hand;
	if (h && --h->users == 0)
		kfree(h);
	t->sig.hand = NULL;
	t->sig.action = NULL;
}

int signal_unshare(struct task *t)
{
	struct sighand *old = t->sig.hand;
	if (!old || old->users == 1)
		return 0;
	if (signal_init_task(t)) {
		use_hand(t, old);
		return -ENOMEM;
	}
	memcpy(t->sig.hand->action, old->action, sizeof(old->action));
	old->users--;
	return 0;
}

void signal_send_process(struct task *t, int sig, const struct sig_info *info)
{
	if (sig == SIGKILL) { /* every thread dies: Linux's complete_signal */
		for (struct task *o = NULL; (o = thread_next(t, o));)
			signal_send_info(o, SIGKILL, info);
		return;
	}
	if (thread_group_dead(t))
		return;
	prepare(t, sig);
	if (dropped(t, sig))
		return;
	pend_add(grp(t), sig, info);
	wake_taker(t, sig);
}

void signal_reset_on_exec(struct task *t)
{
	for (int sig = 1; sig <= NSIG; sig++) {
		struct kernel_sigaction *ka = &t->sig.action[sig];
		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = 0;
		ka->restorer = 0;
		ka->mask = 0;
	}
	t->sig.altstack = (struct kernel_sigaltstack){ .ss_flags = SS_DISABLE };
}
