/*
 * sys/syscall.h - the raw system call primitive and the call numbers.
 * __syscall6 returns the kernel's RAX untouched: a value in [-4095, -1] is
 * a negated errno. Wrappers that follow the C library convention (-1 and
 * errno) are in unistd.h; use these raw forms where the exact result matters.
 */
#ifndef MINC_SYS_SYSCALL_H
#define MINC_SYS_SYSCALL_H

/* __NR_<name> for every call in kernel/syscall/syscall_64.tbl, generated
 * by scripts/gen-syscalls into build/gen/user/asm/unistd_64.h. */
#include <asm/unistd_64.h>

/* lib/syscall.asm: SYSCALL with RAX = nr and the arguments in RDI, RSI,
 * RDX, R10, R8, R9 (Linux's x86-64 convention). */
long __syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

static inline long __syscall0(long nr)
{
	return __syscall6(nr, 0, 0, 0, 0, 0, 0);
}
static inline long __syscall1(long nr, long a1)
{
	return __syscall6(nr, a1, 0, 0, 0, 0, 0);
}
static inline long __syscall2(long nr, long a1, long a2)
{
	return __syscall6(nr, a1, a2, 0, 0, 0, 0);
}
static inline long __syscall3(long nr, long a1, long a2, long a3)
{
	return __syscall6(nr, a1, a2, a3, 0, 0, 0);
}

/* A raw result is an error iff it lies in [-4095, -1], as on Linux. */
#define MINC_MAX_ERRNO 4095
static inline int __syscall_is_error(long r)
{
	return (unsigned long)r > -(unsigned long)(MINC_MAX_ERRNO + 1);
}

/* Converts a raw result: errors become -1 with errno set. */
long __syscall_ret(long r);

#endif
