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

#define E(n, text) [n] = { #n, text }
static const struct errinfo errinfo[] = {
	[0] = { NULL, "Success" }, /* no name: 0 is not an error */
	E(EPERM, "Operation not permitted"),
	E(ENOENT, "No such file or directory"),
	E(ESRCH, "No such process"),
	E(EINTR, "Interrupted system call"),
	E(EIO, "Input/output error"),
	E(ENXIO, "No such device or address"),
	E(E2BIG, "Argument list too long"),
	E(ENOEXEC, "Exec format error"),
	E(EBADF, "Bad file descriptor"),
	E(ECHILD, "No child processes"),
	E(EAGAIN, "Resource temporarily unavailable"),
	E(ENOMEM, "Cannot allocate memory"),
	E(EACCES, "Permission denied"),
	E(EFAULT, "Bad address"),
	E(ENOTBLK, "Block device required"),
	E(EBUSY, "Device or resource busy"),
	E(EEXIST, "File exists"),
	E(EXDEV, "Invalid cross-device link"),
	E(ENODEV, "No such device"),
	E(ENOTDIR, "Not a directory"),
	E(EISDIR, "Is a directory"),
	E(EINVAL, "Invalid argument"),
	E(ENFILE, "Too many open files in system"),
	E(EMFILE, "Too many open files"),
	E(ENOTTY, "Inappropriate ioctl for device"),
	E(ETXTBSY, "Text file busy"),
	E(EFBIG, "File too large"),
	E(ENOSPC, "No space left on device"),
	E(ESPIPE, "Illegal seek"),
	E(EROFS, "Read-only file system"),
	E(EMLINK, "Too many links"),
	E(EPIPE, "Broken pipe"),
	E(EDOM, "Numerical argument out of domain"),
	E(ERANGE, "Numerical result out of range"),
	E(EDEADLK, "Resource deadlock avoided"),
	E(ENAMETOOLONG, "File name too long"),
	E(ENOLCK, "No locks available"),
	E(ENOSYS, "Function not implemented"),
	E(ENOTEMPTY, "Directory not empty"),
	E(ELOOP, "Too many levels of symbolic links"),
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
