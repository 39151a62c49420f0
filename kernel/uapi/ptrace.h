/*
 * uapi/ptrace.h - ptrace(2)'s ABI on x86-64, as Linux defines it
 * (include/uapi/linux/ptrace.h, arch/x86/include/uapi/asm/ptrace-abi.h,
 * arch/x86/include/asm/user_64.h): request numbers, options, events, the
 * register structures a tracer reads and writes, and struct
 * ptrace_syscall_info. Invariant: every number and layout is Linux's byte
 * for byte (the static assertions check the sizes and offsets a tracer
 * relies on); user-space tracers are built against Linux's headers.
 */
#ifndef MINOS_UAPI_PTRACE_H
#define MINOS_UAPI_PTRACE_H

#include <stdint.h> /* plain C types: user programs include this header too */

/* Requests. */
#define PTRACE_TRACEME 0
#define PTRACE_PEEKTEXT 1
#define PTRACE_PEEKDATA 2
#define PTRACE_PEEKUSR 3
#define PTRACE_POKETEXT 4
#define PTRACE_POKEDATA 5
#define PTRACE_POKEUSR 6
#define PTRACE_CONT 7
#define PTRACE_KILL 8
#define PTRACE_SINGLESTEP 9
#define PTRACE_GETREGS 12
#define PTRACE_SETREGS 13
#define PTRACE_GETFPREGS 14
#define PTRACE_SETFPREGS 15
#define PTRACE_ATTACH 16
#define PTRACE_DETACH 17
#define PTRACE_SYSCALL 24
#define PTRACE_SETOPTIONS 0x4200
#define PTRACE_GETEVENTMSG 0x4201
#define PTRACE_GETSIGINFO 0x4202
#define PTRACE_SETSIGINFO 0x4203
#define PTRACE_GETREGSET 0x4204
#define PTRACE_SETREGSET 0x4205
#define PTRACE_SEIZE 0x4206
#define PTRACE_INTERRUPT 0x4207
#define PTRACE_LISTEN 0x4208
#define PTRACE_GETSIGMASK 0x420a
#define PTRACE_SETSIGMASK 0x420b
#define PTRACE_GET_SYSCALL_INFO 0x420e

/* PTRACE_SETOPTIONS, and PTRACE_SEIZE's data. */
#define PTRACE_O_TRACESYSGOOD 0x1
#define PTRACE_O_TRACEFORK 0x2
#define PTRACE_O_TRACEVFORK 0x4
#define PTRACE_O_TRACECLONE 0x8
#define PTRACE_O_TRACEEXEC 0x10
#define PTRACE_O_TRACEVFORKDONE 0x20
#define PTRACE_O_TRACEEXIT 0x40
#define PTRACE_O_TRACESECCOMP 0x80
#define PTRACE_O_EXITKILL 0x100000
#define PTRACE_O_SUSPEND_SECCOMP 0x200000
#define PTRACE_O_MASK (0xff | PTRACE_O_EXITKILL | PTRACE_O_SUSPEND_SECCOMP)

/* Event stops: wait4's status >> 8 is SIGTRAP | (event << 8) (group stops
 * of a seized tracee: the stop signal | (PTRACE_EVENT_STOP << 8)). */
#define PTRACE_EVENT_FORK 1
#define PTRACE_EVENT_VFORK 2
#define PTRACE_EVENT_CLONE 3
#define PTRACE_EVENT_EXEC 4
#define PTRACE_EVENT_VFORK_DONE 5
#define PTRACE_EVENT_EXIT 6
#define PTRACE_EVENT_SECCOMP 7
#define PTRACE_EVENT_STOP 128

/* PTRACE_GETEVENTMSG at a syscall stop. */
#define PTRACE_EVENTMSG_SYSCALL_ENTRY 1
#define PTRACE_EVENTMSG_SYSCALL_EXIT 2

/* PTRACE_GETREGSET/SETREGSET's note types (include/uapi/linux/elf.h). */
#define NT_PRSTATUS 1
#define NT_PRFPREG 2

/* struct user_regs_struct (sys/user.h): what GETREGS gives. */
struct user_regs_struct {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi, orig_rax;
	uint64_t rip, cs, eflags, rsp, ss;
	uint64_t fs_base, gs_base;
	uint64_t ds, es, fs, gs;
};
_Static_assert(sizeof(struct user_regs_struct) == 27 * 8, "user_regs_struct is 216 bytes");

/* struct user_fpregs_struct: the FXSAVE image, 512 bytes. */
#define USER_FPREGS_SIZE 512

/* The kernel's struct user (arch/x86/include/asm/user_64.h): PEEKUSER and
 * POKEUSER offsets. The registers come first; u_debugreg[8] lies at 848,
 * after the FXSAVE copy and the rest; error_code and fault_address end it
 * (C libraries' struct user stops before them, at 912). */
#define USER_REGS_SIZE sizeof(struct user_regs_struct)
#define USER_DEBUGREG_OFFSET 848
#define USER_STRUCT_SIZE (USER_DEBUGREG_OFFSET + 8 * 8 + 2 * 8)

/* PTRACE_GET_SYSCALL_INFO. */
#define PTRACE_SYSCALL_INFO_NONE 0
#define PTRACE_SYSCALL_INFO_ENTRY 1
#define PTRACE_SYSCALL_INFO_EXIT 2
#define PTRACE_SYSCALL_INFO_SECCOMP 3
#define AUDIT_ARCH_X86_64 0xc000003eU
#define AUDIT_ARCH_I386 0x40000003U /* a call made through int 0x80 */

struct ptrace_syscall_info {
	uint8_t op;
	uint8_t pad[3];
	uint32_t arch;
	uint64_t instruction_pointer;
	uint64_t stack_pointer;
	union {
		struct {
			uint64_t nr;
			uint64_t args[6];
		} entry;
		struct {
			int64_t rval;
			uint8_t is_error;
		} exit;
		struct {
			uint64_t nr;
			uint64_t args[6];
			uint32_t ret_data;
		} seccomp;
	};
};
/* The sizes Linux returns for each op: the fields that op fills. */
#define PTRACE_SYSCALL_INFO_HEAD 24
#define PTRACE_SYSCALL_INFO_ENTRY_SIZE (PTRACE_SYSCALL_INFO_HEAD + 8 + 6 * 8)
#define PTRACE_SYSCALL_INFO_EXIT_SIZE (PTRACE_SYSCALL_INFO_HEAD + 8 + 1)
_Static_assert(__builtin_offsetof(struct ptrace_syscall_info, entry) == 24, "entry at 24");
_Static_assert(sizeof(struct ptrace_syscall_info) == 88, "ptrace_syscall_info is 88 bytes");

#endif
