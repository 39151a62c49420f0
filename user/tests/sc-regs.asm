; sc-regs.asm - sc_probe(), the register-exact part of the sc-regs test:
; loads every general register and RFLAGS from a struct probe, executes
; SYSCALL, and records every register and RFLAGS right after it.
; Invariant: between `popfq` and the records after SYSCALL only MOVs run,
; which change no flag, so flags_before is exactly RFLAGS at the SYSCALL.
;
; struct probe (sc-regs.c), 8-byte slots, register order
; RAX RBX RCX RDX RSI RDI RBP RSP R8 R9 R10 R11 R12 R13 R14 R15:
;   +0    in[16]        values to load (in[RSP] is written here: the RSP
;                       the SYSCALL runs with, which is the real stack)
;   +128  out[16]       values right after SYSCALL
;   +256  flags_in      RFLAGS to load with popfq
;   +264  flags_before  pushfq just before the loads
;   +272  flags_after   pushfq just after SYSCALL

bits 64
default rel

P_IN           equ 0
P_OUT          equ 128
FLAGS_IN     equ 256
FLAGS_BEFORE equ 264
FLAGS_AFTER  equ 272
SLOT_RSP     equ 7 * 8
SLOT_RDI     equ 5 * 8

section .bss
scratch:   resq 17               ; out[16] then flags_after, stored without
                                 ; any base register
probe_ptr: resq 1
saved_rsp: resq 1

section .text
global sc_probe
global sc_probe_after_syscall

; void sc_probe(struct probe *p)   (p in RDI)
sc_probe:
	push rbx                        ; the C callee-saved registers
	push rbp
	push r12
	push r13
	push r14
	push r15
	mov [probe_ptr], rdi
	mov [saved_rsp], rsp
	mov [rdi + P_IN + SLOT_RSP], rsp

	push qword [rdi + FLAGS_IN]
	popfq                           ; IF stays set: CPL 3 cannot change it
	pushfq
	pop qword [rdi + FLAGS_BEFORE]

	mov rax, [rdi + P_IN + 0 * 8]
	mov rbx, [rdi + P_IN + 1 * 8]
	mov rcx, [rdi + P_IN + 2 * 8]
	mov rdx, [rdi + P_IN + 3 * 8]
	mov rsi, [rdi + P_IN + 4 * 8]
	mov rbp, [rdi + P_IN + 6 * 8]
	mov r8,  [rdi + P_IN + 8 * 8]
	mov r9,  [rdi + P_IN + 9 * 8]
	mov r10, [rdi + P_IN + 10 * 8]
	mov r11, [rdi + P_IN + 11 * 8]
	mov r12, [rdi + P_IN + 12 * 8]
	mov r13, [rdi + P_IN + 13 * 8]
	mov r14, [rdi + P_IN + 14 * 8]
	mov r15, [rdi + P_IN + 15 * 8]
	mov rdi, [rdi + P_IN + SLOT_RDI]  ; last: RDI was the base
	syscall
sc_probe_after_syscall:                 ; RCX must hold this address now
	mov [scratch + 0 * 8], rax
	mov [scratch + 1 * 8], rbx
	mov [scratch + 2 * 8], rcx
	mov [scratch + 3 * 8], rdx
	mov [scratch + 4 * 8], rsi
	mov [scratch + 5 * 8], rdi
	mov [scratch + 6 * 8], rbp
	mov [scratch + 7 * 8], rsp
	mov [scratch + 8 * 8], r8
	mov [scratch + 9 * 8], r9
	mov [scratch + 10 * 8], r10
	mov [scratch + 11 * 8], r11
	mov [scratch + 12 * 8], r12
	mov [scratch + 13 * 8], r13
	mov [scratch + 14 * 8], r14
	mov [scratch + 15 * 8], r15
	mov rsp, [saved_rsp]            ; in case the kernel lost it
	pushfq
	pop qword [scratch + 16 * 8]
	cld                             ; the C ABI wants DF = 0 from here on

	mov rdi, [probe_ptr]
	lea rdi, [rdi + P_OUT]            ; out[16] and flags_after follow
	lea rsi, [scratch]              ; each other in both places except
	mov ecx, 16                     ; for flags_in/flags_before between
	rep movsq
	add rdi, 16                     ; skip flags_in, flags_before
	movsq                           ; flags_after

	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	ret

section .note.GNU-stack noalloc noexec nowrite progbits
