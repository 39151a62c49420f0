/*
 * jobs.c - the shell's children: forking a job's processes (each in the
 * job's process group under job control), waiting for the foreground,
 * keeping background jobs until reaped or waited for, and turning a wait
 * status into $? (reporting a death by signal).
 */
#include <errno.h>
#include <minos_proc.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

pid_t last_bg;
bool jobctl;
int tty_fd = -1;
pid_t shell_pgid;

/* The shell's status for a wait status; reports a death by signal. */
static int wait_status(int ws, bool report)
{
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	if (WIFSIGNALED(ws)) {
		int sig = WTERMSIG(ws);
		if (report && sig == SIGINT && interactive) {
			write(STDERR_FILENO, "\n", 1);
		} else if (report && sig != SIGINT && sig != SIGPIPE) {
			char buf[64];
			const char *text = sig_text(sig) ? sig_text(sig) : "Unknown signal";
			snprintf(buf, sizeof(buf), "%s%s\n", text,
				 WCOREDUMP(ws) ? " (core dumped)" : "");
			write(STDERR_FILENO, buf, strlen(buf));
		}
		return 128 + sig;
	}
	return 128 + WSTOPSIG(ws);
}

int wait_one(pid_t pid, bool report)
{
	int ws = 0;
	pid_t r;

	do
		r = wait4(pid, &ws, 0, NULL);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return STATUS_NOT_FOUND;
	return wait_status(ws, report);
}

/* Waits for a foreground job; its status is the last process's. */
int wait_fg(pid_t *pids, int n)
{
	int st = 0;

	for (int i = 0; i < n; i++) {
		int s = wait_one(pids[i], i == n - 1);
		if (i == n - 1)
			st = s;
	}
	if (jobctl)
		tcsetpgrp(tty_fd, shell_pgid);
	return st;
}

struct job *jobs;

struct job *job_add(pid_t pid)
{
	struct job *j = mem_alloc(sizeof(*j)), **pp = &jobs;
	int id = 1;

	/* the lowest free number, as dash picks it */
	for (struct job *k = jobs; k;) {
		if (k->id == id) {
			id++;
			k = jobs;
		} else {
			k = k->next;
		}
	}
	j->id = id;
	j->pid = pid;
	j->done = false;
	j->ws = 0;
	j->next = NULL;
	while (*pp)
		pp = &(*pp)->next;
	*pp = j;
	return j;
}

void job_remove(struct job *j)
{
	for (struct job **pp = &jobs; *pp; pp = &(*pp)->next) {
		if (*pp == j) {
			*pp = j->next;
			mem_free(j);
			return;
		}
	}
}

struct job *job_find(pid_t pid)
{
	for (struct job *j = jobs; j; j = j->next) {
		if (j->pid == pid)
			return j;
	}
	return NULL;
}

/* Collects finished background processes without blocking. */
void jobs_reap(void)
{
	int ws;
	pid_t pid;

	while ((pid = wait4(-1, &ws, WNOHANG, NULL)) > 0) {
		struct job *j = job_find(pid);
		if (j) {
			j->done = true;
			j->ws = ws;
		}
	}
	if (interactive) {
		/* nobody will `wait` for them: forget the finished ones */
		for (struct job *j = jobs, *next; j; j = next) {
			next = j->next;
			if (j->done)
				job_remove(j);
		}
	}
}

/* Waits for a background job (if still running) and reports it. */
int job_wait(struct job *j)
{
	while (!j->done) {
		pid_t r = wait4(j->pid, &j->ws, 0, NULL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return STATUS_NOT_FOUND;
		j->done = true;
	}
	return wait_status(j->ws, true);
}

/* In a child: no longer the interactive shell; signals as on entry. */
void enter_subshell(void)
{
	interactive = false;
	have_top_jmp = false;
	jobctl = false;
	while (jobs)
		job_remove(jobs); /* the parent's: not ours to wait for */
	sig_restore_defaults();
	trap_enter_subshell();
}

/*
 * Forks one process of a job. With job control the child joins the job's
 * group (a new one led by the first child when *pgid is 0) and, in the
 * foreground, takes the terminal; both sides do it, so neither order of
 * running after fork leaves a window. Returns fork's result.
 */
pid_t fork_member(pid_t *pgid, bool fg)
{
	pid_t pid = fork();

	if (pid < 0) {
		sh_warn("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (jobctl) {
			pid_t pg = *pgid ? *pgid : getpid();
			setpgid(0, pg);
			if (fg)
				tcsetpgrp(tty_fd, pg);
		}
		enter_subshell();
		return 0;
	}
	if (jobctl) {
		if (!*pgid)
			*pgid = pid;
		setpgid(pid, *pgid);
	}
	return pid;
}
