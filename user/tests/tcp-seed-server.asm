; tcp-seed-server - the TCP server of the seed text
; /work/shared/seeds/001_3013a6241a17eddf.txt, section "Network: Socket
; Syscalls": socket, bind to 0.0.0.0:8080, listen, accept, write the HTTP
; reply, made into a stand-alone program (no C library; user.mk links it
; with plain ld). mu-tcp-seed runs it beside tcp-seed-client.
;
; The text gives the steps as subroutines and never calls them. Added,
; each line marked "added": `global _start`, a _start that calls them in
; order, an exit whose status says which step failed (0: all went
; well), and the check after each step (a negative RAX is -errno).

global _start                           ; added

; Constants
AF_INET: equ 2
SOCK_STREAM: equ 1
IPPROTO_TCP: equ 6
section .bss
sockfd: resq 1
clientfd: resq 1
sockaddr: resb 16 ; struct sockaddr_in
section .text

_start:                                 ; added
call create_socket                      ; added
mov rdi, 1                              ; added: status 1: socket failed
test rax, rax                           ; added
js fail                                 ; added
call bind_socket                        ; added
mov rdi, 2                              ; added
test rax, rax                           ; added
js fail                                 ; added
call listen_socket                      ; added
mov rdi, 3                              ; added
test rax, rax                           ; added
js fail                                 ; added
call accept_connection                  ; added
mov rdi, 4                              ; added
test rax, rax                           ; added
js fail                                 ; added
call send_response                      ; added
mov rdi, 5                              ; added
cmp rax, http_response_len              ; added: all of it written
jne fail                                ; added
xor rdi, rdi                            ; added
fail:                                   ; added
mov rax, 60                             ; added: exit(rdi)
syscall                                 ; added

; Create socket
create_socket:
mov rax, 41 ; sys_socket
mov rdi, AF_INET ; domain: IPv4
mov rsi, SOCK_STREAM ; type: TCP
mov rdx, IPPROTO_TCP ; protocol
syscall
mov [sockfd], rax
ret
; Bind to address
; struct sockaddr_in {
; uint16_t sin_family; // offset 0, 2 bytes
; uint16_t sin_port; // offset 2, 2 bytes (network byte order!)
; uint32_t sin_addr; // offset 4, 4 bytes
; uint8_t sin_zero[8]; // offset 8, 8 bytes padding
; }
bind_socket:
; Set up sockaddr_in for 0.0.0.0:8080
lea rdi, [rel sockaddr]
mov WORD [rdi], AF_INET ; sin_family
mov WORD [rdi + 2], 0x901f ; sin_port = htons(8080) = 0x1f90 → 0x901f
mov DWORD [rdi + 4], 0 ; sin_addr = INADDR_ANY
mov rax, 49 ; sys_bind
mov rdi, [sockfd]
lea rsi, [rel sockaddr]
mov rdx, 16 ; sizeof(sockaddr_in)
syscall
ret
; Listen for connections
listen_socket:
mov rax, 50 ; sys_listen
mov rdi, [sockfd]
mov rsi, 5 ; backlog
syscall
ret
; Accept connection
accept_connection:
mov rax, 43 ; sys_accept
mov rdi, [sockfd]
xor rsi, rsi ; addr: NULL (don't care who connected)
xor rdx, rdx ; addrlen: NULL
syscall
mov [clientfd], rax ; Save client socket
ret
; Send response
send_response:
mov rax, 1 ; sys_write (works for sockets too!)
mov rdi, [clientfd]
lea rsi, [rel http_response]
mov rdx, http_response_len
syscall
ret
section .data
http_response: db "HTTP/1.0 200 OK", 13, 10
db "Content-Type: text/plain", 13, 10
db 13, 10
db "Hello from assembly!", 10
http_response_len: equ $ - http_response
