/*
 * mu-thread-stress [COUNT] - threads made and ended in numbers, and ends
 * that could hurt the kernel: COUNT (2,000 by default) threads created
 * and joined, eight at a time; a thread whose CLONE_CHILD_CLEARTID word
 * lies in unmapped memory; a thread that ends while others sleep on a
 * condition variable (futexes); then the process goes on. On MinOS the
 * free pages and the task slots (its minos_stats call, which Linux does
 * not have) must be back where they were after a first warming round: a
 * difference prints a FAIL line, so the output is Linux's when nothing
 * leaks. Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include "mu-check.h"
#include "mu-thread.h"
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>


static void *give_back(void *arg) { return arg; }

/* n threads made and joined, batch at a time; how many came back right. */
static long churn(long n, int batch)
{
	long good = 0;
	pthread_t t[8];
	for (long i = 0; i < n; i += batch) {
		int made = 0;
		for (int j = 0; j < batch && i + j < n; j++)
			if (pthread_create(&t[made], NULL, give_back, (void *)(i + j)) == 0)
				made++;
		for (int j = 0; j < made; j++) {
			void *r = NULL;
			if (pthread_join(t[j], &r) == 0 && r == (void *)(i + j))
				good++;
		}
	}
	return good;
}

static char stack1[RAW_STACK_SIZE] __attribute__((aligned(16)));
static volatile int raw_done;
static int bad_cleartid_thread(void *arg)
{
	(void)arg;
	raw_done = 1;
	return 0;
}

/* A condition variable some threads sleep on while another ends. */
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int released, asleep;

static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	asleep++;
	while (!released)
		pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	return (void *)1;
}

static void *ender(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m); /* holds the lock a moment, then leaves */
	sleep_ms(10);
	pthread_mutex_unlock(&m);
	return (void *)2;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000;
	unsigned long pages0 = 0, procs0 = 0, pages1 = 0, procs1 = 0;
	check_start();

	churn(64, 8); /* warms what the kernel keeps once made */
	int minos = minos_counts(&pages0, &procs0);

	check_eq("threads created and joined", churn(n, 8), n);

	/* CLONE_CHILD_CLEARTID at an address nothing maps: ignored. */
	long tid = raw_clone(THREAD_FLAGS | CLONE_CHILD_CLEARTID, RAW_STACK_TOP(stack1), 0,
			     (int *)0x1000, 0, bad_cleartid_thread, 0);
	check("a thread with CLONE_CHILD_CLEARTID at an unmapped address", tid > 0);
	for (int i = 0; i < 200 && !raw_done; i++)
		sleep_ms(5);
	sleep_ms(50);
	check("it ran and ended; the process goes on", raw_done == 1);

	pthread_t w[4], e;
	for (int i = 0; i < 4; i++)
		pthread_create(&w[i], NULL, waiter, NULL);
	for (int i = 0; i < 400; i++) {
		pthread_mutex_lock(&m);
		int n_asleep = asleep;
		pthread_mutex_unlock(&m);
		if (n_asleep == 4)
			break;
		sleep_ms(5);
	}
	pthread_create(&e, NULL, ender, NULL);
	void *r = NULL;
	check("a thread ends while four sleep on a condition", pthread_join(e, &r) == 0 && r == (void *)2);
	pthread_mutex_lock(&m);
	released = 1;
	pthread_cond_broadcast(&c);
	pthread_mutex_unlock(&m);
	int woke = 0;
	for (int i = 0; i < 4; i++)
		woke += pthread_join(w[i], &r) == 0 && r == (void *)1;
	check_eq("the sleepers woke and were joined", woke, 4);

	churn(64, 8); /* the same warm state as at the start */
	sleep_ms(20);
	if (minos)
		minos_counts(&pages1, &procs1);
	/* On several CPUs the kernel may grow its heap or page tables once,
	 * for good, when some part first runs on another CPU; a leak instead
	 * loses pages every round. So up to three more rounds follow until
	 * two measures agree (on one CPU the first must already). */
	cpu_set_t cpus;
	int several = sched_getaffinity(0, sizeof(cpus), &cpus) == 0 && CPU_COUNT(&cpus) > 1;
	for (int i = 0; minos && several && pages1 != pages0 && i < 3; i++) {
		pages0 = pages1;
		churn(64, 8);
		sleep_ms(20);
		minos_counts(&pages1, &procs1);
	}
	if (minos)
		check_balance(pages0, procs0, pages1, procs1);
	return check_exit();
}
