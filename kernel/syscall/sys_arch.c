/*
 * sys_arch.c - arch_prctl(2): the user's FS and GS base addresses, which C
 * libraries use for thread-local storage. Codes and errors as Linux
 * (asm/prctl.h): a base at or above USER_TOP is -EPERM, an unknown code
 * -EINVAL, a bad pointer for the GET codes -EFAULT.
 * While the kernel runs, the user's GS base sits in IA32_KERNEL_GS_BASE
 * (swapgs put it there), so that is the MSR ARCH_SET/GET_GS use.
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "arch/x86_64/msr.h"
#include "errno.h"

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

long sys_arch_prctl(int code, u64 addr)
{
	u64 value;

	switch (code) {
	case ARCH_SET_FS:
		if (addr >= USER_TOP)
			return -EPERM;
		current_task()->fs_base = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_SET_GS:
		if (addr >= USER_TOP)
			return -EPERM;
		wrmsr(MSR_KERNEL_GS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		value = current_task()->fs_base;
		return put_user_bytes((void *)addr, &value, sizeof(value));
	case ARCH_GET_GS:
		value = rdmsr(MSR_KERNEL_GS_BASE);
		return put_user_bytes((void *)addr, &value, sizeof(value));
	default:
		return -EINVAL;
	}
}
