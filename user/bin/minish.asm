; minish.asm — A minimal shell using only raw system calls
; Build: nasm -f elf64 minish.asm -o minish.o && ld minish.o -o minish
; Note: commands run as "sh -c <input>" for simplicity
section .data
prompt db "minish> ", 0
prompt_len equ $ - prompt - 1
sh_path db "/bin/sh", 0
sh_arg0 dq sh_path
sh_arg1 db "-c", 0
sh_arg1_ptr dq sh_arg1
cmd_ptr dq 0 ; will point to user's command
argv_null dq 0
section .bss
input_buf resb 256 ; input line buffer
section .text
global _start
_start:
.loop:
; Print prompt
mov rax, 1
mov rdi, 1
mov rsi, prompt
mov rdx, prompt_len
syscall
; Read a line from stdin
mov rax, 0
mov rdi, 0
mov rsi, input_buf
mov rdx, 255
syscall
test rax, rax
jle .exit ; EOF or error: exit
; Null-terminate the input (replace newline with 0)
mov rbx, rax ; save byte count
dec rbx
mov byte [input_buf + rbx], 0
; Set cmd_ptr to point to our input
mov qword [cmd_ptr], input_buf
; Fork a child to run the command
mov rax, 57 ; sys_fork
syscall
test rax, rax
js .loop ; fork failed, try again
jz .child ; in child process
; Parent: wait for child to finish
mov rdi, rax ; child PID
xor rsi, rsi ; *status = NULL (don't care)
xor rdx, rdx ; options = 0
xor r10, r10 ; *rusage = NULL
mov rax, 61 ; sys_wait4
syscall
jmp .loop ; read next command
.child:
; Build argv: ["/bin/sh", "-c", cmd, NULL]
; We already have sh_arg0, sh_arg1_ptr, cmd_ptr, argv_null set up
; but they're scattered. Build a proper argv array on the stack:
sub rsp, 32
mov qword [rsp], sh_path ; argv[0] = "/bin/sh"
mov qword [rsp+8], sh_arg1 ; argv[1] = "-c"
mov rax, input_buf
mov qword [rsp+16], rax ; argv[2] = command
mov qword [rsp+24], 0 ; argv[3] = NULL
mov rax, 59 ; sys_execve
mov rdi, sh_path ; path
mov rsi, rsp ; argv
xor rdx, rdx ; envp = NULL (inherit from shell)
; Actually we need a valid envp — use the kernel's minimal env:
sub rsp, 8
mov qword [rsp], 0 ; envp = { NULL }
mov rdx, rsp
syscall
; If execve fails, exit the child
mov rax, 60
mov rdi, 1
syscall
.exit:
mov rax, 60
xor rdi, rdi
syscall
