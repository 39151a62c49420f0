/*
 * fault-ud2 - an undefined instruction (ud2): #UD, SIGILL.
 * Expected: killed by SIGILL, status 132 (run on the reference Linux).
 */
#include "fault.h"

int main(void)
{
	fault_announce("fault-ud2", "executing ud2");
	__asm__ volatile("ud2");
	return fault_survived("fault-ud2");
}
