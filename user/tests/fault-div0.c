/*
 * fault-div0 - an integer division by zero: #DE, SIGFPE.
 * Expected: killed by SIGFPE, status 136 (run on the reference Linux).
 */
#include "fault.h"

int main(void)
{
	unsigned long dividend = 1;

	fault_announce("fault-div0", "dividing by zero");
	__asm__ volatile("xor %%edx, %%edx\n\tdiv %1" : "+a"(dividend) : "r"(0UL) : "rdx");
	return fault_survived("fault-div0");
}
