/*
 * stdlib.h - process exit and number parsing. exit() runs no handlers and
 * has nothing to flush (stdio.h buffers only within one call): it is
 * exit_group(status).
 */
#ifndef MINC_STDLIB_H
#define MINC_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void _Exit(int status);
/*
 * Sends SIGABRT to the process with kill(getpid(), SIGABRT); should that
 * return (MinOS without signals), exits with status 134, which is what a
 * shell reports for a process killed by SIGABRT (128 + 6).
 */
__attribute__((noreturn)) void abort(void);

int atoi(const char *s);
long atol(const char *s);
/* ISO C: leading space, sign, base 0 or 2..36; ERANGE clamps. */
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);

int abs(int x);
long labs(long x);

#endif
