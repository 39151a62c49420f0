/*
 * mu-ptrace-sig.c - ptrace's signal, group and event stops, compared with
 * Linux: signal-delivery stops (the tracer suppresses one signal, changes
 * another, rewrites a siginfo with PTRACE_SETSIGINFO); the SIGTRAP after
 * execve and PTRACE_EVENT_EXEC; fork and vfork events with the new child
 * attached and stopped by SIGSTOP; PTRACE_SEIZE with a group stop,
 * PTRACE_LISTEN, SIGCONT and PTRACE_INTERRUPT; PTRACE_ATTACH to a running
 * process, its 't' in /proc/PID/stat, and PTRACE_DETACH.
 */
#include <stdlib.h>
#include "mu-ptrace.h"

static volatile int handled, last_code, last_value, last_from_tracer;
static volatile pid_t tracer_pid;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	handled++;
	last_code = si->si_code;
	last_value = si->si_value.sival_int;
	last_from_tracer = si->si_pid == tracer_pid;
}

static int sig_child(void)
{
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);  /* suppressed by the tracer */
	int after_suppressed = handled;
	kill(getpid(), SIGUSR2);  /* made SIGUSR1 by the tracer */
	int changed_code = last_code, changed_from_tracer = last_from_tracer;
	sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 7 }); /* value made 42 */
	/* 1 + 2*changed + 4*value 42 + 8*from tracer + 16*SI_USER */
	return (after_suppressed == 0) + 2 * (handled == 2) + 4 * (last_value == 42) +
	       8 * changed_from_tracer + 16 * (changed_code == SI_USER);
}

static void signal_stops(void)
{
	tracer_pid = getpid();
	pid_t pid = traced_child(sig_child);
	siginfo_t si;

	wait_expect("first stop", pid, "stop 19");
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("kill SIGUSR1", pid, "stop 10");
	pt_ok("getsiginfo", PTRACE_GETSIGINFO, pid, 0, &si);
	printf("siginfo: signo %d code %d from child %d\n", si.si_signo, si.si_code, si.si_pid == pid);
	pt_ok("cont, signal suppressed", PTRACE_CONT, pid, 0, 0);
	wait_expect("kill SIGUSR2", pid, "stop 12");
	pt_ok("cont with SIGUSR1 instead", PTRACE_CONT, pid, 0, (void *)SIGUSR1);
	wait_expect("sigqueue SIGUSR1", pid, "stop 10");
	pt_ok("getsiginfo", PTRACE_GETSIGINFO, pid, 0, &si);
	printf("siginfo: signo %d code %d value %d\n", si.si_signo, si.si_code, si.si_value.sival_int);
	si.si_value.sival_int = 42;
	pt_ok("setsiginfo value 42", PTRACE_SETSIGINFO, pid, 0, &si);
	pt_ok("cont with it", PTRACE_CONT, pid, 0, (void *)SIGUSR1);
	wait_expect("end", pid, "exit 31");
}

static int mask_child(void)
{
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGSTOP); /* the tracer reads the mask, adds SIGUSR1 and SIGKILL */
	sigprocmask(SIG_BLOCK, NULL, &old);
	return sigismember(&old, SIGUSR1) + 2 * sigismember(&old, SIGUSR2) + 4 * sigismember(&old, SIGKILL);
}

/* PTRACE_GETSIGMASK and SETSIGMASK (SIGKILL cannot be blocked). */
static void sigmask(void)
{
	pid_t pid = traced_child(mask_child);
	unsigned long mask = 0;

	wait_expect("first stop", pid, "stop 19");
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("second stop", pid, "stop 19");
	pt_ok("getsigmask", PTRACE_GETSIGMASK, pid, (void *)8, &mask);
	printf("mask: 0x%lx\n", mask);
	check_errno("getsigmask, size 4", pt(PTRACE_GETSIGMASK, pid, (void *)4, &mask), EINVAL);
	mask |= 1UL << (SIGUSR1 - 1) | 1UL << (SIGKILL - 1);
	pt_ok("setsigmask", PTRACE_SETSIGMASK, pid, (void *)8, &mask);
	pt_ok("getsigmask", PTRACE_GETSIGMASK, pid, (void *)8, &mask);
	printf("mask: 0x%lx\n", mask);
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("end (USR1 and USR2 blocked)", pid, "exit 3");
}

