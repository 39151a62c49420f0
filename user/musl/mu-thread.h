/*
 * mu-thread.h - raw threads for the clone tests (user/musl/mu-thread-*.c):
 * clone(2) with a function to run on a stack of its own, and system calls
 * made without the C library, since such a thread shares the caller's
 * thread block (errno, stdio's locks) and must not touch it.
 * Invariant: a raw thread runs only raw_syscall* and plain memory
 * accesses; its function's return value is its exit(2) status.
 */
#ifndef MINOS_MU_THREAD_H
#define MINOS_MU_THREAD_H

#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>

static inline long raw_syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define raw_syscall(nr, a, b, c) raw_syscall6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)

/* clone(flags, stack, ptid, ctid, tls); the new task calls fn(arg) on
 * stack (16-byte aligned top) and exits with its result. Returns the tid,
 * or -errno. */
static inline long raw_clone(unsigned long flags, void *stack, int *ptid, int *ctid,
			     unsigned long tls, int (*fn)(void *), void *arg)
{
	register long r10 __asm__("r10") = (long)ctid;
	register long r8 __asm__("r8") = (long)tls;
	register long r12 __asm__("r12") = (long)fn;
	register long r13 __asm__("r13") = (long)arg;
	long ret;
	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "mov %%r13, %%rdi\n\t"
			 "call *%%r12\n\t"
			 "mov %%eax, %%edi\n\t"
			 "mov $60, %%eax\n\t"
			 "syscall\n\t"
			 "ud2\n"
			 "1:"
			 : "=a"(ret)
			 : "a"((long)SYS_clone), "D"(flags), "S"(stack), "d"(ptid), "r"(r10), "r"(r8),
			   "r"(r12), "r"(r13)
			 : "rcx", "r11", "memory");
	return ret;
}

/* A stack for a raw thread: its top, aligned. */
#define RAW_STACK_SIZE 65536
#define RAW_STACK_TOP(buf) ((void *)(((uintptr_t)(buf) + sizeof(buf)) & ~(uintptr_t)15))

/* What pthread_create asks of clone (musl and glibc alike). */
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		      CLONE_SYSVSEM)

/* Sleeps about ms milliseconds with raw calls (nanosleep). */
static inline void raw_sleep_ms(long ms)
{
	struct {
		long s, ns;
	} t = { ms / 1000, (ms % 1000) * 1000000 };
	raw_syscall(SYS_nanosleep, &t, 0, 0);
}

/* Waits (up to about 5 s) until *word becomes 0: CLONE_CHILD_CLEARTID. */
static inline int wait_cleared(volatile int *word)
{
	for (int i = 0; i < 500 && *word; i++)
		raw_sleep_ms(10);
	return *word == 0;
}

#endif
