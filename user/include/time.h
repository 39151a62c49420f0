/*
 * time.h - nanosleep(2) with glibc's prototype (-1 and errno on failure;
 * on EINTR *rem, when not NULL, receives the time left), implemented in
 * lib/proc.c and declared in minos_proc.h too; clock_gettime(2),
 * clock_getres(2) and time(2), the same way, in lib/time.c (through the
 * vDSO when there is one). struct timespec and the clock ids are Linux's,
 * from kernel/uapi/time.h.
 */
#ifndef MINC_TIME_H
#define MINC_TIME_H

#include <uapi/time.h>

typedef long time_t;
typedef int clockid_t;

int nanosleep(const struct timespec *req, struct timespec *rem);
int clock_gettime(clockid_t id, struct timespec *ts);
int clock_getres(clockid_t id, struct timespec *res);
time_t time(time_t *t);

#endif
