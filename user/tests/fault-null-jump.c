/*
 * fault-null-jump - a jump to address 0: #PF on the instruction fetch,
 * SIGSEGV. Expected: killed by SIGSEGV, status 139 (run on the reference
 * Linux).
 */
#include "fault.h"

int main(void)
{
	fault_announce("fault-null-jump", "jumping to address 0");
	__asm__ volatile("jmp *%0" : : "r"(0UL) : "memory");
	return fault_survived("fault-null-jump");
}
