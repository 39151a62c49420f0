/*
 * frame.h - struct regs: the register frame every entry into the kernel
 * builds on the kernel stack (exceptions and interrupts now; system calls
 * use the same layout). isr.asm pushes it; C reads and may change it; the
 * return path restores it exactly.
 *
 * Layout, lowest address first (the stack grows down, so the last push is
 * the first field). The assembly stubs read the fields through REGS_*,
 * generated from this struct (asm_offsets.c); their pushes follow this
 * order, which frame.inc checks against those offsets.
 *
 *   r15 .. rax     general registers, pushed by the stub
 *   vector         exception/interrupt vector (or the system-call number)
 *   error_code     pushed by the CPU for some exceptions, 0 otherwise
 *   rip cs rflags rsp ss   pushed by the CPU (the IRETQ frame)
 */
#ifndef MINOS_ARCH_FRAME_H
#define MINOS_ARCH_FRAME_H

#include "types.h"

struct regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector;
	u64 error_code;
	u64 rip, cs, rflags, rsp, ss;
};

/* An even number of quadwords: the CPU aligns RSP to 16 before it pushes
 * the IRETQ frame, so the stubs' calls into C meet the SysV ABI's rule. */
_Static_assert(sizeof(struct regs) == 22 * 8, "struct regs is 22 quadwords");

/* True when the frame was saved while the CPU ran in ring 3. */
static inline bool regs_from_user(const struct regs *r) { return (r->cs & 3) == 3; }

#endif
