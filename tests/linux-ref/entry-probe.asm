; entry-probe.asm - written by scripts/bench over the first instructions of
; the reference Linux's setup code (the target of the `jmp` at offset 0x200
; of a copy of its bzImage), so that the boot loader's path is the real
; one, byte for byte, up to the kernel's first instructions.
;
; It reads the TSC and prints "@@entry-tsc " and 16 hex digits on COM1,
; then halts. Under QEMU's -icount shift=0 that TSC is the number of
; instructions the firmware and the loader retired before the kernel ran
; (plus the nanoseconds the machine was idle): the reference Linux's
; kernel-entry time, which its own first ring-3 TSC is measured against.
;
; Invariants: position-independent 16-bit code (real mode, CS:IP wherever
; the loader put the setup code); no stack, no memory access; COM1 needs no
; set-up under QEMU.

bits 16

COM1 equ 0x3F8

%macro putc 1
	mov al, %1
	out dx, al
%endmacro

; Prints EBX as 8 hex digits; clobbers AL, CX.
%macro hex32 0
	mov cx, 8
%%digit:
	rol ebx, 4
	mov al, bl
	and al, 0x0F
	add al, '0'
	cmp al, '9'
	jbe %%print
	add al, 'a' - '0' - 10
%%print:
	out dx, al
	loop %%digit
%endmacro

probe:
	rdtsc
	mov esi, eax
	mov ebx, edx
	mov dx, COM1
	putc '@'
	putc '@'
	putc 'e'
	putc 'n'
	putc 't'
	putc 'r'
	putc 'y'
	putc '-'
	putc 't'
	putc 's'
	putc 'c'
	putc ' '
	hex32
	mov ebx, esi
	hex32
	putc 10
.stop:
	cli
	hlt
	jmp .stop
