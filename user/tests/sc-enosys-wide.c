/*
 * sc-enosys-wide - MinOS only, never compared with Linux: MinOS decodes
 * all 64 bits of RAX, so 1 << 63 and 0x100000000 + 39 (getpid's number in
 * the low half) are unknown calls and return -ENOSYS. Linux uses only EAX
 * and would run read() and getpid(). Expected output (MinOS's own rule):
 * the two result lines, then "MinOS treats all 64 bits of RAX: -ENOSYS".
 */
#include <sys/syscall.h>

#include "check.h"

#define ENOSYS_RESULT (-38L)

int main(void)
{
	/* fd -1 and NULL: harmless if a kernel runs read() for 1 << 63. */
	long high_bit = __syscall6((long)(1UL << 63), -1, 0, 0, 0, 0, 0);
	long getpid_high = __syscall6((long)(0x100000000UL + __NR_getpid), -1, 0,
				      0, 0, 0, 0);

	check_result("syscall 1 << 63", high_bit, ENOSYS_RESULT);
	check_result("syscall 0x100000000 + 39", getpid_high, ENOSYS_RESULT);
	if (high_bit == ENOSYS_RESULT && getpid_high == ENOSYS_RESULT)
		printf("MinOS treats all 64 bits of RAX: -ENOSYS\n");
	else
		printf("the upper 32 bits of RAX were ignored\n");
	return check_exit();
}
