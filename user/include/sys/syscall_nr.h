/*
 * sys/syscall_nr.h - the system call numbers libminc uses. These are Linux's
 * x86-64 numbers (/usr/include/x86_64-linux-gnu/asm/unistd_64.h); MinOS
 * uses the same ones. Invariant: only Linux's values, never MinOS-only ones.
 * The kernel build will generate the full list (unistd_64.h) later.
 */
#ifndef MINC_SYS_SYSCALL_NR_H
#define MINC_SYS_SYSCALL_NR_H

#define __NR_read 0
#define __NR_write 1
#define __NR_brk 12
#define __NR_getpid 39
#define __NR_exit 60
#define __NR_kill 62
#define __NR_uname 63
#define __NR_arch_prctl 158
#define __NR_exit_group 231

#endif
