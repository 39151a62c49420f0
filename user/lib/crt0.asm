; crt0.asm - _start, where every libminc program begins. It owns only the
; hand-over from the kernel's start-up stack to C; __libc_start (start.c)
; does the rest and never returns.
;
; Stack at entry (Linux x86-64 ABI, set up by execve):
;
;   rsp  +0         argc
;        +8         argv[0] ... argv[argc-1], NULL
;                   envp[0] ... NULL
;                   auxv pairs (type, value) ... AT_NULL, 0
;                   then the strings and the AT_RANDOM bytes
;
; RDX holds a function for atexit() when a dynamic loader ran first; a
; static program has none to register, so RDX is ignored.

bits 64
default rel

section .text
global _start
extern __libc_start

_start:
	xor ebp, ebp            ; outermost frame: backtraces stop here
	mov rdi, rsp            ; __libc_start(long *sp): sp -> argc
	and rsp, -16            ; the ABI wants RSP % 16 == 0 at the call;
	                        ; Linux provides it, but do not rely on it
	call __libc_start
	ud2                     ; not reached: __libc_start calls exit()

; Mark the stack non-executable: without this note ld assumes the opposite.
section .note.GNU-stack noalloc noexec nowrite progbits
