/*
 * check.h - the tiny reporting kit of the tests in user/tests/. A test
 * prints one line per check ("what: ok", or "what: FAIL ..."), then exits
 * with check_exit(): 0 when every check passed, 1 otherwise. Invariant:
 * lines carry only values that are the same on every run and on Linux and
 * MinOS alike (no addresses, pids or kernel names).
 */
#ifndef MINOS_USER_TESTS_CHECK_H
#define MINOS_USER_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

/* "-EFAULT" for a raw result in [-4095, -1], else the number. */
static inline const char *check_result_str(long r, char *buf, size_t size)
{
	if (r < 0 && r >= -4095) {
		const char *name = strerrorname_np((int)-r);
		if (name)
			snprintf(buf, size, "-%s", name);
		else
			snprintf(buf, size, "%ld", r);
	} else {
		snprintf(buf, size, "%ld", r);
	}
	return buf;
}

static inline void check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAIL");
	if (!ok)
		check_failures++;
}

/* A raw syscall result compared with the expected one; both printed. */
static inline void check_result(const char *what, long got, long want)
{
	char g[32], w[32];

	if (got == want) {
		printf("%s: %s\n", what, check_result_str(got, g, sizeof(g)));
	} else {
		printf("%s: %s, expected %s: FAIL\n", what,
		       check_result_str(got, g, sizeof(g)),
		       check_result_str(want, w, sizeof(w)));
		check_failures++;
	}
}

static inline int check_exit(void)
{
	if (check_failures)
		printf("%d check(s) failed\n", check_failures);
	return check_failures ? 1 : 0;
}

#endif
