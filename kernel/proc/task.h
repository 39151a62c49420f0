/*
 * task.h - a task: one running program with its own address space, kernel
 * stack and register frame.
 *
 * Invariants: while a task runs in ring 3, this CPU's per-CPU block points
 * at it and its kernel stack top is both percpu.kernel_stack_top (for
 * SYSCALL) and TSS.RSP0 (for interrupts); `regs` points at the frame of the
 * entry in progress (at the top of the kernel stack). A task's exit status
 * uses Linux's wait-status encoding: code << 8, or the signal number.
 */
#ifndef MINOS_PROC_TASK_H
#define MINOS_PROC_TASK_H

#include "types.h"
#include "mm/vm.h"
#include "uapi/misc.h"
#include "uapi/signal.h"
#include "arch/x86_64/frame.h"

struct mm;
struct fdtable;
struct inode;

#define TASK_NAME_MAX 64

struct task {
	int pid;
	char name[TASK_NAME_MAX];
	struct mm *mm;          /* address space and its areas */
	struct fdtable *files;  /* open file descriptors */
	struct inode *cwd;      /* current directory (referenced) */
	u32 umask;
	struct rlimit rlim[RLIM_NLIMITS];
	u64 kstack_top;
	struct regs *regs;
	u64 fs_base;            /* user FS base (arch_prctl), kept in MSR_FS_BASE */
	u64 clear_child_tid;    /* set_tid_address(2) */
	u64 sig_handler[NSIG + 1]; /* SIG_DFL, SIG_IGN or a user address */
	u64 sig_blocked;        /* bit N-1: signal N is blocked */
	u64 sig_pending;
	int exit_status;
};

struct task *current_task(void);

/* Makes the first task from the program at path; never returns. */
__noreturn void task_start_init(const char *path, int argc, const char *const argv[]);

/* Called on every way back to ring 3 from a syscall (dispatch.c). */
void task_return_to_user(struct regs *r);

/* Ends the current task: exit(code), or killed by a signal. */
__noreturn void task_exit(int code);
__noreturn void task_kill(int sig);

#endif
