/*
 * jobs.c - the shell's children, as jobs: forking a job's processes (under
 * job control each job in a process group of its own, the foreground one
 * owning the terminal), waiting for them (with WUNTRACED under job
 * control, so that a job stopped by ^Z is noticed), the table of
 * background and stopped jobs ([N], the current job + and the previous
 * -), reporting what changed, and turning a wait status into $?.
 * Invariants: every status wait4 returns is recorded in the job that owns
 * the process; a job leaves the table only once it is done and its end
 * was reported or waited for; the shell owns the terminal whenever it
 * reads a command.
 */
#include <errno.h>
#include <minos_proc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

#define STATE_WIDTH 24 /* "Stopped" and the rest are padded to it, as bash */

pid_t last_bg;
bool jobctl;
int tty_fd = -1;
pid_t shell_pgid;
struct job *jobs;

static struct job *fg_job;      /* the foreground job being waited for */
static unsigned long job_clock; /* stamps: the order of + and - */
static struct termios shell_tmodes;
static bool have_shell_tmodes;

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

/* A child that is no job's ($(...)): waits for it alone. */
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

/* --- the table --------------------------------------------------------- */

struct job *job_new(char *text)
{
	struct job *j = mem_alloc(sizeof(*j));

	memset(j, 0, sizeof(*j));
	j->text = text;
	j->state = JOB_RUNNING;
	return j;
}

/* Puts j in the table under the lowest free number, as dash numbers. */
void job_add(struct job *j)
{
	struct job **pp = &jobs;
	int id = 1;

	while (*pp && (*pp)->id == id) {
		pp = &(*pp)->next;
		id++;
	}
	j->id = id;
	j->next = *pp;
	*pp = j;
	j->stamp = ++job_clock;
}

/* Takes j out of the table (if there) and frees it. */
void job_free(struct job *j)
{
	for (struct job **pp = &jobs; *pp; pp = &(*pp)->next) {
		if (*pp == j) {
			*pp = j->next;
			break;
		}
	}
	if (fg_job == j)
		fg_job = NULL;
	mem_free(j->procs);
	mem_free(j->text);
	mem_free(j);
}

struct job *job_by_pid(pid_t pid)
{
	for (struct job *j = jobs; j; j = j->next) {
		for (int i = 0; i < j->nprocs; i++) {
			if (j->procs[i].pid == pid)
				return j;
		}
	}
	return NULL;
}

/*
 * The current job (+) when skip is NULL, the previous one (-) when skip is
 * the current: the job stopped last, or if none is stopped the one
 * started or continued last, as bash picks them.
 */
struct job *job_current(struct job *skip)
{
	struct job *best = NULL;

	for (struct job *j = jobs; j; j = j->next) {
		bool js = j->state == JOB_STOPPED, bs;
		if (j == skip)
			continue;
		bs = best && best->state == JOB_STOPPED;
		if (!best || (js != bs ? js : j->stamp > best->stamp))
			best = j;
	}
	return best;
}

/* '+' for the current job, '-' for the previous one, else ' '. */
char job_mark(struct job *j)
{
	struct job *cur = job_current(NULL);

	if (j == cur)
		return '+';
	return cur && j == job_current(cur) ? '-' : ' ';
}

/* Whether the job's command starts with s (contains it, when anywhere). */
static bool job_matches(struct job *j, const char *s, bool anywhere)
{
	size_t n = strlen(s);

	for (const char *t = j->text; *t; t++) {
		if (!strncmp(t, s, n))
			return true;
		if (!anywhere)
			break;
	}
	return false;
}

/*
 * The job a job spec names, for the built-in cmd: none (spec NULL), %,
 * %% or %+ the current job; %- the previous one; %N (or N) job N;
 * %STRING the job whose command starts with STRING, %?STRING the one
 * whose command contains it. NULL after a message, as bash words it.
 */
struct job *job_from_spec(const char *cmd, const char *spec)
{
	const char *s = spec && spec[0] == '%' ? spec + 1 : spec;
	struct job *found = NULL;

