/*
 * task.h - tasks (processes: one thread each), the process table, and the
 * ways a task leaves the kernel: back to ring 3, or out for good.
 *
 * Invariants:
 *  - while a task runs, this CPU's per-CPU block points at it, and its
 *    kernel stack top is both percpu.kernel_stack_top (SYSCALL) and
 *    TSS.RSP0 (interrupts); `regs` points at the frame of the entry in
 *    progress, at the top of its kernel stack;
 *  - a task's exit status uses Linux's wait-status encoding: code << 8, or
 *    the signal number;
 *  - a dead task stays a zombie (its pid, status and kernel stack kept)
 *    until its parent reaps it with wait4; orphans are given to pid 1;
 *  - only group leaders are children of a process (parent, children,
 *    sibling); a thread's parent is NULL and it is freed as soon as it
 *    ends; a leader's zombie is reported only once its group is empty.
 */
#ifndef MINOS_PROC_TASK_H
#define MINOS_PROC_TASK_H

#include "types.h"
#include "mm/vm.h"
#include "uapi/misc.h"
#include "arch/x86_64/switch.h"
#include "uapi/signal.h"
#include "proc/wait.h"
#include "proc/signal.h"
#include "proc/ptrace.h"
#include "arch/x86_64/frame.h"
#include "arch/x86_64/percpu.h"

struct mm;
struct fdtable;
struct inode;
struct ptimer;

#define TASK_NAME_MAX 64
#define TASK_MAX 64        /* the process table's size: fork beyond it is -EAGAIN */
#define PID_MAX 32768

/* A call that resumes through restart_syscall(2) when a signal without a
 * handler interrupted it (a sleep: it goes on to its first deadline). */
struct restart_block {
	long (*fn)(struct restart_block *rb);
	int clock;
	s64 deadline_ns;
	u64 rem;              /* user address for the time left, or 0 */
	u64 arg;              /* futex: the value and bitset (sys_futex.c) */
};

enum task_state {
	TASK_FREE = 0,
	TASK_RUNNABLE,  /* running, or waiting for the CPU */
	TASK_SLEEPING,  /* waiting on a wait queue */
	TASK_STOPPED,   /* stopped by a signal until SIGCONT (or SIGKILL) */
	TASK_TRACED,    /* in a ptrace stop until its tracer resumes it (or SIGKILL) */
	TASK_ZOMBIE,    /* dead, waiting to be reaped */
};

