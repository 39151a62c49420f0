/*
 * mu-sock.h - what the socket tests of user/musl (mu-sock-*.c, mu-unix-*.c)
 * share: one line per check ("what: ok", "what: -ENOTSOCK", "what: 5", or
 * "...: FAIL"), Linux's error names, and sections that run in a child with
 * a deadline so that a call that blocks forever ends its section with a
 * FAIL line instead of hanging the run. Invariant: the report carries no
 * pid, inode number, address or time, only values equal on every run.
 */
#ifndef MINOS_MU_SOCK_H
#define MINOS_MU_SOCK_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mu-check.h"

/* A call's result as Linux gives it: the value, or -ENAME. Printed, not
 * judged here: the comparison with the reference Linux judges it. */
static inline void show(const char *what, long ret)
{
	if (ret == -1)
		printf("%s: -%s\n", what, errno_name(errno));
	else
		printf("%s: %ld\n", what, ret);
}

static inline void sock_test_start(void) { check_start(); }
static inline int sock_test_exit(void) { return check_exit(); }

#endif
