/*
 * fault-exec-stack - a call into code stored on the stack, which is not
 * executable (PT_GNU_STACK without X; NX in the page tables): #PF on the
 * instruction fetch, SIGSEGV. Expected: killed by SIGSEGV, status 139 (run
 * on the reference Linux).
 */
#include <stdint.h>

#include "fault.h"

int main(void)
{
	volatile unsigned char code[16] = { 0xc3 }; /* ret */

	fault_announce("fault-exec-stack", "calling code on the stack");
	__asm__ volatile("call *%0" : : "r"((uintptr_t)code) : "memory");
	return fault_survived("fault-exec-stack");
}
