/*
 * mu-thread-sched - sched_getaffinity and sched_setaffinity (raw calls,
 * so the C library's own size handling stays out) and sched_yield between
 * threads: the size rules (EINVAL below one long or not a multiple of
 * one), ESRCH, EFAULT, a mask without CPU 0, and two threads that yield
 * to each other in turn on one CPU. Only CPU 0 is looked at, so a
 * reference Linux with more CPUs answers the same. Expected: the
 * reference Linux's results.
 */
#define _GNU_SOURCE
#include "mu-check.h"
#include <pthread.h>
#include <sys/syscall.h>

static long getaff(int pid, unsigned long len, void *mask)
{
	long r = syscall(SYS_sched_getaffinity, pid, len, mask);
	return r;
}

static void affinity(void)
{
	unsigned long mask[4] = { 0 };
	long r = getaff(0, sizeof(mask), mask);
	check_eq("sched_getaffinity returns one long", r, 8);
	check("CPU 0 is in the mask", mask[0] & 1);
	check_eq("the thread's own tid works", getaff((int)syscall(SYS_gettid), 8, mask), 8);
	check_errno("length 0", getaff(0, 0, mask), EINVAL);
	check_errno("length 4", getaff(0, 4, mask), EINVAL);
	check_errno("length 12", getaff(0, 12, mask), EINVAL);
	check_errno("no such pid", getaff(999999, 8, mask), ESRCH);
	check_errno("bad pointer", getaff(0, 8, (void *)8), EFAULT);

	unsigned long one = 1, none = 0;
	check_eq("setaffinity to {0}", syscall(SYS_sched_setaffinity, 0, 8, &one), 0);
	check_errno("setaffinity to {}", syscall(SYS_sched_setaffinity, 0, 8, &none), EINVAL);
	check_eq("setaffinity with 4 bytes", syscall(SYS_sched_setaffinity, 0, 4, &one), 0);
	check_errno("setaffinity bad pointer", syscall(SYS_sched_setaffinity, 0, 8, (void *)8), EFAULT);
	check_errno("setaffinity no such pid", syscall(SYS_sched_setaffinity, 999999, 8, &one), ESRCH);
}

/* Two threads pinned to CPU 0 take turns through sched_yield only. */
static volatile int turn, rounds_a, rounds_b, stop;
#define ROUNDS 200

static void *player(void *arg)
{
	int me = (int)(long)arg;
	unsigned long one = 1;
	syscall(SYS_sched_setaffinity, 0, 8, &one);
	long spins = 0;
	while (!stop && spins < 50000000) {
		if (turn == me) {
			if (me == 0)
				rounds_a++;
			else
				rounds_b++;
			if (rounds_a + rounds_b >= 2 * ROUNDS)
				stop = 1;
			turn = !me;
		}
		sched_yield();
		spins++;
	}
	return NULL;
}

static void yield_turns(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, player, (void *)0L);
	pthread_create(&b, NULL, player, (void *)1L);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	check("sched_yield: both threads took their turns", rounds_a == ROUNDS && rounds_b == ROUNDS);
}

int main(void)
{
	check_start();
	section("affinity", affinity, 20);
	section("yield", yield_turns, 60);
	return check_exit();
}
