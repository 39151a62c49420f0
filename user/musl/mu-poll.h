/*
 * mu-poll.h - what the tests of waiting for many descriptors share
 * (mu-poll-*.c, mu-select-*.c, mu-epoll-*.c): mu-sig.h's one line per
 * check and sections, the errors these calls give by name, pipes, and a
 * child that writes to a pipe later. Invariant: the report carries no
 * pid, address, descriptor number or time, only ok/FAIL and values that
 * are the same on every run.
 */
#ifndef MINOS_MU_POLL_H
#define MINOS_MU_POLL_H

#include <fcntl.h>
#include <stdlib.h>

#include "mu-sig.h"

/* The errors of poll, select and epoll by name. */
static const char *poll_errno_name(int e)
{
	switch (e) {
	case EBADF: return "EBADF";
	case EEXIST: return "EEXIST";
	case ENOENT: return "ENOENT";
	case ELOOP: return "ELOOP";
	case EPERM: return "EPERM";
	default: return errno_name(e);
	}
}

/* A call's result: -1 with errno want ("what: -EBADF"). */
static inline void check_err(const char *what, long ret, int want)
{
	if (ret == -1 && errno == want) {
		printf("%s: -%s\n", what, poll_errno_name(want));
		return;
	}
	if (ret == -1)
		printf("%s: -%s, expected -%s: FAIL\n", what, poll_errno_name(errno),
		       poll_errno_name(want));
	else
		printf("%s: %ld, expected -%s: FAIL\n", what, ret, poll_errno_name(want));
	failures++;
}

/* Events as hex, compared with want. */
static inline void check_events(const char *what, unsigned got, unsigned want)
{
	if (got == want) {
		printf("%s: %#x\n", what, got);
	} else {
		printf("%s: %#x, expected %#x: FAIL\n", what, got, want);
		failures++;
	}
}

static inline void make_pipe(int p[2])
{
	if (pipe(p) != 0) {
		perror("pipe");
		exit(100);
	}
}

static inline void put_byte(int fd)
{
	if (write(fd, "x", 1) != 1)
		check("write a byte", 0);
}

/* A child that writes one byte to fd after ms milliseconds and exits
 * (reaped with reap()). */
static inline pid_t write_later(int fd, long ms)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(ms);
		_exit(write(fd, "w", 1) == 1 ? 0 : 1);
	}
	return pid;
}

static inline void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

#endif
