/*
 * mu-thread-sigshare - the pending set a thread group shares (signal(7)):
 * kill(2) to a process while every thread blocks the signal leaves it
 * pending for the process, seen by sigpending in every thread; the thread
 * that unblocks it takes it; a thread's own signal (tgkill) is seen by it
 * alone; sigwaitinfo in any thread takes the process's signals, real-time
 * ones queued in order and a SIGCHLD; ignoring a signal drops it from the
 * process's set; the one thread that does not block a signal gets it;
 * kill from a thread reaches the main thread first when it does not block
 * the signal. Each part runs in a child process of its own (section).
 * Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include "mu-pthread.h"
#include <stdlib.h>

/* Waits (5 s at most) until *v == want. */
static int wait_for(atomic_int *v, int want)
{
	for (int i = 0; i < 5000 && *v != want; i++)
		sleep_ms(1);
	return *v == want;
}

static int pending_has(int sig)
{
	sigset_t p;
	sigpending(&p);
	return sigismember(&p, sig);
}


/* ---- kill with every thread blocking; the unblocking thread takes it -- */

static long other_tid;
static int other_saw_usr1, other_saw_usr2;

static void *blocking_thread(void *arg)
{
	(void)arg;
	other_tid = gettid_raw();
	done = 1;
	wait_for(&step, 1); /* the process got SIGUSR1 */
	other_saw_usr1 = pending_has(SIGUSR1);
	syscall(SYS_tgkill, getpid(), other_tid, SIGUSR2);
	other_saw_usr2 = pending_has(SIGUSR2);
	done = 2;
	wait_for(&step, 2);
	block(SIG_UNBLOCK, SIGUSR1); /* takes the process's SIGUSR1 */
	done = 3;
	wait_for(&step, 3);
	block(SIG_UNBLOCK, SIGUSR2);
	done = 4;
	return NULL;
}

static void all_block(void)
{
	pthread_t t;
	set_handler(SIGUSR1);
	set_handler(SIGUSR2);
	block(SIG_BLOCK, SIGUSR1);
	block(SIG_BLOCK, SIGUSR2);
	pthread_create(&t, NULL, blocking_thread, NULL);
	wait_for(&done, 1);
	kill(getpid(), SIGUSR1);
	check("every thread blocks SIGUSR1: no handler ran", handled == 0);
	check("sigpending in the main thread shows the process's SIGUSR1", pending_has(SIGUSR1));
	step = 1;
	wait_for(&done, 2);
	check("sigpending in the other thread shows it too", other_saw_usr1);
	check("the other thread's own SIGUSR2 (tgkill) is pending there", other_saw_usr2);
	check("... and not in the main thread", !pending_has(SIGUSR2));
	step = 2;
	wait_for(&done, 3);
	check("the thread that unblocked SIGUSR1 ran its handler", handled == 1 && handler_tid == other_tid);
	check("the main thread no longer sees SIGUSR1 pending", !pending_has(SIGUSR1));
	step = 3;
	wait_for(&done, 4);
	check("SIGUSR2 ran in its own thread once unblocked", handled == 2 && handler_tid == other_tid);
	pthread_join(t, NULL);
}

/* ---- sigwaitinfo in a thread takes the process's signals ------------- */

static int waited[8];
static siginfo_t waited_info[8];

static void *waiting_thread(void *arg)
{
	sigset_t *set = arg;
	for (int i = 0; i < 4; i++)
		waited[i] = sigwaitinfo(set, &waited_info[i]);
	return NULL;
}

