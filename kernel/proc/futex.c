/*
 * futex.c - futex(2)'s waiters and wake-ups, and the robust-list walk
 * (futex.h). Not yet more than the two entry points the task code calls:
 * no task can wait on a futex until futex(2) exists.
 */
#include "proc/futex.h"
#include "proc/task.h"

int futex_wake(struct mm *mm, u64 uaddr, int n)
{
	(void)mm;
	(void)uaddr;
	(void)n;
	return 0;
}

void futex_exit_robust(struct task *t)
{
	t->robust_list = 0;
	t->robust_len = 0;
}
