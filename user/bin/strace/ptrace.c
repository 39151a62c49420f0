/*
 * ptrace.c - the raw ptrace(2) and process_vm_readv(2) calls of ptrace.h.
 * Invariant: the kernel's -errno becomes -1 and errno, nothing else.
 */
#include <errno.h>
#include <minos_rawcall.h>
#include <uapi/misc.h>

#include "ptrace.h"

static long ret(long r)
{
	if (r < 0 && r >= -4095) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

long ptrace_req(long req, int pid, u64 addr, u64 data)
{
	return ret(sys(__NR_ptrace, req, pid, addr, data));
}

long ptrace_peek(int pid, u64 addr, u64 *word)
{
	/* The raw call stores the word at data; glibc's returns it. */
	return ret(sys(__NR_ptrace, PTRACE_PEEKDATA, pid, addr, word));
}

long process_vm_read(int pid, void *dst, u64 addr, u64 n)
{
	struct iovec local = { .iov_base = dst, .iov_len = n };
	struct iovec remote = { .iov_base = (void *)addr, .iov_len = n };
	return ret(sys(__NR_process_vm_readv, pid, &local, 1, &remote, 1, 0));
}
