/*
 * fault-int3 - a breakpoint (int3): #BP, SIGTRAP.
 * Expected: killed by SIGTRAP, status 133 (run on the reference Linux).
 */
#include "fault.h"

int main(void)
{
	fault_announce("fault-int3", "executing int3");
	__asm__ volatile("int3");
	return fault_survived("fault-int3");
}
