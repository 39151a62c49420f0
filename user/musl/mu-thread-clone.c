/*
 * mu-thread-clone - clone(2) and clone3(2) made by hand (no pthread, no
 * futex): Linux's EINVAL, E2BIG and EFAULT for bad flags and bad
 * clone_args; a thread's ids (getpid, gettid, getppid), its stack, TLS
 * base, CLONE_PARENT_SETTID, CLONE_CHILD_SETTID and CLONE_CHILD_CLEARTID;
 * shared descriptors and directory (CLONE_FILES, CLONE_FS) and their
 * absence; threads are not children (wait4); /proc/self/task; vfork
 * shares memory and the parent waits. Expected: the reference Linux's
 * results.
 */
#define _GNU_SOURCE
#include "mu-check.h"
#include "mu-thread.h"
#define ARCH_GET_FS 0x1003 /* asm/prctl.h */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>

#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif

struct clone_args_v0 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

static char stack1[RAW_STACK_SIZE] __attribute__((aligned(16)));

/* clone's result as a check line: the errno name, or "ok" for a task. */
static void check_clone_err(const char *what, long ret, int want)
{
	if (ret > 0) { /* made one by mistake: it exits at once (fn 0) */
		printf("%s: made a task, expected -%s: FAIL\n", what, errno_name(want));
		failures++;
		return;
	}
	errno = (int)-ret;
	check_errno(what, ret ? -1 : 0, want);
}

static int quit(void *arg)
{
	(void)arg;
	return 0;
}

static long clone3_raw(struct clone_args_v0 *a, unsigned long size)
{
	return raw_syscall(SYS_clone3, a, size, 0);
}

static void errors(void)
{
	void *sp = RAW_STACK_TOP(stack1);
	check_clone_err("clone THREAD without SIGHAND",
			raw_clone(CLONE_VM | CLONE_THREAD, sp, 0, 0, 0, quit, 0), EINVAL);
	check_clone_err("clone SIGHAND without VM", raw_clone(CLONE_SIGHAND, sp, 0, 0, 0, quit, 0),
			EINVAL);
	check_clone_err("clone THREAD|SIGHAND without VM",
			raw_clone(CLONE_THREAD | CLONE_SIGHAND, sp, 0, 0, 0, quit, 0), EINVAL);
	check_clone_err("clone NEWNS|FS", raw_clone(CLONE_NEWNS | CLONE_FS | SIGCHLD, sp, 0, 0, 0, quit, 0),
			EINVAL);
	check_clone_err("clone NEWUSER|FS",
			raw_clone(CLONE_NEWUSER | CLONE_FS | SIGCHLD, sp, 0, 0, 0, quit, 0), EINVAL);
	check_clone_err("clone PIDFD|THREAD",
			raw_clone(THREAD_FLAGS | CLONE_PIDFD, sp, 0, 0, 0, quit, 0), EINVAL);

	struct clone_args_v0 a;
	memset(&a, 0, sizeof(a));
	a.exit_signal = SIGCHLD;
	check_clone_err("clone3 size 0", clone3_raw(&a, 0), EINVAL);
	check_clone_err("clone3 size 63", clone3_raw(&a, 63), EINVAL);
	check_clone_err("clone3 size 4097", clone3_raw(&a, 4097), E2BIG);
	check_clone_err("clone3 bad pointer", clone3_raw((void *)16, 64), EFAULT);
	static unsigned char big[4096];
	memcpy(big, &a, sizeof(a));
	big[200] = 1;
	check_clone_err("clone3 non-zero tail", clone3_raw((void *)big, sizeof(big)), E2BIG);
	a.exit_signal = 65;
	check_clone_err("clone3 exit_signal 65", clone3_raw(&a, 64), EINVAL);
	a.exit_signal = 0x100 | SIGCHLD;
	check_clone_err("clone3 exit_signal beyond CSIGNAL", clone3_raw(&a, 64), EINVAL);
	a.exit_signal = SIGCHLD;
	a.flags = SIGCHLD;
	check_clone_err("clone3 signal in flags", clone3_raw(&a, 64), EINVAL);
	a.flags = 1ULL << 40;
	check_clone_err("clone3 unknown flag", clone3_raw(&a, 64), EINVAL);
	a.flags = CLONE_DETACHED;
	check_clone_err("clone3 CLONE_DETACHED", clone3_raw(&a, 64), EINVAL);
	a.flags = CLONE_VM | CLONE_SIGHAND | CLONE_CLEAR_SIGHAND;
	check_clone_err("clone3 SIGHAND|CLEAR_SIGHAND", clone3_raw(&a, 64), EINVAL);
	a.flags = THREAD_FLAGS;
	check_clone_err("clone3 THREAD with exit_signal", clone3_raw(&a, 64), EINVAL);
	a.flags = CLONE_PARENT;
	check_clone_err("clone3 PARENT with exit_signal", clone3_raw(&a, 64), EINVAL);
	a.flags = 0;
	a.stack = (uint64_t)(uintptr_t)stack1;
	check_clone_err("clone3 stack without size", clone3_raw(&a, 64), EINVAL);
	a.stack = 0;
	a.stack_size = 4096;
	check_clone_err("clone3 size without stack", clone3_raw(&a, 64), EINVAL);
	a.stack = 0x7ffffffff000ULL;
	a.stack_size = 0x10000;
	check_clone_err("clone3 stack past the user half", clone3_raw(&a, 64), EINVAL);
	a.stack = a.stack_size = 0;
	a.set_tid_size = 1;
	check_clone_err("clone3 set_tid_size without set_tid", clone3_raw(&a, 80), EINVAL);
	a.set_tid_size = 33;
	check_clone_err("clone3 set_tid_size 33", clone3_raw(&a, 80), EINVAL);
	a.set_tid_size = 0;
	a.set_tid = (uint64_t)(uintptr_t)&a;
	check_clone_err("clone3 set_tid without size", clone3_raw(&a, 80), EINVAL);
	a.set_tid = 0;
	a.flags = CLONE_VM | CLONE_THREAD;
	a.exit_signal = 0;
	check_clone_err("clone3 THREAD without SIGHAND", clone3_raw(&a, 64), EINVAL);
}

