/*
 * minos_rawcall.h - sys(NR, ARGS...), the raw system call of the tests and
 * test tools: up to six arguments (those left out are 0), each converted to
 * long, and the kernel's RAX returned as it is (-errno on failure), with no
 * C-library errno handling in between. Invariant: a program that needs the
 * kernel's raw answer uses this one, not a wrapper of its own.
 */
#ifndef MINOS_RAWCALL_H
#define MINOS_RAWCALL_H

#include <sys/syscall.h>

#define MINOS_RAWCALL6_(nr, a, b, c, d, e, f, ...) \
	__syscall6((long)(nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
#define sys(...) MINOS_RAWCALL6_(__VA_ARGS__, 0, 0, 0, 0, 0, 0, 0)

#endif
