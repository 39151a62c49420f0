/*
 * fault-kernel-read - a load from the kernel half (0xffffffff80000000):
 * #PF (supervisor page, or not present), SIGSEGV. Expected: killed by
 * SIGSEGV, status 139 (run on the reference Linux).
 */
#include "fault.h"

int main(void)
{
	fault_announce("fault-kernel-read", "reading 0xffffffff80000000");
	__asm__ volatile("mov (%0), %%rax" : : "r"(0xffffffff80000000UL) : "rax", "memory");
	return fault_survived("fault-kernel-read");
}