struct task {
	/* Saved by switch.asm: the kernel RSP while the task is switched out,
	 * which points at what it saved. Must stay the first field. */
	struct switch_frame *ksp;
	enum task_state state;
	int pid, pgid, sid;     /* pid: the thread's own id (gettid) */
	int tgid;               /* its thread group's id: the leader's pid (getpid) */
	struct task *group_leader; /* the thread whose pid is tgid (itself for a leader) */
	int exit_signal;        /* sent to the parent at the group's end; 0: none (threads) */
	bool group_exit;        /* leader: exit_group or a fatal signal is ending the group */
	int group_status;       /* ... with this status (wait4's encoding) */
	bool exec_zap;          /* leader: execve in one thread is ending the others */
	bool reap_pending;      /* a dead thread whose slot goes back after the switch */
	bool tracer_first;      /* at its end, its tracer was told first (ptrace_task_end) */
	u64 fs_id;              /* tasks with the same id share cwd and umask (CLONE_FS) */
	struct task *vfork_parent; /* CLONE_VFORK: the parent sleeping until exec or exit */
	bool vfork_done;        /* ... set in the parent when that happens */
	struct wait_queue vfork_wait;
	struct task *parent;    /* leaders only: the parent process's leader */
	struct task *children; /* first child */
	struct task *sibling;  /* next child of the same parent */
	struct task *run_next; /* in the run queue */
	struct task *wait_next; /* in the wait queue it sleeps on */
	struct wait_queue *waiting_on;
	struct wait_queue child_exit; /* the parent waits here in wait4 */
	char name[TASK_NAME_MAX];
	struct mm *mm;          /* address space and its areas */
	struct fdtable *files;  /* open file descriptors */
	struct inode *cwd;      /* current directory (referenced) */
	u32 umask;
	struct rlimit rlim[RLIM_NLIMITS];
	u64 kstack_top;
	struct regs *regs;
	u64 fs_base;            /* user FS base (arch_prctl), MSR_FS_BASE */
	u64 gs_base;            /* user GS base, MSR_KERNEL_GS_BASE in the kernel */
	u64 clear_child_tid;    /* set_tid_address(2), CLONE_CHILD_CLEARTID */
	u64 robust_list;        /* set_robust_list(2): the head's user address, or 0 */
	u64 robust_len;         /* and the size it was given (proc/futex.h) */
	struct task_signals sig; /* actions, mask, pending signals (signal.h) */
	long sc_nr;             /* the system call in progress (RAX at entry), or -1 */
	bool sc_compat;         /* ... entered through int 0x80 */
	struct restart_block restart;
	/* The interval and POSIX timers are the process's: the leader's. */
	u64 itimer_real_ns;     /* ITIMER_REAL: CLOCK_MONOTONIC deadline, 0 if off */
	u64 itimer_real_interval_ns;
	u64 itimer_virt_ns, itimer_virt_interval_ns; /* ITIMER_VIRTUAL: CPU time left, 0 if off */
	u64 itimer_prof_ns, itimer_prof_interval_ns; /* ITIMER_PROF */
	u64 utime_ticks, stime_ticks; /* CPU time: ticks that found it in ring 3, in the kernel */
	struct ptimer *timers;  /* POSIX timers (proc/ptimer.h), NULL until the first */
	int exit_status;
	int stop_sig;           /* the signal that stopped it (TASK_STOPPED) */
	u8 jobctl;              /* JOBCTL_*: what wait4 has yet to report */
	u64 start_ticks;
	int pdeath_sig;         /* prctl(PR_SET_PDEATHSIG): sent when parent_tid ends */
	struct ptrace_link pt;  /* ptrace(2): its tracer and stops (proc/ptrace.h) */
	/* Process-wide CPU times, kept in the leader: the ticks of its ended
	 * threads, and of its waited-for children (RUSAGE_CHILDREN). */
	u64 dead_utime_ticks, dead_stime_ticks;
	u64 child_utime_ticks, child_stime_ticks;
	int parent_tid;         /* the thread that made this process (PR_SET_PDEATHSIG) */
	/* LAB trace BEGIN: the trace mask, inherited across fork */
	u64 trace_mask;         /* bit N: log system call N (N < 64) as it returns */
	/* LAB trace END */
	u64 cpus_allowed;       /* sched_setaffinity's mask (bit n: CPU n); 0: any CPU */
	unsigned cpu;           /* the CPU it runs on, or last ran on (proc/sched.c) */
	u8 fpu[512] __aligned(16); /* x87/SSE state (FXSAVE), saved on switch */
};

/* jobctl: a stop or a continue the parent's wait4 has not seen yet
 * (WUNTRACED, WCONTINUED). */
#define JOBCTL_STOP_UNREPORTED 0x1
#define JOBCTL_CONT_UNREPORTED 0x2
/* Another thread of the group took a stop signal: this one stops too on
 * its way back to ring 3 (a group stop; its blocking call is restarted
 * once continued). */
#define JOBCTL_STOP_PENDING 0x4

/* The task running on this CPU (the per-CPU block, through GS). */
static inline struct task *current_task(void) { return this_cpu()->current; }
struct task *task_by_pid(int pid);
/* Iterates over live tasks (not free slots): for (t = NULL; (t = task_next(t));) */
struct task *task_next(struct task *t);

/* Makes pid 1 from the program at path and starts scheduling; never
 * returns. */
__noreturn void task_start_init(const char *path, int argc, const char *const argv[]);

/* clone(2)'s sharing flags (uapi/sched.h). */
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_NEWNS 0x00020000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_NEWCGROUP 0x02000000
#define CLONE_NEWUTS 0x04000000
#define CLONE_NEWIPC 0x08000000
#define CLONE_NEWUSER 0x10000000
#define CLONE_NEWPID 0x20000000
#define CLONE_NEWNET 0x40000000
#define CLONE_IO 0x80000000
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#define CLONE_INTO_CGROUP 0x200000000ULL

