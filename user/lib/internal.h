/*
 * internal.h - shared by libminc's own files only, never installed for
 * programs. SYSCALL_RET(nr, ...) makes a call and converts its result to
 * the C library convention (-1 and errno).
 */
#ifndef MINC_INTERNAL_H
#define MINC_INTERNAL_H

#include <sys/syscall.h>

#define SYSCALL_RET(nr, a1, a2, a3) \
	__syscall_ret(__syscall6((nr), (long)(a1), (long)(a2), (long)(a3), 0, 0, 0))

#endif
