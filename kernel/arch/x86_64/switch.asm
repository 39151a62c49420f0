; switch.asm - the context switch: from one task's kernel stack to
; another's. Only the callee-saved registers need saving (the caller of
; switch_context, schedule(), is C code that expects every other register
; clobbered); the instruction pointer is the return address already on
; the stack.
;
; void switch_context(struct switch_frame **save_rsp, struct switch_frame *load_rsp)
;
; The stack of a switched-out task, lowest address first (*save_rsp points
; at the first): struct switch_frame (switch.h),
;
;     r15  r14  r13  r12  rbx  rbp  return address (into schedule())
;
; A new task's stack is built the same way by task.c, with the return
; address pointing at task_first_return, which leaves through isr_exit
; with the task's register frame just above.

bits 64
default rel

%include "asm_offsets.inc"          ; SWITCH_FRAME_* (generated from switch.h)

; The pushes below build struct switch_frame from the top down: the
; return address the call left, then one quadword lower for each push.
%if SWITCH_FRAME_RBP != SWITCH_FRAME_RET - 8 || SWITCH_FRAME_RBX != SWITCH_FRAME_RBP - 8 || \
	SWITCH_FRAME_R12 != SWITCH_FRAME_RBX - 8 || SWITCH_FRAME_R13 != SWITCH_FRAME_R12 - 8 || \
	SWITCH_FRAME_R14 != SWITCH_FRAME_R13 - 8 || SWITCH_FRAME_R15 != SWITCH_FRAME_R14 - 8 || \
	SWITCH_FRAME_R15 != 0
%error "switch_context no longer pushes struct switch_frame (switch.h)"
%endif

extern isr_exit
extern boot_note_user_entry
extern trap_first_return
global switch_context, task_first_return

section .text
align 16
switch_context:
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	mov [rdi], rsp
	mov rsp, rsi
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret

; First run of a new task: RSP points at its struct regs (frame.h), 16-byte
; aligned, so the call below meets the SysV ABI. The boot's first one is
; logged as its first entry to ring 3 (main.c).
task_first_return:
	call boot_note_user_entry
	mov rdi, rsp
	call trap_first_return           ; signals already pending (a traced child's SIGSTOP)
	jmp isr_exit
