/*
 * mu-sig-eintr - system calls interrupted by a handler, with and without
 * SA_RESTART. Another process sends SIGUSR1 about 0.2 s into the call
 * (and, for a pipe read, writes a byte later on, so that a read the
 * signal does not interrupt still ends). Without SA_RESTART a blocking
 * pipe read, wait4 and pause return -EINTR after the handler; with it,
 * read and wait4 go on and complete. nanosleep and poll are never
 * restarted: -EINTR even with SA_RESTART, and nanosleep writes back the
 * time left (between 1 and 2 s of a 2 s sleep: ok). A signal that is
 * ignored, explicitly or by default, interrupts nothing. Each part runs in
 * a section (mu-sig.h). Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include <poll.h>

#include "mu-sig.h"

#define SEND_MS 100    /* when the signal comes */
#define LATER_MS 1000  /* then when the pipe's byte comes, after the signal */
#define SOON_MS 150    /* ... when the byte is the data a restarted read waits for */

static volatile int runs;

static void count(int sig)
{
	(void)sig;
	runs++;
}

static void on(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void pipe_read(const char *what, int flags, long byte_after)
{
	char line[160], c = 0;
	int p[2];

	if (pipe(p) != 0) {
		check("pipe", 0);
		return;
	}
	runs = 0;
	on(SIGUSR1, count, flags);
	pid_t helper = signal_later(SEND_MS, SIGUSR1, p[1], byte_after);
	long r = read(p[0], &c, 1);
	snprintf(line, sizeof(line), "%s: read", what);
	if (flags & SA_RESTART)
		check_eq(line, r, 1);
	else
		check_errno(line, r, EINTR);
	snprintf(line, sizeof(line), "%s: the handler ran", what);
	check_eq(line, runs, 1);
	stop_helper(helper);
	close(p[0]);
	close(p[1]);
}

static void reads(void)
{
	pipe_read("pipe read, no SA_RESTART", 0, LATER_MS);
	pipe_read("pipe read, SA_RESTART", SA_RESTART, SOON_MS);
}

static void ignored_interrupts_nothing(void)
{
	char c = 0;
	int p[2];

	pipe(p);
	signal(SIGUSR1, SIG_IGN);
	pid_t helper = signal_later(SEND_MS, SIGUSR1, p[1], SOON_MS);
	check_eq("pipe read, SIGUSR1 ignored: read", read(p[0], &c, 1), 1);
	stop_helper(helper);

	helper = signal_later(SEND_MS, SIGWINCH, p[1], SOON_MS);
	check_eq("pipe read, SIGWINCH (default: ignore): read", read(p[0], &c, 1), 1);
	stop_helper(helper);
}

static void wait_for_child(const char *what, int flags)
{
	char line[160];
	int status = 0;

	runs = 0;
	on(SIGUSR1, count, flags);
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		sleep_ms(SEND_MS + SOON_MS);
		_exit(7);
	}
	pid_t helper = signal_later(SEND_MS, SIGUSR1, -1, 0);
	pid_t r = wait4(child, &status, 0, NULL);
	snprintf(line, sizeof(line), "%s: wait4", what);
	if (flags & SA_RESTART) {
		check(line, r == child && WIFEXITED(status) && WEXITSTATUS(status) == 7);
	} else {
		check_errno(line, r, EINTR);
		waitpid(child, &status, 0);
	}
	snprintf(line, sizeof(line), "%s: the handler ran", what);
	check_eq(line, runs, 1);
	stop_helper(helper);
}

static void waits(void)
{
	wait_for_child("wait4, no SA_RESTART", 0);
	wait_for_child("wait4, SA_RESTART", SA_RESTART);
}

static void sleep_interrupted(const char *what, int flags)
{
	struct timespec req = { 2, 0 }, rem = { -1, -1 };
	char line[160];

	runs = 0;
	on(SIGUSR1, count, flags);
	pid_t helper = signal_later(SEND_MS, SIGUSR1, -1, 0);
	long r = nanosleep(&req, &rem);
	snprintf(line, sizeof(line), "%s: 2 s", what);
	check_errno(line, r, EINTR);
	snprintf(line, sizeof(line), "%s: the handler ran", what);
	check_eq(line, runs, 1);
	snprintf(line, sizeof(line), "%s: time left between 1 and 2 s", what);
	check(line, rem.tv_sec == 1 && rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000);
	stop_helper(helper);
}

static void sleeps(void)
{
	sleep_interrupted("nanosleep, no SA_RESTART", 0);
	sleep_interrupted("nanosleep, SA_RESTART", SA_RESTART);
}

static void polls(void)
{
	struct pollfd pf;
	char line[160];
	int p[2];

	pipe(p);
	pf = (struct pollfd){ .fd = p[0], .events = POLLIN };
	for (int restart = 0; restart <= 1; restart++) {
		for (int forever = 0; forever <= 1; forever++) {
			runs = 0;
			on(SIGUSR1, count, restart ? SA_RESTART : 0);
			pid_t helper = signal_later(SEND_MS, SIGUSR1, p[1], LATER_MS);
			long r = poll(&pf, 1, forever ? -1 : 5000);
			snprintf(line, sizeof(line), "poll with %s, %s", forever ? "no timeout" : "a 5 s timeout",
				 restart ? "SA_RESTART" : "no SA_RESTART");
			check_errno(line, r, EINTR);
			stop_helper(helper);
			char c;
			while (poll(&pf, 1, 0) == 1 && read(p[0], &c, 1) == 1)
				;
		}
	}
	close(p[0]);
	close(p[1]);
}

static void pauses(void)
{
	runs = 0;
	on(SIGUSR1, count, SA_RESTART);
	pid_t helper = signal_later(SEND_MS, SIGUSR1, -1, 0);
	check_errno("pause, SA_RESTART", pause(), EINTR);
	check_eq("pause: the handler ran", runs, 1);
	stop_helper(helper);
}

int main(void)
{
	sig_test_start();
	section("pipe reads", reads, 10);
	section("ignored signals", ignored_interrupts_nothing, 10);
	section("wait4", waits, 10);
	section("nanosleep", sleeps, 15);
	section("poll", polls, 20);
	section("pause", pauses, 5);
	return sig_test_exit();
}
