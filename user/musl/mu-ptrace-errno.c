/*
 * mu-ptrace-errno.c - ptrace(2)'s errors, compared with Linux: -ESRCH for
 * a task the caller does not trace, does not exist, or that is not
 * stopped; -EPERM for attaching to oneself, to a task already traced, or
 * TRACEME twice; -EIO for unknown requests, bad addresses, PEEKUSER
 * offsets, signals and SEIZE arguments, and INTERRUPT/LISTEN without
 * SEIZE; -EINVAL for unknown options and GETSIGINFO at a group stop of a
 * non-seized tracee; -EFAULT for a bad buffer.
 */
#include "mu-ptrace.h"

static long peek_word;

static pid_t gone_pid(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

static int idle_child(void)
{
	for (int i = 0; i < 200; i++)
		sleep_ms(10);
	return 0;
}

static void not_traced(void)
{
	pid_t gone = gone_pid();
	check_errno("cont, no such pid", pt(PTRACE_CONT, gone, 0, 0), ESRCH);
	check_errno("attach, no such pid", pt(PTRACE_ATTACH, gone, 0, 0), ESRCH);
	check_errno("getregs on the parent", pt(PTRACE_GETREGS, getppid(), 0, &peek_word), ESRCH);
	check_errno("attach to oneself", pt(PTRACE_ATTACH, getpid(), 0, 0), EPERM);
	check_errno("seize oneself", pt(PTRACE_SEIZE, getpid(), 0, 0), EPERM);
	check_errno("unknown request, no such pid", pt(0x1234, gone, 0, 0), ESRCH);

	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		idle_child();
		_exit(0);
	}
	check_errno("cont on an untraced child", pt(PTRACE_CONT, child, 0, 0), ESRCH);
	check_errno("kill on an untraced child", pt(PTRACE_KILL, child, 0, 0), ESRCH);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

static int traceme_twice_child(void)
{
	return ptrace(PTRACE_TRACEME, 0, 0, 0) == -1 && errno == EPERM ? 0 : 1;
}

static void stopped_requests(void)
{
	pid_t pid = traced_child(traceme_twice_child);
	struct user_regs_struct r;

	wait_expect("first stop", pid, "stop 19");
	check_errno("attach to a traced task", pt(PTRACE_ATTACH, pid, 0, 0), EPERM);
	check_errno("seize a traced task", pt(PTRACE_SEIZE, pid, 0, 0), EPERM);
	check_errno("unknown request", pt(0x1234, pid, 0, 0), EIO);
	check_errno("peekdata at 0", pt(PTRACE_PEEKDATA, pid, 0, &peek_word), EIO);
	check_errno("pokedata at 0", pt(PTRACE_POKEDATA, pid, 0, 0), EIO);
	check_errno("peekdata in the kernel half",
		    pt(PTRACE_PEEKDATA, pid, (void *)0xffffffff81000000UL, &peek_word), EIO);
	check_errno("peekdata past 2^47", pt(PTRACE_PEEKDATA, pid, (void *)(1UL << 47), &peek_word), EIO);
	check_errno("peekdata into a bad buffer", pt(PTRACE_PEEKDATA, pid, (void *)&peek_word, (void *)8),
		    EFAULT);
	check_errno("getregs into a bad buffer", pt(PTRACE_GETREGS, pid, 0, (void *)8), EFAULT);
	check_errno("setregs from a bad buffer", pt(PTRACE_SETREGS, pid, 0, (void *)8), EFAULT);
	check_errno("peekuser unaligned", pt(PTRACE_PEEKUSER, pid, (void *)3, &peek_word), EIO);
	/* The kernel's struct user ends with error_code and fault_address,
	 * 16 bytes past the C library's. */
	peek_word = -1;
	pt_ok("peekuser error_code", PTRACE_PEEKUSER, pid, (void *)sizeof(struct user), &peek_word);
	printf("error_code: %ld\n", peek_word);
	check_errno("pokeuser error_code", pt(PTRACE_POKEUSER, pid, (void *)sizeof(struct user), 0), EIO);
	check_errno("peekuser past struct user",
		    pt(PTRACE_PEEKUSER, pid, (void *)(sizeof(struct user) + 16), &peek_word), EIO);
	check_errno("pokeuser between regs and debug regs",
		    pt(PTRACE_POKEUSER, pid, (void *)(sizeof(struct user_regs_struct) + 8), 0), EIO);
	check_errno("setoptions unknown", pt(PTRACE_SETOPTIONS, pid, 0, (void *)0x80000000UL), EINVAL);
	check_errno("cont with signal 65", pt(PTRACE_CONT, pid, 0, (void *)65), EIO);
	check_errno("detach with signal 65", pt(PTRACE_DETACH, pid, 0, (void *)65), EIO);
	check_errno("interrupt without seize", pt(PTRACE_INTERRUPT, pid, 0, 0), EIO);
	check_errno("listen without seize", pt(PTRACE_LISTEN, pid, 0, 0), EIO);
	check_errno("getregset of an unknown note", pt(PTRACE_GETREGSET, pid, (void *)0x999, &r), EINVAL);

	/* A group stop of a non-seized tracee has no siginfo. */
	pt_ok("cont with SIGSTOP", PTRACE_CONT, pid, 0, (void *)SIGSTOP);
	wait_expect("group stop", pid, "stop 19");
	siginfo_t si;
	check_errno("getsiginfo at a group stop", pt(PTRACE_GETSIGINFO, pid, 0, &si), EINVAL);
	check_errno("setsiginfo at a group stop", pt(PTRACE_SETSIGINFO, pid, 0, &si), EINVAL);
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("end (TRACEME twice: EPERM)", pid, "exit 0");
}

static void running_requests(void)
{
	pid_t pid = traced_child(idle_child);
	struct user_regs_struct r;

	wait_expect("first stop", pid, "stop 19");
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	sleep_ms(30);
	check_errno("getregs while running", pt(PTRACE_GETREGS, pid, 0, &r), ESRCH);
	check_errno("cont while running", pt(PTRACE_CONT, pid, 0, 0), ESRCH);
	check_errno("peekdata while running", pt(PTRACE_PEEKDATA, pid, &peek_word, &peek_word), ESRCH);
	check_errno("detach while running", pt(PTRACE_DETACH, pid, 0, 0), ESRCH);
	check_errno("interrupt without seize, running", pt(PTRACE_INTERRUPT, pid, 0, 0), EIO);
	pt_ok("kill while running", PTRACE_KILL, pid, 0, 0);
	wait_expect("end", pid, "signal 9");
	check_errno("kill after the end", pt(PTRACE_KILL, pid, 0, 0), ESRCH);
}

static void seize_args(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		idle_child();
		_exit(0);
	}
	check_errno("seize with addr", pt(PTRACE_SEIZE, pid, (void *)1, 0), EIO);
	check_errno("seize with an unknown option", pt(PTRACE_SEIZE, pid, 0, (void *)0x80000000UL), EIO);
	pt_ok("seize with TRACESYSGOOD", PTRACE_SEIZE, pid, 0, (void *)PTRACE_O_TRACESYSGOOD);
	check_errno("seize again", pt(PTRACE_SEIZE, pid, 0, 0), EPERM);
	check_errno("listen while running", pt(PTRACE_LISTEN, pid, 0, 0), ESRCH);
	pt_ok("interrupt", PTRACE_INTERRUPT, pid, 0, 0);
	wait_expect("interrupted", pid, "event-stop 5");
	check_errno("listen at an interrupt stop with a signal", pt(PTRACE_CONT, pid, 0, (void *)99), EIO);
	pt_ok("kill", PTRACE_KILL, pid, 0, 0);
	wait_expect("end", pid, "signal 9");
}

int main(void)
{
	check_start();
	section("not traced", not_traced, 20);
	section("stopped requests", stopped_requests, 20);
	section("running requests", running_requests, 20);
	section("seize arguments", seize_args, 20);
	return check_exit();
}