/* A new task made from the current one (clone): flags say what it shares
 * (CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND) and whether it joins
 * the caller's thread group (CLONE_THREAD) or becomes a child of the
 * caller's process (of its parent with CLONE_PARENT), sending exit_signal
 * at its end. It returns 0 from the same frame, on child_stack when not
 * 0. Returns it, or NULL with *err set (-EAGAIN, -ENOMEM). */
struct task *task_clone(u64 flags, int exit_signal, u64 child_stack, int *err);

/* Every thread of t's group in the table (a zombie leader included, the
 * ended threads not), t included: for (o = NULL; (o = thread_next(t, o));) */
struct task *thread_next(const struct task *t, struct task *o);
/* True when no thread of t's group other than t is alive. */
bool thread_group_alone(const struct task *t);
/* True when no thread of t's group is alive. */
bool thread_group_dead(const struct task *t);
/* CPU time of t's process (its live and ended threads), in ticks; its
 * waited-for children's are the leader's child_*time_ticks. */
void task_group_times(const struct task *t, u64 *utime, u64 *stime);

/* exit_group(2) and fatal signals: the group ends with status (wait4's
 * encoding); every other thread is killed; never returns. */
__noreturn void task_group_exit(int status);
/* execve succeeded in the current thread: the other threads end, and the
 * caller takes the leader's pid and place (Linux's de_thread). */
void task_exec_alone(void);
/* CLONE_VFORK: the parent waits until the child execs or ends. */
void task_vfork_wait(void);
void task_vfork_release(struct task *t);
/* Frees the slots of threads that ended (called after a switch). */
void task_release_dead(void);
/* A traced thread's end was seen by its tracer (or the tracer is gone):
 * its slot can go. Does nothing for a leader or a live task. */
void task_thread_collected(struct task *t);
/* chdir/fchdir and umask: for every task sharing t's (CLONE_FS). dir is
 * the caller's reference. */
void task_set_cwd(struct task *t, struct inode *dir);
void task_set_umask(struct task *t, u32 mask);

/* Called on every way back to ring 3 (syscalls and interrupts):
 * delivers pending signals and gives up the CPU when its time is up. */
void task_return_to_user(struct regs *r);

/* Ends the current thread: exit(code) (the group goes on while another
 * thread lives), or killed by a signal (the whole group ends). */
__noreturn void task_exit(int code);
__noreturn void task_kill(int sig);

/* The x87/SSE state of a fresh program (execve). */
void task_fpu_reset(struct task *t);

/* Job control (proc/signal.c calls these). task_stop stops the current
 * task with sig and returns once it is continued; task_continue resumes a
 * stopped group. Both tell the parent (SIGCHLD with CLD_STOPPED or
 * CLD_CONTINUED, unless its SIGCHLD action has SA_NOCLDSTOP) and wake
 * its wait4. */
void task_stop(int sig);
void task_continue(struct task *t);
/* A stop signal's default action in a thread: every thread of the group
 * stops (the others when they next return to ring 3), then the caller,
 * as task_stop; the last to stop tells the parent. task_continue
 * resumes every thread of t's group, told once. */
void task_group_stop(int sig);
/* True when no member of process group pgid has a parent in another group
 * of the same session (init does not count): a stop signal from the
 * terminal means nothing to such an orphaned group. */
bool pgrp_orphaned(int pgid);

/* SIGCHLD to t's parent with code (CLD_*) and status, and its wait4
 * woken; a stop or a continue is not signalled under SA_NOCLDSTOP. */
void task_notify_parent(struct task *t, int code, int status);

/* Reaps a zombie child: frees what is left of it. */
void task_reap(struct task *child);

/* The trace lab (syscall/lab_trace.c): called by syscall_dispatch() with
 * each call's number and result as the call returns. */
void lab_trace_syscall_exit(u64 nr, long ret);

/* For /proc/loadavg and /proc/stat: the pid handed out last, and how many
 * tasks (processes and threads) were created since boot. */
int task_last_pid(void);
u64 task_created_count(void);

#endif
