/*
 * time.h - nanosleep(2) with glibc's prototype (-1 and errno on failure;
 * on EINTR *rem, when not NULL, receives the time left), implemented in
 * lib/proc.c and declared in minos_proc.h too. struct timespec and the
 * clock ids are Linux's, from kernel/uapi/time.h.
 */
#ifndef MINC_TIME_H
#define MINC_TIME_H

#include "../../kernel/uapi/time.h"

typedef long time_t;

int nanosleep(const struct timespec *req, struct timespec *rem);

#endif
