; int80_entry.asm - the legacy `int 0x80` system-call gate (IDT vector 0x80,
; DPL 3, interrupt gate: idt.c): builds struct regs (frame.h) and calls
; syscall32_dispatch() (kernel/syscall/syscall_32.c), which reads Linux's
; i386 convention from it. Returns through isr_exit (IRETQ).
; Invariants: one swapgs in and one out, decided by the CS the CPU saved.
;
; Entered from ring 3 the CPU has loaded RSP from TSS.RSP0 (this task's
; kernel stack top, 16-byte aligned), cleared IF (interrupt gate), and
; pushed the IRETQ frame. No error code: the stub pushes 0, then RAX as
; `vector`, so the frame has the same layout as a SYSCALL frame:
;
;       +48  SS       user SS (0x2b)
;       +40  RSP      user RSP
;       +32  RFLAGS   user RFLAGS
;       +24  CS       user CS (0x33)
;       +16  RIP      the instruction after `int 0x80`
;        +8  error code = 0              (pushed here)
;   rsp  +0  vector = RAX: the i386 number (pushed here; only EAX counts)
;
; then PUSH_GPRS puts RAX..R15 below: RSP points at a complete struct regs
; of 22 quadwords, so it is still 16-byte aligned at the call.
; Unlike SYSCALL, an interrupt gate does not clear DF: `cld` before C.

bits 64
default rel

%include "asm_offsets.inc"          ; REGS_* (generated from frame.h)
%include "frame.inc"                ; PUSH/POP_GPRS

extern syscall32_dispatch
extern isr_exit
global int80_entry

section .text
align 16
int80_entry:
	push 0                           ; error code
	push rax                         ; vector: the call number
	PUSH_GPRS
	test byte [rsp + REGS_CS], 3     ; from ring 3 (always, unless a kernel bug)
	jz .kernel_in
	swapgs                           ; GS: the user's base -> this CPU's block
.kernel_in:
	cld
	mov rdi, rsp
	call syscall32_dispatch
	jmp isr_exit                     ; cli; swapgs if CS is ring 3; pop; iretq
