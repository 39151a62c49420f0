/*
 * ptrace.h - a tracer's hold on its tracees (ptrace(2), Linux's semantics):
 * the link from a tracee to its tracer, the stops at which the tracee
 * waits for the tracer (syscall entry and exit, signal delivery, group
 * stop, events), and how the tracer resumes it.
 *
 * Invariants:
 *  - a task has at most one tracer (pt.tracer), never itself; the tracer
 *    need not be its parent; when a tracer ends, every tracee is detached
 *    (or killed, with PTRACE_O_EXITKILL) first, so pt.tracer never points
 *    at a dead task;
 *  - a tracee in a ptrace stop is TASK_TRACED, off the run queue; only its
 *    tracer (a resume request, PTRACE_DETACH, its own end) or SIGKILL makes
 *    it run again; the stop's wait4 status is (pt.stop_code << 8) | 0x7f
 *    until the tracer's wait4 has reported it (PT_STOP_UNREPORTED);
 *  - pt.siginfo is meaningful only while stopped with PT_HAS_SIGINFO.
 */
#ifndef MINOS_PROC_PTRACE_H
#define MINOS_PROC_PTRACE_H

#include "types.h"
#include "uapi/siginfo.h"

struct task;
struct regs;
struct sig_info;

/* pt.flags */
#define PT_SEIZED 0x001          /* attached by PTRACE_SEIZE */
#define PT_SYSCALL_STOPS 0x002   /* resumed by PTRACE_SYSCALL */
#define PT_FORCED_TF 0x004       /* TF set by PTRACE_SINGLESTEP, not by the program */
#define PT_STOP_UNREPORTED 0x008 /* a stop the tracer's wait4 has not seen */
#define PT_TRAP_PENDING 0x010    /* PTRACE_INTERRUPT (or an auto-attach) asks for a PTRACE_EVENT_STOP */
#define PT_LISTENING 0x020       /* PTRACE_LISTEN: stays stopped until a trap is due */
#define PT_HAS_SIGINFO 0x040     /* the stop has a siginfo (GETSIGINFO) */
#define PT_SYSCALL_FRAME 0x080   /* the user frame was saved by a system call (orig_rax) */

struct ptrace_link {
	struct task *tracer;   /* NULL: not traced */
	u32 flags;             /* PT_* */
	u32 options;           /* PTRACE_O_* */
	int stop_code;         /* wait4's status >> 8 for the current stop */
	int resume_sig;        /* the signal the tracer resumed with */
	int group_stop_sig;    /* a group stop is in effect for this tracee */
	u64 message;           /* PTRACE_GETEVENTMSG */
	struct kernel_siginfo siginfo;
	u64 debugreg[8];       /* stored for PEEKUSER/POKEUSER; never armed */
};

/* syscall_dispatch(): the syscall-entry stop (the tracer may change the
 * number, -1 skipping the call, and the arguments) and the exit stop (it
 * may change the result). ptrace_syscall_entry returns the number to run. */
u64 ptrace_syscall_entry(struct regs *r);
void ptrace_syscall_exit(struct regs *r);

/* signal_deliver(): a signal-delivery stop for sig. Returns the signal to
 * act on (0: suppressed, or requeued because blocked) and its siginfo. */
int ptrace_signal_stop(int sig, struct sig_info *info);
/* A group stop (stop signal, default action) of a traced task. */
void ptrace_group_stop(int sig);
/* A pending PTRACE_INTERRUPT or auto-attach trap: the PTRACE_EVENT_STOP. */
void ptrace_trap_stop(void);
/* SIGCONT reached a traced task (signal_send_info): a seized tracee traps
 * again, a listening one is woken for it. */
void ptrace_sigcont(struct task *t);

/* Event stops. fork-like calls: the child is attached like its parent when
 * the tracer asked for that event (clone_flags: Linux's CLONE_VFORK and
 * the exit signal decide which), then the parent stops. */
void ptrace_fork(struct task *child, bool vfork, int exit_signal);
/* execve succeeded (old_pid: GETEVENTMSG's answer). */
void ptrace_exec(int old_pid);
/* The task is ending with a wait4 status: PTRACE_EVENT_EXIT. */
void ptrace_exit_event(int status);

/* task_finish(): t is ending. Its tracees are detached (or killed, with
 * PTRACE_O_EXITKILL) and go on; if t is traced by a task other than its
 * parent, that tracer is told of its end and true is returned: the parent
 * hears of it once the tracer has collected it (ptrace_collect). */
bool ptrace_task_end(struct task *t);
/* wait4: a tracee's stop its tracer has not seen yet; true with *status
 * set (Linux's encoding, (code << 8) | 0x7f), and then it is seen. */
bool ptrace_wait_stop(struct task *c, int *status);
/* wait4 by a tracer that is not c's parent, for a zombie tracee: c leaves
 * its tracer and its parent is told of its end. */
void ptrace_collect(struct task *c);
/* A zombie the parent must not reap yet: its tracer has not seen it. */
bool ptrace_hides_zombie(const struct task *c);

/* Attaching (sets pt and counts the task in syscall_slow_tasks) and
 * detaching (clears the TF the tracer set). */
void ptrace_link(struct task *t, struct task *tracer, u32 flags, u32 options);
void ptrace_unlink(struct task *t);
/* PTRACE_DETACH and the tracer's end: unlinked, then resumed with sig
 * (-1: the signal the tracee stopped for), or left stopped, as any stopped
 * task, while a group stop holds it. */
void ptrace_release(struct task *c, int sig);

/* task_return_to_user(), last, for a tracee: a pending PTRACE_INTERRUPT
 * stops it (signal_deliver); a RIP or selector a tracer wrote that IRETQ
 * cannot take becomes a SIGSEGV (the tracer's to see), then the end if it
 * is still there. */
void ptrace_return_check(struct regs *r);

/* The user frame of a task (the top of its kernel stack). */
struct regs *ptrace_user_regs(struct task *t);
/* Reads or writes len bytes of t's memory at addr as a tracer does (force:
 * through read-only and non-readable mappings) or as process_vm_readv and
 * process_vm_writev do (the mapping's rights). Returns the bytes done
 * before the first page that cannot be reached. */
u64 ptrace_access_vm(struct task *t, u64 addr, void *buf, u64 len, bool write, bool force);

#endif
