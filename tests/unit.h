/*
 * unit.h - the host unit-test framework: CHECK macros that count and report,
 * and a main() that runs every TEST() in the file. Built with the host
 * compiler under AddressSanitizer and UndefinedBehaviorSanitizer.
 * Invariant: a test binary exits non-zero if any check failed, and prints
 * one "N passed, N failed" line for the whole file.
 */
#ifndef MINOS_UNIT_H
#define MINOS_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
};

extern struct unit_test unit_tests[];
extern int unit_checks_failed;
extern const char *unit_current;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			unit_checks_failed++;                              \
			fprintf(stderr, "%s:%d: %s: check failed: %s\n",   \
				__FILE__, __LINE__, unit_current, #cond);  \
		}                                                          \
	} while (0)

#define CHECK_EQ_INT(got, want)                                            \
	do {                                                               \
		long long g_ = (long long)(got), w_ = (long long)(want);   \
		if (g_ != w_) {                                            \
			unit_checks_failed++;                              \
			fprintf(stderr, "%s:%d: %s: %s == %lld, want %lld\n", \
				__FILE__, __LINE__, unit_current, #got, g_, w_); \
		}                                                          \
	} while (0)

#define CHECK_EQ_STR(got, want)                                            \
	do {                                                               \
		const char *g_ = (got), *w_ = (want);                      \
		if (strcmp(g_, w_) != 0) {                                 \
			unit_checks_failed++;                              \
			fprintf(stderr, "%s:%d: %s: %s == \"%s\", want \"%s\"\n", \
				__FILE__, __LINE__, unit_current, #got, g_, w_); \
		}                                                          \
	} while (0)

/* Each test file lists its tests with UNIT_TESTS(TEST_ENTRY(a), ...). */
#define TEST_ENTRY(fn) { #fn, fn }
#define UNIT_TESTS(...)                                                    \
	struct unit_test unit_tests[] = { __VA_ARGS__, { 0, 0 } };         \
	int unit_checks_failed;                                            \
	const char *unit_current;                                          \
	int main(void)                                                     \
	{                                                                  \
		int passed = 0, failed = 0;                                \
		for (struct unit_test *t = unit_tests; t->name; t++) {     \
			int before = unit_checks_failed;                   \
			unit_current = t->name;                            \
			t->fn();                                           \
			if (unit_checks_failed == before) {                \
				passed++;                                  \
			} else {                                           \
				failed++;                                  \
				fprintf(stderr, "FAIL %s\n", t->name);     \
			}                                                  \
		}                                                          \
		printf("%s: %d passed, %d failed\n", __FILE__, passed, failed); \
		return failed ? 1 : 0;                                     \
	}

#endif
