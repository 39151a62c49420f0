/*
 * mu-futex-errno - futex(2) in one process: every error and its order
 * (a timeout is read and checked before the operation is; a misaligned
 * word is -EINVAL, an unreachable one -EFAULT, but a private FUTEX_WAKE
 * never looks at memory), -EAGAIN when the word holds another value,
 * -ETIMEDOUT for relative and absolute timeouts on both clocks, what
 * FUTEX_WAKE_OP does to the second word with each operation and what
 * its comparisons answer, and the counts REQUEUE and WAKE give back with
 * nobody waiting. Expected: the reference Linux's results.
 */
#include "mu-futex.h"

#define P FUTEX_PRIVATE_FLAG

static unsigned word = 1, word2;

static void *unmapped(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, 4096);
	return p;
}

static void errors(void)
{
	struct timespec ts = { 1, 0 }, neg = { -1, 0 }, big = { 0, 1000000000 };
	char *mis = (char *)&word + 1;
	void *gone = unmapped();
	void *kernel = (void *)0xffff800000000000UL;

	check_errno("WAIT, other value", fx(&word, FUTEX_WAIT, 0, NULL, NULL, 0), EAGAIN);
	check_errno("WAIT|PRIVATE, other value", fx(&word, FUTEX_WAIT | P, 0, NULL, NULL, 0), EAGAIN);
	check_errno("WAIT, misaligned", fx(mis, FUTEX_WAIT, 1, NULL, NULL, 0), EINVAL);
	check_errno("WAIT|PRIVATE, misaligned", fx(mis, FUTEX_WAIT | P, 1, NULL, NULL, 0), EINVAL);
	check_errno("WAIT, NULL", fx(NULL, FUTEX_WAIT, 0, NULL, NULL, 0), EFAULT);
	check_errno("WAIT|PRIVATE, NULL", fx(NULL, FUTEX_WAIT | P, 0, NULL, NULL, 0), EFAULT);
	check_errno("WAIT, unmapped", fx(gone, FUTEX_WAIT, 0, NULL, NULL, 0), EFAULT);
	check_errno("WAIT|PRIVATE, unmapped", fx(gone, FUTEX_WAIT | P, 0, NULL, NULL, 0), EFAULT);
	check_errno("WAIT, kernel address", fx(kernel, FUTEX_WAIT, 0, NULL, NULL, 0), EFAULT);
	check_errno("WAIT|PRIVATE, kernel address", fx(kernel, FUTEX_WAIT | P, 0, NULL, NULL, 0),
		    EFAULT);
	check_errno("WAIT, negative timeout", fx(&word, FUTEX_WAIT, 1, &neg, NULL, 0), EINVAL);
	check_errno("WAIT, tv_nsec 1e9", fx(&word, FUTEX_WAIT, 1, &big, NULL, 0), EINVAL);
	check_errno("WAIT, unreadable timeout", fx(&word, FUTEX_WAIT, 1, (void *)8, NULL, 0),
		    EFAULT);
	check_errno("WAIT, bad timeout before misaligned word", fx(mis, FUTEX_WAIT, 1, &neg, NULL, 0),
		    EINVAL);
	check_errno("WAIT, bad timeout before other value", fx(&word, FUTEX_WAIT, 0, &neg, NULL, 0),
		    EINVAL);
	check_errno("WAIT_BITSET, bitset 0", fx(&word, FUTEX_WAIT_BITSET, 1, &ts, NULL, 0), EINVAL);
	check_errno("WAIT_BITSET, bitset 0 before other value",
		    fx(&word, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0), EINVAL);
	check_errno("WAIT_BITSET, bitset 0 before misaligned",
		    fx(mis, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0), EINVAL);
	check_errno("WAKE_BITSET, bitset 0", fx(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0), EINVAL);

	check_eq("WAKE, nobody waits", fx(&word, FUTEX_WAKE, 1, NULL, NULL, 0), 0);
	check_eq("WAKE, timeout argument not read", fx(&word, FUTEX_WAKE, 1, (void *)8, NULL, 0), 0);
	check_eq("WAKE|PRIVATE, NULL", fx(NULL, FUTEX_WAKE | P, 1, NULL, NULL, 0), 0);
	check_eq("WAKE|PRIVATE, unmapped", fx(gone, FUTEX_WAKE | P, 1, NULL, NULL, 0), 0);
	check_errno("WAKE|PRIVATE, kernel address", fx(kernel, FUTEX_WAKE | P, 1, NULL, NULL, 0),
		    EFAULT);
	check_errno("WAKE, NULL", fx(NULL, FUTEX_WAKE, 1, NULL, NULL, 0), EFAULT);
	check_errno("WAKE, unmapped", fx(gone, FUTEX_WAKE, 1, NULL, NULL, 0), EFAULT);
	check_errno("WAKE, misaligned", fx(mis, FUTEX_WAKE, 1, NULL, NULL, 0), EINVAL);
	check_errno("WAKE|PRIVATE, misaligned", fx(mis, FUTEX_WAKE | P, 1, NULL, NULL, 0), EINVAL);

	check_errno("WAKE|CLOCK_REALTIME", fx(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0),
		    ENOSYS);
	check_errno("REQUEUE|CLOCK_REALTIME",
		    fx(&word, FUTEX_REQUEUE | FUTEX_CLOCK_REALTIME, 1, COUNT(1), &word2, 0), ENOSYS);
	check_errno("WAKE_OP|CLOCK_REALTIME, misaligned",
		    fx(mis, FUTEX_WAKE_OP | FUTEX_CLOCK_REALTIME, 1, COUNT(1), &word2, 0), ENOSYS);
	check_errno("FUTEX_FD", fx(&word, FUTEX_FD, 0, NULL, NULL, 0), ENOSYS);
	check_errno("operation 14", fx(&word, 14, 0, NULL, NULL, 0), ENOSYS);
	check_errno("operation 0x7f", fx(&word, 0x7f, 0, NULL, NULL, 0), ENOSYS);
	check_errno("operation 0x200 (WAIT with an unknown flag)", fx(&word, 0x200, 1, NULL, NULL, 0),
		    ENOSYS);
	check_errno("operation 14, bad timeout", fx(&word, 14, 0, &neg, NULL, 0), ENOSYS);

	check_errno("REQUEUE, nr_wake -1", fx(&word, FUTEX_REQUEUE, -1, COUNT(1), &word2, 0), EINVAL);
	check_errno("REQUEUE, nr_requeue -1",
		    fx(&word, FUTEX_REQUEUE, 1, COUNT(0xffffffffu), &word2, 0), EINVAL);
	check_eq("REQUEUE, count above 32 bits ignored",
		 fx(&word, FUTEX_REQUEUE, 1, COUNT(0x100000001UL), &word2, 0), 0);
	check_errno("REQUEUE, misaligned second", fx(&word, FUTEX_REQUEUE, 1, COUNT(1), mis, 0), EINVAL);
	check_errno("REQUEUE, NULL second", fx(&word, FUTEX_REQUEUE, 1, COUNT(1), NULL, 0), EFAULT);
	check_eq("REQUEUE|PRIVATE, NULL second", fx(&word, FUTEX_REQUEUE | P, 1, COUNT(1), NULL, 0), 0);
	check_eq("REQUEUE, nobody waits", fx(&word, FUTEX_REQUEUE, 1, COUNT(1), &word2, 0), 0);
	check_eq("REQUEUE, onto itself", fx(&word, FUTEX_REQUEUE, 1, COUNT(1), &word, 0), 0);
	check_errno("CMP_REQUEUE, other value", fx(&word, FUTEX_CMP_REQUEUE, 1, COUNT(1), &word2, 7),
		    EAGAIN);
	check_eq("CMP_REQUEUE, same value", fx(&word, FUTEX_CMP_REQUEUE, 1, COUNT(1), &word2, 1), 0);
	check_errno("CMP_REQUEUE|PRIVATE, NULL first",
		    fx(NULL, FUTEX_CMP_REQUEUE | P, 1, COUNT(1), &word2, 0), EFAULT);
	check_errno("CMP_REQUEUE, negative before misaligned",
		    fx(mis, FUTEX_CMP_REQUEUE, 1, COUNT(-1), &word2, 0), EINVAL);
}

