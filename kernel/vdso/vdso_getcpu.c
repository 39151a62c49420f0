/*
 * vdso_getcpu.c - __vdso_getcpu(cpu, node, cache), as getcpu(2): the CPU
 * and NUMA node the caller runs on, from RDTSCP's IA32_TSC_AUX, which the
 * kernel sets on every CPU to (node << 12) | cpu as Linux does. On a CPU
 * without RDTSCP the vvar page says so and the call becomes the system
 * call. The third argument is unused, as on Linux.
 */
#include "time/vvar.h"
#include "vdso_syscall.h"

#define NR_GETCPU 309

#define VDSO_EXPORT __attribute__((visibility("default")))
#define TSC_AUX_CPU_MASK 0xfffu
#define TSC_AUX_NODE_SHIFT 12

extern struct vvar_page vdso_vvar __attribute__((visibility("hidden")));

VDSO_EXPORT long __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache);

long __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache)
{
	unsigned aux = 0;
	(void)cache;
	if (!__atomic_load_n(&vdso_vvar.getcpu_rdtscp, __ATOMIC_RELAXED))
		return vdso_syscall2(NR_GETCPU, (long)cpu, (long)node);
	unsigned lo, hi;
	__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	if (cpu)
		*cpu = aux & TSC_AUX_CPU_MASK;
	if (node)
		*node = aux >> TSC_AUX_NODE_SHIFT;
	return 0;
}
