; Copy file using syscalls
; Usage: ./copy source dest
section .data
O_RDONLY: equ 0
O_WRONLY: equ 1
O_CREAT: equ 64
O_TRUNC: equ 512
section .bss
buf: resb 4096 ; 4KB buffer
src_fd: resq 1
dst_fd: resq 1
section .text
global _start
_start:
; Get argc from stack
mov rdi, [rsp] ; argc
cmp rdi, 3
jne usage_error ; Need exactly 3 args (progname, src, dst)
; Open source file (argv[1])
mov rax, 2 ; sys_open
mov rdi, [rsp + 16] ; argv[1]
mov rsi, O_RDONLY
syscall
test rax, rax
js open_error
mov [src_fd], rax
; Create/truncate destination file (argv[2])
mov rax, 2 ; sys_open
mov rdi, [rsp + 24] ; argv[2]
mov rsi, O_WRONLY | O_CREAT | O_TRUNC
mov rdx, 0644o ; Mode: rw-r--r-- (octal!)
syscall
test rax, rax
js open_error
mov [dst_fd], rax
.copy_loop:
; Read from source
mov rax, 0 ; sys_read
mov rdi, [src_fd]
lea rsi, [rel buf]
mov rdx, 4096
syscall
test rax, rax
js read_error
jz .done ; EOF
; Write to destination
mov rdx, rax ; bytes to write
mov rax, 1 ; sys_write
mov rdi, [dst_fd]
lea rsi, [rel buf]
syscall
test rax, rax
js write_error
jmp .copy_loop
.done:
; Close files
mov rax, 3 ; sys_close
mov rdi, [src_fd]
syscall
mov rax, 3
mov rdi, [dst_fd]
syscall
; Exit success
mov rax, 60
xor rdi, rdi
syscall
open_error:
read_error:
write_error:
usage_error:
mov rax, 60
mov rdi, 1
syscall