	if (!s || !*s || !strcmp(s, "%") || !strcmp(s, "+")) {
		found = job_current(NULL);
		if (!found)
			sh_warn("%s: current: no such job", cmd);
		return found;
	}
	if (!strcmp(s, "-")) {
		found = job_current(NULL);
		found = found ? job_current(found) : NULL;
	} else if (is_digit(s[0])) {
		char *end;
		long id = strtol(s, &end, 10);
		for (struct job *j = jobs; j && !*end; j = j->next) {
			if (j->id == id)
				found = j;
		}
	} else {
		bool anywhere = s[0] == '?';
		const char *what = anywhere ? s + 1 : s;
		for (struct job *j = jobs; j; j = j->next) {
			if (!job_matches(j, what, anywhere))
				continue;
			if (found) {
				sh_warn("%s: %s: ambiguous job spec", cmd, what);
				return NULL;
			}
			found = j;
		}
	}
	if (!found)
		sh_warn("%s: %s: no such job", cmd, spec);
	return found;
}

/* $? for a job that is done (its last process's status) or stopped. */
int job_status(struct job *j, bool report)
{
	if (j->state == JOB_STOPPED) {
		for (int i = j->nprocs - 1; i >= 0; i--) {
			if (j->procs[i].state == JOB_STOPPED)
				return 128 + WSTOPSIG(j->procs[i].ws);
		}
	}
	return j->nprocs ? wait_status(j->procs[j->nprocs - 1].ws, report) : 0;
}

/*
 * One line of `jobs` and of the reports, in bash's format:
 * "[1]+  Stopped                 sleep 10", with the first process's pid
 * after the mark for jobs -l, and " &" after a running job's command.
 */
void job_line(struct sbuf *b, struct job *j, bool pid)
{
	char head[48], state[80];
	size_t len;

	snprintf(head, sizeof(head), pid ? "[%d]%c %5d " : "[%d]%c  ", j->id,
		 job_mark(j), j->nprocs ? (int)j->procs[0].pid : 0);
	if (j->state == JOB_RUNNING) {
		snprintf(state, sizeof(state), "Running");
	} else if (j->state == JOB_STOPPED) {
		snprintf(state, sizeof(state), "Stopped");
	} else {
		int ws = j->nprocs ? j->procs[j->nprocs - 1].ws : 0;
		if (WIFEXITED(ws) && WEXITSTATUS(ws) == 0)
			snprintf(state, sizeof(state), "Done");
		else if (WIFEXITED(ws))
			snprintf(state, sizeof(state), "Exit %d", WEXITSTATUS(ws));
		else if (sig_text(WTERMSIG(ws)))
			snprintf(state, sizeof(state), "%s%s", sig_text(WTERMSIG(ws)),
				 WCOREDUMP(ws) ? " (core dumped)" : "");
		else
			snprintf(state, sizeof(state), "Signal %d", WTERMSIG(ws));
	}
	sb_adds(b, head);
	sb_adds(b, state);
	len = strlen(state);
	do
		sb_addc(b, ' ');
	while (++len < STATE_WIDTH);
	sb_adds(b, j->text);
	if (j->state == JOB_RUNNING)
		sb_adds(b, " &");
	sb_addc(b, '\n');
}

/* Reports the jobs that stopped or ended since last reported (on standard
 * error, a stop after an empty line, as bash). */
static void jobs_notify(void)
{
	struct sbuf b = { 0 };

	for (struct job *j = jobs; j; j = j->next) {
		if (j->reported || j->state == JOB_RUNNING)
			continue;
		if (j->state == JOB_STOPPED)
			sb_addc(&b, '\n');
		job_line(&b, j, false);
		j->reported = true;
	}
	if (b.len)
		write(STDERR_FILENO, b.s, b.len);
	sb_free(&b);
}

