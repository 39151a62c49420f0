/*
 * futex.h - fast user-space locks: the kernel side of futex(2), the
 * robust-list walk at a thread's death, and the wake-up that
 * CLONE_CHILD_CLEARTID asks for (docs/threads.md).
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

/* Wakes at most n tasks waiting on the word at uaddr, in mm's private
 * space and in the shared space of the page it lies in; how many woke. */
int futex_wake(struct mm *mm, u64 uaddr, int n);

/* A thread is ending: walks the robust list it registered with
 * set_robust_list(2), marking each held lock FUTEX_OWNER_DIED and waking
 * one waiter, as Linux does; then forgets the list. Never fails: a bad
 * list simply ends the walk. */
void futex_exit_robust(struct task *t);

#endif
