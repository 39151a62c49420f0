/*
 * mu-smp-bench OP N SECONDS - throughput of one operation on N CPUs at
 * once, for scripts/bench's SMP table (docs/benchmarks.md): N processes,
 * process i pinned to CPU i, each repeating OP until SECONDS of
 * CLOCK_MONOTONIC have passed since a common start, then reporting how
 * many it made. OP is getpid (the raw system call, which MinOS answers
 * without its kernel lock), getppid (as short, but under the lock) or
 * pipe (a 1-byte write and read back on the process's own pipe: a round
 * trip through the kernel under the lock).
 * Prints "OP N: TOTAL ops in NS ns" and each process's count; wall-clock
 * throughput, so only a ratio between runs on one machine means anything.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCS 64
#define CHECK_EVERY 256 /* operations between two looks at the clock */

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

struct shared {
	volatile int ready;
	volatile long long start_ns;
	long long count[MAX_PROCS];
};

static long long run(const char *op, long long end_ns)
{
	long long n = 0;
	int fd[2];
	char b = 'x';
	int is_pipe = strcmp(op, "pipe") == 0, is_getppid = strcmp(op, "getppid") == 0;
	if (is_pipe && pipe(fd))
		return -1;
	while (now_ns() < end_ns) {
		for (int i = 0; i < CHECK_EVERY; i++) {
			if (is_pipe) {
				if (write(fd[1], &b, 1) != 1 || read(fd[0], &b, 1) != 1)
					return -1;
			} else if (is_getppid) {
				syscall(SYS_getppid);
			} else {
				syscall(SYS_getpid);
			}
		}
		n += CHECK_EVERY;
	}
	return n;
}

int main(int argc, char **argv)
{
	if (argc != 4 || (strcmp(argv[1], "getpid") && strcmp(argv[1], "getppid") &&
			  strcmp(argv[1], "pipe"))) {
		fprintf(stderr, "usage: mu-smp-bench getpid|getppid|pipe N SECONDS\n");
		return 2;
	}
	int n = atoi(argv[2]);
	double seconds = atof(argv[3]);
	if (n < 1 || n > MAX_PROCS || seconds <= 0)
		return 2;
	struct shared *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 1;
	for (int i = 0; i < n; i++) {
		if (fork() == 0) {
			cpu_set_t set;
			CPU_ZERO(&set);
			CPU_SET(i, &set);
			if (sched_setaffinity(0, sizeof(set), &set))
				_exit(3);
			__atomic_fetch_add(&sh->ready, 1, __ATOMIC_SEQ_CST);
			while (!sh->start_ns)
				__asm__ volatile("pause");
			sh->count[i] = run(argv[1], sh->start_ns + (long long)(seconds * 1e9));
			_exit(sh->count[i] < 0);
		}
	}
	while (sh->ready < n)
		sched_yield();
	long long t0 = now_ns();
	sh->start_ns = t0;
	int failed = 0;
	for (int i = 0; i < n; i++) {
		int st;
		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			failed = 1;
	}
	long long total = 0;
	for (int i = 0; i < n; i++)
		total += sh->count[i];
	printf("%s %d: %lld ops in %lld ns;", argv[1], n, total, (long long)(seconds * 1e9));
	for (int i = 0; i < n; i++)
		printf(" %lld", sh->count[i]);
	printf("\n");
	return failed;
}
