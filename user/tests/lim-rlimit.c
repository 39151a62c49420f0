/*
 * lim-rlimit - getrlimit(2), setrlimit(2) and prlimit64(2) through raw
 * calls: round trips for RLIMIT_NOFILE and RLIMIT_STACK with values valid
 * on any system (limits are only lowered, never raised: a non-root caller
 * may not raise a hard limit), prlimit64 on pid 0 and on getpid(), a
 * lowered RLIMIT_NOFILE refusing dup2 beyond it, and the errors in Linux's
 * order (-EFAULT for the new limit first, then -ESRCH, -EINVAL, -EPERM).
 * The starting limits differ between systems and are never printed.
 * Expected: a run on the reference Linux.
 */
#include <errno.h>
#include <limits.h>
#include <sys/syscall.h>
#include <uapi/misc.h>
#include <unistd.h>

#include "check.h"

#define MiB (1UL << 20)
#define KERNEL_ADDR 0xffffffff80000000UL
#define NO_SUCH_PID 0x3fffffff /* above Linux's PID_MAX_LIMIT (4M) */

static const struct rlimit ro_lim = { 1, 1 };

static long sys_getrlimit(unsigned long res, const void *p)
{
	return __syscall2(__NR_getrlimit, (long)res, (long)p);
}
static long sys_setrlimit(unsigned long res, const void *p)
{
	return __syscall2(__NR_setrlimit, (long)res, (long)p);
}
static long sys_prlimit64(long pid, unsigned long res, const void *new, void *old)
{
	return __syscall6(__NR_prlimit64, pid, (long)res, (long)new, (long)old, 0, 0);
}
static long sys_dup2(int oldfd, int newfd)
{
	return __syscall2(__NR_dup2, oldfd, newfd);
}

static unsigned long umin(unsigned long a, unsigned long b) { return a < b ? a : b; }

/* getrlimit(res) equals want. */
static void expect_limit(const char *what, unsigned long res, struct rlimit want)
{
	struct rlimit r = { 0, 0 };
	long rc = sys_getrlimit(res, &r);
	check(what, rc == 0 && r.rlim_cur == want.rlim_cur && r.rlim_max == want.rlim_max);
}

