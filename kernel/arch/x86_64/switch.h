/*
 * switch.h - the context switch (switch.asm): switch_context() and the
 * frame it leaves on a switched-out task's kernel stack.
 * Invariant: switch.asm pushes and pops exactly the fields of struct
 * switch_frame, in its order (it checks the generated SWITCH_FRAME_*
 * offsets); task.c builds a new task's first frame from the same struct.
 */
#ifndef MINOS_ARCH_SWITCH_H
#define MINOS_ARCH_SWITCH_H

#include "types.h"

/* What *save_rsp points at after a switch, lowest address first: the
 * callee-saved registers of the SysV ABI (the caller, schedule(), expects
 * every other register clobbered) and the address `ret` goes back to. */
struct switch_frame {
	u64 r15, r14, r13, r12, rbx, rbp;
	u64 ret; /* into schedule(), or task_first_return for a new task */
};

/* Saves the running task's switch_frame and RSP in *save_rsp, then
 * continues the task whose saved RSP is load_rsp. */
void switch_context(struct switch_frame **save_rsp, struct switch_frame *load_rsp);
/* A new task's first `ret` target: leaves through isr_exit with the
 * task's register frame (frame.h), which lies just above its switch_frame. */
void task_first_return(void);

#endif
