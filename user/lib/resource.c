/*
 * resource.c - getrlimit(2) and setrlimit(2). Invariant: the raw calls
 * (not prlimit64), one system call each, -1 and errno on failure.
 */
#include <sys/resource.h>

#include "internal.h"

int getrlimit(int resource, struct rlimit *rlim)
{
	return (int)SYSCALL_RET(__NR_getrlimit, resource, rlim, 0);
}

int setrlimit(int resource, const struct rlimit *rlim)
{
	return (int)SYSCALL_RET(__NR_setrlimit, resource, rlim, 0);
}
