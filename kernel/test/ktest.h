/*
 * ktest.h - kernel self-tests, run inside MinOS when the command line says
 * ktest=all or ktest=NAME,NAME. Each test prints "ktest: PASS name" or
 * "ktest: FAIL name: why"; the run ends with "ktest: N passed, N failed"
 * and QEMU exits with MINOS_EXIT_SUCCESS or MINOS_EXIT_FAILURE, which the
 * harness (scripts/qemu-test) reads.
 * Invariant: a test leaves the kernel as it found it (memory counts too).
 */
#ifndef MINOS_TEST_KTEST_H
#define MINOS_TEST_KTEST_H

#include "types.h"
#include "log.h"

struct ktest {
	const char *name;
	void (*fn)(void);
};

/* Tests are gathered by the linker from the .ktests section. */
#define KTEST(fname)                                                                 \
	static void ktest_##fname(void);                                             \
	static const struct ktest ktest_entry_##fname                                 \
		__attribute__((used, section(".ktests"), aligned(8))) = { #fname,      \
									    ktest_##fname }; \
	static void ktest_##fname(void)

void ktest_fail(const char *file, int line, const char *fmt, ...) __printf(3, 4);
bool ktest_failed(void);

/* Record a failure (the test goes on, so one run shows every broken check). */
#define KT_CHECK(cond)                                                               \
	do {                                                                         \
		if (!(cond))                                                         \
			ktest_fail(__FILE__, __LINE__, "%s", #cond);                 \
	} while (0)

#define KT_CHECK_EQ(got, want)                                                       \
	do {                                                                         \
		long long g_ = (long long)(got), w_ = (long long)(want);             \
		if (g_ != w_)                                                        \
			ktest_fail(__FILE__, __LINE__, "%s == %lld, want %lld", #got, g_, w_); \
	} while (0)

/* Runs the tests the command line names; never returns. */
__noreturn void ktest_run(const char *selection);

#endif
