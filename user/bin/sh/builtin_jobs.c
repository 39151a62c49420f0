/*
 * builtin_jobs.c - the built-ins about jobs, processes and signals: jobs,
 * fg, bg, wait, kill and trap. Jobs are jobs.c's, named by the job specs
 * job_from_spec reads (%N, %%, %+, %-, %STRING, %?STRING); signal names
 * are trap.c's (uapi/signal_text.h). Messages and listings are bash's.
 */
#include <errno.h>
#include <minos_util.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

/* One job, as jobs shows it: its line, its pid with -l, only its
 * leader's pid with -p. */
static void jobs_show(struct sbuf *b, struct job *j, bool pids, bool leaders)
{
	if (leaders) {
		char pid[16];
		snprintf(pid, sizeof(pid), "%d\n", j->nprocs ? (int)j->procs[0].pid : 0);
		sb_adds(b, pid);
		return;
	}
	job_line(b, j, pids);
	j->reported = j->state != JOB_RUNNING;
}

/* jobs [-l | -p] [JOB...]: "[1]+  Stopped                 sleep 10". An
 * interactive shell then forgets the jobs it listed as done. */
int bi_jobs(int argc, char **argv)
{
	struct sbuf b = { 0 };
	bool pids = false, leaders = false;
	int i = 1, st = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'l') {
				pids = true;
			} else if (*p == 'p') {
				leaders = true;
			} else {
				sh_warn("jobs: -%c: invalid option", *p);
				return STATUS_SYNTAX;
			}
		}
	}
	jobs_collect();
	if (i == argc) {
		for (struct job *j = jobs; j; j = j->next)
			jobs_show(&b, j, pids, leaders);
	}
	for (; i < argc; i++) {
		struct job *j = job_from_spec("jobs", argv[i]);
		if (j)
			jobs_show(&b, j, pids, leaders);
		else
			st = 1;
	}
	if (b.len && write_all(STDOUT_FILENO, b.s, b.len) < 0)
		st = 1;
	sb_free(&b);
	if (interactive)
		jobs_forget_done();
	return st;
}

/* The job fg or bg acts on; NULL after a message. */
static struct job *resume_target(const char *cmd, const char *spec)
{
	struct job *j;

	if (!jobctl) {
		sh_warn("%s: no job control", cmd);
		return NULL;
	}
	j = job_from_spec(cmd, spec);
	if (j && j->state == JOB_DONE) {
		sh_warn("%s: job has terminated", cmd);
		return NULL;
	}
	return j;
}

/* fg [JOB]: the job continues in the foreground; its status is fg's. */
int bi_fg(int argc, char **argv)
{
	struct job *j = resume_target("fg", argc > 1 ? argv[1] : NULL);
	struct sbuf b = { 0 };

	if (!j)
		return 1;
	sb_adds(&b, j->text);
	sb_addc(&b, '\n');
	write_all(STDOUT_FILENO, b.s, b.len);
	sb_free(&b);
	job_continue(j, true);
	return wait_fg(j);
}

/* bg [JOB...]: each stopped job continues in the background:
 * "[1]+ sleep 10 &". */
int bi_bg(int argc, char **argv)
{
	int st = 0, n = argc > 1 ? argc - 1 : 1;

	for (int k = 1; k <= n; k++) {
		struct job *j = resume_target("bg", argc > 1 ? argv[k] : NULL);
		struct sbuf b = { 0 };
		char head[32];
		if (!j) {
			st = 1;
			continue;
		}
		if (j->state == JOB_RUNNING) {
			sh_warn("bg: job %d already in background", j->id);
			continue;
		}
		snprintf(head, sizeof(head), "[%d]%c ", j->id, job_mark(j));
		sb_adds(&b, head);
		sb_adds(&b, j->text);
		sb_adds(&b, " &\n");
		write_all(STDOUT_FILENO, b.s, b.len);
		sb_free(&b);
		job_continue(j, false);
	}
	return st;
}

/*
 * wait [PID | JOB...]: until the jobs named (or all) are no longer
 * running; the status is the last one's. A trapped signal ends the wait
 * at once, with 128 + its number, and its command runs next (POSIX).
 */
int bi_wait(int argc, char **argv)
{
	int st = 0, sig;

	if (argc == 1) {
		sig = jobs_wait(NULL);
		if (sig)
			return 128 + sig;
		for (struct job *j = jobs, *next; j; j = next) {
			next = j->next;
			if (j->state == JOB_DONE) {
				job_status(j, true);
				job_free(j);
			}
		}
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		struct job *j;
		if (argv[i][0] == '%') {
			j = job_from_spec("wait", argv[i]);
		} else {
			char *end;
			long pid = strtol(argv[i], &end, 10);
			if (!*argv[i] || *end || pid <= 0) {
				sh_warn("wait: %s: bad process id", argv[i]);
				st = STATUS_SYNTAX;
				continue;
			}
			j = job_by_pid((pid_t)pid);
		}
		if (!j) {
			st = STATUS_NOT_FOUND;
			continue;
		}
		sig = jobs_wait(j);
		if (sig)
			return 128 + sig;
		st = job_status(j, true);
		if (j->state == JOB_DONE)
			job_free(j);
	}
	return st;
}