/* What a thread saw, for the main thread to check. */
static struct seen {
	long pid, tid, ppid, fs_base, ctid_at_start;
	volatile long done;
	char stack_probe;
	long stack_addr;
} seen;

static int ids_thread(void *arg)
{
	char here;
	seen.ctid_at_start = *(volatile int *)arg;
	seen.pid = raw_syscall(SYS_getpid, 0, 0, 0);
	seen.tid = raw_syscall(SYS_gettid, 0, 0, 0);
	seen.ppid = raw_syscall(SYS_getppid, 0, 0, 0);
	unsigned long fs = 0;
	raw_syscall(SYS_arch_prctl, ARCH_GET_FS, &fs, 0);
	seen.fs_base = (long)fs;
	seen.stack_addr = (long)(uintptr_t)&here;
	seen.done = 1;
	return 0;
}

static long tls_block[64];

static void ids(void)
{
	int ptid = 0, ctid = -1;
	long tid = raw_clone(THREAD_FLAGS | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |
				     CLONE_CHILD_CLEARTID,
			     RAW_STACK_TOP(stack1), &ptid, &ctid, (unsigned long)tls_block, ids_thread, &ctid);
	check("thread made", tid > 0);
	if (tid <= 0)
		return;
	check("CLONE_PARENT_SETTID wrote the tid", ptid == tid);
	check("CLONE_CHILD_CLEARTID cleared the tid at the end", wait_cleared(&ctid));
	check("thread ran", seen.done == 1);
	check("getpid in the thread is the process's", seen.pid == getpid());
	check("gettid in the thread is its own", seen.tid == tid && tid != getpid());
	check("CLONE_CHILD_SETTID wrote the tid before the thread ran", seen.ctid_at_start == tid);
	check("getppid in the thread is the process's parent", seen.ppid == getppid());
	check("CLONE_SETTLS set the FS base", seen.fs_base == (long)(uintptr_t)tls_block);
	check("the thread ran on the given stack",
	      seen.stack_addr > (long)(uintptr_t)stack1 &&
		      seen.stack_addr < (long)(uintptr_t)stack1 + RAW_STACK_SIZE);
	check_errno("wait4 on a thread", waitpid((pid_t)tid, NULL, __WALL | WNOHANG), ECHILD);
	check_errno("wait4 -1: threads are not children", waitpid(-1, NULL, __WALL | WNOHANG), ECHILD);
}

/* CLONE_FILES and CLONE_FS: the thread's open and chdir are the caller's. */
static volatile int shared_fd = -1;
static int files_thread(void *arg)
{
	(void)arg;
	shared_fd = (int)raw_syscall(SYS_open, "/", O_RDONLY | O_DIRECTORY, 0);
	raw_syscall(SYS_chdir, "/proc", 0, 0);
	return 0;
}

