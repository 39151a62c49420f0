/*
 * fault-noncanonical - a load from 1 << 47, the first non-canonical
 * address: #GP, not #PF (Intel SDM vol. 1, 3.3.7.1), which Linux also turns
 * into SIGSEGV. Expected: killed by SIGSEGV, status 139 (run on the
 * reference Linux).
 */
#include "fault.h"

int main(void)
{
	fault_announce("fault-noncanonical", "reading 1 << 47");
	__asm__ volatile("mov (%0), %%rax" : : "r"(1UL << 47) : "rax", "memory");
	return fault_survived("fault-noncanonical");
}
