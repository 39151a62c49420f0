/*
 * fcntl.h - open(2), openat(2), creat(2) and fcntl(2) with glibc's
 * prototypes, returning -1 and setting errno on failure. The flags, the
 * fcntl commands and AT_* are Linux's values, shared with the kernel.
 */
#ifndef MINC_FCNTL_H
#define MINC_FCNTL_H

#include <sys/types.h>

#include <uapi/fcntl.h>

/* The third argument, a mode_t, is read only with O_CREAT. */
int open(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);
int creat(const char *path, mode_t mode); /* O_WRONLY|O_CREAT|O_TRUNC */
/* The third argument, an int or a pointer, as the command needs. */
int fcntl(int fd, int cmd, ...);

#endif
