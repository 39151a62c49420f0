/*
 * mu-sig-jobctl - stopping and continuing a child. SIGSTOP stops it:
 * wait4(WUNTRACED) sees WIFSTOPPED with WSTOPSIG 19 (once), the child
 * makes no progress, and the parent's SIGCHLD carries CLD_STOPPED; SIGCONT
 * resumes it: wait4(WCONTINUED) sees WIFCONTINUED, SIGCHLD carries
 * CLD_CONTINUED. SA_NOCLDSTOP silences those two SIGCHLDs but not the one
 * for a death. SIGKILL ends a stopped child at once; SIGTERM waits for
 * SIGCONT, whether left to its default (the child dies then) or handled
 * (the handler runs then). SIGTSTP with a handler runs the
 * handler instead of stopping; left to its default it stops a child in a
 * process group with a parent outside it, and is discarded in an
 * orphaned group (POSIX: such a group must not be stopped by it). The
 * children tick a pipe every 10 ms, and end by themselves after 3 s, so
 * that nothing waits forever. Each part runs in a section (mu-sig.h).
 * Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>

#include "mu-sig.h"

#define CHILD_LIFE_MS 3000

enum { PLAIN, OWN_GROUP, OWN_SESSION, TSTP_HANDLER, TERM_HANDLER };

struct kid {
	pid_t pid;
	int tick; /* read end: a byte every 10 ms while the child runs */
	int note; /* read end: a byte from the child's handler */
};

static int note_fd = -1;

static void note(int sig)
{
	char c = (char)sig;
	if (write(note_fd, &c, 1) != 1)
		_exit(9);
}

static struct kid spawn(int mode)
{
	struct kid k = { -1, -1, -1 };
	int t[2], n[2];

	if (pipe(t) != 0 || pipe(n) != 0)
		return k;
	fcntl(t[1], F_SETFL, O_NONBLOCK);
	fcntl(t[0], F_SETFL, O_NONBLOCK);
	fflush(stdout);
	k.pid = fork();
	if (k.pid == 0) {
		note_fd = n[1];
		if (mode == OWN_GROUP)
			setpgid(0, 0);
		if (mode == OWN_SESSION)
			setsid();
		if (mode == TSTP_HANDLER || mode == TERM_HANDLER) {
			struct sigaction sa = { .sa_handler = note, .sa_flags = SA_RESTART };
			sigemptyset(&sa.sa_mask);
			sigaction(mode == TSTP_HANDLER ? SIGTSTP : SIGTERM, &sa, NULL);
		}
		long end = now_ms() + CHILD_LIFE_MS;
		while (now_ms() < end) {
			if (write(t[1], ".", 1) < 0 && errno != EAGAIN)
				_exit(8);
			sleep_ms(10);
		}
		_exit(0);
	}
	close(t[1]);
	close(n[1]);
	k.tick = t[0];
	k.note = n[0];
	sleep_ms(50); /* let it set itself up */
	return k;
}

/* Whether the child ticks within 200 ms. */
static int progresses(const struct kid *k)
{
	char buf[256];
	long got = 0, r;

	while (read(k->tick, buf, sizeof(buf)) > 0)
		;
	sleep_ms(200);
	while ((r = read(k->tick, buf, sizeof(buf))) > 0)
		got += r;
	return got > 0;
}

/* The signal the child's handler noted within ms, or 0. */
static int noted(const struct kid *k, int ms)
{
	struct pollfd pf = { .fd = k->note, .events = POLLIN };
	char c = 0;
	if (poll(&pf, 1, ms) == 1 && read(k->note, &c, 1) == 1)
		return c;
	return 0;
}

static void finish(struct kid *k)
{
	kill(k->pid, SIGKILL);
	waitpid(k->pid, NULL, 0);
	close(k->tick);
	close(k->note);
}

/* wait4's status for the child, or -1 (-2 for nothing with WNOHANG). */
static int wait_status(pid_t pid, int options)
{
	int status = 0;
	pid_t r = wait4(pid, &status, options, NULL);
	return r == pid ? status : r == 0 ? -2 : -1;
}

/* SIGCHLD as the parent's handler saw it. */
static volatile int chld_runs;
static volatile int chld_code[8], chld_status[8], chld_pid[8];

static void on_chld(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	if (chld_runs < 8) {
		chld_code[chld_runs] = info->si_code;
		chld_status[chld_runs] = info->si_status;
		chld_pid[chld_runs] = info->si_pid;
	}
	chld_runs++;
}

static void catch_chld(int flags)
{
	struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO | SA_RESTART | flags };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	chld_runs = 0;
}

static int wait_chld(int want, long ms)
{
	long end = now_ms() + ms;
	while (chld_runs < want && now_ms() < end)
		sleep_ms(5);
	return chld_runs >= want;
}

