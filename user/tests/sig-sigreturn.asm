; sig-sigreturn.asm - the two ends of a forged rt_sigreturn: the call
; itself, with RSP pointing at a frame the test wrote, and the landing
; place a forged RIP sends the program to, which records every register
; before anything else runs.
; Invariant: ss_land touches no register and no flag before recording
; them, and the stack only for pushfq (the frame gives it a stack of its
; own, ss_land_stack); then it clears AC, DF and TF and calls ss_landed()
; in C, which never returns.
;
; The kernel reads the frame at RSP - 8 (Linux's rt_sigframe: the return
; address a handler's RET consumed, then the ucontext at RSP):
;   RSP - 8   pretcode (unused by the kernel)
;   RSP       struct ucontext: uc_flags, uc_link, uc_stack (24 bytes),
;             uc_mcontext (struct sigcontext, 256 bytes), uc_sigmask
;   RSP + 304 siginfo (128 bytes)

bits 64
default rel

SYS_RT_SIGRETURN equ 15
SYS_EXIT_GROUP   equ 231
RETURNED         equ 100          ; ss_sigreturn's exit status if the call returns
LAND_STACK_SIZE  equ 16384
FLAGS_CLEAN      equ 0x202        ; IF and the fixed bit 1 only

section .bss align=16
global ss_land_stack
ss_land_stack:  resb LAND_STACK_SIZE
; What ss_land found, in struct sigcontext order:
;   R8 R9 R10 R11 R12 R13 R14 R15 RDI RSI RBP RBX RDX RAX RCX RSP
global l_gpr, l_flags, l_cs, l_ss, l_xmm0, l_mxcsr
l_gpr:          resq 16
l_flags:        resq 1
l_cs:           resq 1
l_ss:           resq 1
l_xmm0:         resq 2
l_mxcsr:        resq 1            ; 32 bits used

section .text
global ss_sigreturn, ss_land
extern ss_landed

; void ss_sigreturn(void *uc, const void *xmm0)   (never returns)
;   Loads xmm0 (so that the test can see whether the frame's FPU state
;   replaced it), points RSP at uc and calls rt_sigreturn. A kernel that
;   returns from it ends the process with status RETURNED.
ss_sigreturn:
	movdqu xmm0, [rsi]
	mov rsp, rdi
	mov eax, SYS_RT_SIGRETURN
	syscall
	mov edi, RETURNED
	mov eax, SYS_EXIT_GROUP
	syscall
	ud2

; Where a forged RIP lands.
ss_land:
	mov [l_gpr + 0 * 8], r8
	mov [l_gpr + 1 * 8], r9
	mov [l_gpr + 2 * 8], r10
	mov [l_gpr + 3 * 8], r11
	mov [l_gpr + 4 * 8], r12
	mov [l_gpr + 5 * 8], r13
	mov [l_gpr + 6 * 8], r14
	mov [l_gpr + 7 * 8], r15
	mov [l_gpr + 8 * 8], rdi
	mov [l_gpr + 9 * 8], rsi
	mov [l_gpr + 10 * 8], rbp
	mov [l_gpr + 11 * 8], rbx
	mov [l_gpr + 12 * 8], rdx
	mov [l_gpr + 13 * 8], rax
	mov [l_gpr + 14 * 8], rcx
	mov [l_gpr + 15 * 8], rsp
	pushfq
	pop qword [l_flags]
	push FLAGS_CLEAN
	popfq                           ; AC, DF and TF off before C runs
	mov ax, cs
	movzx eax, ax
	mov [l_cs], rax
	mov ax, ss
	movzx eax, ax
	mov [l_ss], rax
	movdqu [l_xmm0], xmm0
	stmxcsr [l_mxcsr]
	lea rsp, [ss_land_stack + LAND_STACK_SIZE]
	call ss_landed
	ud2

section .note.GNU-stack noalloc noexec nowrite progbits
