/*
 * asm/prctl.h - arch_prctl(2) codes, Linux's values
 * (arch/x86/include/uapi/asm/prctl.h), and the libminc wrapper: the GET
 * codes store the base through addr, the SET codes take it as the value.
 */
#ifndef MINC_ASM_PRCTL_H
#define MINC_ASM_PRCTL_H

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

int arch_prctl(int code, unsigned long addr);

#endif