static void nofile(void)
{
	struct rlimit orig, old, r;

	check_result("getrlimit(RLIMIT_NOFILE)", sys_getrlimit(RLIMIT_NOFILE, &orig), 0);
	check("RLIMIT_NOFILE soft <= hard", orig.rlim_cur <= orig.rlim_max);

	r = (struct rlimit){ 64, orig.rlim_max };
	check_result("setrlimit(RLIMIT_NOFILE, {64, hard})", sys_setrlimit(RLIMIT_NOFILE, &r), 0);
	expect_limit("getrlimit(RLIMIT_NOFILE) gives {64, hard}", RLIMIT_NOFILE, r);
	/* The resource is an unsigned int: the upper half is ignored. */
	expect_limit("getrlimit(0x100000007 = RLIMIT_NOFILE) gives {64, hard}", 0x100000007UL, r);

	check_result("prlimit64(0, RLIMIT_NOFILE, NULL, &old)",
		     sys_prlimit64(0, RLIMIT_NOFILE, NULL, &old), 0);
	check("old is {64, hard}", old.rlim_cur == 64 && old.rlim_max == orig.rlim_max);

	r.rlim_cur = 32;
	check_result("prlimit64(0, RLIMIT_NOFILE, {32, hard}, &old)",
		     sys_prlimit64(0, RLIMIT_NOFILE, &r, &old), 0);
	check("old is the limit before: {64, hard}", old.rlim_cur == 64 && old.rlim_max == orig.rlim_max);
	expect_limit("getrlimit(RLIMIT_NOFILE) gives {32, hard}", RLIMIT_NOFILE, r);

	/* The soft limit bounds new descriptors. */
	check_result("dup2(1, 31) below the limit of 32", sys_dup2(1, 31), 31);
	check_result("close(31)", __syscall1(__NR_close, 31), 0);
	check_result("dup2(1, 32) at the limit of 32", sys_dup2(1, 32), -EBADF);

	r.rlim_cur = 48;
	check_result("prlimit64(getpid(), RLIMIT_NOFILE, {48, hard}, &old)",
		     sys_prlimit64(getpid(), RLIMIT_NOFILE, &r, &old), 0);
	check("old is {32, hard}", old.rlim_cur == 32 && old.rlim_max == orig.rlim_max);
	expect_limit("getrlimit(RLIMIT_NOFILE) gives {48, hard}", RLIMIT_NOFILE, r);
	check_result("dup2(1, 40) below the limit of 48", sys_dup2(1, 40), 40);
	check_result("close(40)", __syscall1(__NR_close, 40), 0);
	check_result("prlimit64(getpid(), RLIMIT_NOFILE, NULL, NULL)",
		     sys_prlimit64(getpid(), RLIMIT_NOFILE, NULL, NULL), 0);

	/* Lowering the hard limit is allowed to anyone. */
	r = (struct rlimit){ 64, umin(orig.rlim_max, 512) };
	check_result("setrlimit(RLIMIT_NOFILE, {64, min(hard, 512)})", sys_setrlimit(RLIMIT_NOFILE, &r), 0);
	expect_limit("getrlimit(RLIMIT_NOFILE) gives {64, min(hard, 512)}", RLIMIT_NOFILE, r);

	/* Above fs.nr_open (MinOS: its descriptor table size). */
	r = (struct rlimit){ 64, RLIM_INFINITY };
	check_result("setrlimit(RLIMIT_NOFILE, {64, RLIM_INFINITY})", sys_setrlimit(RLIMIT_NOFILE, &r),
		     -EPERM);
	r = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	check_result("prlimit64(0, RLIMIT_NOFILE, {RLIM_INFINITY, RLIM_INFINITY}, NULL)",
		     sys_prlimit64(0, RLIMIT_NOFILE, &r, NULL), -EPERM);
	/* A soft limit above the hard one is checked first. */
	r = (struct rlimit){ RLIM_INFINITY, 64 };
	check_result("setrlimit(RLIMIT_NOFILE, {RLIM_INFINITY, 64})", sys_setrlimit(RLIMIT_NOFILE, &r),
		     -EINVAL);
	r = (struct rlimit){ 65, 64 };
	check_result("setrlimit(RLIMIT_NOFILE, {65, 64})", sys_setrlimit(RLIMIT_NOFILE, &r), -EINVAL);
	check_result("prlimit64(0, RLIMIT_NOFILE, {65, 64}, NULL)", sys_prlimit64(0, RLIMIT_NOFILE, &r, NULL),
		     -EINVAL);
	expect_limit("failed calls changed nothing",
		     RLIMIT_NOFILE, (struct rlimit){ 64, umin(orig.rlim_max, 512) });
}

static void stack(void)
{
	struct rlimit orig, old, r;

	check_result("getrlimit(RLIMIT_STACK)", sys_getrlimit(RLIMIT_STACK, &orig), 0);
	r = (struct rlimit){ 4 * MiB, orig.rlim_max };
	check_result("setrlimit(RLIMIT_STACK, {4 MiB, hard})", sys_setrlimit(RLIMIT_STACK, &r), 0);
	expect_limit("getrlimit(RLIMIT_STACK) gives {4 MiB, hard}", RLIMIT_STACK, r);

	unsigned long hard = umin(orig.rlim_max, 16 * MiB);
	r = (struct rlimit){ 2 * MiB, hard };
	check_result("prlimit64(getpid(), RLIMIT_STACK, {2 MiB, min(hard, 16 MiB)}, &old)",
		     sys_prlimit64(getpid(), RLIMIT_STACK, &r, &old), 0);
	check("old is {4 MiB, hard}", old.rlim_cur == 4 * MiB && old.rlim_max == orig.rlim_max);
	expect_limit("getrlimit(RLIMIT_STACK) gives {2 MiB, min(hard, 16 MiB)}", RLIMIT_STACK, r);
	r = (struct rlimit){ hard + 1, hard };
	check_result("setrlimit(RLIMIT_STACK, {hard + 1, hard})", sys_setrlimit(RLIMIT_STACK, &r), -EINVAL);
}

