; sig-regs.asm - the register-exact part of the sig-regs test: a raise
; that loads every register with a known value and records every register
; after the handler has run, and a handler that records what it was
; entered with and then clobbers everything it can.
; Invariant: between the loads and the records after the raise, nothing
; but the raise itself (SYSCALL or UD2) and the handler touches a
; register, the flags or the 128 bytes below RSP (the red zone).
;
; The 16 general registers are kept in Linux's struct sigcontext order,
; so that a slot's index is also its offset / 8 in uc_mcontext:
;   R8 R9 R10 R11 R12 R13 R14 R15 RDI RSI RBP RBX RDX RAX RCX RSP
;
; The signal frame the handler finds (Linux's rt_sigframe, x86-64):
;   [rsp]          return address: the restorer (sa_restorer)
;   [rsp+8]        struct ucontext (304 bytes), RDX points here:
;                    +0 uc_flags, +8 uc_link, +16 uc_stack (24 bytes),
;                    +40 uc_mcontext (struct sigcontext, 256 bytes:
;                        the 16 registers above, +128 rip, +136 eflags,
;                        +144 cs/gs/fs/ss, +152 err, +160 trapno,
;                        +168 oldmask, +176 cr2, +184 fpstate),
;                    +296 uc_sigmask
;   [rsp+8+304]    siginfo (128 bytes), RSI points here

bits 64
default rel

SYS_RT_SIGRETURN equ 15
SYS_KILL         equ 62
SIGILL           equ 4
UC_MCONTEXT      equ 40
SC_RIP           equ 128
UD2_LENGTH       equ 2
REDZONE          equ 128
MCONTEXT_SIZE    equ 256
FX_MXCSR         equ 24             ; in the fxsave image (Intel SDM vol. 1, 10.5.1)
FX_XMM0          equ 160

section .data
; What the raise loads (written by sig-regs.c).
global sr_in_gpr, sr_in_xmm, sr_in_mxcsr, sr_in_fcw, sr_redzone_fill
sr_in_gpr:       times 16 dq 0
sr_in_xmm:       times 32 dq 0
sr_in_mxcsr:     dd 0
sr_in_fcw:       dw 0
sr_redzone_fill: dq 0
; What the handler leaves behind.
h_clobber_mxcsr: dd 0x1f80 | 0x6000   ; rounding toward zero
h_clobber_fcw:   dw 0x037f | 0x0c00
default_mxcsr:   dd 0x1f80
default_fcw:     dw 0x037f

section .bss
; What the raise recorded after the handler returned.
global sr_out_gpr, sr_out_xmm, sr_out_mxcsr, sr_out_fcw, sr_out_flags
global sr_out_redzone, sr_raise_rsp
sr_out_gpr:      resq 16
sr_out_xmm:      resq 32
sr_out_flags:    resq 1
sr_out_mxcsr:    resq 1             ; 32 bits used
sr_out_fcw:      resq 1             ; 16 bits used
sr_out_redzone:  resq REDZONE / 8
sr_raise_rsp:    resq 1             ; RSP at the SYSCALL or UD2
saved_rsp:       resq 1
; What the handler was entered with.
global h_count, h_rdi, h_rsi, h_rdx, h_rsp, h_ret, h_flags, h_mxcsr, h_fcw
global h_mcontext, h_uc_flags, h_uc_sigmask, h_siginfo, h_fp_mxcsr, h_fp_xmm
h_count:         resq 1
h_rdi:           resq 1
h_rsi:           resq 1
h_rdx:           resq 1
h_rsp:           resq 1
h_ret:           resq 1
h_flags:         resq 1
h_mxcsr:         resq 1             ; 32 bits used
h_fcw:           resq 1             ; 16 bits used
h_uc_flags:      resq 1
h_uc_sigmask:    resq 1
h_mcontext:      resb MCONTEXT_SIZE
h_siginfo:       resq 2             ; si_signo, si_errno, si_code, pad
h_fp_mxcsr:      resq 1             ; 32 bits used
h_fp_xmm:        resq 32

section .text
global sr_raise, sr_after_syscall, sr_ud2, sr_handler, sr_restorer

; void sr_raise(long how, long misalign, long pid, long sig)
;   how 0: kill(pid, sig) by SYSCALL; RDI and RSI carry the arguments,
;          RAX the number (and the result), RCX and R11 SYSCALL's own.
;   how 1: UD2 (the handler steps over it), every register loaded.
;   The stack is aligned to 16, then lowered by misalign bytes; DF is set
;   from the loads to the records.
sr_raise:
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
	mov [saved_rsp], rsp
	and rsp, -16
	sub rsp, rsi
	mov [sr_raise_rsp], rsp
	mov r12, rdi                    ; how
	mov r13, rdx                    ; pid
	mov r14, rcx                    ; sig

	; The red zone: REDZONE bytes below RSP that no signal frame may touch.
	mov rax, [sr_redzone_fill]
	lea rdi, [rsp - REDZONE]
	mov ecx, REDZONE / 8
.fill:
	mov [rdi], rax
	add rdi, 8
	dec ecx
	jnz .fill

	ldmxcsr [sr_in_mxcsr]
	fldcw [sr_in_fcw]
	movdqu xmm0, [sr_in_xmm + 0 * 16]
	movdqu xmm1, [sr_in_xmm + 1 * 16]
	movdqu xmm2, [sr_in_xmm + 2 * 16]
	movdqu xmm3, [sr_in_xmm + 3 * 16]
	movdqu xmm4, [sr_in_xmm + 4 * 16]
	movdqu xmm5, [sr_in_xmm + 5 * 16]
	movdqu xmm6, [sr_in_xmm + 6 * 16]
	movdqu xmm7, [sr_in_xmm + 7 * 16]
	movdqu xmm8, [sr_in_xmm + 8 * 16]
	movdqu xmm9, [sr_in_xmm + 9 * 16]
	movdqu xmm10, [sr_in_xmm + 10 * 16]
	movdqu xmm11, [sr_in_xmm + 11 * 16]
	movdqu xmm12, [sr_in_xmm + 12 * 16]
	movdqu xmm13, [sr_in_xmm + 13 * 16]
	movdqu xmm14, [sr_in_xmm + 14 * 16]
	movdqu xmm15, [sr_in_xmm + 15 * 16]

	test r12, r12
	jnz raise_by_ud2

	mov rdi, r13
	mov rsi, r14
	mov r8,  [sr_in_gpr + 0 * 8]
	mov r9,  [sr_in_gpr + 1 * 8]
	mov r10, [sr_in_gpr + 2 * 8]
	mov r12, [sr_in_gpr + 4 * 8]
	mov r13, [sr_in_gpr + 5 * 8]
	mov r14, [sr_in_gpr + 6 * 8]
	mov r15, [sr_in_gpr + 7 * 8]
	mov rbp, [sr_in_gpr + 10 * 8]
	mov rbx, [sr_in_gpr + 11 * 8]
	mov rdx, [sr_in_gpr + 12 * 8]
	mov eax, SYS_KILL
	std
	syscall
sr_after_syscall:
	jmp raise_record

raise_by_ud2:
	mov r8,  [sr_in_gpr + 0 * 8]
	mov r9,  [sr_in_gpr + 1 * 8]
	mov r10, [sr_in_gpr + 2 * 8]
	mov r11, [sr_in_gpr + 3 * 8]
	mov r12, [sr_in_gpr + 4 * 8]
	mov r13, [sr_in_gpr + 5 * 8]
	mov r14, [sr_in_gpr + 6 * 8]
	mov r15, [sr_in_gpr + 7 * 8]
	mov rdi, [sr_in_gpr + 8 * 8]
	mov rsi, [sr_in_gpr + 9 * 8]
	mov rbp, [sr_in_gpr + 10 * 8]
	mov rbx, [sr_in_gpr + 11 * 8]
	mov rdx, [sr_in_gpr + 12 * 8]
	mov rax, [sr_in_gpr + 13 * 8]
	mov rcx, [sr_in_gpr + 14 * 8]
	std
sr_ud2:
	ud2                             ; the handler moves RIP past it

raise_record:
	mov [sr_out_gpr + 0 * 8], r8
	mov [sr_out_gpr + 1 * 8], r9
	mov [sr_out_gpr + 2 * 8], r10
	mov [sr_out_gpr + 3 * 8], r11
	mov [sr_out_gpr + 4 * 8], r12
	mov [sr_out_gpr + 5 * 8], r13
	mov [sr_out_gpr + 6 * 8], r14
	mov [sr_out_gpr + 7 * 8], r15
	mov [sr_out_gpr + 8 * 8], rdi
	mov [sr_out_gpr + 9 * 8], rsi
	mov [sr_out_gpr + 10 * 8], rbp
	mov [sr_out_gpr + 11 * 8], rbx
	mov [sr_out_gpr + 12 * 8], rdx
	mov [sr_out_gpr + 13 * 8], rax
	mov [sr_out_gpr + 14 * 8], rcx
	mov [sr_out_gpr + 15 * 8], rsp
	movdqu [sr_out_xmm + 0 * 16], xmm0
	movdqu [sr_out_xmm + 1 * 16], xmm1
	movdqu [sr_out_xmm + 2 * 16], xmm2
	movdqu [sr_out_xmm + 3 * 16], xmm3
	movdqu [sr_out_xmm + 4 * 16], xmm4
	movdqu [sr_out_xmm + 5 * 16], xmm5
	movdqu [sr_out_xmm + 6 * 16], xmm6
	movdqu [sr_out_xmm + 7 * 16], xmm7
	movdqu [sr_out_xmm + 8 * 16], xmm8
	movdqu [sr_out_xmm + 9 * 16], xmm9
	movdqu [sr_out_xmm + 10 * 16], xmm10
	movdqu [sr_out_xmm + 11 * 16], xmm11
	movdqu [sr_out_xmm + 12 * 16], xmm12
	movdqu [sr_out_xmm + 13 * 16], xmm13
	movdqu [sr_out_xmm + 14 * 16], xmm14
	movdqu [sr_out_xmm + 15 * 16], xmm15
	stmxcsr [sr_out_mxcsr]
	fnstcw [sr_out_fcw]
	; The red zone, before pushfq writes into it (a plain loop: DF is set).
	lea rsi, [rsp - REDZONE]
	lea rdi, [sr_out_redzone]
	mov ecx, REDZONE / 8
.copy:
	mov rax, [rsi]
	mov [rdi], rax
	add rsi, 8
	add rdi, 8
	dec ecx
	jnz .copy
	pushfq
	pop qword [sr_out_flags]
	cld
	ldmxcsr [default_mxcsr]
	fldcw [default_fcw]
	mov rsp, [saved_rsp]
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	ret

; The handler: void sr_handler(int sig, siginfo_t *info, void *uc),
; installed with SA_SIGINFO. Records its entry state, steps over the UD2
; for SIGILL, then clobbers every register but RSP, MXCSR, the x87
; control word and DF before it returns into the restorer.
sr_handler:
	mov [h_rdi], rdi
	mov [h_rsi], rsi
	mov [h_rdx], rdx
	mov [h_rsp], rsp
	mov rax, [rsp]
	mov [h_ret], rax
	pushfq
	pop qword [h_flags]
	stmxcsr [h_mxcsr]
	fnstcw [h_fcw]
	cld
	inc qword [h_count]

	mov rax, [rdx]
	mov [h_uc_flags], rax
	mov rax, [rdx + UC_MCONTEXT + MCONTEXT_SIZE]
	mov [h_uc_sigmask], rax
	mov rax, [rsi]
	mov [h_siginfo], rax
	mov rax, [rsi + 8]
	mov [h_siginfo + 8], rax
	lea rsi, [rdx + UC_MCONTEXT]
	lea rdi, [h_mcontext]
	mov ecx, MCONTEXT_SIZE
	rep movsb
	; The saved FPU state, if there is one (sigcontext's fpstate).
	mov rsi, [h_mcontext + 184]
	test rsi, rsi
	jz .fp_done
	mov eax, [rsi + FX_MXCSR]
	mov [h_fp_mxcsr], eax
	add rsi, FX_XMM0
	lea rdi, [h_fp_xmm]
	mov ecx, 16 * 16
	rep movsb
.fp_done:

	cmp qword [h_rdi], SIGILL
	jne .clobber
	mov rdx, [h_rdx]
	add qword [rdx + UC_MCONTEXT + SC_RIP], UD2_LENGTH

.clobber:
	mov rax, 0xbad0bad0bad0bad0
	mov rbx, rax
	mov rcx, rax
	mov rdx, rax
	mov rsi, rax
	mov rdi, rax
	mov rbp, rax
	mov r8, rax
	mov r9, rax
	mov r10, rax
	mov r11, rax
	mov r12, rax
	mov r13, rax
	mov r14, rax
	mov r15, rax
	movq xmm0, rax
	pshufd xmm0, xmm0, 0
	movdqa xmm1, xmm0
	movdqa xmm2, xmm0
	movdqa xmm3, xmm0
	movdqa xmm4, xmm0
	movdqa xmm5, xmm0
	movdqa xmm6, xmm0
	movdqa xmm7, xmm0
	movdqa xmm8, xmm0
	movdqa xmm9, xmm0
	movdqa xmm10, xmm0
	movdqa xmm11, xmm0
	movdqa xmm12, xmm0
	movdqa xmm13, xmm0
	movdqa xmm14, xmm0
	movdqa xmm15, xmm0
	ldmxcsr [h_clobber_mxcsr]
	fldcw [h_clobber_fcw]
	std
	ret

; The restorer the handler returns into: RSP then points at the
; ucontext, just past the return address the handler consumed.
sr_restorer:
	mov eax, SYS_RT_SIGRETURN
	syscall
	ud2                             ; rt_sigreturn does not return here

section .note.GNU-stack noalloc noexec nowrite progbits
