; syscall_floor.asm - syscall_floor_entry, the IA32_LSTAR target under the
; boot option `syscall=floor` (syscall_setup.c): only what every SYSCALL
; entry must do and undo, so a benchmark measures the bare cost of
; SYSCALL + SYSRET on MinOS. Every system call returns at once, without
; effect, with RAX unchanged (still the call number). Benchmarks only.
;
; The whole path, and the state it leaves (Intel SDM vol. 2B, SYSCALL,
; SWAPGS, SYSRET):
;
;   SYSCALL      RCX = user RIP, R11 = user RFLAGS, IF..AC cleared (FMASK)
;   swapgs       GS base -> this CPU's struct percpu
;   mov [gs:32], rsp     save the user's RSP       (percpu.user_rsp)
;   mov rsp, [gs:24]     the task's kernel stack   (percpu.kernel_stack_top)
;   mov rsp, [gs:32]     back to the user's RSP
;   swapgs       GS base -> the user's
;   o64 sysret   RIP = RCX, RFLAGS = R11, CS/SS = user selectors
;
; No frame is built and nothing is pushed: the kernel stack is loaded and
; left. SYSRET is safe here without syscall_return's checks: RCX and R11
; are the CPU's own values, untouched; RCX is the address after a SYSCALL
; instruction in the user half, which is canonical because the page at
; USER_TOP is never mapped (CVE-2012-0217 cannot arise); a TF the user set
; traps in ring 3 after SYSRET, as a single step would. IF stays 0 from
; SYSCALL to SYSRET, so no interrupt sees the user's GS or RSP here.

bits 64
default rel

%include "asm_offsets.inc"          ; PERCPU_* (generated from percpu.h)

global syscall_floor_entry

section .text
align 16
syscall_floor_entry:
	swapgs
	mov [gs:PERCPU_USER_RSP], rsp
	mov rsp, [gs:PERCPU_KERNEL_STACK]
	mov rsp, [gs:PERCPU_USER_RSP]
	swapgs
	o64 sysret
