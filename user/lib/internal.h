/*
 * internal.h - shared by libminc's own files only, never installed for
 * programs. SYSCALL_RET(nr, ...) makes a call and converts its result to
 * the C library convention (-1 and errno); __minc_vdso() gives the vDSO's
 * functions the clock calls use instead when present.
 */
#ifndef MINC_INTERNAL_H
#define MINC_INTERNAL_H

#include <sys/syscall.h>

#define SYSCALL_RET(nr, a1, a2, a3) \
	__syscall_ret(__syscall6((nr), (long)(a1), (long)(a2), (long)(a3), 0, 0, 0))
#define SYSCALL4_RET(nr, a1, a2, a3, a4) \
	__syscall_ret(__syscall6((nr), (long)(a1), (long)(a2), (long)(a3), \
				 (long)(a4), 0, 0))

/* The vDSO's clock functions (vdso.c), NULL where the kernel gave none:
 * each returns what the system call would (a value or -errno). */
struct timespec;
struct timeval;
struct timezone;
struct minc_vdso {
	int (*clock_gettime)(int id, struct timespec *ts);
	int (*gettimeofday)(struct timeval *tv, struct timezone *tz);
	long (*time)(long *t);
};
/* The functions found, looked up on the first call: a program that never
 * asks the time neither parses the vDSO nor links vdso.c. */
const struct minc_vdso *__minc_vdso(void);

#endif
