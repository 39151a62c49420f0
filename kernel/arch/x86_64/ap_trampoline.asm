; ap_trampoline.asm - where an application processor (AP) starts: 16-bit
; real mode -> 32-bit protected mode -> long mode -> ap_main (smp.c).
;
; The code below is never run where it is linked: smp.c copies it to
; AP_TRAMPOLINE_PHYS (a page in the first MiB) and the AP's startup IPI
; starts it there with CS = AP_TRAMPOLINE_PHYS >> 4, IP = 0 (Intel SDM vol.
; 3A, 9.4.4 and 11.6.1). So every address it uses is computed as
; AP_TRAMPOLINE_PHYS + offset within the trampoline (the TRAMP macro).
;
; The page, as copied:
;   +0x000  the code below, its GDT and GDT pointer
;   +0xF00  struct ap_boot_params (smp.h), written by the boot CPU:
;           cr3 (the AP page tables: identity map of the first 2 MiB and the
;           kernel half), efer (LME, NXE), entry (ap_main), stack_top, cpu.
;
; Long mode follows the SDM's order (vol. 3A, 10.8.5): CR4.PAE, CR3,
; EFER.LME, then CR0.PG; the instruction after `mov cr0` is fetched through
; the new page tables, hence the identity map of this page. The AP enters
; ap_main(cpu) on its own kernel stack with a zero return address (the end
; of every backtrace), interrupts off; ap_main loads the kernel's own GDT,
; IDT and page tables.

%include "asm_offsets.inc"   ; CR0_*, CR4_PAE, MSR_EFER, AP_*, AP_BOOT_*

%define TRAMP(label) (AP_TRAMPOLINE_PHYS + ((label) - ap_trampoline_start))
%define PARAM(field) (AP_TRAMPOLINE_PHYS + AP_PARAMS_OFFSET + (field))

; The trampoline's own GDT: flat 32-bit code and data, 64-bit code.
TGDT_CODE32 equ 0x08
TGDT_DATA   equ 0x10
TGDT_CODE64 equ 0x18

global ap_trampoline_start, ap_trampoline_end

section .rodata
align 16
bits 16
ap_trampoline_start:
	cli
	cld
	mov ax, cs                       ; CS = the page's segment
	mov ds, ax
	o32 lgdt [tgdt_ptr - ap_trampoline_start]
	mov eax, cr0
	or eax, CR0_PE
	mov cr0, eax
	jmp dword TGDT_CODE32:TRAMP(pm32)

bits 32
pm32:
	mov ax, TGDT_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, [PARAM(AP_BOOT_CR3)]
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, [PARAM(AP_BOOT_EFER)]
	wrmsr
	mov eax, cr0
	or eax, CR0_PG | CR0_PE
	mov cr0, eax
	jmp TGDT_CODE64:TRAMP(lm64)

bits 64
lm64:
	mov ax, TGDT_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov rsp, [abs PARAM(AP_BOOT_STACK_TOP)]
	mov rdi, [abs PARAM(AP_BOOT_CPU)]
	mov rax, [abs PARAM(AP_BOOT_ENTRY)]
	xor ebp, ebp
	push 0                           ; the return address ap_main never uses
	jmp rax

align 8
tgdt:
	dq 0
	dq 0x00CF9A000000FFFF            ; 0x08: 32-bit code, DPL 0, flat
	dq 0x00CF92000000FFFF            ; 0x10: data, DPL 0, flat
	dq 0x00AF9A000000FFFF            ; 0x18: 64-bit code, DPL 0
tgdt_end:
tgdt_ptr:
	dw tgdt_end - tgdt - 1
	dd TRAMP(tgdt)
ap_trampoline_end:
