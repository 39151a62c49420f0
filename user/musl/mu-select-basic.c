/*
 * mu-select-basic - select(2) and pselect6(2) on pipes and /dev/null: the
 * three sets (reading, writing, exceptional conditions) and the count of
 * ready (descriptor, set) pairs, the sets written back holding only
 * those, a descriptor that is not open (-EBADF), nfds < 0 (-EINVAL), a
 * bad timeval (-EINVAL), the timeout written back with the time left
 * (seen through the raw system calls, as musl passes a copy: it
 * decreased; to zero when it passed), a select woken by a child writing, -EINTR after a handler
 * (even with SA_RESTART) leaving the sets unchanged, and pselect's mask.
 * Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include <sys/select.h>
#include <sys/syscall.h>

#include "mu-poll.h"

static volatile int handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

static void sets(void)
{
	int p[2], q[2];
	make_pipe(p);
	make_pipe(q);
	int null = open("/dev/null", O_RDWR);
	int n = null + 1;
	fd_set r, w, e;
	struct timeval tv = { 0, 0 };

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	FD_SET(q[0], &r);
	FD_SET(p[0], &e);
	FD_SET(null, &r);
	FD_SET(null, &w);
	FD_SET(null, &e);
	check_eq("empty pipes and /dev/null, all sets: count", select(n, &r, &w, &e, &tv), 3);
	check("... reading: /dev/null only", FD_ISSET(null, &r) && !FD_ISSET(p[0], &r) && !FD_ISSET(q[0], &r));
	check("... writing: the pipe and /dev/null", FD_ISSET(p[1], &w) && FD_ISSET(null, &w));
	check("... exceptional: none", !FD_ISSET(p[0], &e) && !FD_ISSET(null, &e));

	put_byte(p[1]);
	close(q[1]);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	FD_SET(p[0], &r);
	FD_SET(q[0], &r);
	FD_SET(p[0], &e);
	check_eq("data in one pipe, the other's writer closed: count", select(n, &r, &w, &e, &tv), 2);
	check("... both read ends readable", FD_ISSET(p[0], &r) && FD_ISSET(q[0], &r));
	check("... no exceptional condition", !FD_ISSET(p[0], &e));

	close(q[0]);
	FD_ZERO(&r);
	FD_SET(q[0], &r);
	check_err("a closed descriptor in the set", select(n, &r, NULL, NULL, &tv), EBADF);
	check("... the set left unchanged", FD_ISSET(q[0], &r));
	FD_ZERO(&r);
	FD_SET(q[0], &r);
	check_eq("the closed descriptor at nfds and beyond is not looked at", select(q[0], &r, NULL, NULL, &tv), 0);
	check_err("nfds -1", select(-1, NULL, NULL, NULL, &tv), EINVAL);
	check_eq("nfds 0, timeout 0", select(0, NULL, NULL, NULL, &tv), 0);
	tv = (struct timeval){ 0, -1 };
	check_err("raw select, tv_usec -1", syscall(SYS_select, 0, NULL, NULL, NULL, &tv), EINVAL);
	tv = (struct timeval){ -1, 0 };
	check_err("raw select, tv_sec -1", syscall(SYS_select, 0, NULL, NULL, NULL, &tv), EINVAL);
	tv = (struct timeval){ 0, 0 };
	check_err("raw select, unreadable timeval", syscall(SYS_select, 0, NULL, NULL, NULL, (void *)16), EFAULT);
	FD_ZERO(&w);
	FD_SET(p[1], &w);
	tv = (struct timeval){ 0, 1500000 };
	check_eq("tv_usec 1500000 accepted, a descriptor ready", select(n, NULL, &w, NULL, &tv), 1);
	check_err("an unreadable set", select(n, (fd_set *)16, NULL, NULL, &tv), EFAULT);
	close(null);
}

static void timeouts(void)
{
	int p[2];
	make_pipe(p);
	fd_set r;
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	struct timeval tv = { 0, 100000 };
	long t0 = now_ms();
	check_eq("raw select, 100 ms, nothing ready", syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv), 0);
	check("... lasted at least 90 ms", now_ms() - t0 >= 90);
	check("... the set cleared", !FD_ISSET(p[0], &r));
	check("... time left written back: zero", tv.tv_sec == 0 && tv.tv_usec == 0);

	FD_SET(p[0], &r);
	tv = (struct timeval){ 5, 0 };
	pid_t child = write_later(p[1], 100);
	check_eq("raw select, 5 s, a child writes after 100 ms", syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv), 1);
	check("... time left written back, decreased", tv.tv_sec < 5 && (tv.tv_sec > 0 || tv.tv_usec > 0));
	reap(child);
	char c;
	if (read(p[0], &c, 1) != 1)
		check("read", 0);

	FD_SET(p[0], &r);
	struct timespec ts = { 5, 0 };
	child = write_later(p[1], 100);
	check_eq("raw pselect6, 5 s, a child writes after 100 ms",
		 syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, NULL), 1);
	check("... time left written back, decreased", ts.tv_sec < 5 && (ts.tv_sec > 0 || ts.tv_nsec > 0));
	reap(child);
	ts = (struct timespec){ 0, 1000000000 };
	check_err("pselect6 tv_nsec one second", pselect(p[0] + 1, &r, NULL, NULL, &ts, NULL), EINVAL);
	struct { void *mask; size_t size; } pack = { NULL, 8 };
	ts = (struct timespec){ 0, 0 };
	check_eq("raw pselect6, no mask in the pack", syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, &pack), 0);
	sigset_t empty;
	sigemptyset(&empty);
	pack.mask = &empty;
	pack.size = 4;
	check_err("raw pselect6, sigsetsize 4", syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, &pack), EINVAL);
	check_err("raw pselect6, unreadable pack", syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, (void *)16), EFAULT);
}

static void signals(void)
{
	int p[2];
	make_pipe(p);
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);

	fd_set r;
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	handled = 0;
	pid_t helper = signal_later(100, SIGUSR1, p[1], 2000);
	check_err("select, SIGUSR1 with SA_RESTART", select(p[0] + 1, &r, NULL, NULL, NULL), EINTR);
	check_eq("... the handler ran", handled, 1);
	check("... the set left unchanged", FD_ISSET(p[0], &r));
	stop_helper(helper);

	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	handled = 0;
	helper = signal_later(100, SIGUSR1, p[1], 300);
	check_eq("pselect, its mask blocks SIGUSR1", pselect(p[0] + 1, &r, NULL, NULL, NULL, &block), 1);
	check_eq("... the handler ran after the call", handled, 1);
	stop_helper(helper);
}

int main(void)
{
	sig_test_start();
	section("sets", sets, 10);
	section("timeouts", timeouts, 10);
	section("signals", signals, 10);
	return sig_test_exit();
}
