/*
 * system.c - calls about the machine and the thread's CPU state: uname(2)
 * and arch_prctl(2).
 */
#include <asm/prctl.h>
#include <sys/utsname.h>

#include "internal.h"

int uname(struct utsname *buf)
{
	return (int)SYSCALL_RET(__NR_uname, buf, 0, 0);
}

int arch_prctl(int code, unsigned long addr)
{
	return (int)SYSCALL_RET(__NR_arch_prctl, code, addr, 0);
}
