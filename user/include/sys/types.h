/*
 * sys/types.h - the POSIX integer types of the file calls, with glibc's
 * x86-64 sizes (a 64-bit off_t everywhere: there is no separate off64_t).
 * unistd.h defines ssize_t and pid_t too; C11 allows the same typedef twice.
 */
#ifndef MINC_SYS_TYPES_H
#define MINC_SYS_TYPES_H

#include <stddef.h>

typedef long ssize_t;
typedef int pid_t;
typedef long off_t;
typedef unsigned int mode_t;
typedef unsigned long dev_t;
typedef unsigned long ino_t;
typedef unsigned long nlink_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;

#endif
