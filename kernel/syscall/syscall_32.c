/*
 * syscall_32.c - the legacy `int 0x80` gate's side of the system-call
 * layer: Linux's i386 convention (number in EAX; arguments in EBX, ECX,
 * EDX, ESI, EDI, EBP; result in EAX) mapped onto the x86-64 handlers.
 * Invariants: only the low 32 bits of RAX and of each argument register
 * count, as on Linux; an i386 number missing from the table gives -ENOSYS;
 * a call may be listed only if its i386 arguments mean exactly what its
 * x86-64 twin's do (no structures, no 64-bit value split over registers).
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "arch/x86_64/nospec.h"
#include "errno.h"
#include "user/asm/unistd_64.h" /* __NR_*: the x86-64 numbers, generated */

/* The numbers of Linux's arch/x86/entry/syscalls/syscall_32.tbl. */
#define NR32_EXIT 1
#define NR32_READ 3
#define NR32_WRITE 4
#define NR32_GETPID 20
#define NR32_EXIT_GROUP 252

/* Each listed i386 number names the x86-64 call with the same meaning;
 * `listed` tells a gap from __NR_read, which is 0. */
static const struct {
	bool listed;
	u16 nr64;
} syscall32_table[] = {
	[NR32_EXIT] = { true, __NR_exit },
	[NR32_READ] = { true, __NR_read },
	[NR32_WRITE] = { true, __NR_write },
	[NR32_GETPID] = { true, __NR_getpid },
	[NR32_EXIT_GROUP] = { true, __NR_exit_group },
};

#define NR32_SYSCALLS (sizeof(syscall32_table) / sizeof(syscall32_table[0]))

void syscall32_dispatch(struct regs *r);

/* Called by int80_entry.asm with the frame it built; returns through
 * IRETQ, so every register but RAX comes back as the user left it. */
void syscall32_dispatch(struct regs *r)
{
	u64 nr = (u32)r->rax;
	long ret = -ENOSYS;

	current_task()->regs = r;
	if (nr < NR32_SYSCALLS) {
		nr &= nospec_index_mask(nr, NR32_SYSCALLS); /* Spectre v1 */
		if (syscall32_table[nr].listed)
			ret = syscall_table[syscall32_table[nr].nr64]((u32)r->rbx, (u32)r->rcx,
								    (u32)r->rdx, (u32)r->rsi,
								    (u32)r->rdi, (u32)r->rbp);
	}
	/* Linux stores the result sign-extended: -ENOSYS reads as
	 * 0xffffffffffffffda in RAX, and -38 in EAX. */
	r->rax = (u64)ret;
	task_return_to_user(r);
}
