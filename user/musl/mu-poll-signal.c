/*
 * mu-poll-signal - ppoll(2)'s signal mask and timeout. The mask given is
 * in force only for the wait: a signal it unblocks that is already
 * pending interrupts the wait at once (-EINTR, its handler runs), but not
 * a ppoll that has a descriptor ready (the signal stays pending, the old
 * mask back). A signal the mask blocks does not interrupt the wait, and
 * is delivered once the call returns. The kernel writes the time left
 * back (seen through the raw system call: it decreased). Errors: a
 * sigsetsize other than 8 and a tv_nsec of a second are -EINVAL; an
 * unreadable timeout -EFAULT. Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sys/syscall.h>

#include "mu-poll.h"
#include "mu-usr1.h"



static int usr1_blocked(void)
{
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	return sigismember(&now, SIGUSR1);
}

static int usr1_pending(void)
{
	sigset_t p;
	sigpending(&p);
	return sigismember(&p, SIGUSR1);
}

static void pending_unblocked(void)
{
	int p[2];
	make_pipe(p);
	install_usr1(SA_RESTART);
	sigset_t block, empty;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);

	struct pollfd pf = { .fd = p[0], .events = POLLIN };
	struct timespec ts = { 5, 0 };
	usr1_handled = 0;
	long t0 = now_ms();
	check_err("pending SIGUSR1, mask unblocks it, nothing ready", ppoll(&pf, 1, &ts, &empty), EINTR);
	check("... at once", now_ms() - t0 < 2000);
	check_eq("... the handler ran", usr1_handled, 1);
	check("... SIGUSR1 blocked again", usr1_blocked());

	raise(SIGUSR1);
	put_byte(p[1]);
	usr1_handled = 0;
	check_eq("pending SIGUSR1, mask unblocks it, a descriptor ready", ppoll(&pf, 1, &ts, &empty), 1);
	check_eq("... the handler did not run", usr1_handled, 0);
	check("... SIGUSR1 still pending", usr1_pending());
	check("... and blocked", usr1_blocked());
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	check_eq("... delivered once unblocked", usr1_handled, 1);
}

static void blocked_by_mask(void)
{
	int p[2];
	make_pipe(p);
	install_usr1(0);
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);

	struct pollfd pf = { .fd = p[0], .events = POLLIN };
	usr1_handled = 0;
	/* SIGUSR1 after 100 ms, a byte 300 ms later. */
	pid_t helper = signal_later(100, SIGUSR1, p[1], 300);
	check_eq("mask blocks SIGUSR1 sent during the wait: ready", ppoll(&pf, 1, NULL, &block), 1);
	check_eq("... the handler ran after the call", usr1_handled, 1);
	check("... SIGUSR1 unblocked again", !usr1_blocked());
	stop_helper(helper);

	/* Without a mask, the same signal interrupts. */
	char c;
	if (read(p[0], &c, 1) != 1)
		check("read", 0);
	usr1_handled = 0;
	helper = signal_later(100, SIGUSR1, p[1], 2000);
	check_err("no mask, SIGUSR1 during the wait", ppoll(&pf, 1, NULL, NULL), EINTR);
	check_eq("... the handler ran", usr1_handled, 1);
	stop_helper(helper);
}

static void write_back(void)
{
	int p[2];
	make_pipe(p);
	struct pollfd pf = { .fd = p[0], .events = POLLIN };
	struct timespec ts = { 5, 0 };
	pid_t child = write_later(p[1], 100);
	long r = syscall(SYS_ppoll, &pf, 1, &ts, NULL, 8);
	check_eq("raw ppoll, 5 s, a child writes after 100 ms", r, 1);
	check("... time left written back, decreased", ts.tv_sec < 5 && (ts.tv_sec > 0 || ts.tv_nsec > 0));
	reap(child);

	struct pollfd none = { .fd = -1 };
	ts = (struct timespec){ 0, 50 * 1000 * 1000 };
	check_eq("raw ppoll, 50 ms, nothing to wait for", syscall(SYS_ppoll, &none, 1, &ts, NULL, 8), 0);
	check("... time left written back: zero", ts.tv_sec == 0 && ts.tv_nsec == 0);

	sigset_t empty;
	sigemptyset(&empty);
	ts = (struct timespec){ 0, 0 };
	check_err("sigsetsize 4", syscall(SYS_ppoll, &pf, 1, &ts, &empty, 4), EINVAL);
	ts = (struct timespec){ 0, 1000000000 };
	check_err("tv_nsec one second", syscall(SYS_ppoll, &pf, 1, &ts, NULL, 8), EINVAL);
	ts = (struct timespec){ -1, 0 };
	check_err("negative tv_sec", syscall(SYS_ppoll, &pf, 1, &ts, NULL, 8), EINVAL);
	check_err("unreadable timeout", syscall(SYS_ppoll, &pf, 1, (void *)16, NULL, 8), EFAULT);
	check_err("unreadable mask", syscall(SYS_ppoll, &pf, 1, NULL, (void *)16, 8), EFAULT);
}

int main(void)
{
	sig_test_start();
	section("pending, unblocked by the mask", pending_unblocked, 10);
	section("blocked by the mask", blocked_by_mask, 10);
	section("timeout written back", write_back, 10);
	return sig_test_exit();
}
