/*
 * task.c - the first task and the ways a task leaves the kernel: back to
 * ring 3, or out for good (task.h).
 *
 * MinOS runs one task here: the program named by init= (default /bin/init).
 * When it ends, the kernel logs how ("init exited with status N" or "init
 * was killed by signal N (NAME)") and powers the machine off; the log line
 * is what scripts/minos-run turns into its exit status. (Linux instead
 * panics when init exits.)
 */
#include "proc/task.h"
#include "proc/exec.h"
#include "proc/signal.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/paging.h"
#include "mm/kstack.h"
#include "mm/mmap.h"
#include "fs/file.h"
#include "dev/tty.h"
#include "power.h"
#include "panic.h"
#include "log.h"
#include "errno.h"
#include "lib/string.h"

extern void isr_exit(void);

static struct task init_task;

/* Linux's defaults for a process started by the kernel. */
static void set_default_limits(struct task *t)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		t->rlim[i] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	t->rlim[RLIMIT_STACK].rlim_cur = 8ULL << 20;
	t->rlim[RLIMIT_CORE].rlim_cur = 0;
	t->rlim[RLIMIT_NOFILE] = (struct rlimit){ 1024, FD_MAX };
}

struct task *current_task(void) { return this_cpu()->current; }

const char *signal_name(int sig)
{
	static const char *const names[] = {
		[SIGHUP] = "SIGHUP",   [SIGINT] = "SIGINT",   [SIGQUIT] = "SIGQUIT",
		[SIGILL] = "SIGILL",   [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
		[SIGBUS] = "SIGBUS",   [SIGFPE] = "SIGFPE",   [SIGKILL] = "SIGKILL",
		[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
		[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
		[SIGCHLD] = "SIGCHLD",
	};
	if (sig > 0 && (size_t)sig < ARRAY_SIZE(names) && names[sig])
		return names[sig];
	return "signal";
}

/* Jumps into ring 3 through the frame at t->regs; never returns. */
static __noreturn void enter_user(struct task *t)
{
	struct percpu *cpu = this_cpu();

	cpu->current = t;
	cpu->kernel_stack_top = t->kstack_top;
	tss_set_rsp0(t->kstack_top);
	mm_activate(t->mm);
	wrmsr(MSR_FS_BASE, t->fs_base);
	wrmsr(MSR_KERNEL_GS_BASE, 0); /* the user's GS base, after swapgs */
	__asm__ volatile("mov %0, %%rsp\n\tjmp isr_exit" ::"r"(t->regs) : "memory");
	__builtin_unreachable();
}

__noreturn void task_start_init(const char *path, int argc, const char *const argv[])
{
	static const char *const envp[] = { "HOME=/", "PATH=/bin", "TERM=linux" };
	struct task *t = &init_task;

	t->pid = 1;
	t->kstack_top = kstack_alloc();
	if (!t->kstack_top)
		panic("init: no memory for a kernel stack");
	set_default_limits(t);
	t->umask = 022;
	t->cwd = vfs_root ? inode_get(vfs_root) : NULL;
	t->files = fdtable_new();
	if (!t->files || tty_open_std(t->files) < 0)
		panic("init: cannot open the terminal as descriptors 0, 1 and 2");
	this_cpu()->current = t;
	int err = exec_program(t, path, argc, argv, ARRAY_SIZE(envp), envp);
	if (err) {
		kprintf("MinOS: cannot run init %s: error %d\n", path, err);
		kprintf("MinOS: init exited with status 127\n");
		machine_exit(MINOS_EXIT_FAILURE);
	}
	pr_info("MinOS: starting init %s (pid 1)\n", path);
	enter_user(t);
}

void task_return_to_user(struct regs *r)
{
	/* IRETQ to a non-canonical RIP would fault in ring 0 with the user's
	 * GS loaded: such a return becomes a SIGSEGV instead. */
	if (!va_is_canonical(r->rip))
		task_kill(SIGSEGV);
}

/* The end of a task: its memory goes back, then (being init) the machine
 * stops. Runs on the task's kernel stack, in the kernel's address space. */
static __noreturn void task_finish(struct task *t)
{
	vm_space_activate(vm_kernel_space());
	mm_destroy(t->mm);
	t->mm = NULL;
	fdtable_free(t->files);
	t->files = NULL;
	if (t->cwd)
		inode_put(t->cwd);
	t->cwd = NULL;
	if ((t->exit_status & 0x7f) == 0)
		kprintf("MinOS: init exited with status %d\n", (t->exit_status >> 8) & 0xff);
	else
		kprintf("MinOS: init was killed by signal %d (%s)\n", t->exit_status & 0x7f,
			signal_name(t->exit_status & 0x7f));
	machine_exit(t->exit_status == 0 ? MINOS_EXIT_SUCCESS : MINOS_EXIT_FAILURE);
}

__noreturn void task_exit(int code)
{
	struct task *t = current_task();
	t->exit_status = (code & 0xff) << 8;
	task_finish(t);
}

__noreturn void task_kill(int sig)
{
	struct task *t = current_task();
	t->exit_status = sig & 0x7f;
	task_finish(t);
}
