/*
 * panic_catch.h - a panic() for the host unit tests of kernel code that
 * panics on misuse: EXPECT_PANIC(stmt, substr) runs stmt, which must
 * panic with a message containing substr; panic() then longjmps back into
 * the test. A panic outside EXPECT_PANIC aborts the test program. Include
 * it in one file of a test program (it defines panic()), after unit.h.
 */
#ifndef MINOS_TESTS_PANIC_CATCH_H
#define MINOS_TESTS_PANIC_CATCH_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/format.h"

static jmp_buf panic_jmp;
static volatile bool panic_armed;
static char panic_msg[256];

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
	va_end(ap);
	if (!panic_armed) {
		fprintf(stderr, "%s: unexpected panic: %s\n", unit_current,
			panic_msg);
		abort();
	}
	panic_armed = false;
	longjmp(panic_jmp, 1);
}

/* Runs stmt, which must panic with a message containing substr. */
#define EXPECT_PANIC(stmt, substr)                                          \
	do {                                                                \
		panic_msg[0] = '\0';                                        \
		panic_armed = true;                                         \
		if (setjmp(panic_jmp) == 0) {                               \
			stmt;                                               \
			panic_armed = false;                                \
			unit_checks_failed++;                               \
			fprintf(stderr, "%s:%d: %s: no panic from %s\n",    \
				__FILE__, __LINE__, unit_current, #stmt);   \
		} else if (!strstr(panic_msg, (substr))) {                  \
			unit_checks_failed++;                               \
			fprintf(stderr,                                     \
				"%s:%d: %s: panic \"%s\" lacks \"%s\"\n",   \
				__FILE__, __LINE__, unit_current,           \
				panic_msg, (substr));                       \
		}                                                           \
	} while (0)

#endif
