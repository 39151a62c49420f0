/*
 * sys-prctl - prctl(2) as Debian's programs and C libraries use it
 * (PR_SET_NAME and PR_GET_NAME, cut to 15 bytes; PR_SET_DUMPABLE and
 * PR_GET_DUMPABLE, kept across fork and reset by execve; PR_SET_PDEATHSIG
 * and PR_GET_PDEATHSIG, cleared in a child; PR_CAPBSET_READ; unknown
 * options), and getrusage(2) and times(2): which "who" values exist, and
 * the facts that hold on every run (a process that has run has used some
 * time; times(2) counts on). Expected: the reference
 * Linux's results.
 */
#include <errno.h>
#include <minos_proc.h>
#include <minos_rawcall.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <uapi/prctl.h>

#include "check.h"


struct timeval_ {
	long sec, usec;
};

struct rusage_ {
	struct timeval_ utime, stime;
	long maxrss, rest[13];
};

static void show_name(const char *what)
{
	char name[32], line[96];
	memset(name, 'x', sizeof(name));
	long r = sys(__NR_prctl, PR_GET_NAME, name);
	snprintf(line, sizeof(line), "%s: \"%.16s\", byte 16 %s", what, r ? "" : name,
		 name[16] == 'x' ? "untouched" : "written");
	check(line, r == 0);
}

static volatile unsigned long sink;

static void burn(void)
{
	/* about 0.3 s of CPU time under emulation: enough for a tick */
	for (unsigned long i = 0; i < 60000000ul; i++)
		sink += i;
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) { /* the child run by execve */
		printf("after execve: dumpable %ld\n", sys(__NR_prctl, PR_GET_DUMPABLE));
		int sig = -1;
		sys(__NR_prctl, PR_GET_PDEATHSIG, &sig);
		printf("after execve: pdeathsig %d\n", sig);
		return 0;
	}

	check_result("PR_SET_NAME(\"worker\")", sys(__NR_prctl, PR_SET_NAME, "worker"), 0);
	show_name("PR_GET_NAME");
	check_result("PR_SET_NAME of 20 bytes", sys(__NR_prctl, PR_SET_NAME, "abcdefghijklmnopqrst"), 0);
	show_name("PR_GET_NAME");
	check_result("PR_SET_NAME(\"\")", sys(__NR_prctl, PR_SET_NAME, ""), 0);
	show_name("PR_GET_NAME");
	check_result("PR_SET_NAME(NULL)", sys(__NR_prctl, PR_SET_NAME, 0), -EFAULT);
	check_result("PR_GET_NAME(NULL)", sys(__NR_prctl, PR_GET_NAME, 0), -EFAULT);
	sys(__NR_prctl, PR_SET_NAME, "sys-prctl");

	check_result("PR_GET_DUMPABLE", sys(__NR_prctl, PR_GET_DUMPABLE), 1);
	check_result("PR_SET_DUMPABLE(2)", sys(__NR_prctl, PR_SET_DUMPABLE, 2), -EINVAL);
	check_result("PR_SET_DUMPABLE(0)", sys(__NR_prctl, PR_SET_DUMPABLE, 0), 0);
	check_result("PR_GET_DUMPABLE", sys(__NR_prctl, PR_GET_DUMPABLE), 0);

	int sig = -1;
	check_result("PR_GET_PDEATHSIG", sys(__NR_prctl, PR_GET_PDEATHSIG, &sig), 0);
	check_result("  the signal", sig, 0);
	check_result("PR_SET_PDEATHSIG(SIGUSR1)", sys(__NR_prctl, PR_SET_PDEATHSIG, SIGUSR1), 0);
	check_result("PR_GET_PDEATHSIG", sys(__NR_prctl, PR_GET_PDEATHSIG, &sig), 0);
	check_result("  the signal", sig, SIGUSR1);
	check_result("PR_SET_PDEATHSIG(65)", sys(__NR_prctl, PR_SET_PDEATHSIG, 65), -EINVAL);
	check_result("PR_SET_PDEATHSIG(-1)", sys(__NR_prctl, PR_SET_PDEATHSIG, -1), -EINVAL);
	check_result("PR_GET_PDEATHSIG(NULL)", sys(__NR_prctl, PR_GET_PDEATHSIG, 0), -EFAULT);
	check_result("PR_CAPBSET_READ(CAP_SYS_ADMIN)", sys(__NR_prctl, PR_CAPBSET_READ, 21), 1);
	check_result("PR_CAPBSET_READ(41)", sys(__NR_prctl, PR_CAPBSET_READ, 41), -EINVAL);
	check_result("option 0", sys(__NR_prctl, 0), -EINVAL);
	check_result("option 9999", sys(__NR_prctl, 9999), -EINVAL);
	check_result("option -1", sys(__NR_prctl, -1), -EINVAL);

	pid_t pid = fork();
	if (pid == 0) {
		printf("in the child: dumpable %ld\n", sys(__NR_prctl, PR_GET_DUMPABLE));
		int s = -1;
		sys(__NR_prctl, PR_GET_PDEATHSIG, &s);
		printf("in the child: pdeathsig %d\n", s);
		sys(__NR_prctl, PR_SET_PDEATHSIG, SIGUSR2);
		char *args[] = { "sys-prctl", "child", NULL };
		execv("/bin/sys-prctl", args);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	check_result("the child's status", status, 0);

	/* getrusage and times */
	struct rusage_ ru;
	burn();
	check_result("getrusage(RUSAGE_SELF)", sys(__NR_getrusage, 0, &ru), 0);
	check("  some CPU time used", ru.utime.sec + ru.utime.usec + ru.stime.sec + ru.stime.usec > 0);
	check("  microseconds below a second", ru.utime.usec < 1000000 && ru.stime.usec < 1000000);
	check("  a resident size", ru.maxrss > 0);
	check_result("getrusage(RUSAGE_THREAD)", sys(__NR_getrusage, 1, &ru), 0);
	check_result("getrusage(RUSAGE_CHILDREN)", sys(__NR_getrusage, -1, &ru), 0);
	check_result("getrusage(2)", sys(__NR_getrusage, 2, &ru), -EINVAL);
	check_result("getrusage(-2)", sys(__NR_getrusage, -2, &ru), -EINVAL);
	check_result("getrusage(RUSAGE_SELF, NULL)", sys(__NR_getrusage, 0, 0), -EFAULT);
	check_result("getrusage(2, NULL)", sys(__NR_getrusage, 2, 0), -EINVAL);
	long tms[4];
	long t1 = sys(__NR_times, tms);
	check("times(buf) is a count", t1 > 0);
	check("  some CPU time used", tms[0] + tms[1] > 0);
	long t2 = sys(__NR_times, 0);
	check("times(NULL) is a count, not before", t2 >= t1);
	check_result("times(bad pointer)", sys(__NR_times, 8), -EFAULT);
	return check_exit();
}
