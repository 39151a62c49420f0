/*
 * futex.h - fast user-space locks: the kernel side of futex(2), the
 * robust-list walk at a thread's death, and the wake-up that
 * CLONE_CHILD_CLEARTID asks for (docs/futex.md).
 *
 * A futex is a 32-bit word in user memory; the kernel keeps no state for
 * it except the tasks sleeping on it, keyed by the word's address in its
 * memory map (private futexes) or by the physical page and offset
 * (shared ones, so processes mapping the same page meet).
 */
#ifndef MINOS_PROC_FUTEX_H
#define MINOS_PROC_FUTEX_H

#include "types.h"

struct task;
struct mm;

/* Wakes at most n tasks (at least one) waiting on the word at uaddr in
 * mm, as FUTEX_WAKE without FUTEX_PRIVATE_FLAG does: the waiters that
 * waited without that flag too, from any process mapping the page when
 * it is MAP_SHARED; how many woke (0 for an unreachable word). */
int futex_wake(struct mm *mm, u64 uaddr, int n);

/* A thread is ending: walks the robust list it registered with
 * set_robust_list(2), marking each held lock FUTEX_OWNER_DIED and waking
 * one waiter, as Linux does; then forgets the list. Never fails: a bad
 * list simply ends the walk. */
void futex_exit_robust(struct task *t);

/* futex(2)'s operations on the current task's memory (syscall/sys_futex.c
 * checks the arguments first). Each returns what the call returns. */

/* A wait's end: an absolute time on CLOCK_MONOTONIC or CLOCK_REALTIME. */
struct futex_deadline {
	int clock;
	s64 ns;
};

/* Sleeps while the word at uaddr holds val, until a wake whose bitset
 * meets bitset (0), the deadline (-ETIMEDOUT, NULL: none) or a signal
 * (-ERESTARTSYS); -EAGAIN at once when the word holds something else. */
long futex_do_wait(u64 uaddr, bool shared, u32 val, u32 bitset, const struct futex_deadline *dl);
/* Wakes at most n waiters (at least one) whose bitset meets bitset. */
long futex_do_wake(u64 uaddr, bool shared, int n, u32 bitset);
/* Wakes nr_wake waiters on uaddr1 and moves up to nr_requeue more to
 * uaddr2; with cmpval, only if uaddr1 still holds *cmpval (-EAGAIN). */
long futex_do_requeue(u64 uaddr1, u64 uaddr2, bool shared, int nr_wake, int nr_requeue,
		      const u32 *cmpval);
/* FUTEX_WAKE_OP: changes the word at uaddr2 as val3 encodes, wakes
 * nr_wake waiters on uaddr1 and, if the old value passes val3's test,
 * nr_wake2 on uaddr2. */
long futex_do_wake_op(u64 uaddr1, u64 uaddr2, bool shared, int nr_wake, int nr_wake2, u32 val3);

#endif
