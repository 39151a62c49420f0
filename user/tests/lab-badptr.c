/*
 * lab-badptr - the robustness lab (docs/labs/robustness.md): "lab-badptr read |
 * write | kernel [ADDR]" passes mapped kernel-half addresses to calls that copy
 * through the user-copy helpers; each must be -EFAULT and the process go on.
 * Expected: the same binary on the reference Linux (checked: all -EFAULT,
 * status 0).
 */
#include <minos_rawcall.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <uapi/fcntl.h>
#include <uapi/time.h>

#include "check.h"

/* Linux's x86-64 values: asm-generic/errno-base.h, asm/signal.h,
 * asm-generic/resource.h, unistd.h. */
#define EFAULT_RESULT (-14L)
#define SIGUSR1 10
#define SIG_BLOCK 0
#define SIGSET_SIZE 8
#define RLIMIT_CORE 4
#define RLIMIT_NOFILE 7
#define F_OK 0

/* MinOS's kernel half (kernel/mm/vm.h); on Linux, kernel memory too. */
#define DIRECT_MAP 0xffff800000000000UL /* physical address 0 */
#define DIRECT_MAP_IMAGE (DIRECT_MAP + 0x100000UL) /* the kernel image */
#define KERNEL_HEAP 0xffffc00000000000UL

static const struct {
	const char *name;
	unsigned long addr;
} mapped_kernel[] = {
	{ "direct map", DIRECT_MAP },
	{ "direct map of the kernel image", DIRECT_MAP_IMAGE },
	{ "kernel heap", KERNEL_HEAP },
};
#define N_MAPPED (sizeof(mapped_kernel) / sizeof(mapped_kernel[0]))

static void expect_efault(const char *call, const char *where, long r)
{
	char what[128];

	snprintf(what, sizeof(what), "%s(%s)", call, where);
	check_result(what, r, EFAULT_RESULT);
}

/* The kernel must not read from p. */
static void reads_from(const char *where, unsigned long p, int null_fd)
{
	long a = (long)p;

	expect_efault("open", where, sys(__NR_open, a, O_RDONLY, 0, 0));
	expect_efault("stat", where, sys(__NR_stat, a, (long)"/", 0, 0));
	expect_efault("access", where, sys(__NR_access, a, F_OK, 0, 0));
	expect_efault("chdir", where, sys(__NR_chdir, a, 0, 0, 0));
	expect_efault("rt_sigaction act", where, sys(__NR_rt_sigaction, SIGUSR1, a, 0, SIGSET_SIZE));
	expect_efault("rt_sigprocmask set", where,
		      sys(__NR_rt_sigprocmask, SIG_BLOCK, a, 0, SIGSET_SIZE));
	expect_efault("setrlimit(RLIMIT_CORE)", where, sys(__NR_setrlimit, RLIMIT_CORE, a, 0, 0));
	expect_efault("writev iov", where, sys(__NR_writev, null_fd, a, 1, 0));
}

/* The kernel must not write to p. */
static void writes_to(const char *where, unsigned long p)
{
	long a = (long)p;

	expect_efault("uname", where, sys(__NR_uname, a, 0, 0, 0));
	expect_efault("clock_gettime", where, sys(__NR_clock_gettime, CLOCK_MONOTONIC, a, 0, 0));
	expect_efault("gettimeofday", where, sys(__NR_gettimeofday, a, 0, 0, 0));
	expect_efault("fstat", where, sys(__NR_fstat, 1, a, 0, 0));
	expect_efault("getrlimit(RLIMIT_NOFILE)", where, sys(__NR_getrlimit, RLIMIT_NOFILE, a, 0, 0));
	expect_efault("sysinfo", where, sys(__NR_sysinfo, a, 0, 0, 0));
	expect_efault("rt_sigprocmask oldset", where,
		      sys(__NR_rt_sigprocmask, SIG_BLOCK, 0, a, SIGSET_SIZE));
	expect_efault("pipe", where, sys(__NR_pipe, a, 0, 0, 0));
	/* wait4 reaps the child, then fails to clear the rusage (as Linux). */
	long child = sys(__NR_fork, 0, 0, 0, 0);
	if (child == 0)
		sys(__NR_exit_group, 0, 0, 0, 0);
	expect_efault("wait4 rusage", where, __syscall6(__NR_wait4, child, 0, 0, a, 0, 0));
}

/* The process and the kernel still work: a few calls with good pointers. */
static void still_alive(void)
{
	struct timespec ts = { -1, -1 };
	check_result("clock_gettime(good pointer)",
		     sys(__NR_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0), 0);
	check("the time was written", ts.tv_sec >= 0 && ts.tv_nsec >= 0);
	check("getpid works", sys(__NR_getpid, 0, 0, 0, 0) > 0);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "read") == 0) {
		int null_fd = (int)sys(__NR_open, (long)"/dev/null", O_WRONLY, 0, 0);
		for (unsigned i = 0; i < N_MAPPED; i++)
			reads_from(mapped_kernel[i].name, mapped_kernel[i].addr, null_fd);
	} else if (strcmp(mode, "write") == 0) {
		/* Only the page at physical 0 (the real-mode interrupt table,
		 * unused in long mode): a weak kernel survives these writes. */
		writes_to("direct map", DIRECT_MAP);
	} else if (strcmp(mode, "kernel") == 0) {
		/* scripts/grade passes the direct-map address of syscall_dispatch. */
		unsigned long addr = argc > 2 ? strtoul(argv[2], NULL, 0) : DIRECT_MAP_IMAGE;
		writes_to("kernel code", addr);
	} else {
		printf("usage: lab-badptr read | write | kernel [ADDR]\n");
		return 2;
	}
	still_alive();
	return check_exit();
}
