/*
 * frame.h - struct regs: the register frame every entry into the kernel
 * builds on the kernel stack (exceptions and interrupts now; system calls
 * use the same layout). isr.asm pushes it; C reads and may change it; the
 * return path restores it exactly.
 *
 * Layout, lowest address first (the stack grows down, so the last push is
 * the first field). The offsets are part of the assembly stubs' contract:
 * REGS_* in frame.inc must match, and _Static_asserts below check them.
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

_Static_assert(sizeof(struct regs) == 22 * 8, "struct regs is 22 quadwords");
_Static_assert(offsetof(struct regs, rax) == 14 * 8, "frame.inc: REGS_RAX");
_Static_assert(offsetof(struct regs, vector) == 15 * 8, "frame.inc: REGS_VECTOR");
_Static_assert(offsetof(struct regs, rip) == 17 * 8, "frame.inc: REGS_RIP");
_Static_assert(offsetof(struct regs, cs) == 18 * 8, "frame.inc: REGS_CS");
_Static_assert(offsetof(struct regs, r11) == 4 * 8, "frame.inc: REGS_R11");
_Static_assert(offsetof(struct regs, rcx) == 12 * 8, "frame.inc: REGS_RCX");
_Static_assert(offsetof(struct regs, rflags) == 19 * 8, "frame.inc: REGS_RFLAGS");
_Static_assert(offsetof(struct regs, rsp) == 20 * 8, "frame.inc: REGS_RSP");
_Static_assert(offsetof(struct regs, ss) == 21 * 8, "frame.inc: REGS_SS");

/* True when the frame was saved while the CPU ran in ring 3. */
static inline bool regs_from_user(const struct regs *r) { return (r->cs & 3) == 3; }

#endif
