/*
 * ktest.c - the in-kernel test runner (ktest.h): picks the tests named on
 * the command line, runs each, prints one verdict line per test and a
 * total, then leaves QEMU with a status the harness checks.
 */
#include "test/ktest.h"
#include "cmdline.h"
#include "power.h"
#include "lib/string.h"

extern const struct ktest __ktests_start[], __ktests_end[];

static bool current_failed;
static const char *current_name;

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	kprintf("ktest: FAIL %s: %s:%d: ", current_name, file, line);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	current_failed = true;
}

bool ktest_failed(void) { return current_failed; }

__noreturn void ktest_run(const char *selection)
{
	unsigned passed = 0, failed = 0;
	bool all = strcmp(selection, "all") == 0;

	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++) {
		if (!all && !cmdline_list_has("ktest", t->name))
			continue;
		current_name = t->name;
		current_failed = false;
		t->fn();
		if (current_failed) {
			failed++;
		} else {
			passed++;
			kprintf("ktest: PASS %s\n", t->name);
		}
	}
	if (passed + failed == 0) {
		kprintf("ktest: FAIL selection: no test matches ktest=%s\n", selection);
		failed++;
	}
	kprintf("ktest: %u passed, %u failed\n", passed, failed);
	machine_exit(failed ? MINOS_EXIT_FAILURE : MINOS_EXIT_SUCCESS);
}
