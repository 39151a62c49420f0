/*
 * vdso_syscall.h - the real system call, made from inside the vDSO for
 * what the clock page cannot answer, so that results and errors are the
 * kernel's own. Returns the raw result: a value, or -errno, as Linux's
 * vDSO functions do (the C library turns it into errno).
 * Invariant: SYSCALL clobbers RCX and R11 (Intel SDM vol. 2B, SYSCALL).
 */
#ifndef MINOS_VDSO_SYSCALL_H
#define MINOS_VDSO_SYSCALL_H

static inline long vdso_syscall2(long nr, long a1, long a2)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2)
			 : "rcx", "r11", "memory");
	return ret;
}

#endif
