; lab-sigreturn.asm - the two ends of a forged rt_sigreturn for the
; lab-sigreturn test (docs/labs/signals.md, part 2): the call, with RSP at
; a frame the test wrote and xmm0 and MXCSR loaded with known values; and
; the landing place the frame's RIP names, which records xmm0 and MXCSR
; before anything else can change them.
; Invariant: ls_land touches no XMM register and MXCSR before recording
; them; then it clears DF and calls ls_landed() in C, on a stack of its
; own (whatever RSP the frame gave), which never returns.
;
; The kernel reads the frame at RSP (Linux's rt_sigframe less pretcode,
; which the handler's RET consumed):
;   RSP       struct ucontext: uc_flags, uc_link, uc_stack (24 bytes),
;             uc_mcontext (struct sigcontext, 256 bytes: fpstate at +184),
;             uc_sigmask
;   RSP + 304 siginfo (128 bytes)

bits 64
default rel

SYS_RT_SIGRETURN equ 15
SYS_EXIT_GROUP   equ 231
RETURNED         equ 100          ; ls_sigreturn's exit status if the call returns
LAND_STACK_SIZE  equ 16384

section .data
; What ls_sigreturn loads before the call (written by lab-sigreturn.c).
global ls_in_xmm0, ls_in_mxcsr
ls_in_xmm0:     times 2 dq 0
ls_in_mxcsr:    dd 0

section .bss align=16
land_stack:     resb LAND_STACK_SIZE
; What ls_land found.
global l_xmm0, l_mxcsr
l_xmm0:         resq 2
l_mxcsr:        resq 1            ; 32 bits used

section .text
global ls_sigreturn, ls_land
extern ls_landed

; void ls_sigreturn(void *uc)   (never returns)
;   Loads xmm0 and MXCSR (so that the test sees whether the frame's FP
;   state replaced them), points RSP at uc and calls rt_sigreturn. A
;   kernel that returns from it ends the process with status RETURNED.
ls_sigreturn:
	movdqu xmm0, [ls_in_xmm0]
	ldmxcsr [ls_in_mxcsr]
	mov rsp, rdi
	mov eax, SYS_RT_SIGRETURN
	syscall
	mov edi, RETURNED
	mov eax, SYS_EXIT_GROUP
	syscall
	ud2

; Where the forged RIP lands.
ls_land:
	movdqu [l_xmm0], xmm0
	stmxcsr [l_mxcsr]
	cld
	lea rsp, [land_stack + LAND_STACK_SIZE]
	call ls_landed
	ud2

section .note.GNU-stack noalloc noexec nowrite progbits
