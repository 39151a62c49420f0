/*
 * ptrace.h - /bin/strace's thin wrappers around ptrace(2), returning -1
 * with errno as glibc's do. The ABI itself (request numbers, options,
 * events, struct user_regs_struct) is the kernel's <uapi/ptrace.h>, whose
 * every value is Linux's, so the tracer runs on both.
 */
#ifndef STRACE_PTRACE_H
#define STRACE_PTRACE_H

#include "strace.h"

#include <uapi/ptrace.h>

/* wait4's option for every child, clone children included (linux/wait.h). */
#define __WALL 0x40000000

/* ptrace(2) as a call: 0 or -1 and errno (never PEEK*: see ptrace_peek). */
long ptrace_req(long req, int pid, u64 addr, u64 data);
/* PTRACE_PEEKDATA: the word at addr into *word; 0 or -1 and errno. */
long ptrace_peek(int pid, u64 addr, u64 *word);
/* process_vm_readv(2) of one range: bytes read, or -1 and errno. */
long process_vm_read(int pid, void *dst, u64 addr, u64 n);

#endif
