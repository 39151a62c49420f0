/*
 * fault-hlt - a privileged instruction (hlt) in ring 3: #GP, which Linux
 * turns into SIGSEGV. Expected: killed by SIGSEGV, status 139 (run on the
 * reference Linux).
 */
#include "fault.h"

int main(void)
{
	fault_announce("fault-hlt", "executing hlt");
	__asm__ volatile("hlt");
	return fault_survived("fault-hlt");
}