/* Forgets the jobs that are done and were reported. */
void jobs_forget_done(void)
{
	for (struct job *j = jobs, *next; j; j = next) {
		next = j->next;
		if (j->state == JOB_DONE && j->reported)
			job_free(j);
	}
}

bool jobs_stopped(void)
{
	for (struct job *j = jobs; j; j = j->next) {
		if (j->state == JOB_STOPPED)
			return true;
	}
	return false;
}

/* The shell is leaving: a stopped job gets SIGTERM and SIGCONT, as bash
 * sends them, since nothing else would ever continue it. */
void jobs_end_stopped(void)
{
	for (struct job *j = jobs; j; j = j->next) {
		if (j->state == JOB_STOPPED && j->pgid) {
			killpg(j->pgid, SIGTERM);
			killpg(j->pgid, SIGCONT);
		}
	}
}

/* --- waiting ----------------------------------------------------------- */

/* The job state its processes make: running while one runs, else stopped
 * while one is stopped, else done. */
static void job_update(struct job *j)
{
	int state = JOB_DONE;

	for (int i = 0; i < j->nprocs && state != JOB_RUNNING; i++) {
		if (j->procs[i].state != JOB_DONE)
			state = j->procs[i].state;
	}
	if (state != j->state) {
		j->state = state;
		j->reported = false;
		if (state == JOB_STOPPED)
			j->stamp = ++job_clock;
	}
}

/* A process of j that wait4 may still report (not done: its pid may
 * already belong to another process). */
static struct proc *proc_in(struct job *j, pid_t pid)
{
	for (int i = 0; j && i < j->nprocs; i++) {
		if (j->procs[i].pid == pid && j->procs[i].state != JOB_DONE)
			return &j->procs[i];
	}
	return NULL;
}

/* The process pid of a job: the foreground one's or the table's. */
static struct proc *proc_find(pid_t pid, struct job **jp)
{
	struct proc *p = proc_in(fg_job, pid);

	*jp = fg_job;
	for (struct job *j = jobs; !p && j; j = j->next) {
		p = proc_in(j, pid);
		*jp = j;
	}
	return p;
}

/* Records a status wait4 returned in the job that owns the process. */
static void record(pid_t pid, int ws)
{
	struct job *j;
	struct proc *p = proc_find(pid, &j);

	if (!p)
		return; /* no job's: a here-document's writer */
	if (WIFCONTINUED(ws)) {
		p->state = JOB_RUNNING;
	} else {
		p->ws = ws;
		p->state = WIFSTOPPED(ws) ? JOB_STOPPED : JOB_DONE;
	}
	job_update(j);
}

/* One change of any child, recorded: its pid, 0 if none is ready
 * (without blocking), -1 on error (ECHILD: no child left; EINTR). */
static pid_t collect(bool block)
{
	int ws = 0;
	int flags = (block ? 0 : WNOHANG) | (jobctl ? WUNTRACED | WCONTINUED : 0);
	pid_t pid = wait4(-1, &ws, flags, NULL);

	if (pid > 0)
		record(pid, ws);
	return pid;
}

/* No child is left: a process still counted as running or stopped was
 * reaped behind the shell's back. Its status is 127, as for a failed wait. */
static void job_lost(struct job *j)
{
	for (int i = 0; i < j->nprocs; i++) {
		if (j->procs[i].state != JOB_DONE) {
			j->procs[i].state = JOB_DONE;
			j->procs[i].ws = STATUS_NOT_FOUND << 8;
		}
	}
	job_update(j);
}

static void jobs_lost(void)
{
	if (fg_job)
		job_lost(fg_job);
	for (struct job *j = jobs; j; j = j->next)
		job_lost(j);
}

/* Collects every change that is ready, without blocking. */
void jobs_collect(void)
{
	pid_t r;

	while ((r = collect(false)) > 0)
		;
	if (r < 0 && errno == ECHILD)
		jobs_lost();
}

/* Between commands: collects what changed; an interactive shell reports
 * the jobs that stopped or ended, and forgets the ended ones. */
