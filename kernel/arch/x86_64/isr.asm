; isr.asm - the entry stubs for all 256 interrupt vectors and the common
; path that builds struct regs (frame.h), calls trap_dispatch() and returns
; with IRETQ.
;
; Stack on entry to isr_common (the CPU pushed SS..RIP, possibly an error
; code; the per-vector stub pushed a 0 error code where the CPU does not,
; then the vector number):
;
;       +48  SS
;       +40  RSP
;       +32  RFLAGS
;       +24  CS
;       +16  RIP
;        +8  error code (or 0)
;   rsp  +0  vector
;
; isr_common then pushes RAX..R15 so that RSP points at a complete struct
; regs. Invariants:
;  - swapgs happens exactly once on the way in and once on the way out, and
;    only when the interrupted code ran in ring 3 (CS & 3 == 3); in ring 0
;    GS already holds the kernel's base.
;  - The CPU aligned RSP to 16 before pushing its frame; 22 quadwords keep
;    it aligned, so the call into C meets the SysV ABI's 16-byte rule.
;  - Direction flag cleared before C runs (the ABI assumes DF = 0).

bits 64
default rel

%include "asm_offsets.inc"          ; REGS_*, VEC_*, MSR_GS_BASE (generated from the C)
%include "frame.inc"                ; PUSH/POP_GPRS

extern trap_dispatch
global isr_stub_table, isr_exit

; Vectors where the CPU pushes an error code (Intel SDM vol. 3A, table 6-1).
%define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

section .text

; NMI and machine check can arrive anywhere, even between SYSCALL and its
; swapgs, where CS is already the kernel's but GS is still the user's: for
; them the "paranoid" path asks IA32_GS_BASE instead of trusting CS.
%define PARANOID(v) ((v) == VEC_NMI || (v) == VEC_MACHINE_CHECK)

%macro ISR_STUB 1
isr_stub_%1:
%if HAS_ERROR(%1) == 0
	push 0
%endif
	push %1
%if PARANOID(%1)
	jmp isr_paranoid
%else
	jmp isr_common
%endif
%endmacro

align 16
isr_common:
	PUSH_GPRS

	test byte [rsp + REGS_CS], 3
	jz .kernel_in
	swapgs
.kernel_in:
	cld
	mov rdi, rsp
	call trap_dispatch

; Restores the struct regs at RSP and returns to the code it describes.
; Also the way back from a syscall whose return cannot use SYSRET.
isr_exit:
	cli
	test byte [rsp + REGS_CS], 3
	jz .kernel_out
	swapgs
.kernel_out:
	POP_GPRS
	add rsp, 16                      ; vector and error code
	iretq

; The kernel's GS base is a top-half address (negative); the user's never
; is (arch_prctl refuses it). EBX remembers whether to swap back: it is
; callee-saved, so it survives the call, and the frame restores it after.
align 16
isr_paranoid:
	PUSH_GPRS
	mov ecx, MSR_GS_BASE
	rdmsr
	xor ebx, ebx
	test edx, edx
	js .gs_is_kernel
	swapgs
	mov ebx, 1
.gs_is_kernel:
	cld
	mov rdi, rsp
	call trap_dispatch
	test ebx, ebx
	jz .no_swap_back
	swapgs
.no_swap_back:
	POP_GPRS
	add rsp, 16
	iretq

%assign v 0
%rep 256
ISR_STUB v
%assign v v + 1
%endrep

section .rodata
align 8
isr_stub_table:
%assign v 0
%rep 256
	dq isr_stub_ %+ v
%assign v v + 1
%endrep
