; uaccess.asm - the instructions that touch user memory, each listed in the
; exception fixup table (__ex_table, see extable.h) so that a page fault or
; #GP on a bad user address resumes at a fixup instead of crashing.
; The C wrappers in kernel/mm/uaccess.c check ranges and open the SMAP
; window (stac/clac) around these calls.
;
; Invariant: these functions are leaf functions that use only RAX, RCX,
; RDX, RSI, RDI (caller-saved), so a fixup may jump straight to `ret`.

bits 64
default rel

%include "asm_offsets.inc"          ; EFAULT, EXTABLE_ENTRY_* (generated from the C)

global __copy_user, __clear_user, __get_user_u8

section .text

; u64 __copy_user(void *dst, const void *src, u64 len)
; Returns the number of bytes left uncopied (0 when all were copied).
; rep movsb stops on a fault with RCX = bytes not yet copied.
align 16
__copy_user:
	mov rcx, rdx
.copy:
	rep movsb
	xor eax, eax
	ret
.copy_fault:
	mov rax, rcx
	ret

; u64 __clear_user(void *dst, u64 len) - zeroes; returns bytes left.
align 16
__clear_user:
	mov rcx, rsi
	xor eax, eax
.clear:
	rep stosb
	ret
.clear_fault:
	mov rax, rcx
	ret

; int __get_user_u8(const u8 *src) - the byte (0-255), or -EFAULT.
align 16
__get_user_u8:
.get:
	movzx eax, byte [rdi]
	ret
.get_fault:
	mov eax, -EFAULT
	ret

; Each entry is a struct extable_entry (extable.h): the address of the
; instruction that may fault, then the address of its fixup.
%if EXTABLE_ENTRY_INSN != 0 || EXTABLE_ENTRY_FIXUP != 8 || EXTABLE_ENTRY_SIZE != 16
%error "the dq pairs below no longer match struct extable_entry (extable.h)"
%endif
section __ex_table alloc noexec nowrite align=8
	dq __copy_user.copy, __copy_user.copy_fault
	dq __clear_user.clear, __clear_user.clear_fault
	dq __get_user_u8.get, __get_user_u8.get_fault