static void errors(void)
{
	struct rlimit r, old = { 7, 7 };

	check_result("getrlimit(RLIMIT_NOFILE, &r)", sys_getrlimit(RLIMIT_NOFILE, &r), 0);
	static const unsigned long bad_res[] = { RLIM_NLIMITS, 999, 0xffffffffUL };
	char what[96];
	for (unsigned i = 0; i < sizeof(bad_res) / sizeof(bad_res[0]); i++) {
		snprintf(what, sizeof(what), "getrlimit(%lu)", bad_res[i]);
		check_result(what, sys_getrlimit(bad_res[i], &old), -EINVAL);
		snprintf(what, sizeof(what), "setrlimit(%lu, valid)", bad_res[i]);
		check_result(what, sys_setrlimit(bad_res[i], &r), -EINVAL);
		snprintf(what, sizeof(what), "prlimit64(0, %lu, NULL, &old)", bad_res[i]);
		check_result(what, sys_prlimit64(0, bad_res[i], NULL, &old), -EINVAL);
		snprintf(what, sizeof(what), "prlimit64(0, %lu, valid, NULL)", bad_res[i]);
		check_result(what, sys_prlimit64(0, bad_res[i], &r, NULL), -EINVAL);
	}
	check("old untouched by failed calls", old.rlim_cur == 7 && old.rlim_max == 7);

	static const long bad_pid[] = { -1, NO_SUCH_PID, INT_MAX, INT_MIN };
	for (unsigned i = 0; i < sizeof(bad_pid) / sizeof(bad_pid[0]); i++) {
		snprintf(what, sizeof(what), "prlimit64(%ld, RLIMIT_NOFILE, NULL, &old)", bad_pid[i]);
		check_result(what, sys_prlimit64(bad_pid[i], RLIMIT_NOFILE, NULL, &old), -ESRCH);
	}
	/* The pid is checked before the resource. */
	check_result("prlimit64(-1, 999, NULL, NULL)", sys_prlimit64(-1, 999, NULL, NULL), -ESRCH);

	/* Bad pointers. getrlimit checks the resource first; setrlimit and
	 * prlimit64 read the new limit first. */
	const struct {
		const char *name;
		const void *p;
	} bad[] = {
		{ "NULL", NULL },
		{ "0xffffffff80000000", (const void *)KERNEL_ADDR },
		{ "~0", (const void *)~0UL },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(what, sizeof(what), "getrlimit(RLIMIT_NOFILE, %s)", bad[i].name);
		check_result(what, sys_getrlimit(RLIMIT_NOFILE, bad[i].p), -EFAULT);
		snprintf(what, sizeof(what), "getrlimit(999, %s)", bad[i].name);
		check_result(what, sys_getrlimit(999, bad[i].p), -EINVAL);
		snprintf(what, sizeof(what), "setrlimit(RLIMIT_NOFILE, %s)", bad[i].name);
		check_result(what, sys_setrlimit(RLIMIT_NOFILE, bad[i].p), -EFAULT);
		snprintf(what, sizeof(what), "setrlimit(999, %s)", bad[i].name);
		check_result(what, sys_setrlimit(999, bad[i].p), -EFAULT);
		if (!bad[i].p)
			continue; /* NULL means "none" to prlimit64 */
		snprintf(what, sizeof(what), "prlimit64(0, RLIMIT_NOFILE, %s, NULL)", bad[i].name);
		check_result(what, sys_prlimit64(0, RLIMIT_NOFILE, bad[i].p, NULL), -EFAULT);
		snprintf(what, sizeof(what), "prlimit64(-1, 999, %s, NULL)", bad[i].name);
		check_result(what, sys_prlimit64(-1, 999, bad[i].p, NULL), -EFAULT);
		snprintf(what, sizeof(what), "prlimit64(0, RLIMIT_NOFILE, NULL, %s)", bad[i].name);
		check_result(what, sys_prlimit64(0, RLIMIT_NOFILE, NULL, (void *)bad[i].p), -EFAULT);
	}
	check_result("getrlimit(RLIMIT_NOFILE, rodata)", sys_getrlimit(RLIMIT_NOFILE, &ro_lim), -EFAULT);
	check_result("prlimit64(0, RLIMIT_NOFILE, NULL, rodata)",
		     sys_prlimit64(0, RLIMIT_NOFILE, NULL, (void *)&ro_lim), -EFAULT);
	check("rodata unchanged", ro_lim.rlim_cur == 1 && ro_lim.rlim_max == 1);

	/* The new limit takes effect before the old one is written back. */
	r.rlim_cur = 40;
	check_result("prlimit64(0, RLIMIT_NOFILE, {40, hard}, rodata)",
		     sys_prlimit64(0, RLIMIT_NOFILE, &r, (void *)&ro_lim), -EFAULT);
	expect_limit("the limit is {40, hard} all the same", RLIMIT_NOFILE, r);
}

int main(void)
{
	nofile();
	stack();
	errors();
	return check_exit();
}