static void sharing(void)
{
	int ctid = 1;
	char cwd[64] = "";
	long tid = raw_clone(THREAD_FLAGS | CLONE_CHILD_CLEARTID, RAW_STACK_TOP(stack1), 0, &ctid, 0,
			     files_thread, 0);
	check("thread made", tid > 0 && wait_cleared(&ctid));
	check("CLONE_FILES: the thread's descriptor is ours", shared_fd >= 0 && fcntl(shared_fd, F_GETFD) == 0);
	check("CLONE_FS: the thread's chdir is ours", getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/proc"));
	if (shared_fd >= 0)
		close(shared_fd);
	chdir("/");

	/* CLONE_VM alone: memory shared, descriptors and directory copied. */
	shared_fd = -1;
	ctid = 1;
	tid = raw_clone(CLONE_VM | CLONE_CHILD_CLEARTID | SIGCHLD, RAW_STACK_TOP(stack1), 0, &ctid, 0,
			files_thread, 0);
	int status = -1;
	check("CLONE_VM child made", tid > 0 && waitpid((pid_t)tid, &status, 0) == tid);
	check("CLONE_VM child is a child that exits 0", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	check("CLONE_CHILD_CLEARTID in a CLONE_VM child", ctid == 0);
	check("without CLONE_FILES its descriptor is not ours",
	      shared_fd >= 0 && fcntl(shared_fd, F_GETFD) == -1 && errno == EBADF);
	check("without CLONE_FS its chdir is not ours", getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/"));
}

/* /proc/self/task lists every thread; /proc/self/status counts them. */
static volatile int task_stop;
static int sleeper(void *arg)
{
	(void)arg;
	while (!task_stop)
		raw_sleep_ms(5);
	return 0;
}

static long status_field(const char *path, const char *name)
{
	char line[256];
	long v = -1;
	FILE *f = fopen(path, "r");
	if (!f)
		return -2;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, strlen(name)))
			v = atol(line + strlen(name));
	fclose(f);
	return v;
}

static char stack2[RAW_STACK_SIZE] __attribute__((aligned(16)));

static void proc_task(void)
{
	int c1 = 1, c2 = 1;
	check_eq("tasks before", count_tasks(), 1);
	long t1 = raw_clone(THREAD_FLAGS | CLONE_CHILD_CLEARTID, RAW_STACK_TOP(stack1), 0, &c1, 0, sleeper, 0);
	long t2 = raw_clone(THREAD_FLAGS | CLONE_CHILD_CLEARTID, RAW_STACK_TOP(stack2), 0, &c2, 0, sleeper, 0);
	check("two threads made", t1 > 0 && t2 > 0);
	check_eq("tasks with two threads", count_tasks(), 3);
	check_eq("Threads: in /proc/self/status", status_field("/proc/self/status", "Threads:"), 3);
	check("Tgid: in /proc/self/status", status_field("/proc/self/status", "Tgid:") == getpid());
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/task/%ld/status", t1);
	check("Pid: of a thread's status is its tid", status_field(path, "Pid:") == t1);
	check("Tgid: of a thread's status is the process", status_field(path, "Tgid:") == getpid());
	snprintf(path, sizeof(path), "/proc/self/task/%ld/stat", t2);
	FILE *f = fopen(path, "r");
	long first = -1;
	check("a thread's stat opens", f && fscanf(f, "%ld", &first) == 1);
	if (f)
		fclose(f);
	check("a thread's stat begins with its tid", first == t2);
	task_stop = 1;
	check("both ended", wait_cleared(&c1) && wait_cleared(&c2));
	raw_sleep_ms(20);
	check_eq("tasks after", count_tasks(), 1);
}

static volatile int vfork_word;
static void vfork_shares(void)
{
	vfork_word = 0;
	pid_t pid = vfork();
	if (pid == 0) {
		vfork_word = 42; /* the parent's memory: it is asleep */
		_exit(3);
	}
	int status = -1;
	check("vfork: the child ran before the parent went on", vfork_word == 42);
	check("vfork: the child is waited for", waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
							 WEXITSTATUS(status) == 3);
}

int main(void)
{
	check_start();
	section("errors", errors, 20);
	section("ids", ids, 20);
	section("sharing", sharing, 20);
	section("proc-task", proc_task, 20);
	section("vfork", vfork_shares, 20);
	return check_exit();
}
