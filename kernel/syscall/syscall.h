/*
 * syscall.h - the system-call layer's shared declarations: the handler
 * type, the generated tables and names (scripts/gen-syscalls), and the
 * dispatcher the entry stub calls.
 * Invariants: a handler receives the user's RDI, RSI, RDX, R10, R8, R9 as
 * its arguments 1-6 and returns a value or a negative errno; it reaches
 * user memory only through the uaccess helpers (mm/uaccess.h).
 */
#ifndef MINOS_SYSCALL_H
#define MINOS_SYSCALL_H

#include "types.h"
#include "arch/x86_64/frame.h"
#include "syscall_count.h" /* NR_SYSCALLS, generated from syscall_64.tbl */
#include "syscall32_count.h" /* NR32_SYSCALLS, generated from syscall_32.tbl */

typedef long (*syscall_fn)(u64, u64, u64, u64, u64, u64);

extern const syscall_fn syscall_table[NR_SYSCALLS];
extern const char *const syscall_names[NR_SYSCALLS];
/* The int 0x80 gate's table, by i386 number (syscall_32.c). */
extern const syscall_fn syscall32_table[NR32_SYSCALLS];

/* The C side of syscall_entry.asm. */
void syscall_dispatch(struct regs *r);

/* How many tasks must see every call, unknown numbers included, through
 * syscall_dispatch (traced by the kernel's strace or by ptrace). While it
 * is 0, syscall_entry.asm answers a number beyond the table itself. */
extern u32 syscall_slow_tasks;

long sys_ni_syscall(void);

/* wait4's struct rusage (sys_rusage.c): a child c's CPU times, its
 * process's and those of the children it waited for, as Linux's
 * getrusage(RUSAGE_BOTH); then the structure with those times, 0 or
 * -EFAULT. */
struct task;
void rusage_child_times(const struct task *c, u64 *utime, u64 *stime);
int rusage_put_times(void __user *uru, u64 utime, u64 stime);

#endif