/* kill -l [STATUS...]: dash's list (0, then every signal's name, or its
 * number where it has none); with a status, the signal's name (a status
 * above 128 stands for 128 + the signal), with a name its number. */
static int kill_list(int argc, char **argv, int i)
{
	struct out o = { .fd = STDOUT_FILENO };
	char num[16];

	if (i == argc) {
		out_adds(&o, "0\n");
		for (int k = 1; k <= NSIG; k++) {
			snprintf(num, sizeof(num), "%d", k);
			out_adds(&o, sig_name(k) ? sig_name(k) : num);
			out_addc(&o, '\n');
		}
		return out_done(&o);
	}
	for (; i < argc; i++) {
		const char *a = argv[i];
		char *end;
		long n = is_digit(a[0]) ? strtol(a, &end, 10) : sig_number(a);
		if (is_digit(a[0]) && !*end && n > 128)
			n -= 128;
		if ((is_digit(a[0]) && *end) || n < 1 || n > NSIG) {
			out_done(&o);
			sh_warn("kill: %s: invalid signal specification", a);
			return 1;
		}
		snprintf(num, sizeof(num), "%ld", n);
		out_adds(&o, is_digit(a[0]) && sig_name((int)n) ? sig_name((int)n) : num);
		out_addc(&o, '\n');
	}
	return out_done(&o);
}

/* Sends sig to a job: its group under job control, else its processes.
 * A stopped job is continued after SIGTERM or SIGHUP, as bash does, so
 * that the signal takes effect. */
static int kill_job(struct job *j, int sig)
{
	int r = 0;

	if (j->pgid) {
		r = killpg(j->pgid, sig);
	} else {
		for (int i = 0; i < j->nprocs; i++) {
			if (j->procs[i].state != JOB_DONE && kill(j->procs[i].pid, sig) < 0)
				r = -1;
		}
	}
	if (r == 0 && j->pgid && j->state == JOB_STOPPED &&
	    (sig == SIGTERM || sig == SIGHUP))
		killpg(j->pgid, SIGCONT);
	return r;
}

int bi_kill(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, st = 0;

	if (argc > 1 && !strcmp(argv[1], "-l"))
		return kill_list(argc, argv, 2);
	if (argc > 2 && !strcmp(argv[1], "-s")) {
		sig = sig_number(argv[2]);
		i = 3;
		if (sig < 0) {
			sh_warn("kill: invalid signal %s", argv[2]);
			return STATUS_SYNTAX;
		}
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1] && strcmp(argv[1], "--")) {
		sig = sig_number(argv[1] + 1);
		i = 2;
		if (sig < 0) {
			sh_warn("kill: invalid signal %s", argv[1] + 1);
			return STATUS_SYNTAX;
		}
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc) {
		sh_warn("kill: usage: kill [-s sigspec | -signum] pid | %%job...");
		return STATUS_SYNTAX;
	}
	for (; i < argc; i++) {
		char *end;
		long pid;
		if (argv[i][0] == '%') {
			struct job *j = job_from_spec("kill", argv[i]);
			if (!j) {
				st = 1;
			} else if (kill_job(j, sig) < 0) {
				sh_warn("kill: %s: %s", argv[i], strerror(errno));
				st = 1;
			}
			continue;
		}
		pid = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end) {
			sh_warn("kill: %s: arguments must be process or job IDs", argv[i]);
			st = 1;
		} else if (kill((pid_t)pid, sig) < 0) {
			sh_warn("kill: %ld: %s", pid, strerror(errno));
			st = 1;
		}
	}
	return st;
}

int bi_trap(int argc, char **argv)
{
	const char *action;
	int i = 1, st = 0;

	if (argc > 1 && !strcmp(argv[1], "--"))
		i++;
	if (i >= argc) {
		struct out o = { .fd = STDOUT_FILENO };
		for (int sig = 0; sig <= NSIG; sig++) {
			if (!trap_action[sig])
				continue;
			out_adds(&o, "trap -- ");
			out_quoted(&o, trap_action[sig]);
			out_addc(&o, ' ');
			if (sig == 0 || sig_name(sig)) {
				out_adds(&o, sig == 0 ? "EXIT" : sig_name(sig));
			} else {
				char num[16];
				snprintf(num, sizeof(num), "%d", sig);
				out_adds(&o, num);
			}
			out_addc(&o, '\n');
		}
		return out_done(&o);
	}
	/* "trap N..." with a number first resets those signals */
	action = is_digit(argv[i][0]) && sig_number(argv[i]) >= 0 ? "-" : argv[i++];
	for (; i < argc; i++) {
		int sig = !strcmp(argv[i], "EXIT") ? 0 : sig_number(argv[i]);
		if (sig < 0 || sig == SIGKILL || sig == SIGSTOP) {
			sh_warn("trap: %s: bad trap", argv[i]);
			st = 1;
			continue;
		}
		mem_free(trap_action[sig]);
		trap_action[sig] = strcmp(action, "-") ? mem_strdup(action) : NULL;
		if (sig == 0)
			continue;
		sig_reset &= ~(1UL << (sig - 1));
		if (!trap_action[sig])
			sig_untrap(sig);
		else if (!*trap_action[sig])
			sig_set(sig, SIG_IGN);
		else
			sig_set(sig, trap_handler);
	}
	return st;
}
