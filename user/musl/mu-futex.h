/*
 * mu-futex.h - what the futex tests (mu-futex*.c) share: the raw call,
 * Linux's constants (the kernel's <uapi/futex.h>: musl ships no linux/futex.h), a page of
 * MAP_SHARED memory that forked processes meet in, and waiter children
 * that report how their wait ended in their exit status.
 * Invariant: every wait a test starts has a deadline, so a kernel that
 * never wakes ends it with a wrong status, never with a hang.
 */
#ifndef MINOS_MU_FUTEX_H
#define MINOS_MU_FUTEX_H

#define _GNU_SOURCE
#include <limits.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <uapi/futex.h>

#include "mu-check.h"

/* futex(2) itself; the fourth argument is a timeout or a count. */
static inline long fx(void *uaddr, int op, unsigned val, const void *t, void *uaddr2, unsigned val3)
{
	return syscall(SYS_futex, uaddr, op, val, t, uaddr2, val3);
}

/* A count passed in the timeout's place (REQUEUE, WAKE_OP). */
#define COUNT(n) ((const void *)(uintptr_t)(n))

/* A page every forked process shares. */
static inline volatile unsigned *shared_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* A child that increments *ready, then waits on word (holding val) with
 * op and bitset for at most 5 s (relative for FUTEX_WAIT, absolute for
 * FUTEX_WAIT_BITSET); its exit status says how the wait
 * ended: 0 woken, else the errno. */
static inline pid_t waiter(volatile unsigned *word, unsigned val, int op, unsigned bitset,
			   volatile unsigned *ready)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec ts = { 5, 0 };
		if ((op & 0x7f) == FUTEX_WAIT_BITSET) { /* an absolute deadline */
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_sec += 5;
		}
		__atomic_fetch_add(ready, 1, __ATOMIC_SEQ_CST);
		long r = fx((void *)word, op, val, &ts, NULL, bitset);
		_exit(r == 0 ? 0 : errno);
	}
	return pid;
}

/* Until n waiters said they are about to wait, then a while more, so
 * that each is asleep in the kernel. */
static inline void until_ready(volatile unsigned *ready, unsigned n)
{
	long deadline = now_ms() + 5000;
	while (__atomic_load_n(ready, __ATOMIC_SEQ_CST) < n && now_ms() < deadline)
		sleep_ms(10);
	sleep_ms(300);
}

/* How a waiter ended: "woken", or its errno's name. */
static inline const char *waiter_end(pid_t pid)
{
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return "no child";
	if (!WIFEXITED(status))
		return "killed";
	return WEXITSTATUS(status) == 0 ? "woken" : errno_name(WEXITSTATUS(status));
}

#endif
