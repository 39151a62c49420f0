; sc-df.asm - sc_df_call(), a system call made with the direction flag set.
; Invariant: DF is set only between `std` and `cld`, around the SYSCALL and
; the pushfq that records RFLAGS after it; C code never runs with DF = 1.
;
; long sc_df_call(long nr, long a1, long a2, long a3,
;                 unsigned long *flags_after)
;   RDI nr, RSI a1, RDX a2, RCX a3, R8 flags_after; returns the raw RAX.
;   flags_after is kept in memory, not a register: the test must not rely
;   on the kernel preserving registers (that is sc-regs' business).

bits 64
default rel

section .bss
flags_ptr: resq 1

section .text
global sc_df_call

sc_df_call:
	mov [flags_ptr], r8
	mov rax, rdi
	mov rdi, rsi
	mov rsi, rdx
	mov rdx, rcx
	std
	syscall
	pushfq                          ; RFLAGS as the kernel returned it
	cld
	mov rcx, [flags_ptr]
	pop qword [rcx]
	ret

section .note.GNU-stack noalloc noexec nowrite progbits