/* FUTEX_WAKE_OP on word2 starting at from: the result, then the word. */
static void op_case(const char *what, unsigned from, unsigned encoded, long want_ret, unsigned want)
{
	char line[160];
	word2 = from;
	snprintf(line, sizeof(line), "WAKE_OP %s", what);
	long r = fx(&word, FUTEX_WAKE_OP | P, 1, COUNT(1), &word2, encoded);
	if (want_ret < 0)
		check_errno(line, r, (int)-want_ret);
	else
		check_eq(line, r, want_ret);
	snprintf(line, sizeof(line), "WAKE_OP %s, word after", what);
	check_eq(line, (long)word2, (long)want);
}

static void wake_op(void)
{
	op_case("SET 5", 1, FUTEX_OP(FUTEX_OP_SET, 5, FUTEX_OP_CMP_EQ, 0), 0, 5);
	op_case("ADD 3", 4, FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 0), 0, 7);
	op_case("ADD -1", 4, FUTEX_OP(FUTEX_OP_ADD, -1, FUTEX_OP_CMP_EQ, 0), 0, 3);
	op_case("OR 0x30", 0x5, FUTEX_OP(FUTEX_OP_OR, 0x30, FUTEX_OP_CMP_EQ, 0), 0, 0x35);
	op_case("ANDN 0x6", 0xf, FUTEX_OP(FUTEX_OP_ANDN, 0x6, FUTEX_OP_CMP_EQ, 0), 0, 0x9);
	op_case("XOR 0xff", 0xf0, FUTEX_OP(FUTEX_OP_XOR, 0xff, FUTEX_OP_CMP_EQ, 0), 0, 0x0f);
	op_case("SET 1<<20", 0, FUTEX_OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 20, FUTEX_OP_CMP_EQ, 0), 0,
		1u << 20);
	op_case("OR 1<<31", 1, FUTEX_OP(FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT, 31, FUTEX_OP_CMP_EQ, 0), 0,
		0x80000001u);
	op_case("SET -2048", 0, FUTEX_OP(FUTEX_OP_SET, -2048, FUTEX_OP_CMP_EQ, 0), 0, 0xfffff800u);
	op_case("operation 5", 9, FUTEX_OP(5, 1, FUTEX_OP_CMP_EQ, 0), -ENOSYS, 9);
	op_case("operation 7", 9, FUTEX_OP(7, 1, FUTEX_OP_CMP_EQ, 0), -ENOSYS, 9);
	op_case("comparison 6 (after the operation)", 9, FUTEX_OP(FUTEX_OP_ADD, 1, 6, 0), -ENOSYS, 10);
	op_case("comparison 15", 9, FUTEX_OP(FUTEX_OP_SET, 2, 15, 0), -ENOSYS, 2);
	for (int cmp = 0; cmp <= 5; cmp++) {
		static const char *names[] = { "EQ", "NE", "LT", "LE", "GT", "GE" };
		char what[64];
		/* Nobody waits: the count is 0 whatever the comparison says;
		 * the word ends up as the operation leaves it. */
		snprintf(what, sizeof(what), "CMP_%s -1 (old -1)", names[cmp]);
		op_case(what, 0xffffffffu, FUTEX_OP(FUTEX_OP_ADD, 1, cmp, -1), 0, 0);
	}
	word2 = 0;
	check_errno("WAKE_OP, misaligned second",
		    fx(&word, FUTEX_WAKE_OP | P, 1, COUNT(1), (char *)&word2 + 2, 0), EINVAL);
	check_errno("WAKE_OP|PRIVATE, NULL second", fx(&word, FUTEX_WAKE_OP | P, 1, COUNT(1), NULL, 0),
		    EFAULT);
	check_errno("WAKE_OP, NULL second", fx(&word, FUTEX_WAKE_OP, 1, COUNT(1), NULL, 0), EFAULT);
	check_eq("WAKE_OP|PRIVATE, NULL first", fx(NULL, FUTEX_WAKE_OP | P, 1, COUNT(1), &word2, 0), 0);
	unsigned *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check_errno("WAKE_OP|PRIVATE, read-only second",
		    fx(&word, FUTEX_WAKE_OP | P, 1, COUNT(1), ro, FUTEX_OP(FUTEX_OP_SET, 1, 0, 0)),
		    EFAULT);
	check_errno("WAKE_OP, read-only second",
		    fx(&word, FUTEX_WAKE_OP, 1, COUNT(1), ro, FUTEX_OP(FUTEX_OP_SET, 1, 0, 0)), EFAULT);
	check_errno("WAIT, read-only anonymous page", fx(ro, FUTEX_WAIT, 0, NULL, NULL, 0), EFAULT);
	struct timespec z = { 0, 0 };
	check_errno("WAIT|PRIVATE, read-only anonymous page", fx(ro, FUTEX_WAIT | P, 0, &z, NULL, 0),
		    ETIMEDOUT);
	check_errno("WAKE, read-only anonymous page", fx(ro, FUTEX_WAKE, 1, NULL, NULL, 0), EFAULT);
	check_eq("WAKE|PRIVATE, read-only anonymous page", fx(ro, FUTEX_WAKE | P, 1, NULL, NULL, 0), 0);
}

