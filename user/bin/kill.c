/*
 * kill - sends a signal to processes: `kill [-s SIGNAL | -SIGNAL] PID...`,
 * SIGNAL a number or a name with or without "SIG" (TERM, the default,
 * KILL, INT, HUP, QUIT, USR1, USR2 and the rest of Linux's 1-31); `--`
 * before a negative PID (a process group). `kill -l [SIGNAL]...` lists
 * the names, or converts between names and numbers. Exits 0, or 1 if any
 * signal could not be sent or an argument was wrong.
 */
#include <errno.h>
#include <minos_util.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <uapi/signal_text.h>

/* Linux's x86-64 signal names (uapi/signal_text.h), but 29, which kill
 * names POLL as util-linux's and procps' do (IO is also accepted). */
#define SIGNAL_NAME(num, name, text) [num] = #name,
static const char *const sig_names[] = { SIGNAL_TEXT(SIGNAL_NAME) };
#undef SIGNAL_NAME
#define NAMED_SIGNALS ((int)(sizeof(sig_names) / sizeof(sig_names[0])))

static const char *name_of(int sig)
{
	return sig == SIGIO ? "POLL" : sig_names[sig];
}

/* A signal's number from its number or name; -1 if neither. 0 (no
 * signal: only checks the process exists) is valid. */
static int parse_signal(const char *s)
{
	char *end;

	if (*s >= '0' && *s <= '9') {
		long n = strtol(s, &end, 10);
		return *end == '\0' && n >= 0 && n < NSIG ? (int)n : -1;
	}
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 1; i < NAMED_SIGNALS; i++)
		if (strcmp(s, sig_names[i]) == 0 || strcmp(s, name_of(i)) == 0)
			return i;
	return -1;
}

/* kill -l: every name, one a line; or each argument converted. */
static int list(char **args, int n)
{
	int status = 0;

	if (n == 0) {
		for (int i = 1; i < NAMED_SIGNALS; i++)
			out_printf("%s\n", name_of(i));
		return status;
	}
	for (int i = 0; i < n; i++) {
		bool number = args[i][0] >= '0' && args[i][0] <= '9';
		int sig;

		if (number) {
			char *end;
			long v = strtol(args[i], &end, 10);

			/* A shell reports death by signal N as 128 + N. */
			if (v > 128 && v < 128 + NAMED_SIGNALS)
				v -= 128;
			sig = *end == '\0' && v > 0 && v < NAMED_SIGNALS ? (int)v : -1;
		} else {
			sig = parse_signal(args[i]);
		}
		if (sig <= 0) {
			warn_err(0, "'%s': invalid signal", args[i]);
			status = 1;
		} else if (number) {
			out_printf("%s\n", name_of(sig));
		} else {
			out_printf("%d\n", sig);
		}
	}
	return status;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, status = 0, i = 1;

	prog_name = "kill";
	/* Parsed by hand: "-9" and "-KILL" are options that getopt cannot
	 * describe, and what follows the signal is all pids. */
	if (i < argc && (strcmp(argv[i], "-l") == 0 || strcmp(argv[i], "-L") == 0)) {
		status = list(argv + i + 1, argc - i - 1);
		if (out_flush() < 0)
			die(1, errno, "write error");
		return status;
	}
	if (i < argc && strcmp(argv[i], "-s") == 0) {
		if (i + 1 >= argc) {
			warn_err(0, "option requires an argument -- 's'");
			try_help(1);
		}
		sig = parse_signal(argv[i + 1]);
		if (sig < 0)
			die(1, 0, "'%s': invalid signal", argv[i + 1]);
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] &&
		   strcmp(argv[i], "--") != 0) {
		sig = parse_signal(argv[i] + 1);
		if (sig < 0)
			die(1, 0, "'%s': invalid signal", argv[i] + 1);
		i++;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc) {
		warn_err(0, "no process ID specified");
		try_help(1);
	}
	for (; i < argc; i++) {
		char *end;
		long pid;

		errno = 0;
		pid = strtol(argv[i], &end, 10);
		if (end == argv[i] || *end || errno == ERANGE || pid != (pid_t)pid) {
			warn_err(0, "%s: invalid process id", argv[i]);
			status = 1;
		} else if (kill((pid_t)pid, sig) < 0) {
			warn_err(errno, "%s", argv[i]);
			status = 1;
		}
	}
	return status;
}
