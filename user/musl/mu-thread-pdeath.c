/*
 * mu-thread-pdeath - prctl(PR_SET_PDEATHSIG): the signal comes when the
 * thread that made the child ends, even while its process goes on (the
 * rule prctl(2) warns about), with si_code SI_USER and si_pid the parent
 * process; not when another thread of the parent ends; and when the
 * parent process ends, after which the child has a new parent. fork and
 * pthread_create start with no signal set. Each part runs in a child
 * process of its own (section); children report through a pipe. Expected:
 * the reference Linux's results.
 */
#define _GNU_SOURCE
#include "mu-check.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

static volatile sig_atomic_t got_sig, got_code, got_pid;

static void on_death(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	got_pid = si->si_pid;
}

/* A child that asks for SIGUSR1 at its parent thread's end, says it is
 * ready on ready[1], waits (2 s at most) and reports on report[1] what it
 * got: "signal code pid-is-parent ppid-unchanged". */
static pid_t watcher(int ready[2], int report[2])
{
	pid_t parent = getpid();
	pid_t c = fork();
	if (c != 0)
		return c;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_death;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	int before = 0;
	prctl(PR_GET_PDEATHSIG, &before);
	prctl(PR_SET_PDEATHSIG, SIGUSR1);
	write(ready[1], before == 0 ? "0" : "x", 1);
	for (int i = 0; i < 200 && !got_sig; i++)
		sleep_ms(10);
	char line[96];
	int n = snprintf(line, sizeof(line), "%d %d %d %d\n", (int)got_sig, (int)got_code,
			 got_pid == parent, getppid() == parent);
	write(report[1], line, (size_t)n);
	_exit(0);
}

static int ready[2], report[2];
static pid_t child;

static void *forking_thread(void *arg)
{
	(void)arg;
	int inherited = -1;
	prctl(PR_GET_PDEATHSIG, &inherited);
	check_eq("a new thread's PR_GET_PDEATHSIG", inherited, 0);
	child = watcher(ready, report);
	char c;
	read(ready[0], &c, 1);
	check("the child started with none set", c == '0');
	return NULL; /* the thread ends: the child's signal comes */
}

static void read_report(const char *what)
{
	char line[96] = { 0 };
	read(report[0], line, sizeof(line) - 1);
	int sig = 0, code = 0, pid_ok = 0, ppid_ok = 0;
	sscanf(line, "%d %d %d %d", &sig, &code, &pid_ok, &ppid_ok);
	printf("%s: signal %d, si_code %d, si_pid the parent process: %s\n", what, sig, code,
	       pid_ok ? "yes" : "no");
	printf("%s: getppid unchanged: %s\n", what, ppid_ok ? "yes" : "no");
}

static void parent_thread_ends(void)
{
	pthread_t t;
	pipe(ready);
	pipe(report);
	prctl(PR_SET_PDEATHSIG, SIGUSR2); /* the main thread's own: not inherited */
	pthread_create(&t, NULL, forking_thread, NULL);
	pthread_join(t, NULL);
	read_report("made by a thread that ended");
	waitpid(child, NULL, 0);
}

static void *idle_thread(void *arg)
{
	(void)arg;
	return NULL;
}

static void other_thread_ends(void)
{
	pthread_t t;
	pipe(ready);
	pipe(report);
	child = watcher(ready, report);
	char c;
	read(ready[0], &c, 1);
	pthread_create(&t, NULL, idle_thread, NULL);
	pthread_join(t, NULL); /* another thread ends: nothing */
	read_report("made by the main thread, another thread ended");
	waitpid(child, NULL, 0);
}

static void process_ends(void)
{
	pipe(ready);
	pipe(report);
	pid_t middle = fork();
	if (middle == 0) {
		watcher(ready, report);
		char c;
		read(ready[0], &c, 1);
		_exit(0); /* the child's parent process ends */
	}
	waitpid(middle, NULL, 0);
	char line[96] = { 0 };
	read(report[0], line, sizeof(line) - 1);
	int sig = 0, code = 0, pid_ok = 0, ppid_ok = 0;
	sscanf(line, "%d %d %d %d", &sig, &code, &pid_ok, &ppid_ok);
	printf("its parent process ended: signal %d, si_code %d, si_pid the parent: %s\n", sig, code,
	       pid_ok ? "yes" : "no");
	printf("its parent process ended: getppid changed: %s\n", ppid_ok ? "no" : "yes");
	sleep_ms(100);
}

int main(void)
{
	check_start();
	section("parent thread ends", parent_thread_ends, 20);
	section("other thread ends", other_thread_ends, 20);
	section("process ends", process_ends, 20);
	/* Where this program is pid 1 (MinOS's test runs), the orphan of the
	 * last part is its child now: reaped here. */
	sleep_ms(100);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return check_exit();
}
