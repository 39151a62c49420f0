/*
 * exit.c - exit, _exit, _Exit and abort. All three exits are
 * exit_group(2) (231), which ends every thread of the process as glibc's
 * do; libminc has no atexit handlers and no buffered output to flush.
 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#define ABORT_STATUS (128 + SIGABRT) /* a shell's status for a SIGABRT death */

void _exit(int status)
{
	for (;;)
		__syscall1(__NR_exit_group, status);
}

void _Exit(int status)
{
	_exit(status);
}

void exit(int status)
{
	_exit(status);
}

void abort(void)
{
	__syscall2(__NR_kill, getpid(), SIGABRT);
	_exit(ABORT_STATUS); /* no signals (MinOS): still a recognisable end */
}
