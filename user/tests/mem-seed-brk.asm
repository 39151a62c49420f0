; mem-seed-brk - the brk example of the seed text
; /work/shared/seeds/000_789cd0591dc6017a.txt, section "sys_brk (12)", made
; into a stand-alone program (no C library; user.mk links it with plain
; ld). Expected: no output and exit status 0 (1 if the heap did not grow),
; as on the reference Linux.
;
; The example's instructions are kept exactly as the text gives them. What
; was added, each line marked "added": `section .text`, `global _start` and
; the `_start` label before it; after it, a store into the last byte of the
; new heap page (to show that the page is there) and exit(0); and the
; `.alloc_failed` label the example jumps to, with exit(1).

section .text                           ; added
global _start                           ; added
_start:                                 ; added

; Get current program break (pass 0 to query)
mov rax, 12 ; sys_brk
xor rdi, rdi ; 0 = query current break
syscall
; RAX = current program break address
mov rbx, rax ; save current break
; Extend the heap by 4096 bytes
add rbx, 4096
mov rax, 12 ; sys_brk
mov rdi, rbx ; new break address
syscall
; RAX = actual new break (may differ if allocation failed)
cmp rax, rbx ; did we get what we asked for?
jne .alloc_failed

mov byte [rbx - 1], 0x5A                ; added: touch the new page
mov rax, 60                             ; added: sys_exit
xor rdi, rdi                            ; added: status 0
syscall                                 ; added

.alloc_failed:                          ; added
mov rax, 60                             ; added: sys_exit
mov rdi, 1                              ; added: status 1
syscall                                 ; added
