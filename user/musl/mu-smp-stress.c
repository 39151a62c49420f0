/*
 * mu-smp-stress [SECONDS] - the kernel's shared structures under fire from
 * every CPU at once: four worker processes, for SECONDS (15 by default)
 * each, twice (a warming round, then the measured one), loop over fork +
 * exit + wait4, a pipe ping-pong with a child, mmap + touch + mprotect +
 * munmap, four threads sharing a futex-based mutex (the count they reach
 * must be exact), and SIGUSR1 sent to the other workers (a handler counts
 * them). Every worker must end with status 0. Before and after the
 * measured round, MinOS's free pages and task slots (its minos_stats
 * call) must be the same: nothing lost (short settling rounds may follow,
 * below). On Linux, which has no such call, those lines say ok without a
 * check. Expected: every check ok.
 */
#define _GNU_SOURCE
#include "mu-check.h"
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define WORKERS 4
#define THREADS 4
#define THREAD_ROUNDS 2000
#define PIPE_ROUNDS 50
#define MAP_PAGES 16
#define SETTLE_ROUNDS 4
#define SETTLE_SECONDS 2
static volatile sig_atomic_t usr1_seen;
static void on_usr1(int sig) { (void)sig; usr1_seen++; }

static int fork_exit_wait(int round)
{
	pid_t p = fork();
	if (p == 0)
		_exit(round & 0x7f);
	int st;
	return p > 0 && waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == (round & 0x7f);
}

static int pipe_ping_pong(void)
{
	int to[2], from[2];
	if (pipe(to) || pipe(from))
		return 0;
	pid_t p = fork();
	if (p == 0) {
		char b[64];
		close(to[1]);
		close(from[0]);
		for (;;) {
			ssize_t n = read(to[0], b, sizeof(b));
			if (n <= 0 || write(from[1], b, (size_t)n) != n)
				_exit(0);
		}
	}
	close(to[0]);
	close(from[1]);
	int ok = p > 0;
	for (int i = 0; ok && i < PIPE_ROUNDS; i++) {
		char out[64], in[64];
		memset(out, 'a' + i % 26, sizeof(out));
		ok = write(to[1], out, sizeof(out)) == (ssize_t)sizeof(out);
		size_t got = 0;
		while (ok && got < sizeof(in)) {
			ssize_t n = read(from[0], in + got, sizeof(in) - got);
			ok = n > 0;
			got += n > 0 ? (size_t)n : 0;
		}
		ok = ok && memcmp(in, out, sizeof(in)) == 0;
	}
	close(to[1]);
	close(from[0]);
	int st;
	return ok && waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static int map_touch_unmap(void)
{
	size_t len = MAP_PAGES * 4096;
	unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return 0;
	for (size_t i = 0; i < len; i += 4096)
		m[i] = (unsigned char)i;
	int ok = mprotect(m, len / 2, PROT_READ) == 0 && m[4096] == (unsigned char)4096;
	return munmap(m, len) == 0 && ok;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long shared_count;

static void *count_up(void *arg)
{
	(void)arg;
	for (int i = 0; i < THREAD_ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		shared_count++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static int threads_on_a_mutex(void)
{
	pthread_t t[THREADS];
	int made = 0;
	shared_count = 0;
	for (int i = 0; i < THREADS; i++)
		made += pthread_create(&t[made], NULL, count_up, NULL) == 0;
	for (int i = 0; i < made; i++)
		pthread_join(t[i], NULL);
	return made == THREADS && shared_count == (long)THREADS * THREAD_ROUNDS;
}

/* One worker: every kind of work in turn until the deadline; the exit
 * status says which kind failed first (bit per kind), 0 if none did. */
static int worker(int self, pid_t *all, double seconds)
{
	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int failed = 0;
	for (int round = 0;; round++) {
		if (!fork_exit_wait(round))
			failed |= 1;
		if (!pipe_ping_pong())
			failed |= 2;
		if (!map_touch_unmap())
			failed |= 4;
		if (!threads_on_a_mutex())
			failed |= 8;
		for (int w = 0; w < WORKERS; w++)
			if (w != self && all[w] > 0 && kill(all[w], SIGUSR1) != 0 && errno != ESRCH)
				failed |= 16; /* a worker that has ended is ESRCH */
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - t0.tv_sec + (now.tv_nsec - t0.tv_nsec) / 1e9 >= seconds)
			break;
	}
	return failed;
}

/* WORKERS workers for `seconds`; 1 if all ended with status 0. */
static int run_workers(double seconds)
{
	pid_t all[WORKERS] = { 0 };
	int pipes[WORKERS][2];
	for (int w = 0; w < WORKERS; w++) {
		if (pipe(pipes[w]))
			return 0;
		all[w] = fork();
		if (all[w] == 0) {
			/* Wait until every worker's pid is known. */
			close(pipes[w][1]);
			if (read(pipes[w][0], all, sizeof(all)) != (ssize_t)sizeof(all))
				_exit(64);
			_exit(worker(w, all, seconds));
		}
		close(pipes[w][0]);
	}
	for (int w = 0; w < WORKERS; w++) {
		if (write(pipes[w][1], all, sizeof(all)) != (ssize_t)sizeof(all))
			return 0;
		close(pipes[w][1]);
	}
	int ok = 1;
	for (int w = 0; w < WORKERS; w++) {
		int st;
		if (waitpid(all[w], &st, 0) != all[w] || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			printf("worker %d: status 0x%x\n", w, st);
			ok = 0;
		}
	}
	return ok;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 15;
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	check("SIGUSR1 handler installed", sigaction(SIGUSR1, &sa, NULL) == 0);

	/* As long as the measured round: the kernel's heap and page tables
	 * grow to the peak the workers reach together, and keep it. */
	check("warming round: every worker ended with status 0", run_workers(seconds));
	unsigned long pages0 = 0, procs0 = 0, pages1 = 0, procs1 = 0;
	int minos = minos_counts(&pages0, &procs0);

	check("stress: every worker ended with status 0", run_workers(seconds));
	if (minos)
		minos_counts(&pages1, &procs1);
	/* A new peak of tasks alive at once may have grown the kernel's heap
	 * or page tables for good in the measured round; a leak instead loses
	 * pages in every round. So short rounds follow until two measures
	 * agree, at most SETTLE_ROUNDS of them. */
	int ok = 1;
	for (int i = 0; minos && pages1 != pages0 && i < SETTLE_ROUNDS; i++) {
		pages0 = pages1;
		ok &= run_workers(SETTLE_SECONDS);
		minos_counts(&pages1, &procs1);
	}
	check("settling rounds: every worker ended with status 0", ok);
	if (minos && pages1 != pages0)
		printf("free pages: %lu before, %lu after\n", pages0, pages1);
	check("no page lost", pages1 == pages0);
	check("no task slot lost", procs1 == procs0);
	return failures != 0;
}
