/*
 * mu-thread-jobctl - job control of a multithreaded child: SIGSTOP to the
 * process, or to one of its threads (tgkill), stops every thread, and
 * the parent hears of it once (one SIGCHLD with CLD_STOPPED, one WUNTRACED
 * report) when the group has stopped; SIGCONT resumes every thread and is
 * told once (CLD_CONTINUED, WCONTINUED). The same with a child whose main
 * thread has already left with pthread_exit. Each part runs in a child
 * process of its own (section). Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include "mu-check.h"
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>

#define THREADS 3

static atomic_int stops, conts, others;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (si->si_code == CLD_STOPPED)
		stops++;
	else if (si->si_code == CLD_CONTINUED)
		conts++;
	else
		others++;
}

static int ready_fd;
static void *spinner(void *arg)
{
	long i = (long)arg;
	char tid[16];
	int n = snprintf(tid, sizeof(tid), "%ld\n", (long)syscall(SYS_gettid));
	if (i == THREADS - 1)
		write(ready_fd, tid, (size_t)n); /* the last thread's tid */
	for (;;)
		sleep_ms(2);
	return NULL;
}

/* A child with THREADS more threads; its main thread pauses, or leaves
 * with pthread_exit. Returns its pid and the tid of one of its threads. */
static pid_t threaded_child(int leader_leaves, long *tid)
{
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		ready_fd = p[1];
		pthread_t t;
		for (long i = 0; i < THREADS; i++)
			pthread_create(&t, NULL, spinner, (void *)i);
		if (leader_leaves)
			pthread_exit(NULL);
		for (;;)
			pause();
	}
	close(p[1]);
	char buf[16] = { 0 };
	read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	*tid = atol(buf);
	sleep_ms(50);
	return c;
}

/* How many of the child's threads are stopped: state "T" in
 * /proc/PID/task/TID/stat. */
static int stopped_threads(pid_t c)
{
	char dir[64];
	snprintf(dir, sizeof(dir), "/proc/%d/task", c);
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[600], buf[256] = { 0 };
		snprintf(path, sizeof(path), "%s/%s/stat", dir, e->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		char *rp = strrchr(buf, ')');
		if (rp && rp[1] == ' ' && rp[2] == 'T')
			n++;
	}
	closedir(d);
	return n;
}

static void stop_and_continue(int leader_leaves, int by_thread)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);

	long tid;
	pid_t c = threaded_child(leader_leaves, &tid);
	int st = 0;
	if (by_thread)
		syscall(SYS_tgkill, c, tid, SIGSTOP);
	else
		kill(c, SIGSTOP);
	pid_t got = waitpid(c, &st, WUNTRACED);
	check("waitpid(WUNTRACED) reports the stop", got == c && WIFSTOPPED(st));
	check_eq("... stopped by", WSTOPSIG(st), SIGSTOP);
	sleep_ms(100);
	check_eq("SIGCHLD with CLD_STOPPED, once", stops, 1);
	check_eq("stopped threads in /proc", stopped_threads(c), leader_leaves ? THREADS : THREADS + 1);
	check_eq("no second report", waitpid(c, &st, WUNTRACED | WNOHANG), 0);

	kill(c, SIGCONT);
	got = waitpid(c, &st, WCONTINUED);
	check("waitpid(WCONTINUED) reports the continue", got == c && WIFCONTINUED(st));
	sleep_ms(100);
	check_eq("SIGCHLD with CLD_CONTINUED, once", conts, 1);
	check_eq("stopped threads in /proc after SIGCONT", stopped_threads(c), 0);
	check_eq("nothing more to report", waitpid(c, &st, WUNTRACED | WCONTINUED | WNOHANG), 0);

	kill(c, SIGKILL);
	got = waitpid(c, &st, 0);
	check("SIGKILL ends it", got == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	sleep_ms(50);
	check_eq("then one SIGCHLD for the end", others, 1);
}

static void process_stop(void) { stop_and_continue(0, 0); }
static void thread_stop(void) { stop_and_continue(0, 1); }
static void leader_gone_stop(void) { stop_and_continue(1, 0); }

int main(void)
{
	check_start();
	printf("SIGSTOP to the process:\n");
	section("process stop", process_stop, 10);
	printf("SIGSTOP to one thread (tgkill):\n");
	section("thread stop", thread_stop, 10);
	printf("SIGSTOP to a process whose main thread has left:\n");
	section("leader gone", leader_gone_stop, 10);
	return check_exit();
}
