/*
 * mem.c - reading the traced process's memory (mem.h): process_vm_readv
 * page by page, so that a string ending just before an unmapped page is
 * still read; PTRACE_PEEKDATA a word at a time when process_vm_readv is
 * refused (ENOSYS, EPERM). Invariant: reads only mem_pid.
 */
#include <errno.h>

#include "mem.h"
#include "ptrace.h"

#define PAGE 4096UL

static int mem_pid;
static bool use_peek; /* process_vm_readv was refused once: peek only */

void mem_use(int pid) { mem_pid = pid; }

int mem_pid_now(void) { return mem_pid; }

/* Reads [addr, addr + n) word by word; returns how many bytes were read. */
static u64 peek_read(u8 *dst, u64 addr, u64 n)
{
	u64 done = 0;
	while (done < n) {
		u64 a = addr + done, word;
		u64 base = a & ~7UL, off = a - base;
		errno = 0;
		long w = ptrace_peek(mem_pid, base, &word);
		if (w < 0)
			break;
		const u8 *b = (const u8 *)&word;
		for (; off < 8 && done < n; off++)
			dst[done++] = b[off];
	}
	return done;
}

u64 mem_read(void *dst, u64 addr, u64 n)
{
	u8 *d = dst;
	u64 done = 0;

	while (done < n && !use_peek) {
		u64 a = addr + done;
		u64 chunk = MIN(n - done, PAGE - (a & (PAGE - 1)));
		long got = process_vm_read(mem_pid, d + done, a, chunk);
		if (got < 0 && (errno == ENOSYS || errno == EPERM)) {
			use_peek = true;
			break;
		}
		if (got <= 0)
			return n - done;
		done += (u64)got;
		if ((u64)got < chunk)
			return n - done;
	}
	if (done < n)
		done += peek_read(d + done, addr + done, n - done);
	return n - done;
}