static void sigwait_in_thread(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR1); /* pending before anyone waits */
	union sigval v;
	for (int i = 0; i < 2; i++) {
		v.sival_int = 40 + i;
		sigqueue(getpid(), SIGRTMIN, v);
	}
	pid_t c = fork();
	if (c == 0)
		_exit(3);
	sleep_ms(50); /* the child has ended: SIGCHLD is pending */
	check("main thread: SIGUSR1, SIGRTMIN and SIGCHLD pending",
	      pending_has(SIGUSR1) && pending_has(SIGRTMIN) && pending_has(SIGCHLD));
	pthread_t t;
	pthread_create(&t, NULL, waiting_thread, &set);
	pthread_join(t, NULL);
	check_eq("sigwaitinfo 1 in a thread: the lowest, SIGUSR1", waited[0], SIGUSR1);
	check("... from kill: SI_USER and our pid",
	      waited_info[0].si_code == SI_USER && waited_info[0].si_pid == getpid());
	check_eq("sigwaitinfo 2: SIGCHLD", waited[1], SIGCHLD);
	check("... CLD_EXITED, status 3, the child's pid",
	      waited_info[1].si_code == CLD_EXITED && waited_info[1].si_status == 3 &&
		      waited_info[1].si_pid == c);
	check("sigwaitinfo 3 and 4: SIGRTMIN twice, queued in order",
	      waited[2] == SIGRTMIN && waited[3] == SIGRTMIN &&
		      waited_info[2].si_value.sival_int == 40 && waited_info[3].si_value.sival_int == 41 &&
		      waited_info[2].si_code == SI_QUEUE);
	check("nothing left pending in the main thread",
	      !pending_has(SIGUSR1) && !pending_has(SIGRTMIN) && !pending_has(SIGCHLD));
	int st;
	check("the child is reaped", waitpid(c, &st, 0) == c && WIFEXITED(st));
}

/* ---- SIG_IGN drops the process's pending signal ---------------------- */

static int ign_other_saw;

static void *ign_thread(void *arg)
{
	(void)arg;
	wait_for(&step, 1);
	ign_other_saw = pending_has(SIGUSR1);
	done = 1;
	return NULL;
}

static void ignore_drops(void)
{
	pthread_t t;
	block(SIG_BLOCK, SIGUSR1);
	pthread_create(&t, NULL, ign_thread, NULL);
	kill(getpid(), SIGUSR1);
	check("pending before SIG_IGN", pending_has(SIGUSR1));
	signal(SIGUSR1, SIG_IGN);
	check("gone after SIG_IGN, main thread", !pending_has(SIGUSR1));
	step = 1;
	wait_for(&done, 1);
	check("gone in the other thread too", !ign_other_saw);
	pthread_join(t, NULL);
}

/* ---- the one thread that does not block it gets it ------------------- */

static long taker_tid;

static void *taking_thread(void *arg)
{
	(void)arg;
	taker_tid = gettid_raw();
	block(SIG_UNBLOCK, SIGUSR1);
	done = 1;
	for (int i = 0; i < 500 && !handled; i++)
		sleep_ms(10);
	return NULL;
}

static void one_takes(void)
{
	pthread_t t;
	set_handler(SIGUSR1);
	block(SIG_BLOCK, SIGUSR1);
	pthread_create(&t, NULL, taking_thread, NULL); /* starts with it blocked */
	wait_for(&done, 1);
	kill(getpid(), SIGUSR1);
	pthread_join(t, NULL);
	check("the main thread blocks SIGUSR1: the other thread's handler ran",
	      handled == 1 && handler_tid == taker_tid);
	check("nothing left pending", !pending_has(SIGUSR1));
}

/* ---- kill from a thread: the main thread, which does not block it ---- */

static void *killing_thread(void *arg)
{
	(void)arg;
	block(SIG_BLOCK, SIGUSR2);
	kill(getpid(), SIGUSR2);
	done = 1;
	return NULL;
}

static void main_first(void)
{
	pthread_t t;
	set_handler(SIGUSR2);
	pthread_create(&t, NULL, killing_thread, NULL);
	pthread_join(t, NULL);
	for (int i = 0; i < 500 && !handled; i++)
		sleep_ms(1);
	check("kill from a thread that blocks it: the main thread's handler ran",
	      handled == 1 && handler_tid == getpid());
}

int main(void)
{
	check_start();
	section("all block", all_block, 20);
	section("sigwait", sigwait_in_thread, 20);
	section("ignore", ignore_drops, 20);
	section("one takes", one_takes, 20);
	section("main first", main_first, 20);
	return check_exit();
}
