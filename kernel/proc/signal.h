/*
 * signal.h - signals, kernel side: what each signal does to a task (its
 * action, the mask), how one is sent with the siginfo it will carry, and
 * how it is acted on. Numbers and structures are Linux's (uapi/signal.h,
 * uapi/siginfo.h).
 *
 * A signal becomes pending on its target and takes effect when the target
 * next returns to ring 3 (signal_deliver); a sleeping target is woken for
 * any signal it would act on, and its blocking call returns -ERESTART...
 * (errno.h) or -EINTR. Then: an ignored signal is dropped; a default
 * action ends or stops the task (job control: task_stop); a handler gets
 * Linux's x86-64 signal frame on the user stack (sigframe.c).
 * Blocked signals wait. The standard signals do not queue: one pending
 * instance each, with the siginfo of its first sending. The real-time
 * ones (SIGRTMIN to 64) do, in order, up to SIG_QUEUE_MAX instances in
 * all beyond the first of each.
 * Two pending sets: each thread's own (tkill, tgkill, its faults) and
 * its group's, kept in the leader (kill, SIGCHLD, timers: the process's),
 * which any thread of the group that does not block a signal may take;
 * a thread's own signals are taken before the group's.
 */
#ifndef MINOS_PROC_SIGNAL_H
#define MINOS_PROC_SIGNAL_H

#include "types.h"
#include "uapi/signal.h"
#include "uapi/siginfo.h"

struct task;
struct regs;

#define SIG_BIT(sig) (1ULL << ((sig) - 1))
#define SIG_UNBLOCKABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))

/* What a pending signal's siginfo will say (uapi/siginfo.h): its si_code
 * and the fields that code fills. */
struct sig_info {
	int code;
	int pid;         /* kill, tkill, sigqueue, SIGCHLD: the sender or child */
	u32 uid;
	int status;      /* SIGCHLD: exit code or signal */
	u64 addr;        /* faults: si_addr; sigqueue: si_value */
};

#define SIG_QUEUE_MAX 32

/* A further instance of a pending real-time signal. */
struct sig_queued {
	int sig;
	struct sig_info info;
};

/* A set of pending signals with their siginfo: a thread's own, or its
 * group's. */
struct sig_pending {
	u64 set;                  /* bit N-1: signal N is pending */
	struct sig_info info[NSIG + 1]; /* each pending signal's (first) siginfo */
	struct sig_queued queue[SIG_QUEUE_MAX]; /* then the later real-time ones */
	int queued;
};

/* The signal actions, shared by the tasks made with CLONE_SIGHAND (every
 * thread of a group); freed with the last. */
struct sighand {
	int users;
	struct kernel_sigaction action[NSIG + 1];
};

/* A task's signal state: the mask and the pending signals are the
 * thread's own; the actions are its sighand's. */
struct task_signals {
	struct kernel_sigaction *action; /* hand->action */
	struct sighand *hand;
	u64 blocked;              /* bit N-1: signal N is blocked */
	u64 pending;              /* the thread's own pending signals */
	struct sig_info info[NSIG + 1]; /* each pending signal's (first) siginfo */
	struct sig_queued queue[SIG_QUEUE_MAX]; /* then the later real-time ones */
	int queued;
	u64 saved_mask;           /* rt_sigsuspend: the mask to go back to */
	bool restore_mask;        /* ... once the call ends */
	struct kernel_sigaltstack altstack; /* ss_size 0: none */
	/* The last fault in ring 3, for the frame's err, trapno and cr2
	 * (Linux keeps them per thread and never clears them). */
	u64 fault_error, fault_trapno, fault_cr2;
	/* The group's set may hold a signal for this thread: it was chosen to
	 * take one, or its mask changed (from look_mask, the mask when this
	 * was last decided) while the group's set held a signal it does not
	 * block: Linux's TIF_SIGPENDING, as recalc_sigpending sets it. */
	bool group_look;
	u64 look_mask;
	u64 waiting;              /* rt_sigtimedwait's set, unblocked while it waits but
				     still blocked for "is it ignored?" (Linux's real_blocked) */
	/* Leader only: the process's pending signals (signal_send_process),
	 * which outlive the leader's own end while its threads run. */
	struct sig_pending group;
};

const char *signal_name(int sig);
/* sig's action is to ignore it: SIG_IGN, or SIG_DFL for a signal whose
 * default is to be ignored. */
