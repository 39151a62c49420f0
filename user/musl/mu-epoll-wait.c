/*
 * mu-epoll-wait - waiting in epoll_wait(2) and epoll_pwait
 * on pipes: woken by a child's write, a timeout that passes, maxevents
 * out of range (-EINVAL), a bad buffer (-EFAULT), a descriptor that is
 * not an instance (-EINVAL) or not open (-EBADF); a handled signal ends
 * the wait with -EINTR even with SA_RESTART, and so does a stop and a
 * continue without any handler (where poll goes on to its timeout);
 * epoll_pwait's mask; an instance inside another (and polled); a waiter
 * woken by another process adding a ready item; 100 pipes in one set,
 * taken 10 at a time (every ready one comes in turn). Expected: the
 * reference Linux's results.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sys/epoll.h>
#include <sys/syscall.h>

#include "mu-poll.h"

#define EP_MAX_EVENTS (0x7fffffff / (int)sizeof(struct epoll_event))

static volatile int handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

static int ep_add(int ep, int fd, unsigned events, unsigned long long data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static struct epoll_event evs[256];

static void waits(void)
{
	int ep = epoll_create1(0);
	int p[2];
	make_pipe(p);
	ep_add(ep, p[0], EPOLLIN, 1);

	long t0 = now_ms();
	check_eq("timeout 0", epoll_wait(ep, evs, 8, 0), 0);
	check("... at once", now_ms() - t0 < 50);
	t0 = now_ms();
	check_eq("100 ms timeout", epoll_wait(ep, evs, 8, 100), 0);
	long took = now_ms() - t0;
	check("... lasted at least 90 ms", took >= 90);
	check("... and less than 2 s", took < 2000);

	pid_t child = write_later(p[1], 100);
	t0 = now_ms();
	check_eq("no timeout, a child writes after 100 ms", epoll_wait(ep, evs, 8, -1), 1);
	check("... woke in less than 2 s", now_ms() - t0 < 2000);
	check_events("... events", evs[0].events, EPOLLIN);
	reap(child);

	check_err("maxevents 0", epoll_wait(ep, evs, 0, 0), EINVAL);
	check_err("maxevents -1", epoll_wait(ep, evs, -1, 0), EINVAL);
	check_err("maxevents EP_MAX_EVENTS + 1", epoll_wait(ep, evs, EP_MAX_EVENTS + 1, 0), EINVAL);
	check_eq("maxevents EP_MAX_EVENTS", epoll_wait(ep, evs, EP_MAX_EVENTS, 0), 1);
	check_err("a buffer in the kernel's half", epoll_wait(ep, (void *)0xffff800000000000UL, 1, 0), EFAULT);
	check_err("an unwritable buffer, an event ready", epoll_wait(ep, (void *)16, 1, 0), EFAULT);
	check_err("not an instance", epoll_wait(p[0], evs, 1, 0), EINVAL);
	check_err("not open", epoll_wait(99, evs, 1, 0), EBADF);
	check_err("not open, maxevents 0: maxevents first", epoll_wait(99, evs, 0, 0), EINVAL);
}

static void signals(void)
{
	int ep = epoll_create1(0);
	int p[2];
	make_pipe(p);
	ep_add(ep, p[0], EPOLLIN, 1);
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);

	handled = 0;
	pid_t helper = signal_later(100, SIGUSR1, p[1], 2000);
	check_err("SIGUSR1 with SA_RESTART", epoll_wait(ep, evs, 8, -1), EINTR);
	check_eq("... the handler ran", handled, 1);
	stop_helper(helper);

	sigset_t block, empty, now;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	handled = 0;
	helper = signal_later(100, SIGUSR1, p[1], 300);
	check_eq("epoll_pwait, its mask blocks SIGUSR1", epoll_pwait(ep, evs, 8, -1, &block), 1);
	check_eq("... the handler ran after the call", handled, 1);
	stop_helper(helper);

	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	handled = 0;
	check_eq("epoll_pwait, SIGUSR1 pending and unblocked by the mask, a byte ready",
		 epoll_pwait(ep, evs, 8, 1000, &empty), 1);
	check_eq("... the handler did not run", handled, 0);
	char c;
	if (read(p[0], &c, 1) != 1)
		check("read", 0);
	check_err("... nothing ready", epoll_pwait(ep, evs, 8, 5000, &empty), EINTR);
	check_eq("... the handler ran", handled, 1);
	sigprocmask(SIG_BLOCK, NULL, &now);
	check("... SIGUSR1 blocked again", sigismember(&now, SIGUSR1));
	check_err("epoll_pwait, sigsetsize 4", syscall(SYS_epoll_pwait, ep, evs, 8, 0, &empty, 4), EINVAL);
}

/* A child waiting (epoll_wait, or poll with a 1 s timeout) is stopped
 * and continued: what does its wait return? */
