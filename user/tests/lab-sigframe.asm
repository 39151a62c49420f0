; lab-sigframe.asm - the register-exact parts of the lab-sigframe test
; (docs/labs/signals.md, part 1): a kill(2) by a raw SYSCALL with known
; values in the registers, the flags and the FPU; a page fault at a known
; instruction; the handler's first instructions, which record the state
; the kernel entered it with before any C code runs; and the restorer.
; Invariant: lf_handler records RAX, RSP, RFLAGS, MXCSR, the x87 control
; word and xmm0 before touching any of them, and keeps RDI, RSI and RDX
; (the handler's arguments) for lf_handler_c, which never returns.
;
; The 16 general registers are kept in Linux's struct sigcontext order,
; so that a slot's index is also its offset / 8 in uc_mcontext:
;   R8 R9 R10 R11 R12 R13 R14 R15 RDI RSI RBP RBX RDX RAX RCX RSP
;
; The frame the handler is entered on (Linux's rt_sigframe, x86-64):
;   higher addresses
;   [interrupted RSP]      (or the top of the alternate stack)
;   red zone, 128 bytes    (none on the alternate stack)
;   FXSAVE image           uc_mcontext.fpstate, 64-byte aligned
;   [rsp+8+304]            siginfo (128 bytes): RSI
;   [rsp+8]                struct ucontext (304 bytes): RDX
;   [rsp]                  pretcode: sa_restorer, the handler's return address
;   lower addresses        (rsp + 8) % 16 == 0, as after a call

bits 64
default rel

SYS_RT_SIGRETURN equ 15
SYS_KILL         equ 62
FAULT_ADDR       equ 8              ; in the unmapped first page

section .data
; What lf_raise loads (written by lab-sigframe.c).
global lf_in_gpr, lf_in_xmm0, lf_in_mxcsr, lf_in_fcw
lf_in_gpr:       times 16 dq 0
lf_in_xmm0:      times 2 dq 0
lf_in_mxcsr:     dd 0
lf_in_fcw:       dw 0

section .bss
global lf_raise_rsp, h_rax, h_rsp, h_flags, h_mxcsr, h_fcw, h_xmm0
lf_raise_rsp:    resq 1             ; RSP at the SYSCALL or the faulting write
h_rax:           resq 1             ; what the handler was entered with
h_rsp:           resq 1
h_flags:         resq 1
h_mxcsr:         resq 1             ; 32 bits used
h_fcw:           resq 1             ; 16 bits used
h_xmm0:          resq 2

section .text
global lf_raise, lf_after_syscall, lf_fault, lf_fault_insn, lf_handler, lf_restorer
extern lf_handler_c

; void lf_raise(void)
;   kill(lf_in_gpr[RDI], lf_in_gpr[RSI]) by SYSCALL with R8-R10, R12-R15,
;   RBP, RBX and RDX loaded from lf_in_gpr, xmm0, MXCSR and the x87
;   control word from lf_in_*, and DF set. The handler is meant to end
;   the process: MXCSR and the x87 control word are left as loaded.
lf_raise:
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
	ldmxcsr [lf_in_mxcsr]
	fldcw [lf_in_fcw]
	movdqu xmm0, [lf_in_xmm0]
	mov r8,  [lf_in_gpr + 0 * 8]
	mov r9,  [lf_in_gpr + 1 * 8]
	mov r10, [lf_in_gpr + 2 * 8]
	mov r12, [lf_in_gpr + 4 * 8]
	mov r13, [lf_in_gpr + 5 * 8]
	mov r14, [lf_in_gpr + 6 * 8]
	mov r15, [lf_in_gpr + 7 * 8]
	mov rdi, [lf_in_gpr + 8 * 8]
	mov rsi, [lf_in_gpr + 9 * 8]
	mov rbp, [lf_in_gpr + 10 * 8]
	mov rbx, [lf_in_gpr + 11 * 8]
	mov rdx, [lf_in_gpr + 12 * 8]
	mov [lf_raise_rsp], rsp
	mov eax, SYS_KILL
	std
	syscall
lf_after_syscall:
	cld
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	ret

; void lf_fault(void)
;   Writes to FAULT_ADDR: SIGSEGV, with RIP at lf_fault_insn.
lf_fault:
	mov [lf_raise_rsp], rsp
	mov eax, FAULT_ADDR
lf_fault_insn:
	mov qword [rax], 0
	ret

; The handler's entry: records, then clears DF and aligns the stack for C
; whatever the kernel did (so that a wrong frame fails a check rather
; than crashing the C code), and goes on in lf_handler_c(sig, info, uc).
lf_handler:
	mov [h_rax], rax
	mov [h_rsp], rsp
	pushfq
	pop qword [h_flags]
	stmxcsr [h_mxcsr]
	fnstcw [h_fcw]
	movdqu [h_xmm0], xmm0
	cld
	and rsp, -16
	sub rsp, 8                      ; as after a call
	jmp lf_handler_c

; sa_restorer: what a handler's RET enters. lf_handler_c never returns,
; so this runs only if the kernel enters the restorer itself.
lf_restorer:
	mov eax, SYS_RT_SIGRETURN
	syscall
	ud2

section .note.GNU-stack noalloc noexec nowrite progbits