static char *self_path = "/bin/mu-ptrace-sig";

static int exec_child(void)
{
	execl(self_path, self_path, "exit7", (char *)NULL);
	return 99;
}

/* Without options: a SIGTRAP after execve returns. */
static void exec_sigtrap(void)
{
	pid_t pid = traced_child(exec_child);
	siginfo_t si;

	wait_expect("first stop", pid, "stop 19");
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("after execve", pid, "stop 5");
	pt_ok("getsiginfo", PTRACE_GETSIGINFO, pid, 0, &si);
	printf("siginfo: signo %d code %d\n", si.si_signo, si.si_code);
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("end", pid, "exit 7");
}

/* PTRACE_O_TRACEEXEC: the event between execve's entry and exit stops. */
static void exec_event(void)
{
	pid_t pid = traced_child(exec_child);

	wait_expect("first stop", pid, "stop 19");
	pt_ok("setoptions", PTRACE_SETOPTIONS, pid, 0,
	      (void *)(PTRACE_O_TRACEEXEC | PTRACE_O_TRACESYSGOOD));
	pt_ok("syscall", PTRACE_SYSCALL, pid, 0, 0);
	for (int n = 0; n < 12; n++) {
		int st = wait_show("stop", pid);
		if (st < 0 || !WIFSTOPPED(st))
			break;
		struct user_regs_struct r;
		pt(PTRACE_GETREGS, pid, 0, &r);
		if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
			printf("  nr %ld\n", (long)r.orig_rax);
		} else if ((st >> 16) == PTRACE_EVENT_EXEC) {
			long msg = 0;
			pt(PTRACE_GETEVENTMSG, pid, 0, &msg);
			printf("  former pid is the child's: %d\n", msg == pid);
		}
		if (WSTOPSIG(st) == (SIGTRAP | 0x80) && r.orig_rax == SYS_execve && r.rax == 0) {
			pt_ok("cont", PTRACE_CONT, pid, 0, 0);
			break;
		}
		pt(PTRACE_SYSCALL, pid, 0, 0);
	}
	wait_expect("end", pid, "exit 7");
}

static int fork_child(void)
{
	int st;
	pid_t g = fork();
	if (g == 0)
		_exit(5);
	if (waitpid(g, &st, 0) != g || !WIFEXITED(st) || WEXITSTATUS(st) != 5)
		return 1;
	g = vfork();
	if (g == 0)
		_exit(8);
	if (waitpid(g, &st, 0) != g || !WIFEXITED(st) || WEXITSTATUS(st) != 8)
		return 2;
	return 6;
}

/* PTRACE_O_TRACEFORK and TRACEVFORK: the event, its message (the new pid),
 * and the new child attached, stopped by SIGSTOP. */
static void fork_events(void)
{
	pid_t pid = traced_child(fork_child);
	siginfo_t si;
	long g = 0;

	wait_expect("first stop", pid, "stop 19");
	pt_ok("setoptions", PTRACE_SETOPTIONS, pid, 0,
	      (void *)(PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK));
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("fork", pid, "event FORK (sig 5)");
	pt_ok("geteventmsg", PTRACE_GETEVENTMSG, pid, 0, &g);
	wait_expect("new child", (pid_t)g, "stop 19");
	pt_ok("getsiginfo", PTRACE_GETSIGINFO, (pid_t)g, 0, &si);
	printf("new child's siginfo: signo %d code %d\n", si.si_signo, si.si_code);
	pt_ok("cont new child", PTRACE_CONT, (pid_t)g, 0, 0);
	wait_expect("new child ends", (pid_t)g, "exit 5");
	/* The parent hears of its child's end once the tracer has seen it:
	 * SIGCHLD, which a tracer sees even though it is ignored. */
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("SIGCHLD", pid, "stop 17");
	pt_ok("cont with it", PTRACE_CONT, pid, 0, (void *)SIGCHLD);
	wait_expect("vfork", pid, "event VFORK (sig 5)");
	pt_ok("geteventmsg", PTRACE_GETEVENTMSG, pid, 0, &g);
	wait_expect("vfork child", (pid_t)g, "stop 19");
	pt_ok("cont vfork child", PTRACE_CONT, (pid_t)g, 0, 0);
	wait_expect("vfork child ends", (pid_t)g, "exit 8");
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("SIGCHLD", pid, "stop 17");
	pt_ok("cont with it", PTRACE_CONT, pid, 0, (void *)SIGCHLD);
	wait_expect("end", pid, "exit 6");
}

