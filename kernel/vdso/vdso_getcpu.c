/*
 * vdso_getcpu.c - __vdso_getcpu(cpu, node, cache), as getcpu(2): the CPU
 * and NUMA node the caller runs on. MinOS runs on one CPU, in one node,
 * so both are always 0; the third argument is unused, as on Linux.
 * Invariant: makes no system call.
 */
#define VDSO_EXPORT __attribute__((visibility("default")))

VDSO_EXPORT long __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache);

long __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache)
{
	(void)cache;
	if (cpu)
		*cpu = 0;
	if (node)
		*node = 0;
	return 0;
}
