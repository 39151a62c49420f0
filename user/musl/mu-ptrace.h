/*
 * mu-ptrace.h - what the ptrace tests of user/musl (mu-ptrace-*.c) share:
 * mu-check.h's one line per check and sections, plus a description of
 * every wait4 status a tracer sees ("exit 3", "signal 9", "stop 19",
 * "syscall-stop", "event EXEC", "event-stop 19") that carries no pid or
 * address, so the same binary prints the same on Linux and on MinOS.
 * Invariant: each tracer waits for one tracee by pid, with __WALL, and
 * checks what each stop is before it resumes the tracee.
 */
#ifndef MINOS_MU_PTRACE_H
#define MINOS_MU_PTRACE_H

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mu-check.h"

#ifndef __WALL
#define __WALL 0x40000000
#endif

static inline const char *event_name(int e)
{
	switch (e) {
	case PTRACE_EVENT_FORK: return "FORK";
	case PTRACE_EVENT_VFORK: return "VFORK";
	case PTRACE_EVENT_CLONE: return "CLONE";
	case PTRACE_EVENT_EXEC: return "EXEC";
	case PTRACE_EVENT_VFORK_DONE: return "VFORK_DONE";
	case PTRACE_EVENT_EXIT: return "EXIT";
	case PTRACE_EVENT_STOP: return "STOP";
	}
	return "?";
}

/* A wait4 status as a tracer reads it. */
static inline const char *describe_status(int st)
{
	static char text[64];

	if (WIFEXITED(st))
		snprintf(text, sizeof(text), "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(text, sizeof(text), "signal %d", WTERMSIG(st));
	else if (WIFSTOPPED(st) && WSTOPSIG(st) == (SIGTRAP | 0x80))
		snprintf(text, sizeof(text), "syscall-stop");
	else if (WIFSTOPPED(st) && (st >> 16) == PTRACE_EVENT_STOP)
		snprintf(text, sizeof(text), "event-stop %d", WSTOPSIG(st));
	else if (WIFSTOPPED(st) && (st >> 16))
		snprintf(text, sizeof(text), "event %s (sig %d)", event_name(st >> 16), WSTOPSIG(st));
	else if (WIFSTOPPED(st))
		snprintf(text, sizeof(text), "stop %d", WSTOPSIG(st));
	else if (WIFCONTINUED(st))
		snprintf(text, sizeof(text), "continued");
	else
		snprintf(text, sizeof(text), "status 0x%x", st);
	return text;
}

/* Waits for pid's next stop or end and prints it as "what: <status>";
 * returns the raw status (-1 when wait4 failed). */
static inline int wait_show(const char *what, pid_t pid)
{
	int st;
	pid_t got = waitpid(pid, &st, __WALL);

	if (got != pid) {
		printf("%s: waitpid = %d (%s): FAIL\n", what, (int)got, errno_name(errno));
		failures++;
		return -1;
	}
	printf("%s: %s\n", what, describe_status(st));
	return st;
}

/* As wait_show, and the status must read want. */
static inline int wait_expect(const char *what, pid_t pid, const char *want)
{
	int st;
	pid_t got = waitpid(pid, &st, __WALL);

	if (got != pid) {
		printf("%s: waitpid = %d (%s): FAIL\n", what, (int)got, errno_name(errno));
		failures++;
		return -1;
	}
	const char *d = describe_status(st);
	if (strcmp(d, want) != 0) {
		printf("%s: %s, expected %s: FAIL\n", what, d, want);
		failures++;
	} else {
		printf("%s: %s\n", what, d);
	}
	return st;
}

/* A raw ptrace(2) call: the result, or -1 with errno (no libc rewriting
 * of the PEEK requests). */
static inline long pt(long req, pid_t pid, void *addr, void *data)
{
	return syscall(SYS_ptrace, req, (long)pid, addr, data);
}

/* A ptrace request that must succeed ("what: ok"). */
static inline void pt_ok(const char *what, long req, pid_t pid, void *addr, void *data)
{
	long r = pt(req, pid, addr, data);
	if (r != 0) {
		printf("%s: %ld (%s): FAIL\n", what, r, errno_name(errno));
		failures++;
	}
}

/* A child that stops itself under PTRACE_TRACEME, then runs fn and exits
 * with its result. The tracer sees "stop 19" first. */
static inline pid_t traced_child(int (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0)
			_exit(100);
		raise(SIGSTOP);
		_exit(fn());
	}
	return pid;
}

/* Ends a tracee whatever state it is in, and reaps it. */
static inline void kill_reap(pid_t pid)
{
	int st;
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, __WALL) == pid && !WIFEXITED(st) && !WIFSIGNALED(st))
		;
}

#endif
