/*
 * errno.c - errno, the conversion of raw syscall results to the C library
 * convention, and the names and glibc's messages of the error numbers.
 * Invariant: the messages are byte for byte what glibc's strerror prints,
 * so a program prints the same text on MinOS as on Linux.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include <uapi/errno_text.h>

int errno;

long __syscall_ret(long r)
{
	if (__syscall_is_error(r)) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

struct errinfo {
	const char *name;
	const char *msg;
};

#define E(n, text) [n] = { #n, text },
static const struct errinfo errinfo[] = {
	[0] = { NULL, "Success" }, /* no name: 0 is not an error */
	ERRNO_TEXT(E) /* kernel/uapi/errno_text.h, shared with the kernel */
};
#undef E

static const struct errinfo *lookup(int errnum)
{
	if (errnum < 0 || (unsigned)errnum >= sizeof(errinfo) / sizeof(errinfo[0]))
		return NULL;
	return errinfo[errnum].msg ? &errinfo[errnum] : NULL;
}

char *strerror(int errnum)
{
	static char unknown[32];
	const struct errinfo *e = lookup(errnum);

	if (e)
		return (char *)e->msg;
	snprintf(unknown, sizeof(unknown), "Unknown error %d", errnum);
	return unknown;
}

const char *strerrorname_np(int errnum)
{
	const struct errinfo *e = lookup(errnum);

	return e ? e->name : NULL;
}
