/*
 * mu-smp-overlap - every CPU runs a task at the same time: one CPU-bound
 * thread pinned to each CPU the process may use (sched_setaffinity), each
 * checking with getcpu (the system call, and musl's sched_getcpu, which
 * goes through the vDSO) that it runs there, recording CLOCK_MONOTONIC at
 * the start and at the end of its busy phase. A spin barrier (no system
 * call) makes each wait until all have started before it ends. The
 * intervals must then all overlap: the latest start before the earliest
 * end. With one CPU that is one thread and holds trivially; with four
 * CPUs it holds only if four threads really ran at once, each on its own
 * CPU. The report names no CPU count, so it is the same on every machine.
 * Expected: the reference Linux's results.
 * mu-smp-overlap N also checks that the process may use at least N CPUs
 * (the harness's four-CPU pass, where one CPU would prove nothing).
 */
#define _GNU_SOURCE
#include "mu-check.h"
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>

#define MAX_THREADS 64

struct worker {
	pthread_t thread;
	int cpu;
	int pinned, on_cpu_syscall, on_cpu_vdso;
	struct timespec start, end;
};

static struct worker workers[MAX_THREADS];
static int nworkers;
static volatile int started;

static int64_t ns(const struct timespec *t) { return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec; }

static int syscall_cpu(void)
{
	unsigned cpu = ~0u, node = ~0u;
	if (syscall(SYS_getcpu, &cpu, &node, NULL) != 0 || node != 0)
		return -1;
	return (int)cpu;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	w->pinned = sched_setaffinity(0, sizeof(set), &set) == 0;
	w->on_cpu_syscall = syscall_cpu() == w->cpu;
	w->on_cpu_vdso = sched_getcpu() == w->cpu;
	clock_gettime(CLOCK_MONOTONIC, &w->start);
	__atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
	/* CPU-bound until every thread has started. */
	while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < nworkers)
		__asm__ volatile("pause");
	clock_gettime(CLOCK_MONOTONIC, &w->end);
	w->on_cpu_syscall &= syscall_cpu() == w->cpu;
	w->on_cpu_vdso &= sched_getcpu() == w->cpu;
	return NULL;
}

int main(int argc, char **argv)
{
	int min_cpus = argc > 1 ? atoi(argv[1]) : 0;
	cpu_set_t allowed;
	CPU_ZERO(&allowed);
	check("sched_getaffinity", sched_getaffinity(0, sizeof(allowed), &allowed) == 0);
	check("the caller may run on CPU 0", CPU_ISSET(0, &allowed));
	for (int c = 0; c < CPU_SETSIZE && nworkers < MAX_THREADS; c++)
		if (CPU_ISSET(c, &allowed))
			workers[nworkers++].cpu = c;

	int made = 0;
	for (int i = 0; i < nworkers; i++)
		made += pthread_create(&workers[i].thread, NULL, work, &workers[i]) == 0;
	if (min_cpus)
		check("the process may use at least the CPUs asked for", nworkers >= min_cpus);
	check("one thread per CPU created", made == nworkers);
	for (int i = 0; i < made; i++)
		pthread_join(workers[i].thread, NULL);

	int pinned = 1, on_syscall = 1, on_vdso = 1, ordered = 1;
	int64_t latest_start = 0, earliest_end = INT64_MAX;
	for (int i = 0; i < made; i++) {
		struct worker *w = &workers[i];
		pinned &= w->pinned;
		on_syscall &= w->on_cpu_syscall;
		on_vdso &= w->on_cpu_vdso;
		ordered &= ns(&w->start) <= ns(&w->end);
		if (ns(&w->start) > latest_start)
			latest_start = ns(&w->start);
		if (ns(&w->end) < earliest_end)
			earliest_end = ns(&w->end);
	}
	check("each thread pinned to its CPU", pinned);
	check("each ran on its CPU, by getcpu(2)", on_syscall);
	check("each ran on its CPU, by the vDSO's getcpu", on_vdso);
	check("each interval starts before it ends", ordered);
	check("all intervals overlap: the latest start precedes the earliest end",
	      latest_start <= earliest_end);

	/* A mask with no CPU the system runs is refused. */
	cpu_set_t none;
	CPU_ZERO(&none);
	CPU_SET(CPU_SETSIZE - 1, &none);
	errno = 0;
	check("sched_setaffinity to no online CPU: EINVAL",
	      sched_setaffinity(0, sizeof(none), &none) == -1 && errno == EINVAL);
	return failures != 0;
}