static long elapsed_ms(long since) { return now_ms() - since; }

/* A wait on word (holding 1) that must time out after at least min_ms
 * and well before 3 s. */
static void timed(const char *what, int op, const struct timespec *ts, unsigned bitset, long min_ms)
{
	char line[160];
	long t0 = now_ms();
	long r = fx(&word, op, 1, ts, NULL, bitset);
	long took = elapsed_ms(t0);
	check_errno(what, r, ETIMEDOUT);
	snprintf(line, sizeof(line), "%s, after at least %ld ms", what, min_ms);
	check(line, took >= min_ms && took < 3000);
}

static struct timespec abs_after(clockid_t clock, long ms)
{
	struct timespec t;
	clock_gettime(clock, &t);
	t.tv_nsec += (ms % 1000) * 1000000L;
	t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000L;
	t.tv_nsec %= 1000000000L;
	return t;
}

static void timeouts(void)
{
	struct timespec rel = { 0, 200000000 }, zero = { 0, 0 }, past = { 1, 0 };
	timed("WAIT 200 ms", FUTEX_WAIT, &rel, 0, 190);
	timed("WAIT|PRIVATE 200 ms", FUTEX_WAIT | P, &rel, 0, 190);
	timed("WAIT 0", FUTEX_WAIT, &zero, 0, 0);
	struct timespec a = abs_after(CLOCK_MONOTONIC, 200);
	timed("WAIT_BITSET monotonic +200 ms", FUTEX_WAIT_BITSET, &a, ~0u, 190);
	a = abs_after(CLOCK_REALTIME, 200);
	timed("WAIT_BITSET|CLOCK_REALTIME +200 ms", FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, &a, ~0u,
	      190);
	a = abs_after(CLOCK_MONOTONIC, 200);
	timed("WAIT_BITSET|PRIVATE monotonic +200 ms, bitset 4", FUTEX_WAIT_BITSET | P, &a, 4, 190);
	timed("WAIT_BITSET, past", FUTEX_WAIT_BITSET, &past, ~0u, 0);
	timed("WAIT_BITSET|CLOCK_REALTIME, past", FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, &past, ~0u,
	      0);
	check_errno("WAIT_BITSET, past, other value", fx(&word, FUTEX_WAIT_BITSET, 0, &past, NULL, ~0u),
		    EAGAIN);

	/* FUTEX_CLOCK_REALTIME goes with FUTEX_WAIT_BITSET only, but the
	 * timeout is checked first. */
	struct timespec neg = { -1, 0 };
	check_errno("WAIT|CLOCK_REALTIME", fx(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 1, &rel, NULL, 0),
		    ENOSYS);
	check_errno("WAIT|CLOCK_REALTIME, bad timeout",
		    fx(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 1, &neg, NULL, 0), EINVAL);
	check_errno("WAIT|CLOCK_REALTIME, unreadable timeout",
		    fx(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 1, (void *)8, NULL, 0), EFAULT);
	check_errno("WAKE_BITSET|CLOCK_REALTIME, bad timeout not read",
		    fx(&word, FUTEX_WAKE_BITSET | FUTEX_CLOCK_REALTIME, 1, &neg, NULL, 1), ENOSYS);
}

int main(void)
{
	check_start();
	section("errors", errors, 20);
	section("wake_op", wake_op, 20);
	section("timeouts", timeouts, 30);
	return check_exit();
}
