/*
 * panic.c - panic(): a broken kernel invariant. It captures the caller's
 * registers and hands them to the crash report (crash.c), which prints the
 * message, the registers and a backtrace that starts at the caller.
 */
#include "panic.h"
#include "crash.h"
#include "lib/format.h"
#include "arch/x86_64/io.h"

__noreturn void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	struct regs r = { 0 };

	/* The registers as panic() sees them: enough for the report's
	 * register dump and for a backtrace that starts at the caller. */
	__asm__ volatile("mov %%rax, %0\n\tmov %%rbx, %1\n\tmov %%rcx, %2\n\tmov %%rdx, %3\n\t"
			 "mov %%rsi, %4\n\tmov %%rdi, %5\n\tmov %%rsp, %6"
			 : "=m"(r.rax), "=m"(r.rbx), "=m"(r.rcx), "=m"(r.rdx), "=m"(r.rsi),
			   "=m"(r.rdi), "=m"(r.rsp));
	__asm__ volatile("mov %%r8, %0\n\tmov %%r9, %1\n\tmov %%r10, %2\n\tmov %%r11, %3\n\t"
			 "mov %%r12, %4\n\tmov %%r13, %5\n\tmov %%r14, %6\n\tmov %%r15, %7"
			 : "=m"(r.r8), "=m"(r.r9), "=m"(r.r10), "=m"(r.r11), "=m"(r.r12),
			   "=m"(r.r13), "=m"(r.r14), "=m"(r.r15));
	u64 *frame = __builtin_frame_address(0);
	r.rbp = frame[0]; /* the caller's frame */
	/* The call instruction itself: the return address may already lie
	 * in the next function when panic() is a function's last call. */
	r.rip = (u64)__builtin_return_address(0) - 1;
	r.rflags = read_flags();
	__asm__ volatile("mov %%cs, %0\n\tmov %%ss, %1" : "=r"(r.cs), "=r"(r.ss));
	r.vector = ~0ULL;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	crash_report(msg, &r);
}