static pid_t pausing_child(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	sleep_ms(50);
	return pid;
}

/* PTRACE_SEIZE: a stop signal is first a signal-delivery stop; let
 * through, a group stop reported as PTRACE_EVENT_STOP; PTRACE_LISTEN keeps
 * it stopped until SIGCONT, which traps again; PTRACE_INTERRUPT stops a
 * running tracee; PTRACE_KILL ends it. */
static void seize_group_stop(void)
{
	pid_t pid = pausing_child();
	siginfo_t si;
	int st;

	pt_ok("seize", PTRACE_SEIZE, pid, 0, 0);
	printf("no stop after seize: %d\n", waitpid(pid, &st, __WALL | WNOHANG));
	kill(pid, SIGSTOP);
	wait_expect("SIGSTOP", pid, "stop 19");
	pt_ok("cont with SIGSTOP", PTRACE_CONT, pid, 0, (void *)SIGSTOP);
	wait_expect("group stop", pid, "event-stop 19");
	pt_ok("getsiginfo", PTRACE_GETSIGINFO, pid, 0, &si);
	printf("siginfo: signo %d code 0x%x\n", si.si_signo, si.si_code);
	pt_ok("listen", PTRACE_LISTEN, pid, 0, 0);
	sleep_ms(50);
	printf("still stopped after listen: %d\n", waitpid(pid, &st, __WALL | WNOHANG));
	struct user_regs_struct regs;
	long r = pt(PTRACE_GETREGS, pid, 0, &regs);
	printf("getregs while listening: %ld %s\n", r, errno_name(errno));
	kill(pid, SIGCONT);
	wait_expect("after SIGCONT", pid, "event-stop 5");
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("SIGCONT itself", pid, "stop 18");
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	sleep_ms(50);
	pt_ok("interrupt", PTRACE_INTERRUPT, pid, 0, 0);
	wait_expect("interrupted", pid, "event-stop 5");
	pt_ok("getsiginfo", PTRACE_GETSIGINFO, pid, 0, &si);
	printf("siginfo: signo %d code 0x%x\n", si.si_signo, si.si_code);
	pt_ok("kill", PTRACE_KILL, pid, 0, 0);
	wait_expect("end", pid, "signal 9");
}

static char proc_state(pid_t pid)
{
	char path[64], buf[256];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return '?';
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	return p && p[1] ? p[2] : '?';
}

/* PTRACE_ATTACH to a running process: SIGSTOP (from the kernel); 't' in
 * /proc/PID/stat while stopped; PTRACE_DETACH lets it go on. */
static void attach_detach(void)
{
	pid_t pid = pausing_child();
	siginfo_t si;

	printf("state before: %c\n", proc_state(pid));
	pt_ok("attach", PTRACE_ATTACH, pid, 0, 0);
	wait_expect("attached", pid, "stop 19");
	pt_ok("getsiginfo", PTRACE_GETSIGINFO, pid, 0, &si);
	printf("siginfo: signo %d code %d\n", si.si_signo, si.si_code);
	printf("state stopped: %c\n", proc_state(pid));
	pt_ok("detach", PTRACE_DETACH, pid, 0, 0);
	sleep_ms(50);
	printf("state after detach: %c\n", proc_state(pid));
	long r = pt(PTRACE_CONT, pid, 0, 0);
	printf("cont after detach: %ld %s\n", r, errno_name(errno));
	kill(pid, SIGTERM);
	wait_expect("end", pid, "signal 15");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exit7") == 0)
		return 7;
	check_start();
	section("signal stops", signal_stops, 20);
	section("exec sigtrap", exec_sigtrap, 20);
	section("exec event", exec_event, 20);
	section("fork events", fork_events, 20);
	section("seize group stop", seize_group_stop, 20);
	section("attach detach", attach_detach, 20);
	section("signal mask", sigmask, 20);
	return check_exit();
}
