/*
 * errno.h - errno and the error numbers, with the values of Linux's
 * include/uapi/asm-generic/errno-base.h and errno.h (MinOS returns the
 * same). errno is a plain global: libminc programs are single-threaded.
 * strerror() and strerrorname_np() are declared in string.h, as in glibc.
 */
#ifndef MINC_ERRNO_H
#define MINC_ERRNO_H

extern int errno;
#define errno errno

/* The numbers are shared with the kernel. */
#include <uapi/errno.h>

#endif
