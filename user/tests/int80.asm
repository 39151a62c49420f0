; int80.asm - a 64-bit program that makes system calls through the legacy
; `int 0x80` gate with Linux's i386 numbers and registers (EAX; EBX, ECX,
; EDX, ESI, EDI, EBP): write, read, getpid, an unknown number, and exit.
; It checks that only the low halves of RAX and of the arguments count,
; that every register but RAX comes back intact, and that the result is
; sign-extended into RAX. Every line it prints goes through int 0x80 write.
; Expected result: a run on the reference Linux (IA32 emulation on:
; Debian's 6.1 has CONFIG_IA32_EMULATION=y), the same lines and exit
; status 42.

bits 64
default rel

NR32_EXIT    equ 1                  ; Linux arch/x86/entry/syscalls/syscall_32.tbl
NR32_READ    equ 3
NR32_GETPID  equ 20
NR64_GETPID  equ 39                 ; Linux syscall_64.tbl
ENOSYS       equ 38                 ; Linux include/uapi/asm-generic/errno-base.h
EFAULT       equ 14
EXIT_STATUS  equ 0x12a              ; only the low byte survives: status 42

%include "int80-report.inc"

section .bss
failures: resd 1
pid:      resq 1
byte_in:  resb 1
saved:    resq 16

section .rodata
hello:    db `hello through int 0x80\n`
hello_len equ $ - hello

section .text
global _start

PRINT_ROUTINE

_start:
	; write(1, hello, len): the count comes back in EAX.
	mov eax, NR32_WRITE
	mov ebx, 1
	mov ecx, hello
	mov edx, hello_len
	int 0x80
	cmp rax, hello_len
	CHECK "write returns the count"

	; The same write with garbage in the high halves of every argument:
	; the i386 convention passes 32-bit values.
	mov rax, (0x5a5a << 32) | NR32_WRITE
	mov rbx, (0x1234 << 32) | 1
	mov ecx, hello
	bts rcx, 40
	mov rdx, (0xffff << 32) | hello_len
	int 0x80
	cmp rax, hello_len
	CHECK "high halves of the arguments ignored"

	; getpid through int 0x80 gives what getpid through syscall gives.
	mov eax, NR64_GETPID
	syscall
	mov [pid], rax
	mov eax, NR32_GETPID
	int 0x80
	cmp rax, [pid]
	CHECK "getpid (20) equals syscall getpid"
	mov rax, (0xdead << 32) | NR32_GETPID
	int 0x80
	cmp rax, [pid]
	CHECK "high half of RAX ignored"

	; Every register but RAX survives: fill them, call, compare.
	mov rbx, 0x1111111111111111
	mov rcx, 0x2222222222222222
	mov rdx, 0x3333333333333333
	mov rsi, 0x4444444444444444
	mov rdi, 0x5555555555555555
	mov rbp, 0x6666666666666666
	mov r8, 0x7777777777777777
	mov r9, 0x8888888888888888
	mov r10, 0x9999999999999999
	mov r11, 0xaaaaaaaaaaaaaaaa
	mov r12, 0xbbbbbbbbbbbbbbbb
	mov r13, 0xcccccccccccccccc
	mov r14, 0xdddddddddddddddd
	mov r15, 0xeeeeeeeeeeeeeeee
	mov eax, NR32_GETPID
	int 0x80
	mov [saved], rsp
	mov rsp, 0x1111111111111111
	xor rsp, rbx
	mov rax, 0x2222222222222222
	xor rax, rcx
	or rsp, rax
	mov rax, 0x3333333333333333
	xor rax, rdx
	or rsp, rax
	mov rax, 0x4444444444444444
	xor rax, rsi
	or rsp, rax
	mov rax, 0x5555555555555555
	xor rax, rdi
	or rsp, rax
	mov rax, 0x6666666666666666
	xor rax, rbp
	or rsp, rax
	mov rax, 0x7777777777777777
	xor rax, r8
	or rsp, rax
	mov rax, 0x8888888888888888
	xor rax, r9
	or rsp, rax
	mov rax, 0x9999999999999999
	xor rax, r10
	or rsp, rax
	mov rax, 0xaaaaaaaaaaaaaaaa
	xor rax, r11
	or rsp, rax
	mov rax, 0xbbbbbbbbbbbbbbbb
	xor rax, r12
	or rsp, rax
	mov rax, 0xcccccccccccccccc
	xor rax, r13
	or rsp, rax
	mov rax, 0xdddddddddddddddd
	xor rax, r14
	or rsp, rax
	mov rax, 0xeeeeeeeeeeeeeeee
	xor rax, r15
	or rsp, rax                      ; RSP = 0 when all thirteen matched
	mov rax, rsp
	mov rsp, [saved]
	test rax, rax
	CHECK "registers other than RAX preserved"

	; Numbers the i386 table does not have: -ENOSYS, sign-extended.
	mov eax, 9999
	int 0x80
	cmp rax, -ENOSYS
	CHECK "unknown number 9999 gives -ENOSYS"
	mov eax, 0xffffffff
	int 0x80
	cmp rax, -ENOSYS
	CHECK "unknown number 0xffffffff gives -ENOSYS"

	; read(0, byte_in, 1): standard input is empty, so end of file.
	mov eax, NR32_READ
	xor ebx, ebx
	mov ecx, byte_in
	mov edx, 1
	int 0x80
	test rax, rax
	CHECK "read at end of input returns 0"

	; write from an unmapped address (the first page): -EFAULT.
	mov eax, NR32_WRITE
	mov ebx, 1
	mov ecx, 0x1000
	mov edx, 4
	int 0x80
	cmp rax, -EFAULT
	CHECK "write from an unmapped buffer gives -EFAULT"

	; exit(0x12a) unless something failed: the status is its low byte.
	mov eax, NR32_EXIT
	mov ebx, EXIT_STATUS
	cmp dword [failures], 0
	je .exit
	mov ebx, 1
.exit:
	int 0x80
	ud2                              ; not reached: exit does not return

section .note.GNU-stack noalloc noexec nowrite progbits
