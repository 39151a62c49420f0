/*
 * sc-stack - system calls made with a user RSP the kernel must never use:
 * the kernel half (0xffffffff80001000), the first non-canonical address
 * (1 << 47) and 0. getpid and write must work and RSP must come back
 * unchanged. Expected: the Linux ABI (the kernel runs on its own stack,
 * docs/syscalls.md) and a run on the reference Linux: all ok.
 */
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

long sc_stack_call(long nr, long a1, long a2, long a3, unsigned long bad_rsp,
		   unsigned long *rsp_after);

static const struct {
	const char *name;
	unsigned long rsp;
} stacks[] = {
	{ "RSP in the kernel half", 0xffffffff80001000UL },
	{ "RSP non-canonical", 1UL << 47 },
	{ "RSP 0", 0 },
};

int main(void)
{
	pid_t pid = getpid();
	char what[96];
	char line[96];

	for (unsigned i = 0; i < sizeof(stacks) / sizeof(stacks[0]); i++) {
		unsigned long rsp_after = 0;
		long r = sc_stack_call(__NR_getpid, 0, 0, 0, stacks[i].rsp, &rsp_after);

		snprintf(what, sizeof(what), "getpid with %s", stacks[i].name);
		check(what, r == pid);
		snprintf(what, sizeof(what), "getpid with %s: RSP unchanged", stacks[i].name);
		check(what, rsp_after == stacks[i].rsp);

		int len = snprintf(line, sizeof(line), "sc-stack: written with %s\n",
				   stacks[i].name);
		rsp_after = 0;
		r = sc_stack_call(__NR_write, 1, (long)line, len, stacks[i].rsp, &rsp_after);
		snprintf(what, sizeof(what), "write with %s", stacks[i].name);
		check_result(what, r, len);
		snprintf(what, sizeof(what), "write with %s: RSP unchanged", stacks[i].name);
		check(what, rsp_after == stacks[i].rsp);
	}
	return check_exit();
}
