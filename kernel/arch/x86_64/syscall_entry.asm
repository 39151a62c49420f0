; syscall_entry.asm - the SYSCALL entry point (IA32_LSTAR) and the way back
; to ring 3 through SYSRET, or IRETQ when SYSRET would be unsafe.
;
; On SYSCALL the CPU has only (Intel SDM vol. 2B, SYSCALL):
;   RCX = the user's RIP (next instruction), R11 = the user's RFLAGS,
;   CS/SS = kernel selectors from STAR, RFLAGS &= ~FMASK (IF, TF, DF, AC...
;   are now clear: see syscall_init()). RSP is still the user's: it may
;   point anywhere, even into the kernel half or at a non-canonical address,
;   so the stub touches no stack until it has loaded the kernel's.
;
; It builds on the task's kernel stack the same struct regs as isr.asm
; (frame.h), lowest address first:
;
;   r15 r14 r13 r12 r11 r10 r9 r8 rbp rdi rsi rdx rcx rbx rax
;   vector      = the syscall number (RAX at entry; the C side keeps it)
;   error_code  = 0
;   rip         = RCX        cs     = user CS
;   rflags      = R11        rsp    = user RSP     ss = user SS
;
; and calls syscall_dispatch(regs), which puts the result in regs->rax.
; Every other register is restored exactly; RCX and R11 come back holding
; the return RIP and RFLAGS, as on Linux.
;
; Why SYSRET is not always used (facts: CVE-2012-0217): Intel CPUs raise
; #GP in ring 0, on the user's RSP, when SYSRET's RCX is non-canonical.
; SYSRET is used only if RCX == RIP and R11 == RFLAGS in the frame (the
; kernel changed neither), RIP lies below USER_TOP (canonical, and not the
; last page, which is never mapped), neither TF nor RF is set, and CS/SS
; are the user selectors. Otherwise the return goes through IRETQ, which
; restores exactly what the frame says.
;
; Stack alignment: kernel_stack_top is 16-byte aligned and the frame is 22
; quadwords, so RSP is 16-byte aligned at the call, as the SysV ABI needs.
;
; Unknown numbers: RAX at or above NR_SYSCALLS (all 64 bits compared) has
; no handler, so the answer, -ENOSYS, is given at once, with no frame and
; no stack, unless a task is being traced (strace or a ptrace tracer must
; see the call: then the number takes the long way, through
; syscall_dispatch; syscall_slow_tasks counts such tasks) or the user's
; RFLAGS hold TF or RF (SYSRET would not restore single-stepping as IRETQ
; does). RCX and R11 are still the CPU's own return RIP and RFLAGS, so
; SYSRET's conditions hold: RCX is the address after a SYSCALL instruction
; in a mapped user page, never past USER_TOP. Every register but RAX, RCX
; and R11 is untouched, as on the long way. Pending signals and
; preemption wait for the next entry or interrupt, which comes at the
; latest with the next timer tick.

bits 64
default rel

%include "asm_offsets.inc"          ; REGS_*, PERCPU_*, GDT_USER_*, USER_TOP,
                                    ; RFLAGS_*, ENOSYS (generated from the C)
%include "frame.inc"                ; PUSH/POP_GPRS
%include "syscall_count.inc"        ; NR_SYSCALLS (generated from syscall_64.tbl)

extern syscall_dispatch
extern isr_exit
extern syscall_slow_tasks           ; syscall/dispatch.c: tasks traced (strace, ptrace)
global syscall_entry, syscall_return

section .text
align 16
syscall_entry:
	swapgs                           ; GS: the user's base -> this CPU's block
	cmp rax, NR_SYSCALLS
	jae syscall_unknown
syscall_build_frame:
	mov [gs:PERCPU_USER_RSP], rsp
	mov rsp, [gs:PERCPU_KERNEL_STACK]

	push GDT_USER_DS                 ; ss
	push qword [gs:PERCPU_USER_RSP]  ; rsp
	push r11                         ; rflags
	push GDT_USER_CS                 ; cs
	push rcx                         ; rip
	push 0                           ; error code
	push rax                         ; vector: the syscall number
	PUSH_GPRS

	mov rdi, rsp
	call syscall_dispatch

; The frame at RSP goes back to ring 3. Also reached from C when a task
; first enters user mode through a syscall-shaped frame.
syscall_return:
	cli                              ; no interrupt while GS and RSP are user's
	mov rcx, [rsp + REGS_RIP]
	cmp rcx, [rsp + REGS_RCX]
	jne .use_iret
	mov r11, [rsp + REGS_RFLAGS]
	cmp r11, [rsp + REGS_R11]
	jne .use_iret
	test r11, RFLAGS_TF | RFLAGS_RF
	jnz .use_iret
	cmp qword [rsp + REGS_CS], GDT_USER_CS
	jne .use_iret
	cmp qword [rsp + REGS_SS], GDT_USER_DS
	jne .use_iret
	mov r11, USER_TOP
	cmp rcx, r11
	jae .use_iret

	POP_GPRS                         ; R11 == RFLAGS, RCX == RIP: checked
	; RSP now points at the vector field; the user RSP is 5 slots up.
	; From here to SYSRET no memory is touched through RSP, and IF is 0;
	; NMI and #MC run on their own IST stacks.
	mov rsp, [rsp + REGS_RSP - REGS_VECTOR]
	swapgs
	o64 sysret

.use_iret:
	jmp isr_exit                     ; restores the frame and does IRETQ

; From syscall_entry, RAX >= NR_SYSCALLS, GS already the kernel's, RSP the
; user's (never touched here). IF is 0 (FMASK).
syscall_unknown:
	cmp dword [rel syscall_slow_tasks], 0
	jne syscall_build_frame
	test r11, RFLAGS_TF | RFLAGS_RF
	jnz syscall_build_frame
	mov rax, -ENOSYS
	swapgs
	o64 sysret
