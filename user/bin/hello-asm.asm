; hello.asm - Minimal Linux x86-64 program
; Assemble: nasm -f elf64 hello.asm -o hello.o
; Link: ld hello.o -o hello
; Run: ./hello
section .data
msg: db "Hello, World!", 10
len: equ $ - msg
section .text
global _start
_start:
; write(1, msg, len)
mov rax, 1 ; sys_write
mov rdi, 1 ; stdout
lea rsi, [rel msg] ; message address
mov rdx, len ; message length
syscall
; exit(0)
mov rax, 60 ; sys_exit
xor rdi, rdi ; exit code 0
syscall
