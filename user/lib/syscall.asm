; syscall.asm - __syscall6, the only place libminc executes SYSCALL.
; Invariant: it returns the kernel's RAX as is (a negated errno on failure,
; in [-4095, -1]); turning that into -1/errno is the C wrappers' business.
;
; long __syscall6(long nr, long a1, long a2, long a3, long a4, long a5,
;                 long a6)
;
;   C argument (SysV)     ->  syscall register (Linux x86-64)
;   nr  RDI                   RAX
;   a1  RSI                   RDI
;   a2  RDX                   RSI
;   a3  RCX                   RDX
;   a4  R8                    R10   (not RCX: SYSCALL overwrites RCX
;   a5  R9                    R8     with the return RIP and R11 with
;   a6  [rsp + 8]             R9     RFLAGS)
;
; The kernel preserves every other register; RCX and R11 are caller-saved
; in C, so nothing needs saving here.

bits 64
default rel

section .text
global __syscall6

__syscall6:
	mov rax, rdi
	mov rdi, rsi
	mov rsi, rdx
	mov rdx, rcx
	mov r10, r8
	mov r8, r9
	mov r9, [rsp + 8]       ; 7th C argument: above the return address
	syscall
	ret

section .note.GNU-stack noalloc noexec nowrite progbits
