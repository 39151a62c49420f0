; sc-top-page.asm - a syscall made from the last two bytes of the highest
; page a program may map (0x7fffffffe000-0x7fffffffefff), so its return
; address is 0x7ffffffff000, the first byte of the page just below 2^47
; that is never mapped. SYSRET to that address would be harmless (it is
; canonical), but the kernel must notice it is not below USER_TOP and
; return through IRET; the program then faults fetching its next
; instruction and dies with SIGSEGV.
; Expected result (the reference Linux, and MinOS): killed by SIGSEGV,
; status 139 in a shell.
; Built with: nasm -f elf64; ld --section-start=.toppage=0x7fffffffe000

section .text
global _start
_start:
	mov eax, 39                      ; getpid
	mov rcx, top_syscall
	jmp rcx

section .toppage progbits alloc exec nowrite align=4096
	times 4094 db 0xCC               ; int3: never reached
top_syscall:
	syscall
