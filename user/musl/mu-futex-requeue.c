/*
 * mu-futex-requeue - the counts futex(2) gives back when several
 * processes wait on words of a MAP_SHARED page: FUTEX_WAKE wakes at most
 * its count, and one even when asked for 0; FUTEX_REQUEUE and
 * FUTEX_CMP_REQUEUE wake some and move others, counting both, and the
 * moved ones then wake from the second word; CMP_REQUEUE with a stale
 * value moves nobody; FUTEX_WAKE_OP wakes on the first word, and on the
 * second only when the old value passes the test; FUTEX_WAKE_BITSET
 * wakes only the waiters whose bitset meets its own. Every waiter is a
 * child whose exit status tells how its wait ended (woken, or the error
 * at its 5 s deadline). Expected: the reference Linux's results.
 */
#include "mu-futex.h"

static volatile unsigned *page;

#define A (&page[0])
#define B (&page[1])
#define READY (&page[2])

/* n waiters on w (holding val), all asleep on return. */
static void start(pid_t *pids, int n, volatile unsigned *w, unsigned val, int op, unsigned bitset)
{
	*READY = 0;
	for (int i = 0; i < n; i++)
		pids[i] = waiter(w, val, op, bitset, READY);
	until_ready(READY, n);
}

static void report(const char *what, pid_t *pids, int n)
{
	for (int i = 0; i < n; i++) {
		char line[96];
		snprintf(line, sizeof(line), "%s, waiter %d", what, i + 1);
		printf("%s: %s\n", line, waiter_end(pids[i]));
	}
}

static void wake_counts(void)
{
	pid_t p[5];
	page = shared_page();
	start(p, 5, A, 0, FUTEX_WAIT, 0);
	check_eq("WAKE 0 wakes one", fx((void *)A, FUTEX_WAKE, 0, NULL, NULL, 0), 1);
	check_eq("WAKE 2", fx((void *)A, FUTEX_WAKE, 2, NULL, NULL, 0), 2);
	check_eq("WAKE|PRIVATE, shared waiters", fx((void *)A, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 9, NULL, NULL, 0), 0);
	check_eq("WAKE -1 wakes one", fx((void *)A, FUTEX_WAKE, -1, NULL, NULL, 0), 1);
	check_eq("WAKE INT_MAX", fx((void *)A, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 1);
	check_eq("WAKE, nobody left", fx((void *)A, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 0);
	report("WAKE", p, 5);
}

static void requeue(void)
{
	pid_t p[5];
	page = shared_page();
	start(p, 5, A, 0, FUTEX_WAIT, 0);
	check_errno("CMP_REQUEUE, stale value", fx((void *)A, FUTEX_CMP_REQUEUE, 1, COUNT(2), (void *)B, 3),
		    EAGAIN);
	check_eq("CMP_REQUEUE wake 1, move 2", fx((void *)A, FUTEX_CMP_REQUEUE, 1, COUNT(2), (void *)B, 0), 3);
	check_eq("REQUEUE wake 0, move 0", fx((void *)A, FUTEX_REQUEUE, 0, COUNT(0), (void *)B, 0), 0);
	check_eq("REQUEUE wake 0, move 1", fx((void *)A, FUTEX_REQUEUE, 0, COUNT(1), (void *)B, 0), 1);
	check_eq("WAKE on the second word", fx((void *)B, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 3);
	check_eq("WAKE on the first word", fx((void *)A, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 1);
	report("REQUEUE", p, 5);

	start(p, 3, A, 0, FUTEX_WAIT_BITSET, 0x2);
	check_eq("REQUEUE onto itself, wake 1 move 5", fx((void *)A, FUTEX_REQUEUE, 1, COUNT(5), (void *)A, 0), 3);
	check_eq("REQUEUE kept bitsets: WAKE_BITSET 1", fx((void *)A, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 1), 0);
	check_eq("REQUEUE kept bitsets: WAKE_BITSET 2", fx((void *)A, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 2), 2);
	report("REQUEUE onto itself", p, 3);
}

static void wake_op(void)
{
	pid_t pa[2], pb[2];
	page = shared_page();
	start(pa, 2, A, 0, FUTEX_WAIT, 0);
	page[3] = 0;
	*READY = 0;
	pb[0] = waiter(B, 0, FUTEX_WAIT, 0, READY);
	pb[1] = waiter(B, 0, FUTEX_WAIT, 0, READY);
	until_ready(READY, 2);
	check_eq("WAKE_OP ADD 1, old EQ 0: 1 + 1",
		 fx((void *)A, FUTEX_WAKE_OP, 1, COUNT(1), (void *)B, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0)), 2);
	check_eq("the second word", *B, 1);
	check_eq("WAKE_OP SET 5, old GT 10: 1 + 0",
		 fx((void *)A, FUTEX_WAKE_OP, 1, COUNT(1), (void *)B, FUTEX_OP(FUTEX_OP_SET, 5, FUTEX_OP_CMP_GT, 10)), 1);
	check_eq("the second word", *B, 5);
	check_eq("WAKE_OP nr_wake2 0 still wakes one, old LE 5",
		 fx((void *)A, FUTEX_WAKE_OP, 1, COUNT(0), (void *)B, FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_LE, 5)), 1);
	check_eq("WAKE_OP with nobody left", fx((void *)A, FUTEX_WAKE_OP, 1, COUNT(1), (void *)B, 0), 0);
	report("WAKE_OP first word", pa, 2);
	report("WAKE_OP second word", pb, 2);
}

static void bitsets(void)
{
	pid_t p[3];
	page = shared_page();
	*READY = 0;
	p[0] = waiter(A, 0, FUTEX_WAIT_BITSET, 0x1, READY);
	p[1] = waiter(A, 0, FUTEX_WAIT_BITSET, 0x2, READY);
	p[2] = waiter(A, 0, FUTEX_WAIT_BITSET, 0x4, READY);
	until_ready(READY, 3);
	check_eq("WAKE_BITSET 0x8", fx((void *)A, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 0x8), 0);
	check_eq("WAKE_BITSET 0x2", fx((void *)A, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 0x2), 1);
	check_eq("WAKE_BITSET 0x5, count 1", fx((void *)A, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0x5), 1);
	check_eq("WAKE (any bitset)", fx((void *)A, FUTEX_WAKE, 1, NULL, NULL, 0), 1);
	report("bitsets", p, 3);
}

int main(void)
{
	check_start();
	section("wake_counts", wake_counts, 30);
	section("requeue", requeue, 30);
	section("wake_op", wake_op, 30);
	section("bitsets", bitsets, 30);
	return check_exit();
}
