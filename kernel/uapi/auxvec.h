/*
 * uapi/auxvec.h - the types of the auxiliary vector the kernel puts above
 * envp on a program's start-up stack: Linux's values
 * (include/uapi/linux/auxvec.h, arch/x86/include/uapi/asm/auxvec.h), for
 * the kernel that writes it (proc/exec.c) and libminc's getauxval().
 */
#ifndef MINOS_UAPI_AUXVEC_H
#define MINOS_UAPI_AUXVEC_H

#define AT_NULL 0   /* end of the vector */
#define AT_IGNORE 1
#define AT_EXECFD 2
#define AT_PHDR 3   /* the program headers in memory */
#define AT_PHENT 4  /* size of one program header */
#define AT_PHNUM 5  /* number of program headers */
#define AT_PAGESZ 6
#define AT_BASE 7   /* interpreter base (0 for static programs) */
#define AT_FLAGS 8
#define AT_ENTRY 9  /* the program's entry point */
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15 /* string: "x86_64" */
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25   /* address of 16 random bytes */
#define AT_HWCAP2 26
#define AT_EXECFN 31   /* string: the path given to execve */
#define AT_SYSINFO_EHDR 33 /* the vDSO's ELF header */
#define AT_MINSIGSTKSZ 51

#endif
