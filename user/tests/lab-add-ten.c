/*
 * lab-add-ten - the add-syscall lab's add_ten (docs/labs/add-syscall.md): 442
 * returns its first argument plus 10 (mod 2^64), is __NR_add_ten, and leaves
 * 441 and 443 -ENOSYS. MinOS only (442 is mount_setattr on Linux); expected:
 * the handout's specification; exit status 0 when every check passes.
 */
#include <sys/syscall.h>

#include "check.h"

#define NR_ADD_TEN 442 /* docs/labs/add-syscall.md */
#define ENOSYS_RESULT (-38L) /* asm-generic/errno.h */

static long add_ten(long x, long junk)
{
	return __syscall6(NR_ADD_TEN, x, junk, junk, junk, junk, junk);
}

int main(void)
{
#ifdef __NR_add_ten
	check("__NR_add_ten is 442", __NR_add_ten == NR_ADD_TEN);
#else
	check("__NR_add_ten is defined (the table names 442 add_ten)", 0);
#endif
	check_result("add_ten(10)", add_ten(10, 0), 20);
	check_result("add_ten(0)", add_ten(0, 0), 10);
	check_result("add_ten(-10)", add_ten(-10, 0), 0);
	check_result("add_ten(-5000)", add_ten(-5000, 0), -4990);
	check_result("add_ten(1 << 40)", add_ten(1L << 40, 0), (1L << 40) + 10);
	check_result("add_ten(0x7ffffffffffffff5)", add_ten(0x7ffffffffffffff5L, 0),
		     0x7fffffffffffffffL);
	check_result("add_ten(-1 with 5 more arguments of -1)", add_ten(-1, -1), 9);
	check_result("syscall 441 (epoll_pwait2, not implemented)",
		     __syscall6(441, -1, 0, 0, 0, 0, 0), ENOSYS_RESULT);
	check_result("syscall 443 (quotactl_fd, not implemented)",
		     __syscall6(443, -1, 0, 0, 0, 0, 0), ENOSYS_RESULT);
	return check_exit();
}
