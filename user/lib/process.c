/*
 * process.c - exit, _exit, _Exit, getpid and abort. All three exits are
 * exit_group(2) (231), which ends every thread of the process as glibc's
 * do; libminc has no atexit handlers and no buffered output to flush.
 */
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#define SIGABRT 6 /* Linux's arch/x86/include/uapi/asm/signal.h */
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

pid_t getpid(void)
{
	return (pid_t)__syscall0(__NR_getpid); /* cannot fail */
}

void abort(void)
{
	__syscall2(__NR_kill, getpid(), SIGABRT);
	_exit(ABORT_STATUS); /* no signals (MinOS): still a recognisable end */
}
