/*
 * sys/uio.h - readv(2) and writev(2) with glibc's prototypes. struct iovec
 * is Linux's, from kernel/uapi/misc.h (which also defines struct utsname:
 * do not include this together with the older sys/utsname.h).
 */
#ifndef MINC_SYS_UIO_H
#define MINC_SYS_UIO_H

#include <sys/types.h>

#include <uapi/misc.h>

ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);

#endif
