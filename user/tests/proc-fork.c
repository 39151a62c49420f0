/*
 * proc-fork - fork, execve, wait4 and exit as Linux defines them: exit
 * codes 0 to 255 reach the parent through wait4's status encoding; deaths
 * by signal (SIGTERM, SIGSEGV, SIGKILL) show as such; WNOHANG returns 0
 * while a child runs; -ECHILD without children or for a pid that is not
 * a child; a failed execve leaves the caller running; argv and envp reach
 * an exec'd program exactly; an orphan gets a new parent (pid 1, or a
 * subreaper on Linux; under minos-run this program itself is pid 1).
 * Expected result: the same on the reference Linux (tests/user.tests
 * "linux") and MinOS.
 */
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <minos_rawcall.h>

#include "check.h"

#define WNOHANG 1

static int exited(int st) { return (st & 0x7f) == 0; }
static int exit_code(int st) { return (st >> 8) & 0xff; }
static int term_sig(int st) { return st & 0x7f; }

static void child_exits(int code)
{
	long pid = sys(__NR_fork, 0, 0, 0, 0);
	if (pid == 0)
		sys(__NR_exit_group, code, 0, 0, 0);
	int st = -1;
	long got = sys(__NR_wait4, pid, (long)&st, 0, 0);
	if (got != pid || !exited(st) || exit_code(st) != code)
		printf("exit %d: FAIL (got %ld, status 0x%x)\n", code, got, st);
	else if (code == 0 || code == 1 || code == 42 || code == 255)
		printf("exit %d: status 0x%x\n", code, st);
	check_failures += got != pid || !exited(st) || exit_code(st) != code;
}

static void child_dies(const char *what, int sig)
{
	long pid = sys(__NR_fork, 0, 0, 0, 0);
	if (pid == 0) {
		if (sig == SIGSEGV) {
			volatile int *bad = (volatile int *)16;
			__asm__("" : "+r"(bad)); /* hide the constant from the compiler */
			*bad = 1;
		}
		sys(__NR_kill, sys(__NR_getpid, 0, 0, 0, 0), sig, 0, 0);
		for (;;)
			sys(__NR_sched_yield, 0, 0, 0, 0);
	}
	int st = -1;
	long got = sys(__NR_wait4, pid, (long)&st, 0, 0);
	printf("%s: %s, signal %d\n", what, got == pid && !exited(st) ? "killed" : "FAIL",
	       term_sig(st));
	check_failures += got != pid || exited(st) || term_sig(st) != sig;
}

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	if (argc == 4 && strcmp(argv[1], "--echo") == 0) {
		/* The exec'd copy: print what arrived. */
		printf("exec'd: argc %d, argv[2] \"%s\", argv[3] \"%s\"\n", argc, argv[2], argv[3]);
		int found = 0;
		for (char **e = envp; *e; e++)
			found += strcmp(*e, "MINOS_TEST=a b=c") == 0;
		printf("exec'd: envp carries MINOS_TEST: %s\n", found == 1 ? "ok" : "FAIL");
		return found == 1 ? 7 : 1;
	}

	int st;
	check_result("wait4 without children", sys(__NR_wait4, -1, (long)&st, 0, 0), -10);
	for (int code = 0; code <= 255; code++)
		child_exits(code);
	printf("exit codes 0..255: %s\n", check_failures ? "FAIL" : "ok");

	child_dies("kill(self, SIGTERM)", SIGTERM);
	child_dies("kill(self, SIGKILL)", SIGKILL);
	child_dies("write to address 16", SIGSEGV);

	/* WNOHANG while the child is still running, then the real wait. */
	long pipefd[2];
	int fds[2];
	sys(__NR_pipe, (long)fds, 0, 0, 0);
	pipefd[0] = fds[0];
	pipefd[1] = fds[1];
	long pid = sys(__NR_fork, 0, 0, 0, 0);
	if (pid == 0) {
		char c;
		sys(__NR_read, pipefd[0], (long)&c, 1, 0); /* wait for the parent */
		sys(__NR_exit_group, 3, 0, 0, 0);
	}
	check_result("wait4 WNOHANG on a running child", sys(__NR_wait4, pid, (long)&st, WNOHANG, 0), 0);
	check_result("wait4 for a pid that is not a child", sys(__NR_wait4, 1, (long)&st, 0, 0), -10);
	sys(__NR_write, pipefd[1], (long)"x", 1, 0);
	check("wait4 after the child ends", sys(__NR_wait4, pid, (long)&st, 0, 0) == pid &&
						  exit_code(st) == 3);
	check_result("wait4 bad options", sys(__NR_wait4, -1, (long)&st, 0x1000, 0), -22);

	/* A failed execve returns and the program goes on. */
	char *none[] = { "/no/such/program", NULL };
	check_result("execve of a missing file", sys(__NR_execve, (long)none[0], (long)none, 0, 0),
		     -2);
	check_result("execve with a bad path pointer", sys(__NR_execve, 16, (long)none, 0, 0), -14);
	check_result("execve with a bad argv pointer",
		     sys(__NR_execve, (long)argv[0], 16, 0, 0), -14);

	/* argv and envp reach the new program exactly. */
	pid = sys(__NR_fork, 0, 0, 0, 0);
	if (pid == 0) {
		char *av[] = { argv[0], "--echo", "two words", "", NULL };
		char *ev[] = { "A=1", "MINOS_TEST=a b=c", NULL };
		sys(__NR_execve, (long)argv[0], (long)av, (long)ev, 0);
		sys(__NR_exit_group, 99, 0, 0, 0);
	}
	check("exec'd program's status", sys(__NR_wait4, pid, (long)&st, 0, 0) == pid &&
						  exit_code(st) == 7);

	/* An orphan: the middle process exits; the grandchild's parent
	 * changes (to pid 1, or a subreaper) and it is no longer ours. */
	sys(__NR_pipe, (long)fds, 0, 0, 0);
	pid = sys(__NR_fork, 0, 0, 0, 0);
	if (pid == 0) {
		long middle = sys(__NR_getpid, 0, 0, 0, 0);
		if (sys(__NR_fork, 0, 0, 0, 0) == 0) {
			while (sys(__NR_getppid, 0, 0, 0, 0) == middle)
				sys(__NR_sched_yield, 0, 0, 0, 0);
			sys(__NR_write, fds[1], (long)"r", 1, 0);
			sys(__NR_exit_group, 0, 0, 0, 0);
		}
		sys(__NR_exit_group, 0, 0, 0, 0);
	}
	sys(__NR_wait4, pid, (long)&st, 0, 0);
	char c = 0;
	sys(__NR_read, fds[0], (long)&c, 1, 0);
	check("orphan reparented", c == 'r');
	/* When this program is pid 1 (as under minos-run) the orphan came
	 * to it: reap it so nothing is left behind. */
	while (sys(__NR_wait4, -1, (long)&st, 0, 0) > 0)
		;
	return check_exit();
}