void jobs_reap(void)
{
	jobs_collect();
	if (interactive) {
		jobs_notify();
		jobs_forget_done();
	}
}

/* The terminal settings the shell reads commands with: kept at start,
 * given back after each foreground job (which may have changed them). */
void jobs_save_tty(void)
{
	have_shell_tmodes = ioctl(tty_fd, TCGETS, &shell_tmodes) == 0;
}

static void take_terminal_back(struct job *j)
{
	struct termios now;

	tcsetpgrp(tty_fd, shell_pgid);
	if (ioctl(tty_fd, TCGETS, &now) < 0)
		return;
	if (j->state == JOB_STOPPED) {
		j->tmodes = now;
		j->have_tmodes = true;
	}
	if (have_shell_tmodes && memcmp(&now, &shell_tmodes, sizeof(now)))
		ioctl(tty_fd, TCSETS, &shell_tmodes);
}

/*
 * Waits for a foreground job; returns its status (the last process's).
 * Under job control the job owns the terminal meanwhile, and one that
 * stops goes into the table, is reported ("[1]+  Stopped ..."), and
 * gives 128 + the stop signal. A trapped signal does not end the wait:
 * its command runs after the job (run()).
 */
int wait_fg(struct job *j)
{
	int st;

	if (jobctl && j->pgid)
		tcsetpgrp(tty_fd, j->pgid);
	fg_job = j;
	while (j->state == JOB_RUNNING) {
		if (collect(true) < 0 && errno == ECHILD)
			jobs_lost();
	}
	fg_job = NULL;
	if (jobctl)
		take_terminal_back(j);
	if (j->state == JOB_STOPPED) {
		struct sbuf b = { 0 };
		if (!j->id)
			job_add(j);
		sb_addc(&b, '\n');
		job_line(&b, j, false);
		write(STDERR_FILENO, b.s, b.len);
		sb_free(&b);
		j->reported = true;
		return job_status(j, false);
	}
	st = job_status(j, true);
	job_free(j);
	return st;
}

/* Continues a stopped job under job control (fg, bg): in the
 * foreground, it gets the terminal and the settings it stopped with
 * first. */
void job_continue(struct job *j, bool fg)
{
	if (fg) {
		tcsetpgrp(tty_fd, j->pgid);
		if (j->have_tmodes)
			ioctl(tty_fd, TCSETS, &j->tmodes);
	}
	for (int i = 0; i < j->nprocs; i++) {
		if (j->procs[i].state == JOB_STOPPED)
			j->procs[i].state = JOB_RUNNING;
	}
	job_update(j);
	j->stamp = ++job_clock;
	killpg(j->pgid, SIGCONT);
}

/* Whether j (some job, when NULL) is still running. */
static bool still_running(struct job *j)
{
	if (j)
		return j->state == JOB_RUNNING;
	for (j = jobs; j; j = j->next) {
		if (j->state == JOB_RUNNING)
			return true;
	}
	return false;
}

static volatile int wait_interrupted;

static void wait_wake(int sig)
{
	if (sig == SIGINT)
		wait_interrupted = 1;
}

/*
 * The wait built-in's wait: until job j (every job, when NULL) is no
 * longer running. Returns 0, or the signal that interrupted it: a trapped
 * one, or ^C at an interactive shell. SIGCHLD is caught meanwhile, and
 * it and the trapped signals are blocked except inside sigsuspend: a
 * child that ends, or a trapped signal that arrives, between the checks
 * and the sleep ends the sleep at once instead of being missed by it.
 */
