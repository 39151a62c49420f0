; boot.asm - from the boot loader to the first 64-bit C function.
;
; Owns: the multiboot1 and multiboot2 headers, the 32-bit entry point, the
; long-mode check, the boot page tables, the switch to long mode and the jump
; to the higher half. Everything in .boot runs at its physical address with
; paging off; the boot loader has put us in 32-bit protected mode with flat
; segments, EAX = boot magic, EBX = physical address of the boot information.
;
; Invariants: the boot page tables map physical 0..1 GiB at 0 (identity, for
; the instant of the switch), at KERNEL_VMA (the kernel image) and 0..4 GiB at
; DIRECT_MAP (so C code can read the boot information and modules); the
; kernel replaces them with its own tables in vm_init() and the identity map
; is then gone. kmain(magic, info_phys, entry_tsc) never returns; entry_tsc
; is the TSC read at _start32's fifth instruction.

bits 32

; KERNEL_VMA, DIRECT_MAP_BASE, GDT_KERNEL_*, CPUID_EXT_*, EXT1_EDX_*,
; RFLAGS_ID, MSR_EFER, EFER_*, CR0_*, CR4_PAE, PTE_*, PT_ENTRIES, *_SHIFT
; and PAGE_SIZE_2M, generated from their C definitions (asm_offsets.c).
%include "asm_offsets.inc"

MB1_MAGIC       equ 0x1BADB002      ; Multiboot 0.6.96, section 3.1.1
MB1_PAGE_ALIGN  equ 1 << 0          ; modules on page boundaries
MB1_MEMINFO     equ 1 << 1          ; mem_* and mmap_* fields
MB1_AOUT_KLUDGE equ 1 << 16         ; use the address fields below: this is
                                    ; how QEMU -kernel accepts an ELF64
MB1_FLAGS       equ MB1_PAGE_ALIGN | MB1_MEMINFO | MB1_AOUT_KLUDGE

MB2_MAGIC       equ 0xE85250D6      ; Multiboot2 1.0, section 3.1.1
MB2_ARCH_I386   equ 0

; The slots where the boot page tables hook in the direct map (PML4[256])
; and the kernel image (PML4[511], then PDPT[510]).
DIRECT_MAP_PML4 equ (DIRECT_MAP_BASE >> PML4_SHIFT) & (PT_ENTRIES - 1)
KERNEL_PML4     equ (KERNEL_VMA >> PML4_SHIFT) & (PT_ENTRIES - 1)
KERNEL_PDPT     equ (KERNEL_VMA >> PDPT_SHIFT) & (PT_ENTRIES - 1)

COM1            equ SERIAL_COM1_IO  ; the first PC serial port (kernel/dev/serial.h)
VGA_TEXT        equ VGA_TEXT_PHYS   ; the VGA text buffer (kernel/dev/vga.h)

extern _kernel_phys_start, _load_phys_end, _kernel_phys_end
extern kmain
global _start32, start64_high, boot_stack_guard, boot_stack_top, boot_pml4

; ---------------------------------------------------------------------------
section .multiboot progbits alloc noexec nowrite align=8
align 4
mb1_header:                          ; must lie in the image's first 8 KiB
	dd MB1_MAGIC
	dd MB1_FLAGS
	dd -(MB1_MAGIC + MB1_FLAGS)
	dd mb1_header                    ; header_addr (physical)
	dd _kernel_phys_start            ; load_addr: the image starts here...
	dd _load_phys_end                ; load_end_addr: ...text, rodata, data
	dd _kernel_phys_end              ; bss_end_addr: zeroed up to here
	dd _start32                      ; entry_addr

align 8
mb2_header:                          ; must lie in the image's first 32 KiB
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
align 8
.info_request:                       ; tag 1: what we want GRUB to pass
	dw 1, 0
	dd .info_request_end - .info_request
	dd 1                             ; boot command line
	dd 3                             ; modules
	dd 4                             ; basic memory information
	dd 6                             ; memory map
.info_request_end:
align 8
	dw 6, 0                          ; tag 6: page-align modules
	dd 8
align 8
	dw 0, 0                          ; end tag
	dd 8
mb2_header_end:

; ---------------------------------------------------------------------------
section .boot.text progbits alloc exec nowrite align=16
_start32:
	cli
	cld
	mov [boot_magic], eax
	mov [boot_info], ebx
	rdtsc                            ; the boot-time figure counts from here
	mov [boot_entry_tsc], eax        ; (kernel/main.c, boot_note_user_entry)
	mov [boot_entry_tsc + 4], edx
	mov esp, boot_stack32_top

	; CPUID exists iff EFLAGS.ID can be toggled.
	pushfd
	pop eax
	mov ecx, eax
	xor eax, RFLAGS_ID
	push eax
	popfd
	pushfd
	pop eax
	push ecx
	popfd
	xor eax, ecx
	jz no_long_mode

	mov eax, CPUID_EXT_MAX
	cpuid
	cmp eax, CPUID_EXT_FEATURES
	jb no_long_mode
	mov eax, CPUID_EXT_FEATURES
	cpuid
	test edx, EXT1_EDX_LM
	jz no_long_mode
	mov ebp, edx                     ; keep the NX bit for EFER below

	; Zero the eight boot page-table pages (the loaders zero .bss, but the
	; tables must be right even if one did not).
	mov edi, boot_pml4 - KERNEL_VMA
	xor eax, eax
	mov ecx, BOOT_PT_PAGES * 4096 / 4
	rep stosd

	; Four page directories of 2 MiB pages: physical 0..4 GiB.
	mov edi, boot_pd - KERNEL_VMA
	mov eax, PTE_PRESENT | PTE_WRITE | PTE_HUGE ; 2 MiB pages
	mov ecx, 4 * 512
