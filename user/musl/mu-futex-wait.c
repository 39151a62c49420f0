/*
 * mu-futex-wait - waits that end: a shared futex in MAP_SHARED memory
 * that a forked child wakes (the parent sleeps, the child's FUTEX_WAKE
 * counts it), the keys that must not meet (a private wake does not reach
 * a shared waiter, nor a wake from another process a private one, nor a
 * shared futex in private memory after fork), and signals: a handler
 * without SA_RESTART ends an untimed wait with -EINTR, with SA_RESTART
 * the wait goes on until the wake; a timed wait is -EINTR after either;
 * a stop and continue without a handler does not end a wait; a blocked
 * signal does not either. Expected: the reference Linux's results.
 */
#include "mu-futex.h"
#include "mu-usr1.h"

#define P FUTEX_PRIVATE_FLAG

static volatile unsigned *page;


/* A child that, after ms, sets *w to value and wakes it with op (if op
 * >= 0), and reports how many woke in its exit status. */
static pid_t waker(volatile unsigned *w, long ms, unsigned value, int op)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(ms);
		*w = value;
		long n = op >= 0 ? fx((void *)w, op, INT_MAX, NULL, NULL, ~0u) : 0;
		_exit(n < 0 ? 100 : (int)n);
	}
	return pid;
}

static int child_status(pid_t pid)
{
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A child that sends sig to the parent after ms, then after ms2 more
 * sets *w and wakes it (op >= 0). */
static pid_t signaller(int sig, long ms, volatile unsigned *w, long ms2, int op)
{
	pid_t parent = getpid();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(ms);
		kill(parent, sig);
		if (op >= 0) {
			sleep_ms(ms2);
			*w = 1;
			fx((void *)w, op, INT_MAX, NULL, NULL, 0);
		}
		_exit(0);
	}
	return pid;
}

static void shared_wake(void)
{
	struct timespec ts = { 5, 0 };
	page = shared_page();
	page[0] = 0;
	pid_t c = waker(&page[0], 300, 1, FUTEX_WAKE);
	check_eq("WAIT on MAP_SHARED, woken by the child", fx((void *)&page[0], FUTEX_WAIT, 0, &ts, NULL, 0), 0);
	check_eq("the child's WAKE woke", child_status(c), 1);
	check_eq("the word", page[0], 1);

	/* Untimed: the child's wake is the only way out. */
	page[1] = 0;
	c = waker(&page[1], 300, 1, FUTEX_WAKE);
	check_eq("WAIT without timeout, woken", fx((void *)&page[1], FUTEX_WAIT, 0, NULL, NULL, 0), 0);
	check_eq("the child's WAKE woke", child_status(c), 1);

	/* WAIT_BITSET meets WAKE across processes too. */
	page[2] = 0;
	c = waker(&page[2], 300, 1, FUTEX_WAKE_BITSET);
	check_eq("WAIT_BITSET 0x10, woken by WAKE_BITSET ~0",
		 fx((void *)&page[2], FUTEX_WAIT_BITSET, 0, NULL, NULL, 0x10), 0);
	check_eq("the child's WAKE_BITSET woke", child_status(c), 1);
}

static void keys_apart(void)
{
	struct timespec ts = { 0, 600000000 };
	page = shared_page();
	page[0] = 0;
	pid_t c = waker(&page[0], 200, 0, FUTEX_WAKE | P);
	check_errno("shared WAIT, private WAKE from a child",
		    fx((void *)&page[0], FUTEX_WAIT, 0, &ts, NULL, 0), ETIMEDOUT);
	check_eq("the private WAKE woke", child_status(c), 0);

	c = waker(&page[0], 200, 0, FUTEX_WAKE | P);
	check_errno("private WAIT, private WAKE from a child",
		    fx((void *)&page[0], FUTEX_WAIT | P, 0, &ts, NULL, 0), ETIMEDOUT);
	check_eq("the private WAKE woke", child_status(c), 0);

	c = waker(&page[0], 200, 0, FUTEX_WAKE);
	check_errno("private WAIT, shared WAKE from a child",
		    fx((void *)&page[0], FUTEX_WAIT | P, 0, &ts, NULL, 0), ETIMEDOUT);
	check_eq("the shared WAKE woke", child_status(c), 0);

	static unsigned mine; /* private memory: after fork, two words */
	c = waker(&mine, 200, 0, FUTEX_WAKE);
	check_errno("shared WAIT in private memory, WAKE from a child",
		    fx(&mine, FUTEX_WAIT, 0, &ts, NULL, 0), ETIMEDOUT);
	check_eq("the child's WAKE woke", child_status(c), 0);
}

static void eintr_untimed(void)
{
	page = shared_page();
	install_usr1(0);
	pid_t c = signaller(SIGUSR1, 200, &page[0], 0, -1);
	check_errno("untimed WAIT, handler without SA_RESTART",
		    fx((void *)&page[0], FUTEX_WAIT, 0, NULL, NULL, 0), EINTR);
	check_eq("handler ran", usr1_handled, 1);
	child_status(c);
}

static void restart_untimed(void)
{
	page = shared_page();
	install_usr1(SA_RESTART);
	pid_t c = signaller(SIGUSR1, 200, &page[0], 400, FUTEX_WAKE);
	check_eq("untimed WAIT, SA_RESTART handler, then woken",
		 fx((void *)&page[0], FUTEX_WAIT, 0, NULL, NULL, 0), 0);
	check_eq("handler ran", usr1_handled, 1);
	child_status(c);
}

static void eintr_timed(void)
{
	struct timespec ts = { 5, 0 };
	page = shared_page();
	install_usr1(SA_RESTART);
	pid_t c = signaller(SIGUSR1, 200, &page[0], 0, -1);
	check_errno("timed WAIT, SA_RESTART handler", fx((void *)&page[0], FUTEX_WAIT, 0, &ts, NULL, 0),
		    EINTR);
	check_eq("handler ran", usr1_handled, 1);
	child_status(c);

	struct timespec a;
	clock_gettime(CLOCK_MONOTONIC, &a);
	a.tv_sec += 5;
	c = signaller(SIGUSR1, 200, &page[0], 0, -1);
	check_errno("WAIT_BITSET, SA_RESTART handler",
		    fx((void *)&page[0], FUTEX_WAIT_BITSET | P, 0, &a, NULL, ~0u), EINTR);
	check_eq("handler ran", usr1_handled, 2);
	child_status(c);
}

/* SIGSTOP then SIGCONT from a child, ms apart. */
static pid_t stopper(long ms)
{
	pid_t parent = getpid();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(200);
		kill(parent, SIGSTOP);
		sleep_ms(ms);
		kill(parent, SIGCONT);
		_exit(0);
	}
	return pid;
}

static void stop_cont(void)
{
	struct timespec ts = { 1, 0 };
	page = shared_page();
	pid_t c = stopper(200);
	long t0 = now_ms();
	check_errno("timed WAIT through a stop", fx((void *)&page[0], FUTEX_WAIT, 0, &ts, NULL, 0),
		    ETIMEDOUT);
	long took = now_ms() - t0;
	check("... ended at its deadline", took >= 950 && took < 4000);
	child_status(c);

	pid_t w = waker(&page[1], 800, 1, FUTEX_WAKE);
	c = stopper(200);
	check_eq("untimed WAIT through a stop, then woken",
		 fx((void *)&page[1], FUTEX_WAIT, 0, NULL, NULL, 0), 0);
	child_status(c);
	check_eq("the WAKE woke", child_status(w), 1);

	/* Blocked: no interruption; it stays pending. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	install_usr1(0);
	c = signaller(SIGUSR1, 100, &page[2], 0, -1);
	struct timespec half = { 0, 500000000 };
	check_errno("WAIT, signal blocked", fx((void *)&page[2], FUTEX_WAIT, 0, &half, NULL, 0),
		    ETIMEDOUT);
	child_status(c);
	check_eq("handler not run yet", usr1_handled, 0);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	check_eq("handler ran once unblocked", usr1_handled, 1);

	/* A signal pending and unblocked before the call: -EINTR at once,
	 * but only after the value matched. */
	raise(SIGUSR1); /* handled now, not pending */
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	check_errno("WAIT, other value, signal pending and blocked",
		    fx((void *)&page[2], FUTEX_WAIT, 5, &half, NULL, 0), EAGAIN);
	check_eq("handler count", usr1_handled, 2);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	check_eq("handler count after unblocking", usr1_handled, 3);
}

int main(void)
{
	check_start();
	section("shared_wake", shared_wake, 20);
	section("keys_apart", keys_apart, 20);
	section("eintr_untimed", eintr_untimed, 20);
	section("restart_untimed", restart_untimed, 20);
	section("eintr_timed", eintr_timed, 20);
	section("stop_cont", stop_cont, 30);
	return check_exit();
}
