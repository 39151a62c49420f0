/*
 * sc-df - system calls made with the direction flag set (std). The kernel
 * must clear DF for its own string copies (Linux: SYSCALL's FMASK clears
 * it), so the work is done right, and must give DF back set (Linux restores
 * RFLAGS from R11). Checks write's output and count, uname's and getpid's
 * results against the same calls made with DF clear, and DF afterwards.
 * Expected: the Linux ABI and a run on the reference Linux, all ok, exit 0.
 */
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "check.h"

#define FL_DF (1UL << 10) /* Intel SDM vol. 1, 3.4.3 */

long sc_df_call(long nr, long a1, long a2, long a3, unsigned long *flags_after);

int main(void)
{
	static const char line[] = "sc-df: this line was written with DF set\n";
	unsigned long flags = 0;
	struct utsname with_df, without_df;
	long r;

	r = sc_df_call(__NR_write, 1, (long)line, sizeof(line) - 1, &flags);
	check_result("write with DF set: count", r, sizeof(line) - 1);
	check("write with DF set: DF still set after", (flags & FL_DF) != 0);

	memset(&with_df, 0x55, sizeof(with_df));
	memset(&without_df, 0xaa, sizeof(without_df));
	flags = 0;
	r = sc_df_call(__NR_uname, (long)&with_df, 0, 0, &flags);
	check_result("uname with DF set", r, 0);
	check("uname with DF set: DF still set after", (flags & FL_DF) != 0);
	check("uname with DF clear", uname(&without_df) == 0);
	check("uname with DF set: same result as with DF clear",
	      memcmp(&with_df, &without_df, sizeof(with_df)) == 0);

	flags = 0;
	r = sc_df_call(__NR_getpid, 0, 0, 0, &flags);
	check("getpid with DF set: same pid", r == getpid());
	check("getpid with DF set: DF still set after", (flags & FL_DF) != 0);
	return check_exit();
}
