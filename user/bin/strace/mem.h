/*
 * mem.h - reading the traced process's memory: process_vm_readv, or
 * PTRACE_PEEKDATA a word at a time where that call is refused. The
 * decoders read only the process whose stop is being decoded (mem_pid).
 * Invariant: never writes the tracee; a short read is reported, not fatal.
 */
#ifndef STRACE_MEM_H
#define STRACE_MEM_H

#include "strace.h"

/* The process the decoders read: set before each stop is decoded. */
void mem_use(int pid);
int mem_pid_now(void);
/* Copies n bytes at tracee address addr to dst; returns how many could
 * NOT be read (0 when all were), like the kernel's copy_from_user. */
u64 mem_read(void *dst, u64 addr, u64 n);

#endif