int jobs_wait(struct job *j)
{
	struct sigaction wake = { .sa_handler = wait_wake, .sa_flags = SA_RESTART };
	struct sigaction old_chld, old_int;
	bool catch_chld = !trap_action[SIGCHLD] || !*trap_action[SIGCHLD];
	bool catch_int = interactive && !trap_action[SIGINT];
	sigset_t block = trap_caught(), old, sleeping;
	int sig = 0;

	sigaddset(&block, SIGCHLD);
	if (catch_int)
		sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	sleeping = old & ~block; /* libminc's sigset_t is the kernel's mask */
	if (catch_chld)
		sigaction(SIGCHLD, &wake, &old_chld);
	if (catch_int)
		sigaction(SIGINT, &wake, &old_int);
	wait_interrupted = 0;
	for (;;) {
		jobs_collect();
		if (!still_running(j))
			break;
		if ((sig = trap_pending_signal()) != 0)
			break;
		if (wait_interrupted) {
			sig = SIGINT;
			break;
		}
		sigsuspend(&sleeping);
	}
	if (catch_int)
		sigaction(SIGINT, &old_int, NULL);
	if (catch_chld)
		sigaction(SIGCHLD, &old_chld, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return sig;
}

/* --- forking ----------------------------------------------------------- */

/* The mask fork_subshell() found: the child's again at subshell_ready(). */
static sigset_t mask_at_fork;

/*
 * fork() for a subshell, with every signal blocked across it. The child
 * starts with the shell's dispositions (SIG_IGN for what an interactive
 * shell ignores, the trap handlers) and gives them up only in
 * enter_subshell(); a signal sent to it before then (`kill %1` typed at
 * once after `cmd &`, before the child has run) would be ignored, or
 * caught by a trap the child then forgets, and lost. Blocked, it stays
 * pending, since a blocked signal is never discarded as ignored, and acts
 * at subshell_ready(), once the child's dispositions are its own. The
 * parent has its mask back when this returns.
 */
pid_t fork_subshell(void)
{
	sigset_t all;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &mask_at_fork);
	pid_t pid = fork();
	if (pid != 0) {
		int saved = errno;
		sigprocmask(SIG_SETMASK, &mask_at_fork, NULL);
		errno = saved;
	}
	return pid;
}

/* In fork_subshell()'s child, after enter_subshell() and any disposition
 * of its own: the signals sent meanwhile act now. */
void subshell_ready(void) { sigprocmask(SIG_SETMASK, &mask_at_fork, NULL); }

/* In a child: no longer the interactive shell; signals as on entry. */
void enter_subshell(void)
{
	interactive = false;
	have_top_jmp = false;
	jobctl = false;
	fg_job = NULL;
	while (jobs)
		job_free(jobs); /* the parent's: not ours to wait for */
	sig_restore_defaults();
	trap_enter_subshell();
}

/*
 * Forks one process of job j. Under job control the child joins the
 * job's group (a new one led by the first child) and, in the foreground,
 * takes the terminal; both sides do it, so neither order of running
 * after fork leaves a window. The child does it before it stops ignoring
 * SIGTTOU (enter_subshell): a background group that takes the terminal
 * gets SIGTTOU. Without job control a background child ignores SIGINT and
 * SIGQUIT (POSIX: an asynchronous list), from before any signal sent to
 * it can act. Returns fork's result.
 */
pid_t fork_member(struct job *j, bool fg)
{
	bool jc = jobctl;
	pid_t pid = fork_subshell();

	if (pid < 0) {
		sh_warn("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (jc) {
			pid_t pg = j->pgid ? j->pgid : getpid();
			setpgid(0, pg);
			if (fg)
				tcsetpgrp(tty_fd, pg);
		}
		enter_subshell();
		if (!fg && !jc) {
			sig_set(SIGINT, SIG_IGN);
			sig_set(SIGQUIT, SIG_IGN);
		}
		subshell_ready();
		return 0;
	}
	if (jobctl) {
		if (!j->pgid)
			j->pgid = pid;
		setpgid(pid, j->pgid);
	}
	j->procs = mem_realloc(j->procs, (size_t)(j->nprocs + 1) * sizeof(struct proc));
	j->procs[j->nprocs++] = (struct proc){ .pid = pid, .state = JOB_RUNNING };
	return pid;
}
