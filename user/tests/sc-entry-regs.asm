; sc-entry-regs.asm - the CPU state a static program starts with. Linux
; (ELF_PLAT_INIT on x86-64) starts a program with every general register
; but RSP zero; RDX in particular must be 0, or a C library takes it for a
; function to register with atexit. RSP points at argc and is 16-byte
; aligned; DF is clear. Prints "entry registers: ok" or names the first
; register that differs, and exits 0 or 1.
; Expected result: the same on the reference Linux (tests/user.tests
; "linux") and MinOS.

section .data
ok_msg:   db "entry registers: ok", 10
ok_len:   equ $ - ok_msg
bad_msg:  db "entry registers: FAIL at check "
bad_len:  equ $ - bad_msg
digit:    db "0", 10

section .text
global _start
_start:
	; Each check leaves its number in R12 (set only after the registers
	; it covers were read).
	mov r12, rax
	or r12, rbx
	or r12, rcx
	or r12, rdx
	or r12, rsi
	or r12, rdi
	or r12, rbp
	or r12, r8
	or r12, r9
	or r12, r10
	or r12, r11
	or r12, r13
	or r12, r14
	or r12, r15
	mov r13, 1
	test r12, r12
	jnz fail                         ; check 1: a register was not zero
	mov r13, 2
	test rsp, 15
	jnz fail                         ; check 2: RSP misaligned
	mov r13, 3
	cmp qword [rsp], 1
	jb fail                          ; check 3: argc missing (< 1)
	mov r13, 4
	pushfq
	pop rax
	test rax, 1 << 10
	jnz fail                         ; check 4: DF set

	mov eax, 1
	mov edi, 1
	lea rsi, [rel ok_msg]
	mov edx, ok_len
	syscall
	mov eax, 60
	xor edi, edi
	syscall

fail:
	mov eax, 1
	mov edi, 1
	lea rsi, [rel bad_msg]
	mov edx, bad_len
	syscall
	add [rel digit], r13b
	mov eax, 1
	mov edi, 1
	lea rsi, [rel digit]
	mov edx, 2
	syscall
	mov eax, 60
	mov edi, 1
	syscall