static void stop_and_continue(void)
{
	catch_chld(0);
	struct kid k = spawn(PLAIN);

	check("the child runs", progresses(&k));
	kill(k.pid, SIGSTOP);
	int st = wait_status(k.pid, WUNTRACED);
	check("SIGSTOP: wait4(WUNTRACED) sees it stopped", st >= 0 && WIFSTOPPED(st));
	check_eq("SIGSTOP: WSTOPSIG", st >= 0 && WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGSTOP);
	check("SIGSTOP: the child makes no progress", !progresses(&k));
	check("SIGSTOP: a second wait4(WUNTRACED | WNOHANG) sees nothing",
	      wait_status(k.pid, WUNTRACED | WNOHANG) == -2);
	check("SIGSTOP: SIGCHLD arrives", wait_chld(1, 2000));
	check_eq("SIGSTOP: SIGCHLD si_code (CLD_STOPPED)", chld_code[0], CLD_STOPPED);
	check_eq("SIGSTOP: SIGCHLD si_status", chld_status[0], SIGSTOP);
	check("SIGSTOP: SIGCHLD si_pid is the child", chld_pid[0] == k.pid);

	kill(k.pid, SIGCONT);
	st = wait_status(k.pid, WCONTINUED);
	check("SIGCONT: wait4(WCONTINUED) sees it continued", st >= 0 && WIFCONTINUED(st));
	check("SIGCONT: the child runs again", progresses(&k));
	check("SIGCONT: SIGCHLD arrives", wait_chld(2, 2000));
	check_eq("SIGCONT: SIGCHLD si_code (CLD_CONTINUED)", chld_code[1], CLD_CONTINUED);
	check_eq("SIGCONT: SIGCHLD si_status", chld_status[1], SIGCONT);

	kill(k.pid, SIGSTOP);
	wait_status(k.pid, WUNTRACED);
	kill(k.pid, SIGKILL);
	st = wait_status(k.pid, 0);
	check("SIGKILL of a stopped child: killed", st >= 0 && WIFSIGNALED(st));
	check_eq("SIGKILL of a stopped child: WTERMSIG", st >= 0 && WIFSIGNALED(st) ? WTERMSIG(st) : -1,
		 SIGKILL);
	close(k.tick);
	close(k.note);
}

static void no_cld_stop(void)
{
	catch_chld(SA_NOCLDSTOP);
	struct kid k = spawn(PLAIN);

	kill(k.pid, SIGSTOP);
	int st = wait_status(k.pid, WUNTRACED);
	check("SA_NOCLDSTOP: the child stops", st >= 0 && WIFSTOPPED(st));
	kill(k.pid, SIGCONT);
	st = wait_status(k.pid, WCONTINUED);
	check("SA_NOCLDSTOP: ... and continues", st >= 0 && WIFCONTINUED(st));
	sleep_ms(200);
	check_eq("SA_NOCLDSTOP: no SIGCHLD for either", chld_runs, 0);
	kill(k.pid, SIGKILL);
	check("SA_NOCLDSTOP: SIGCHLD for its death", wait_chld(1, 2000));
	check_eq("SA_NOCLDSTOP: si_code (CLD_KILLED)", chld_code[0], CLD_KILLED);
	waitpid(k.pid, NULL, 0);
	close(k.tick);
	close(k.note);
}

static void term_while_stopped(void)
{
	struct kid k = spawn(PLAIN);

	kill(k.pid, SIGSTOP);
	wait_status(k.pid, WUNTRACED);
	kill(k.pid, SIGTERM);
	sleep_ms(100);
	check("SIGTERM (default) to a stopped child: still there while stopped",
	      wait_status(k.pid, WNOHANG) == -2);
	kill(k.pid, SIGCONT);
	int st = wait_status(k.pid, 0);
	check("... killed by it after SIGCONT", st >= 0 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	if (st < 0)
		finish(&k);
	else {
		close(k.tick);
		close(k.note);
	}

	k = spawn(TERM_HANDLER);
	kill(k.pid, SIGSTOP);
	wait_status(k.pid, WUNTRACED);
	kill(k.pid, SIGTERM);
	check_eq("SIGTERM (handled) to a stopped child: nothing while stopped", noted(&k, 200), 0);
	check("... still there", wait_status(k.pid, WNOHANG) == -2);
	kill(k.pid, SIGCONT);
	check_eq("... the handler runs after SIGCONT", noted(&k, 2000), SIGTERM);
	check("... and the child goes on", progresses(&k));
	finish(&k);
}

static void tstp(void)
{
	struct kid k = spawn(TSTP_HANDLER);
	kill(k.pid, SIGTSTP);
	check_eq("SIGTSTP with a handler: the handler runs", noted(&k, 2000), SIGTSTP);
	check("SIGTSTP with a handler: not stopped", wait_status(k.pid, WUNTRACED | WNOHANG) == -2);
	check("SIGTSTP with a handler: the child goes on", progresses(&k));
	finish(&k);

	k = spawn(OWN_GROUP);
	kill(k.pid, SIGTSTP);
	int st = wait_status(k.pid, WUNTRACED);
	check("SIGTSTP (default), child in a group of its own: stopped", st >= 0 && WIFSTOPPED(st));
	check_eq("... WSTOPSIG", st >= 0 && WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTSTP);
	finish(&k);

	k = spawn(OWN_SESSION);
	kill(k.pid, SIGTSTP);
	sleep_ms(100);
	check("SIGTSTP (default), child alone in its session (an orphaned group): not stopped",
	      wait_status(k.pid, WUNTRACED | WNOHANG) == -2);
	check("... the child goes on", progresses(&k));
	finish(&k);
}

int main(void)
{
	sig_test_start();
	section("SIGSTOP and SIGCONT", stop_and_continue, 10);
	section("SA_NOCLDSTOP", no_cld_stop, 10);
	section("SIGTERM to a stopped child", term_while_stopped, 10);
	section("SIGTSTP", tstp, 10);
	return sig_test_exit();
}
