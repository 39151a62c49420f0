/*
 * mu-thread-mix [ROUNDS] - threads, futexes, signals, fork and exit mixed,
 * ROUNDS times (20 by default; `make fuzz` runs thousands): in each round
 * four threads count under a mutex while they send the process SIGUSR1
 * (kill) and one another SIGUSR2 (tgkill), blocking and unblocking them;
 * meanwhile the main thread forks a child whose second thread ends the
 * process with exit_group while a third sleeps on a condition variable,
 * and, every fourth round, a multithreaded child that is stopped,
 * continued and killed. The lines printed are the same on every run: the
 * counts must be exact, the statuses right. On MinOS the task slots and
 * free pages (minos_stats, which Linux lacks) must be where they were
 * after a first round; a difference prints a FAIL line. Expected: the
 * reference Linux's results.
 */
#define _GNU_SOURCE
#include "mu-check.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/syscall.h>

#define WORKERS 4
#define STEPS 200


static atomic_long usr1_seen, usr2_seen;
static void on_usr1(int sig) { (void)sig; usr1_seen++; }
static void on_usr2(int sig) { (void)sig; usr2_seen++; }

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static atomic_long tids[WORKERS];
static atomic_int started;

static void *worker(void *arg)
{
	long me = (long)arg;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	tids[me] = syscall(SYS_gettid);
	started++;
	while (started < WORKERS)
		sched_yield();
	for (int i = 0; i < STEPS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (i % 16 == 0)
			kill(getpid(), SIGUSR1);
		if (i % 16 == 8)
			syscall(SYS_tgkill, getpid(), tids[(me + 1) % WORKERS], SIGUSR2);
		if (i % 32 == me)
			pthread_sigmask(SIG_BLOCK, &s, NULL);
		if (i % 32 == me + 8)
			pthread_sigmask(SIG_UNBLOCK, &s, NULL);
		if (i % 8 == 0)
			sched_yield();
	}
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	return (void *)me;
}

/* The child of a round: its second thread ends the process with status
 * code while a third sleeps on a condition variable. */
static pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int child_code;

static void *sleeper(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&cm);
	for (;;)
		pthread_cond_wait(&cv, &cm);
	return NULL;
}

static void *exiter(void *arg)
{
	(void)arg;
	sleep_ms(2);
	_exit(child_code); /* exit_group */
}

static pid_t exiting_child(int code)
{
	pid_t c = fork();
	if (c == 0) {
		pthread_t a, b;
		child_code = code;
		pthread_create(&a, NULL, sleeper, NULL);
		pthread_create(&b, NULL, exiter, NULL);
		for (;;)
			pause();
	}
	return c;
}

static void *spinner(void *arg)
{
	(void)arg;
	for (;;)
		sleep_ms(1);
	return NULL;
}

/* Stopped, continued, killed: the statuses wait4 gives, in order. */
static int stop_cont_kill(void)
{
	int p[2], st;
	char b;
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		pthread_t t;
		for (int i = 0; i < 3; i++)
			pthread_create(&t, NULL, spinner, NULL);
		write(p[1], "r", 1);
		for (;;)
			pause();
	}
	close(p[1]);
	read(p[0], &b, 1);
	close(p[0]);
	int ok = 1;
	kill(c, SIGSTOP);
	ok &= waitpid(c, &st, WUNTRACED) == c && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP;
	kill(c, SIGCONT);
	ok &= waitpid(c, &st, WCONTINUED) == c && WIFCONTINUED(st);
	kill(c, SIGKILL);
	ok &= waitpid(c, &st, 0) == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
	return ok;
}

struct tally {
	int counts_right, joins_right, statuses_right, stops_right, stops;
};

static void round_once(int r, struct tally *t)
{
	pthread_t w[WORKERS];
	counter = 0;
	started = 0;
	for (long i = 0; i < WORKERS; i++)
		pthread_create(&w[i], NULL, worker, (void *)i);
	int code = r % 7;
	pid_t c = exiting_child(code);
	int joins = 0;
	for (long i = 0; i < WORKERS; i++) {
		void *ret = NULL;
		joins += pthread_join(w[i], &ret) == 0 && ret == (void *)i;
	}
	int st;
	t->statuses_right += waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == code;
	t->counts_right += counter == (long)WORKERS * STEPS;
	t->joins_right += joins == WORKERS;
	if (r % 4 == 0) {
		t->stops++;
		t->stops_right += stop_cont_kill();
	}
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 20;
	unsigned long pages0 = 0, procs0 = 0, pages1 = 0, procs1 = 0;
	struct tally t = { 0 }, warm = { 0 };
	check_start();
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, NULL);

	round_once(0, &warm); /* warms what the kernel keeps once made */
	sleep_ms(20);
	int minos = minos_counts(&pages0, &procs0);
	for (int r = 0; r < rounds; r++)
		round_once(r, &t);
	printf("rounds: %ld\n", rounds);
	check_eq("rounds whose count under the mutex was exact", t.counts_right, rounds);
	check_eq("rounds whose workers were all joined", t.joins_right, rounds);
	check_eq("children ended by exit_group in a thread, status right", t.statuses_right, rounds);
	check_eq("multithreaded children stopped, continued and killed", t.stops_right, t.stops);
	check("SIGUSR1 (to the process) handled", usr1_seen > 0);
	check("SIGUSR2 (to a thread) handled", usr2_seen > 0);

	sleep_ms(20);
	if (minos && minos_counts(&pages1, &procs1))
		check_balance(pages0, procs0, pages1, procs1);
	return check_exit();
}
