/*
 * sys/time.h - gettimeofday(2) with glibc's prototype (-1 and errno on
 * failure), implemented in lib/time.c (through the vDSO when there is
 * one). struct timeval and struct timezone are Linux's (kernel/uapi/time.h).
 */
#ifndef MINC_SYS_TIME_H
#define MINC_SYS_TIME_H

#include <uapi/time.h>

int gettimeofday(struct timeval *tv, struct timezone *tz);

#endif
