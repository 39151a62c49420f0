; sc-stack.asm - sc_stack_call(), a system call made with RSP pointing
; somewhere no stack can be: the kernel must not touch the user's RSP (it
; switches to its own stack) and must give it back unchanged.
; Invariant: while RSP holds the bad value nothing uses the stack; the real
; RSP waits in saved_rsp, a static, not in a register the kernel could lose.
;
; long sc_stack_call(long nr, long a1, long a2, long a3,
;                    unsigned long bad_rsp, unsigned long *rsp_after)
;   RDI nr, RSI a1, RDX a2, RCX a3, R8 bad_rsp, R9 rsp_after.
;   Returns the raw RAX; *rsp_after = RSP right after the SYSCALL.

bits 64
default rel

section .bss
saved_rsp:     resq 1
rsp_after_ptr: resq 1
rsp_seen:      resq 1

section .text
global sc_stack_call

sc_stack_call:
	mov [saved_rsp], rsp
	mov [rsp_after_ptr], r9
	mov rax, rdi
	mov rdi, rsi
	mov rsi, rdx
	mov rdx, rcx
	mov rsp, r8                     ; from here to the restore: no stack
	syscall
	mov [rsp_seen], rsp
	mov rsp, [saved_rsp]
	mov rcx, [rsp_after_ptr]
	mov rdx, [rsp_seen]
	mov [rcx], rdx
	ret

section .note.GNU-stack noalloc noexec nowrite progbits
