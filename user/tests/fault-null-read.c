/*
 * fault-null-read - a load from address 0: #PF (not present), SIGSEGV.
 * Expected: killed by SIGSEGV, status 139 (run on the reference Linux).
 */
#include "fault.h"

int main(void)
{
	fault_announce("fault-null-read", "reading address 0");
	__asm__ volatile("mov (%0), %%rax" : : "r"(0UL) : "rax", "memory");
	return fault_survived("fault-null-read");
}