bool signal_ignored(const struct task *t, int sig);

/* Makes sig pending on t with what its siginfo will say, and wakes t when
 * it sleeps and would act on it. A signal already pending keeps its first
 * siginfo. */
void signal_send_info(struct task *t, int sig, const struct sig_info *info);
/* Takes pending sig off t (its first instance, for a queued real-time
 * signal), from t's own set first, then its group's, and gives its
 * siginfo. */
void signal_dequeue(struct task *t, int sig, struct sig_info *info);
/* Drops every pending instance of the signals in mask from t's own set. */
void signal_discard(struct task *t, u64 mask);
/* ... from the group's set and every thread's own (sigaction to ignore). */
void signal_discard_group(struct task *t, u64 mask);
/* t's own pending signals and its group's. */
u64 signal_pending_set(const struct task *t);
/* t is to look at its group's set on its way back to ring 3. */
bool signal_group_look(const struct task *t);
/* t's mask changed (sigprocmask, sigsuspend): Linux's recalc_sigpending. */
void signal_mask_changed(struct task *t, u64 old);
/* t blocked signals or is ending: a group signal it was to take goes to
 * another thread that does not block it, woken (Linux's
 * retarget_shared_pending). */
void signal_retarget(struct task *t);
/* From the kernel itself (si_code SI_KERNEL). */
void signal_send(struct task *t, int sig);
/* The current task sends sig to itself as kill(2) would (SIGPIPE): false
 * when it is ignored. */
bool signal_send_current(int sig);
/* A fault in ring 3: Linux's force_sig. sig is made pending with its
 * si_code and address; if it is blocked or ignored, it is unblocked and
 * its action reset to the default first, so it cannot be escaped. */
void signal_force(int sig, const struct sig_info *info);

/* Signals that are pending, unblocked and acted on (not ignored). */
u64 signal_deliverable(const struct task *t);
/* True when the current task has such a signal: a blocking call stops. */
bool signal_pending(void);

/* On every way back to ring 3 (task_return_to_user): an interrupted call
 * becomes -EINTR or is restarted, then each deliverable signal is acted
 * on: a handler's frame is built, a default action ends the task. */
void signal_deliver(struct regs *r);

/* fork: the child keeps the actions (the same ones with share, a copy
 * otherwise), the mask and the alternate stack; nothing is pending.
 * -ENOMEM when a copy cannot be made. */
int signal_fork(struct task *child, const struct task *parent, bool share);
/* The first task's default actions (-ENOMEM); a task's last use of its
 * actions (when its slot is freed). */
int signal_init_task(struct task *t);
void signal_release(struct task *t);
/* execve: actions shared with another process become the task's own. */
int signal_unshare(struct task *t);
/* A process-directed signal (kill, a terminal, SIGCHLD...) to the group
 * of t: made pending in the group's set, and one of its threads that does
 * not block it (the leader first, as Linux's complete_signal chooses) is
 * woken to take it; when every thread blocks it, it waits there. SIGKILL
 * goes to every thread; SIGCONT continues the group. */
void signal_send_process(struct task *t, int sig, const struct sig_info *info);
/* execve: handlers go back to SIG_DFL (ignored signals stay ignored), the
 * alternate stack is forgotten; the mask and pending signals stay. */
void signal_reset_on_exec(struct task *t);

/* sigframe.c: Linux's x86-64 frame for a handler, and rt_sigreturn's
 * restore. signal_frame_setup is 0, or -EFAULT when the frame cannot be
 * written (the caller then forces SIGSEGV). */
int signal_frame_setup(struct regs *r, int sig, const struct kernel_sigaction *ka,
		       const struct sig_info *info, u64 oldmask);
/* The siginfo a handler or rt_sigtimedwait sees for a pending signal. */
void signal_fill_siginfo(struct kernel_siginfo *si, int sig, const struct sig_info *info);
/* The alternate stack's state for a user RSP: SS_DISABLE, SS_ONSTACK or 0. */
int signal_altstack_flags(const struct task *t, u64 sp);
/* Installs ss as t's alternate stack (sigaltstack(2)'s rules): -EPERM
 * while sp is on the current one, -EINVAL for unknown flags, -ENOMEM when
 * it is smaller than MINSIGSTKSZ. */
long signal_altstack_set(struct task *t, const struct kernel_sigaltstack *ss, u64 sp);

#endif
