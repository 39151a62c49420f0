/*
 * mu-exec-auxv - the auxiliary vector entries beyond what sc-startup
 * checks, and their order: the types in the order the kernel wrote them,
 * AT_HWCAP (CPUID leaf 1's EDX, as x86 Linux gives it), AT_HWCAP2 (bit 1,
 * HWCAP2_FSGSBASE, must say whether RDFSBASE works in ring 3: a child
 * tries it), AT_MINSIGSTKSZ (the largest signal frame the kernel may
 * build, so it depends on the CPU's XSAVE size: the reference Linux and
 * MinOS run on the same QEMU CPU model), AT_FLAGS 0, AT_CLKTCK 100, and
 * AT_EXECFN the path given to execve. Expected: the reference Linux's
 * output.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif
#define HWCAP2_RING3MWAIT (1UL << 0)
#define HWCAP2_FSGSBASE (1UL << 1)

extern char **environ;

/* 1 when RDFSBASE runs in ring 3, 0 when it raises #UD (SIGILL). */
static int rdfsbase_works(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		unsigned long base;
		__asm__ volatile("rdfsbase %0" : "=r"(base));
		(void)base;
		_exit(0);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 1;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGILL ? 0 : -1;
}

int main(int argc, char **argv)
{
	char **e = environ;
	(void)argc;
	while (*e)
		e++;
	unsigned long *aux = (unsigned long *)(e + 1);

	printf("auxv types in order:");
	for (unsigned long *a = aux; a[0] != AT_NULL; a += 2)
		printf(" %lu", a[0]);
	printf("\n");

	unsigned a, b, c, d;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	unsigned long hwcap = getauxval(AT_HWCAP);
	printf("AT_HWCAP: %#lx\n", hwcap);
	printf("AT_HWCAP is CPUID.1:EDX: %s\n", hwcap == d ? "ok" : "FAIL");

	unsigned long hwcap2 = getauxval(AT_HWCAP2);
	printf("AT_HWCAP2 RING3MWAIT: %lu\n", hwcap2 & HWCAP2_RING3MWAIT);
	int works = rdfsbase_works();
	printf("AT_HWCAP2 FSGSBASE matches RDFSBASE in ring 3: %s\n",
	       works >= 0 && !!(hwcap2 & HWCAP2_FSGSBASE) == works ? "ok" : "FAIL");

	printf("AT_MINSIGSTKSZ: %lu\n", getauxval(AT_MINSIGSTKSZ));
	printf("AT_FLAGS: %lu\n", getauxval(AT_FLAGS));
	printf("AT_CLKTCK: %lu\n", getauxval(AT_CLKTCK));
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	printf("AT_EXECFN: %s\n", execfn ? execfn : "(none)");
	printf("AT_EXECFN is argv[0]: %s\n", execfn && strcmp(execfn, argv[0]) == 0 ? "ok" : "FAIL");
	return 0;
}
