; tcp-seed-client - the TCP client of the seed text
; /work/shared/seeds/000_789cd0591dc6017a.txt, section "sys_socket (41)
; and sys_connect (42) - Network": socket(AF_INET, SOCK_STREAM, 0) and
; connect to 127.0.0.1:8080, made into a stand-alone program that prints
; what the server sends (mu-tcp-seed runs it beside tcp-seed-server).
;
; Added, each line marked "added": `global _start`; a retry of connect
; every 10 ms (nanosleep) while it fails with ECONNREFUSED, up to 500
; times, since the server may not be listening yet - a fresh socket each
; time, as a failed connect leaves a TCP socket unusable for another try
; on some systems; then a loop that reads the reply and writes it to
; standard output until end of file, and an exit whose status says which
; step failed (0: all went well).
; Changed, the one line marked "changed": `mov rsi, sockaddr` is an
; absolute address, which plain ld accepts in this non-PIE program but
; `lea rsi, [rel sockaddr]` says what is meant.

global _start                           ; added
ECONNREFUSED: equ 111                   ; added

section .text
_start:                                 ; added
mov r12, 500                            ; added: tries left
try:                                    ; added
; Create a TCP socket
; socket(AF_INET=2, SOCK_STREAM=1, 0)
mov rax, 41 ; sys_socket
mov rdi, 2 ; AF_INET
mov rsi, 1 ; SOCK_STREAM
xor rdx, rdx ; protocol = 0 (auto)
syscall
; RAX = socket file descriptor
mov rbx, rax ; save sockfd
mov rdi, 1                              ; added: status 1: socket failed
test rax, rax                           ; added
js fail                                 ; added
; Connect to 127.0.0.1:8080
section .data
; struct sockaddr_in: sa_family(2), port_be(2), addr_be(4), zero(8)
sockaddr:
dw 2 ; AF_INET (little endian 2-byte)
dw 0x901F ; port 8080 in big endian: htons(8080) = 0x1F90
dd 0x0100007F ; 127.0.0.1 in big endian
dq 0 ; padding
tenms: dq 0, 10000000                   ; added: struct timespec, 10 ms
section .bss                            ; added
buf: resb 256                           ; added
section .text
mov rax, 42 ; sys_connect
mov rdi, rbx ; sockfd
lea rsi, [rel sockaddr]                 ; changed: mov rsi, sockaddr
mov rdx, 16 ; sizeof(struct sockaddr_in)
syscall
test rax, rax                           ; added
jz connected                            ; added
mov rdi, 2                              ; added: status 2: connect failed
cmp rax, -ECONNREFUSED                  ; added
jne fail                                ; added
dec r12                                 ; added
jz fail                                 ; added
mov rax, 3                              ; added: close(sockfd)
mov rdi, rbx                            ; added
syscall                                 ; added
mov rax, 35                             ; added: nanosleep(&tenms, NULL)
lea rdi, [rel tenms]                    ; added
xor rsi, rsi                            ; added
syscall                                 ; added
jmp try                                 ; added
connected:                              ; added
mov rax, 0                              ; added: read(sockfd, buf, 256)
mov rdi, rbx                            ; added
lea rsi, [rel buf]                      ; added
mov rdx, 256                            ; added
syscall                                 ; added
mov rdi, 3                              ; added: status 3: read failed
test rax, rax                           ; added
js fail                                 ; added
jz done                                 ; added: end of file
mov rdx, rax                            ; added: write(1, buf, n)
mov rax, 1                              ; added
mov rdi, 1                              ; added
lea rsi, [rel buf]                      ; added
syscall                                 ; added
jmp connected                           ; added
done:                                   ; added
xor rdi, rdi                            ; added
fail:                                   ; added
mov rax, 60                             ; added: exit(rdi)
syscall                                 ; added
