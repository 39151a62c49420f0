/*
 * sys/auxv.h - the auxiliary vector the kernel puts above envp on the
 * initial stack. Type values are Linux's (include/uapi/linux/auxvec.h and
 * arch/x86/include/uapi/asm/auxvec.h).
 */
#ifndef MINC_SYS_AUXV_H
#define MINC_SYS_AUXV_H

#include <uapi/auxvec.h> /* the AT_ types */

/* The value of the first entry of that type, or 0 with errno = ENOENT. */
unsigned long getauxval(unsigned long type);

#endif
