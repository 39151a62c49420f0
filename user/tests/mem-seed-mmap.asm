; mem-seed-mmap - the mmap and munmap examples of the seed text
; /work/shared/seeds/000_789cd0591dc6017a.txt, sections "sys_mmap (9)" and
; "sys_munmap (11)", made into a stand-alone program (no C library; user.mk
; links it with plain ld). Expected: no output and exit status 0 - the
; status is munmap's result - as on the reference Linux.
;
; What was added to the text, each line marked "added": `global _start`;
; `mov rbx, rax` between the two examples, because the munmap example says
; "RBX = address returned by mmap" but the mmap example never puts it there
; (without it RBX is 0 at start-up and munmap(0, 4096) would unmap nothing);
; and the exit at the end, which passes munmap's result as the exit status.
;
; What was changed, the only line: the text's store
;     mov [rax], qword 0xDEADBEEFCAFEBABE ; write to it
; does not assemble (NASM 2.16: "error: operation size not specified").
; x86-64 has no store of a 64-bit immediate to memory: MOV r/m64 takes a
; 32-bit immediate, sign-extended (Intel SDM Vol. 2B, MOV). The two lines
; marked "changed" store the same 8 bytes through a register; RCX is free
; (the next syscall destroys it anyway).

global _start                           ; added

; Allocate 4096 bytes (one page) of anonymous memory
; mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
section .text
_start:
mov rax, 9 ; sys_mmap
xor rdi, rdi ; addr = NULL (kernel chooses)
mov rsi, 4096 ; length = 4096 bytes (one page)
mov rdx, 3 ; prot = PROT_READ(1) | PROT_WRITE(2) = 3
mov r10, 0x22 ; flags = MAP_PRIVATE(0x2) | MAP_ANONYMOUS(0x20) = 0x22
mov r8, -1 ; fd = -1 (anonymous, no file backing)
xor r9, r9 ; offset = 0
syscall
; RAX = virtual address of mapped region, or MAP_FAILED (-1 cast)
; Check: cmp rax, -1; je .error
; The returned address is already usable — no extra setup needed
; changed (see the top): the text has `mov [rax], qword 0xDEADBEEFCAFEBABE`
mov rcx, 0xDEADBEEFCAFEBABE             ; changed
mov [rax], rcx ; write to it            (changed)

mov rbx, rax                            ; added: what the munmap example expects

; Unmap the region we allocated above
; RBX = address returned by mmap, RSI = length
mov rax, 11 ; sys_munmap
mov rdi, rbx ; addr to unmap
mov rsi, 4096 ; length
syscall

mov rdi, rax                            ; added: exit(munmap's result)
mov rax, 60                             ; added: sys_exit
syscall                                 ; added
