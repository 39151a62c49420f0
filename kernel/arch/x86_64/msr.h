/*
 * msr.h - model-specific registers MinOS uses, with their numbers from the
 * Intel SDM vol. 4 ("Model-Specific Registers"), and rdmsr/wrmsr.
 */
#ifndef MINOS_ARCH_MSR_H
#define MINOS_ARCH_MSR_H

#include "types.h"

#define MSR_APIC_BASE 0x0000001B
#define MSR_EFER 0xC0000080
#define MSR_STAR 0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_CSTAR 0xC0000083
#define MSR_FMASK 0xC0000084
#define MSR_FS_BASE 0xC0000100
#define MSR_GS_BASE 0xC0000101
#define MSR_KERNEL_GS_BASE 0xC0000102
#define MSR_TSC_AUX 0xC0000103 /* what RDTSCP and RDPID return: (node << 12) | cpu */

#define EFER_SCE (1ULL << 0)  /* SYSCALL/SYSRET enable */
#define EFER_LME (1ULL << 8)  /* long mode enable */
#define EFER_LMA (1ULL << 10) /* long mode active */
#define EFER_NXE (1ULL << 11) /* execute-disable bit enable */

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((u32)v), "d"((u32)(v >> 32)) : "memory");
}

#endif
