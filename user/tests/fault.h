/*
 * fault.h - shared by the fault-* tests. Each says what it is about to do,
 * does it, and must be killed by the CPU exception's signal before the
 * next line: reaching fault_survived() prints a FAIL line and returns 1.
 * Expected status (Linux, seen from a shell): 128 + the signal number.
 */
#ifndef MINOS_USER_TESTS_FAULT_H
#define MINOS_USER_TESTS_FAULT_H

#include <stdio.h>

static inline void fault_announce(const char *name, const char *what)
{
	printf("%s: %s\n", name, what);
}

static inline int fault_survived(const char *name)
{
	printf("%s: survived: FAIL\n", name);
	return 1;
}

#endif
