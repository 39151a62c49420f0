/*
 * start.c - __libc_start, called by crt0.asm with the initial stack pointer:
 * finds argv, envp and the auxiliary vector (layout drawn in crt0.asm),
 * keeps environ and the auxv for getauxval(), and runs main (the vDSO is
 * looked up on the first clock call: vdso.c). Invariant: nothing here may
 * fail or depend on the kernel providing any auxv entry.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "internal.h"

int main(int argc, char **argv, char **envp);
__attribute__((noreturn)) void __libc_start(long *sp);

char **environ;
static unsigned long *auxv;

void __libc_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1; /* past argv's NULL */
	char **p = envp;

	while (*p)
		p++;
	environ = envp;
	auxv = (unsigned long *)(p + 1); /* past envp's NULL */
	exit(main(argc, argv, envp));
}

unsigned long getauxval(unsigned long type)
{
	for (unsigned long *a = auxv; a && a[0] != AT_NULL; a += 2) {
		if (a[0] == type)
			return a[1];
	}
	errno = ENOENT;
	return 0;
}
