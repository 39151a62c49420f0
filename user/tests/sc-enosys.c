/*
 * sc-enosys - numbers that name no system call return -ENOSYS (-38): the
 * unused 337..423 of the x86-64 table, 1000, 0x7fffffff, -1 and -2 in RAX.
 * Expected: a run on the reference Linux (6.1), all -ENOSYS. Not 335 or
 * 336, unused in 6.1: Linux 6.11 gave 335 to uretprobe (it raises SIGILL
 * when not called from the uretprobe trampoline) and 336 is uprobe in
 * later kernels (-ENXIO on Linux 6.18). Not 1 << 63: Linux looks only at
 * EAX and would run read(); see sc-enosys-wide.
 */
#include <sys/syscall.h>

#include "check.h"

#define ENOSYS_RESULT (-38L)

static const struct {
	const char *what;
	unsigned long nr;
} cases[] = {
	{ "syscall 337", 337 }, /* first unused number (Linux 6.18) */
	{ "syscall 400", 400 },
	{ "syscall 423", 423 },
	{ "syscall 1000", 1000 },
	{ "syscall 0x7fffffff", 0x7fffffffUL },
	{ "syscall -1", ~0UL },
	{ "syscall -2", ~0UL - 1 },
};

int main(void)
{
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* Harmless arguments should the number exist after all:
		 * fd -1, NULL pointers, zero lengths. */
		long r = __syscall6((long)cases[i].nr, -1, 0, 0, 0, 0, 0);
		check_result(cases[i].what, r, ENOSYS_RESULT);
	}
	return check_exit();
}