static void stop_continue(void)
{
	for (int use_poll = 0; use_poll < 2; use_poll++) {
		int p[2];
		make_pipe(p);
		fflush(stdout);
		pid_t child = fork();
		if (child == 0) {
			int ep = epoll_create1(0);
			ep_add(ep, p[0], EPOLLIN, 1);
			struct pollfd pf = { .fd = p[0], .events = POLLIN };
			long r = use_poll ? poll(&pf, 1, 1000) : epoll_wait(ep, evs, 8, -1);
			_exit(r == -1 ? 100 + errno : (int)r);
		}
		sleep_ms(100);
		kill(child, SIGSTOP);
		sleep_ms(100);
		kill(child, SIGCONT);
		sleep_ms(100);
		put_byte(p[1]); /* for an epoll_wait that goes on */
		check_child(use_poll ? "poll, stopped and continued" : "epoll_wait, stopped and continued",
			    child, use_poll ? "exit 1" : "exit 104");
		close(p[0]);
		close(p[1]);
	}
}

static void nested(void)
{
	int inner = epoll_create1(0), outer = epoll_create1(0);
	int p[2];
	make_pipe(p);
	ep_add(inner, p[0], EPOLLIN, 1);
	ep_add(outer, inner, EPOLLIN, 2);
	check_eq("outer, inner empty", epoll_wait(outer, evs, 8, 0), 0);
	put_byte(p[1]);
	check_eq("outer, a byte in the inner's pipe", epoll_wait(outer, evs, 8, 0), 1);
	check("... the inner instance's data", evs[0].data.u64 == 2);
	check_events("... events", evs[0].events, EPOLLIN);
	char c;
	if (read(p[0], &c, 1) != 1)
		check("read", 0);
	pid_t child = write_later(p[1], 100);
	check_eq("outer, no timeout, a child writes after 100 ms", epoll_wait(outer, evs, 8, 5000), 1);
	reap(child);
	check_eq("inner: the pipe", epoll_wait(inner, evs, 8, 0), 1);
	check("... its data", evs[0].data.u64 == 1);
	struct pollfd pf = { .fd = inner, .events = POLLIN | POLLOUT };
	check_eq("poll on the inner instance", poll(&pf, 1, 0), 1);
	check_events("... revents", (unsigned short)pf.revents, POLLIN);
	if (read(p[0], &c, 1) != 1)
		check("read", 0);
	check_eq("poll on the inner instance, nothing ready", poll(&pf, 1, 0), 0);
}

/* A child waits on an instance it shares with its parent; the parent
 * adds a pipe that is already readable. */
static void shared(void)
{
	int ep = epoll_create1(0);
	int p[2];
	make_pipe(p);
	fflush(stdout);
	pid_t child = fork();
	if (child == 0)
		_exit(epoll_wait(ep, evs, 8, 5000));
	sleep_ms(100);
	put_byte(p[1]);
	ep_add(ep, p[0], EPOLLIN, 1);
	check_child("a child waiting on a shared instance, the parent adds a ready pipe", child, "exit 1");
}

#define PIPES 100

static void many(void)
{
	int ep = epoll_create1(0);
	int rd[PIPES], wr[PIPES];
	for (int i = 0; i < PIPES; i++) {
		int p[2];
		make_pipe(p);
		rd[i] = p[0];
		wr[i] = p[1];
		ep_add(ep, rd[i], EPOLLIN, (unsigned long long)i);
	}
	check_eq("100 pipes, none ready", epoll_wait(ep, evs, 256, 0), 0);
	int want = 0, want_sum = 0;
	for (int i = 0; i < PIPES; i += 3) {
		put_byte(wr[i]);
		want++;
		want_sum += i;
	}
	int n = epoll_wait(ep, evs, 256, 0);
	check_eq("every third written: ready", n, want);
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += (int)evs[i].data.u64;
	check_eq("... the sum of their data", sum, want_sum);

	char seen[PIPES] = { 0 };
	int distinct = 0;
	for (int round = 0; round < 4; round++) {
		char line[64];
		n = epoll_wait(ep, evs, 10, 0);
		snprintf(line, sizeof(line), "10 at a time, call %d", round + 1);
		check_eq(line, n, 10);
		for (int i = 0; i < n; i++) {
			int d = (int)evs[i].data.u64;
			if (d >= 0 && d < PIPES && !seen[d]++)
				distinct++;
		}
	}
	check_eq("... distinct pipes seen in 4 calls", distinct, want);

	pid_t child = write_later(wr[PIPES - 1], 100);
	for (int i = 0; i < PIPES; i += 3) {
		char c;
		if (read(rd[i], &c, 1) != 1)
			check("read", 0);
	}
	check_eq("all read; the last pipe written by a child", epoll_wait(ep, evs, 256, 5000), 1);
	check("... its data", evs[0].data.u64 == PIPES - 1);
	reap(child);
	for (int i = 0; i < PIPES; i++)
		close(wr[i]);
	check_eq("every writer closed: all hung up", epoll_wait(ep, evs, 256, 0), PIPES);
	for (int i = 0; i < PIPES; i++)
		close(rd[i]);
	check_eq("every reader closed: the set is empty", epoll_wait(ep, evs, 256, 0), 0);
}

int main(void)
{
	sig_test_start();
	section("waits", waits, 10);
	section("signals", signals, 10);
	section("stop and continue", stop_continue, 10);
	section("nested", nested, 10);
	section("shared", shared, 10);
	section("100 pipes", many, 20);
	return sig_test_exit();
}
