/*
 * exec.h - loading an ELF64 program (and the loader it names) into a fresh address space and
 * building the Linux start-up stack (argc, argv, envp, auxv).
 */
#ifndef MINOS_PROC_EXEC_H
#define MINOS_PROC_EXEC_H

#include "types.h"
#include "proc/task.h"

/* User stack: an area ending at USER_STACK_TOP, USER_STACK_SIZE at first,
 * growing down on faults up to RLIMIT_STACK (at most USER_STACK_MAX);
 * mmap places new areas below USER_STACK_TOP - USER_STACK_MAX. */
#define USER_STACK_TOP 0x00007FFFFFFDE000ULL
#define USER_STACK_SIZE (128 * 1024ULL)
#define USER_STACK_MAX (8ULL << 20)
#define USER_MIN_ADDR 0x10000ULL    /* nothing is mapped below (Linux's mmap_min_addr) */

/* Limits on what execve passes (Linux allows more: see docs/processes.md). */
#define EXEC_ARG_MAX 4096            /* argv and envp strings together */
#define EXEC_STRINGS_MAX (256 * 1024) /* their bytes, NULs included */
#define EXEC_SCRIPT_DEPTH 5          /* "#!" scripts in a chain, as Linux (-ELOOP) */
#define SCRIPT_LINE_MAX 256          /* a "#!" line, as Linux's BINPRM_BUF_SIZE */
#define INTERP_PATH_MAX 4096         /* PT_INTERP's path, NUL included (PATH_MAX) */
#define ELF_PHDRS_MAX_BYTES 4096     /* e_phnum * e_phentsize: a page, as Linux 6.1 */

/*
 * Replaces t's address space with the program at path, with argv and envp
 * (kernel strings), and points t->regs at a frame that starts it. A file
 * that starts with "#!" runs through the interpreter its first line names.
 * Returns 0, or -ENOENT, -EACCES, -ENOEXEC, -EIO, -ELIBBAD, -E2BIG,
 * -ELOOP, -ENOMEM; on failure t is as it was. A failure past the point of
 * no return (docs/programs.md) returns 0 with t's old image gone and
 * SIGSEGV pending, as Linux kills such a process.
 */
int exec_program(struct task *t, const char *path, int argc, const char *const argv[], int envc,
		 const char *const envp[]);

/* The checks of an ELF program's headers made before the point of no
 * return, on its first have bytes: 0 or -ENOEXEC (exposed for the
 * self-tests). */
int elf_check(const void *file, u64 have);

#endif
