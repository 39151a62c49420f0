; sc-floor.asm - run under the boot option `syscall=floor`, where SYSCALL
; goes to a stub that only switches GS and stacks and returns: every call
; must come back at once, without effect, with RAX still the number, RCX
; the return address, R11 the RFLAGS, every other register intact. write
; writes nothing and exit does not end the program. The report goes out
; through the int 0x80 gate, which the floor mode leaves alone, and the
; program ends with ud2: SIGILL, status 132.
; Expected result (tests/expected/sc-floor.out): written from the design
; in docs/syscalls.md ("The floor stub"); Linux has no such mode to ask.

bits 64
default rel

NR_WRITE     equ 1                  ; Linux syscall_64.tbl
NR_GETPID    equ 39
NR_EXIT      equ 60
NR_UNKNOWN   equ 9999

%include "int80-report.inc"

section .bss
failures: resd 1                    ; counted by CHECK, not reported
flags:    resq 1
result:   resq 3

section .rodata
lost:     db `this line must not appear\n`
lost_len  equ $ - lost

section .text
global _start

PRINT_ROUTINE

_start:
	mov rdx, 0x3333333333333333
	mov rsi, 0x4444444444444444
	mov rdi, 0x5555555555555555
	mov rbp, 0x6666666666666666
	mov r8, 0x7777777777777777
	mov r9, 0x8888888888888888
	mov r10, 0x9999999999999999
	mov r12, 0xbbbbbbbbbbbbbbbb
	mov r13, 0xcccccccccccccccc
	mov r14, 0xdddddddddddddddd
	mov rbx, 0x1111111111111111
	pushfq
	pop r15                          ; RFLAGS; no instruction below changes it
	mov eax, NR_GETPID
	syscall
.after_getpid:
	mov [result], rax
	mov [result + 8], rcx
	mov [result + 16], r11
	mov [flags], r15

	; Thirteen registers folded into one: 0 when all are intact.
	mov rax, 0x1111111111111111
	xor rbx, rax
	mov rax, 0x3333333333333333
	xor rax, rdx
	or rbx, rax
	mov rax, 0x4444444444444444
	xor rax, rsi
	or rbx, rax
	mov rax, 0x5555555555555555
	xor rax, rdi
	or rbx, rax
	mov rax, 0x6666666666666666
	xor rax, rbp
	or rbx, rax
	mov rax, 0x7777777777777777
	xor rax, r8
	or rbx, rax
	mov rax, 0x8888888888888888
	xor rax, r9
	or rbx, rax
	mov rax, 0x9999999999999999
	xor rax, r10
	or rbx, rax
	mov rax, 0xbbbbbbbbbbbbbbbb
	xor rax, r12
	or rbx, rax
	mov rax, 0xcccccccccccccccc
	xor rax, r13
	or rbx, rax
	mov rax, 0xdddddddddddddddd
	xor rax, r14
	or rbx, rax

	cmp qword [result], NR_GETPID
	CHECK "getpid (39) returns RAX unchanged"
	lea rax, [.after_getpid]
	cmp [result + 8], rax
	CHECK "RCX holds the return address"
	mov rax, [flags]
	cmp [result + 16], rax
	CHECK "R11 holds RFLAGS"
	test rbx, rbx
	CHECK "every other register preserved"

	mov eax, NR_WRITE
	mov edi, 1
	lea rsi, [lost]
	mov edx, lost_len
	syscall
	cmp rax, NR_WRITE
	CHECK "write (1) returns 1 and writes nothing"

	mov eax, NR_UNKNOWN
	syscall
	cmp rax, NR_UNKNOWN
	CHECK "unknown number 9999 returns 9999"

	mov eax, NR_EXIT
	mov edi, 3
	syscall
	cmp rax, NR_EXIT
	CHECK "exit (60) returns 60"

	PRINT `ending with ud2\n`
	ud2                              ; SIGILL: the only way out here

section .note.GNU-stack noalloc noexec nowrite progbits
