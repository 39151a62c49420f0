/*
 * vdso-libc - libminc's clock_gettime, gettimeofday and time go through
 * the vDSO (lib/vdso.c, lib/time.c) and give the system calls' answers:
 * each result lies between two syscall readings taken around it; errors
 * follow the C convention (-1 and errno: EINVAL for a bad id, EFAULT for a
 * CPU-time clock given NULL); clock_getres is the syscall's. Proof that the
 * calls really enter the vDSO: once a child has unmapped it, the same
 * library call kills the child with SIGSEGV. Clock values are never printed.
 * Expected: a run on the reference Linux, whose vDSO libminc finds the
 * same way.
 * `vdso-libc none`, for a kernel booted with vdso=0 (no AT_SYSINFO_EHDR):
 * the same calls give the same answers through the system calls alone
 * (expected file: the Linux run's lines for them).
 */
#include <errno.h>
#include <minos_proc.h>
#include <minos_vdso.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "outcome.h"

#define NSEC_PER_SEC 1000000000LL
#define USEC_PER_SEC 1000000LL
#define SAMPLES 1000
#define PAGE 4096UL

static long long ns(struct timespec t) { return t.tv_sec * NSEC_PER_SEC + t.tv_nsec; }
static long long us(struct timeval t) { return t.tv_sec * USEC_PER_SEC + t.tv_usec; }

static void results(void)
{
	int in_rt = 1, in_mono = 1, in_tv = 1, in_time = 1;

	for (int i = 0; i < SAMPLES; i++) {
		struct timespec a, v, b;
		__syscall2(__NR_clock_gettime, CLOCK_REALTIME, (long)&a);
		in_rt &= clock_gettime(CLOCK_REALTIME, &v) == 0;
		__syscall2(__NR_clock_gettime, CLOCK_REALTIME, (long)&b);
		in_rt &= ns(a) <= ns(v) && ns(v) <= ns(b);

		__syscall2(__NR_clock_gettime, CLOCK_MONOTONIC, (long)&a);
		in_mono &= clock_gettime(CLOCK_MONOTONIC, &v) == 0;
		__syscall2(__NR_clock_gettime, CLOCK_MONOTONIC, (long)&b);
		in_mono &= ns(a) <= ns(v) && ns(v) <= ns(b);

		struct timeval ta, tv, tb;
		__syscall2(__NR_gettimeofday, (long)&ta, 0);
		in_tv &= gettimeofday(&tv, NULL) == 0;
		__syscall2(__NR_gettimeofday, (long)&tb, 0);
		in_tv &= us(ta) <= us(tv) && us(tv) <= us(tb);

		long sa = __syscall1(__NR_time, 0);
		time_t stored = -1, st = time(&stored);
		long sb = __syscall1(__NR_time, 0);
		in_time &= sa <= st && st <= sb && stored == st;
	}
	check("clock_gettime(CLOCK_REALTIME) lies between syscall readings", in_rt);
	check("clock_gettime(CLOCK_MONOTONIC) lies between syscall readings", in_mono);
	check("gettimeofday lies between syscall readings", in_tv);
	check("time lies between syscall readings and is stored", in_time);
}

static void errors(void)
{
	struct timespec t;

	errno = 0;
	check_result("clock_gettime(CLOCK_PROCESS_CPUTIME_ID)",
		     clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t), 0);
	check("clock_gettime(10) returns -1", clock_gettime(10, &t) == -1);
	check_result("clock_gettime(10) sets errno", -errno, -EINVAL);
	check("clock_gettime(-1) returns -1", clock_gettime(-1, &t) == -1);
	check_result("clock_gettime(-1) sets errno", -errno, -EINVAL);
	check("clock_gettime(CLOCK_PROCESS_CPUTIME_ID, NULL) returns -1",
	      clock_gettime(CLOCK_PROCESS_CPUTIME_ID, NULL) == -1);
	check_result("clock_gettime(CLOCK_PROCESS_CPUTIME_ID, NULL) sets errno", -errno, -EFAULT);
	check_result("gettimeofday(NULL, NULL)", gettimeofday(NULL, NULL), 0);

	struct timespec res = { -1, -1 };
	check_result("clock_getres(CLOCK_MONOTONIC)", clock_getres(CLOCK_MONOTONIC, &res), 0);
	check("clock_getres(CLOCK_MONOTONIC) is 1 ns", res.tv_sec == 0 && res.tv_nsec == 1);
	check("clock_getres(10) returns -1", clock_getres(10, &res) == -1);
	check_result("clock_getres(10) sets errno", -errno, -EINVAL);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "none") == 0) {
		errno = 0;
		check("AT_SYSINFO_EHDR is absent", getauxval(AT_SYSINFO_EHDR) == 0 && errno == ENOENT);
		check("vdso_sym finds nothing", !vdso_sym("__vdso_clock_gettime", "LINUX_2.6"));
		results();
		errors();
		return check_exit();
	}
	results();
	errors();
	vdso_print_unmapped_calls();
	return check_exit();
}
