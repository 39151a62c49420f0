/*
 * trap.c - signals: their names and descriptions (uapi/signal_text.h),
 * the dispositions the shell sets for itself (given back to children as
 * SIG_DFL), traps, and leaving the shell, which runs the EXIT trap. A
 * trapped signal's handler only sets a flag; its command runs between
 * commands, or ends a `wait` early.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uapi/signal_text.h>

#include "sh.h"

/* --- names ------------------------------------------------------------- */

#define SIGNAL_NAME(num, name, text) [num] = #name,
static const char *const sig_names[] = { SIGNAL_TEXT(SIGNAL_NAME) };
#undef SIGNAL_NAME
#define SIGNAL_DESCRIPTION(num, name, text) [num] = text,
static const char *const sig_texts[] = { SIGNAL_TEXT(SIGNAL_DESCRIPTION) };
#undef SIGNAL_DESCRIPTION
#define NSIGNAMES (int)(sizeof(sig_names) / sizeof(sig_names[0]))
#define SIGRT_FIRST 34 /* glibc's SIGRTMIN */

/*
 * A signal's name without "SIG" ("INT"), NULL for one with none. The
 * real-time signals are named as dash and bash name them: RTMIN (34, the
 * first glibc leaves to programs), RTMIN+1 ... RTMIN+15, RTMAX-14 ...
 * RTMAX-1, RTMAX (64); 32 and 33, which glibc keeps for its threads, have
 * no name.
 */
const char *sig_name(int sig)
{
	static char rt_names[NSIG - SIGRT_FIRST + 1][sizeof("RTMAX-14")];
	char *b;

	if (sig > 0 && sig < NSIGNAMES)
		return sig_names[sig];
	if (sig < SIGRT_FIRST || sig > NSIG)
		return NULL;
	b = rt_names[sig - SIGRT_FIRST];
	if (!b[0]) {
		int mid = (SIGRT_FIRST + NSIG) / 2; /* 49: the last RTMIN+N */
		if (sig == SIGRT_FIRST)
			snprintf(b, sizeof(rt_names[0]), "RTMIN");
		else if (sig == NSIG)
			snprintf(b, sizeof(rt_names[0]), "RTMAX");
		else if (sig <= mid)
			snprintf(b, sizeof(rt_names[0]), "RTMIN+%d", sig - SIGRT_FIRST);
		else
			snprintf(b, sizeof(rt_names[0]), "RTMAX-%d", NSIG - sig);
	}
	return b;
}

/* What glibc's strsignal says ("Interrupt"), NULL for a signal with none. */
const char *sig_text(int sig)
{
	return sig > 0 && sig < NSIGNAMES ? sig_texts[sig] : NULL;
}

/* A signal given as a number or a name (with or without SIG); -1 if bad. */
int sig_number(const char *s)
{
	if (is_digit(s[0])) {
		char *end;
		long n = strtol(s, &end, 10);
		return *end || n > NSIG ? -1 : (int)n;
	}
	if (!strncmp(s, "SIG", 3))
		s += 3;
	for (int i = 1; i <= NSIG; i++) {
		if (sig_name(i) && !strcmp(s, sig_name(i)))
			return i;
	}
	return -1;
}

/* --- the shell's own dispositions -------------------------------------- */

/*
 * An interactive shell ignores some signals for its own sake (sig_own):
 * its children get SIG_DFL back (sig_reset), and `trap - SIG` gives the
 * shell its own disposition back. A signal that was ignored when the
 * shell started stays ignored, by it and its children, as POSIX asks.
 */
unsigned long sig_reset;
static unsigned long sig_own;

void sig_set(int sig, sighandler_t h)
{
	struct sigaction sa = { .sa_handler = h };

	sigaction(sig, &sa, NULL);
}

void sig_ignore_own(int sig)
{
	struct sigaction old;

	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		return;
	sig_set(sig, SIG_IGN);
	sig_own |= 1UL << (sig - 1);
	sig_reset |= 1UL << (sig - 1);
}

/* In a child: the signals the shell ignored for itself go back to SIG_DFL. */
void sig_restore_defaults(void)
{
	for (int sig = 1; sig <= NSIG; sig++) {
		if (sig_reset & (1UL << (sig - 1)))
			sig_set(sig, SIG_DFL);
	}
	sig_reset = 0;
	sig_own = 0;
}

/* `trap - SIG`: the disposition the shell had before any trap. */
void sig_untrap(int sig)
{
	if (sig_own & (1UL << (sig - 1))) {
		sig_set(sig, SIG_IGN);
		sig_reset |= 1UL << (sig - 1);
	} else {
		sig_set(sig, SIG_DFL);
	}
}

/* --- traps ------------------------------------------------------------- */

/*
 * A trapped signal's handler only sets a flag; its command runs at the
 * next safe point: after the command in progress (run() checks), or as
 * soon as the signal ends the wait built-in (jobs_wait sleeps in
 * sigsuspend, which any handler ends), as in dash. The shell's own
 * blocking calls retry after EINTR. trap_action[0] is the EXIT trap, run
 * by sh_exit.
 */
char *trap_action[NSIG + 1];
static volatile int trap_pending[NSIG + 1];
volatile int any_trap_pending;
static bool in_trap;

void trap_handler(int sig)
{
	trap_pending[sig] = 1;
	any_trap_pending = 1;
}

/* In a child: traps are not inherited; ignored signals stay ignored. */
void trap_enter_subshell(void)
{
	for (int sig = 0; sig <= NSIG; sig++) {
		trap_pending[sig] = 0;
		if (trap_action[sig] && *trap_action[sig]) {
			if (sig)
				sig_set(sig, SIG_DFL);
			mem_free(trap_action[sig]);
			trap_action[sig] = NULL;
		}
	}
	any_trap_pending = 0;
}

/* The lowest signal whose command waits to run, 0 if none. */
int trap_pending_signal(void)
{
	for (int sig = 1; sig <= NSIG; sig++) {
		if (trap_pending[sig])
			return sig;
	}
	return 0;
}

/* Whether a trap (EXIT's included) has a command to run. */
bool have_traps(void)
{
	for (int sig = 0; sig <= NSIG; sig++) {
		if (trap_action[sig] && *trap_action[sig])
			return true;
	}
	return false;
}

/* The signals trap_handler catches: those trapped with a command. */
sigset_t trap_caught(void)
{
	sigset_t set;

	sigemptyset(&set);
	for (int sig = 1; sig <= NSIG; sig++) {
		if (trap_action[sig] && *trap_action[sig])
			sigaddset(&set, sig);
	}
	return set;
}

void run_traps(void)
{
	int saved = last_status;

	if (in_trap)
		return;
	in_trap = true;
	any_trap_pending = 0;
	for (int sig = 1; sig <= NSIG; sig++) {
		if (trap_pending[sig]) {
			trap_pending[sig] = 0;
			if (trap_action[sig] && *trap_action[sig])
				run_string(trap_action[sig], strlen(trap_action[sig]), false);
		}
	}
	last_status = saved;
	in_trap = false;
}

/* Leaves the shell, running the EXIT trap first; stopped jobs are ended,
 * or nothing would ever continue them. */
void sh_exit(int status)
{
	char *action = trap_action[0];

	if (action) {
		trap_action[0] = NULL; /* an exit inside it really exits */
		last_status = status;
		run_string(action, strlen(action), false);
	}
	if (jobctl)
		jobs_end_stopped();
	exit(status);
}