.fill_pd:
	mov [edi], eax
	mov dword [edi + 4], 0
	add eax, PAGE_SIZE_2M
	add edi, 8
	loop .fill_pd

	; PML4[0] -> identity 0..1 GiB; PML4[256] -> direct map 0..4 GiB;
	; PML4[511], PDPT[510] -> kernel image at 0xFFFFFFFF80000000.
	mov dword [boot_pml4 - KERNEL_VMA + 0 * 8], boot_pdpt_low - KERNEL_VMA + PTE_PRESENT + PTE_WRITE
	mov dword [boot_pml4 - KERNEL_VMA + DIRECT_MAP_PML4 * 8], boot_pdpt_direct - KERNEL_VMA + PTE_PRESENT + PTE_WRITE
	mov dword [boot_pml4 - KERNEL_VMA + KERNEL_PML4 * 8], boot_pdpt_high - KERNEL_VMA + PTE_PRESENT + PTE_WRITE
	mov dword [boot_pdpt_low - KERNEL_VMA], boot_pd - KERNEL_VMA + PTE_PRESENT + PTE_WRITE
	mov dword [boot_pdpt_high - KERNEL_VMA + KERNEL_PDPT * 8], boot_pd - KERNEL_VMA + PTE_PRESENT + PTE_WRITE
	mov edi, boot_pdpt_direct - KERNEL_VMA
	mov eax, boot_pd - KERNEL_VMA + PTE_PRESENT + PTE_WRITE
	mov ecx, 4
.fill_pdpt:
	mov [edi], eax
	add eax, 4096
	add edi, 8
	loop .fill_pdpt

	; Long mode: PAE, then EFER.LME (and NXE when the CPU has NX), then
	; paging (Intel SDM vol. 3A, 10.8.5 "Initializing IA-32e Mode").
	mov eax, boot_pml4 - KERNEL_VMA
	mov cr3, eax
	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	test ebp, EXT1_EDX_NX
	jz .no_nx
	or eax, EFER_NXE
.no_nx:
	wrmsr
	mov eax, cr0
	or eax, CR0_PG | CR0_WP | CR0_PE
	mov cr0, eax

	lgdt [boot_gdt_ptr]
	jmp GDT_KERNEL_CS:long_mode_entry

; No long mode: say so on the serial port and the VGA screen, then halt.
no_long_mode:
	mov dx, COM1 + 1                 ; 115200 8N1, no interrupts
	xor al, al
	out dx, al
	mov dx, COM1 + 3
	mov al, 0x80
	out dx, al
	mov dx, COM1
	mov al, 1
	out dx, al
	mov dx, COM1 + 1
	xor al, al
	out dx, al
	mov dx, COM1 + 3
	mov al, 3
	out dx, al

	mov esi, msg_no_long_mode
	mov edi, VGA_TEXT
.next_char:
	lodsb
	test al, al
	jz .halt
	mov ecx, eax
	mov dx, COM1 + 5
.wait_tx:
	in al, dx
	test al, 0x20                    ; transmit holding register empty
	jz .wait_tx
	mov eax, ecx
	mov dx, COM1
	out dx, al
	cmp al, 10
	je .next_char
	mov ah, 0x4F                     ; white on red
	mov [edi], ax
	add edi, 2
	jmp .next_char
.halt:
	cli
	hlt
	jmp .halt

bits 64
long_mode_entry:
	mov ax, GDT_KERNEL_DS
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov edi, [boot_magic]            ; kmain's arguments, read while the
	mov esi, [boot_info]             ; identity map still exists
	mov rdx, [boot_entry_tsc]
	mov rsp, boot_stack_top
	mov rax, start64_high
	jmp rax

section .boot.data progbits alloc noexec write align=8
msg_no_long_mode:
	db "MinOS: cannot boot: this CPU has no 64-bit long mode (CPUID 80000001h:EDX bit 29 is clear)", 10
	db "MinOS: system halted", 10, 0

align 8
boot_gdt:                            ; only until gdt_init() loads the real one
	dq 0                             ; the null descriptor
	times GDT_KERNEL_CS - ($ - boot_gdt) db 0 ; (a negative count fails the build)
	dq 0x00AF9A000000FFFF            ; GDT_KERNEL_CS: 64-bit code, DPL 0
	times GDT_KERNEL_DS - ($ - boot_gdt) db 0
	dq 0x00CF92000000FFFF            ; GDT_KERNEL_DS: data, DPL 0
boot_gdt_end:
boot_gdt_ptr:
	dw boot_gdt_end - boot_gdt - 1
	dd boot_gdt

align 8
boot_entry_tsc: dq 0                 ; written before paging, while .boot is
boot_magic: dd 0                     ; plain physical memory
boot_info:  dd 0
align 16
	times 256 db 0                   ; 32-bit stack for the few pushes above
boot_stack32_top:

; ---------------------------------------------------------------------------
section .text.entry progbits alloc exec nowrite align=16
start64_high:
	xor ebp, ebp                     ; ends every backtrace here
	call kmain
.hang:
	cli
	hlt
	jmp .hang

; ---------------------------------------------------------------------------
BOOT_PT_PAGES equ 8

section .bss.pagetables nobits alloc write align=4096
boot_pml4:        resb 4096
boot_pdpt_low:    resb 4096
boot_pdpt_high:   resb 4096
boot_pdpt_direct: resb 4096
boot_pd:          resb 4 * 4096

section .bss.kstack nobits alloc write align=4096
boot_stack_guard: resb 4096          ; left unmapped by vm_init()
boot_stack:       resb 16384
boot_stack_top:
