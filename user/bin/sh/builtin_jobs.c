/*
 * builtin_jobs.c - the built-ins about processes and signals: wait, kill
 * and trap. Signal names are trap.c's (uapi/signal_text.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

int bi_wait(int argc, char **argv)
{
	int st = 0;

	if (argc == 1) {
		while (jobs) {
			job_wait(jobs);
			job_remove(jobs);
		}
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		struct job *j;
		if (!*argv[i] || *end || pid <= 0) {
			sh_warn("wait: %s: bad process id", argv[i]);
			st = STATUS_SYNTAX;
			continue;
		}
		j = job_find((pid_t)pid);
		if (!j) {
			st = STATUS_NOT_FOUND;
			continue;
		}
		st = job_wait(j);
		job_remove(j);
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
		sh_warn("kill: usage: kill [-s sigspec | -signum] pid...");
		return STATUS_SYNTAX;
	}
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end) {
			sh_warn("kill: %s: arguments must be process ids", argv[i]);
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
