/*
 * fault-write-text - a store into the program's own code, which is mapped
 * read-only and executable: #PF (protection), SIGSEGV. Expected: killed by
 * SIGSEGV, status 139 (run on the reference Linux).
 */
#include "fault.h"

__attribute__((noinline)) static void target(void)
{
	__asm__ volatile("");
}

int main(void)
{
	fault_announce("fault-write-text", "writing into the text segment");
	__asm__ volatile("movb $0xc3, (%0)" : : "r"(target) : "memory");
	target();
	return fault_survived("fault-write-text");
}
