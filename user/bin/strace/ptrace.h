/*
 * ptrace.h - the parts of Linux's ptrace(2) ABI /bin/strace uses (the
 * request numbers, options, events and struct user_regs_struct of
 * include/uapi/linux/ptrace.h and arch/x86/include/asm/user_64.h), and
 * thin wrappers that return -1 with errno as glibc's do.
 * Invariant: every value here is Linux's, so the tracer runs on both.
 */
#ifndef STRACE_PTRACE_H
#define STRACE_PTRACE_H

#include "strace.h"

#define PTRACE_TRACEME 0
#define PTRACE_PEEKDATA 2
#define PTRACE_PEEKUSER 3
#define PTRACE_CONT 7
#define PTRACE_KILL 8
#define PTRACE_GETREGS 12
#define PTRACE_ATTACH 16
#define PTRACE_DETACH 17
#define PTRACE_SYSCALL 24
#define PTRACE_SETOPTIONS 0x4200
#define PTRACE_GETEVENTMSG 0x4201
#define PTRACE_GETSIGINFO 0x4202
#define PTRACE_SEIZE 0x4206
#define PTRACE_INTERRUPT 0x4207
#define PTRACE_LISTEN 0x4208
#define PTRACE_GET_SYSCALL_INFO 0x420e

#define PTRACE_O_TRACESYSGOOD 0x1
#define PTRACE_O_TRACEFORK 0x2
#define PTRACE_O_TRACEVFORK 0x4
#define PTRACE_O_TRACECLONE 0x8
#define PTRACE_O_TRACEEXEC 0x10
#define PTRACE_O_TRACEEXIT 0x40
#define PTRACE_O_EXITKILL 0x100000

#define PTRACE_EVENT_FORK 1
#define PTRACE_EVENT_VFORK 2
#define PTRACE_EVENT_CLONE 3
#define PTRACE_EVENT_EXEC 4
#define PTRACE_EVENT_EXIT 6
#define PTRACE_EVENT_STOP 128

/* wait4's option for every child, clone children included (linux/wait.h). */
#define __WALL 0x40000000

/* The registers as PTRACE_GETREGS gives them. */
struct user_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	u64 orig_rax, rip, cs, eflags, rsp, ss, fs_base, gs_base, ds, es, fs, gs;
};

/* PTRACE_GET_SYSCALL_INFO's first bytes: which stop this is. */
#define PTRACE_SYSCALL_INFO_ENTRY 1
#define PTRACE_SYSCALL_INFO_EXIT 2
struct syscall_info_head {
	u8 op;
	u8 pad[3];
	u32 arch;
	u64 instruction_pointer, stack_pointer;
};

/* ptrace(2) as a call: 0 or -1 and errno (never PEEK*: see ptrace_peek). */
long ptrace_req(long req, int pid, u64 addr, u64 data);
/* PTRACE_PEEKDATA: the word at addr into *word; 0 or -1 and errno. */
long ptrace_peek(int pid, u64 addr, u64 *word);
/* process_vm_readv(2) of one range: bytes read, or -1 and errno. */
long process_vm_read(int pid, void *dst, u64 addr, u64 n);

#endif
