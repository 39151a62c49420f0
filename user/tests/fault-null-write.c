/*
 * fault-null-write - a store to address 0: #PF (not present), SIGSEGV.
 * Expected: killed by SIGSEGV, status 139 (run on the reference Linux).
 */
#include "fault.h"

int main(void)
{
	fault_announce("fault-null-write", "writing address 0");
	__asm__ volatile("movq $1, (%0)" : : "r"(0UL) : "memory");
	return fault_survived("fault-null-write");
}
