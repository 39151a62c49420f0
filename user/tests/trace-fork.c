/*
 * trace-fork - `strace -f` on MinOS and Linux (tests/strace.tests): with
 * SIGCHLD blocked, a child that re-runs this program with "exec" (exit 3)
 * and one that exits 5, each waited for; unblocking reports SIGCHLD.
 * Invariant: each process's own calls come in a fixed order.
 */
#include <sys/syscall.h>
#include <signal.h>
#include <string.h>

#define CHILD_EXEC_STATUS 3
#define CHILD_WRITE_STATUS 5

static long say(const char *s)
{
	return __syscall6(__NR_write, 1, (long)s, (long)strlen(s), 0, 0, 0);
}

int main(int argc, char **argv, char **envp)
{
	sigset_t chld = 1UL << (SIGCHLD - 1);
	int status;

	if (argc > 1 && strcmp(argv[1], "exec") == 0) {
		say("trace-fork: the exec'd child\n");
		__syscall6(__NR_exit_group, CHILD_EXEC_STATUS, 0, 0, 0, 0, 0);
	}
	__syscall6(__NR_rt_sigprocmask, SIG_BLOCK, (long)&chld, 0, sizeof(chld), 0, 0);
	long first = __syscall6(__NR_fork, 0, 0, 0, 0, 0, 0);
	if (first == 0) {
		char *args[] = { argv[0], "exec", NULL };
		__syscall6(__NR_execve, (long)argv[0], (long)args, (long)envp, 0, 0, 0);
		__syscall6(__NR_exit_group, 127, 0, 0, 0, 0, 0);
	}
	__syscall6(__NR_wait4, first, (long)&status, 0, 0, 0, 0);
	long second = __syscall6(__NR_fork, 0, 0, 0, 0, 0, 0);
	if (second == 0) {
		say("trace-fork: the second child\n");
		__syscall6(__NR_exit_group, CHILD_WRITE_STATUS, 0, 0, 0, 0, 0);
	}
	__syscall6(__NR_wait4, second, (long)&status, 0, 0, 0, 0);
	__syscall6(__NR_rt_sigprocmask, SIG_UNBLOCK, (long)&chld, 0, sizeof(chld), 0, 0);
	say("trace-fork: the parent is done\n");
	return 0;
}
