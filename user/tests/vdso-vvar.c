/*
 * vdso-vvar - the vDSO's areas as a process sees them. With no argument
 * (expected: a run on the reference Linux, where the page below the vDSO is
 * also a kernel data page, [vvar_vclock]): that page cannot be written,
 * neither by the program (SIGSEGV) nor by the kernel on its behalf
 * (read(2) into it: -EFAULT), nor made writable or executable by mprotect
 * (-EACCES); the vDSO's own pages are private to the process: a child may
 * make them writable and change them without the parent seeing it; the
 * vDSO keeps working in the parent.
 * With "minos" (expected file: what docs/vdso.md specifies, and getcpu(2)
 * on a one-CPU machine): the page below the vDSO is MinOS's clock page,
 * readable, its sequence count even, and can be made PROT_NONE and
 * readable again (Linux's [vvar_vclock] is two pages, and Linux refuses to
 * split such an area: -EINVAL); getcpu answers CPU 0, node 0; once the
 * clock page is unmapped the vDSO's own clocks fault (SIGSEGV) while a
 * clock it passes to the system call still works. Linux's vDSO reads
 * other pages, so these are not asked of it.
 */
#include <errno.h>
#include <minos_proc.h>
#include <minos_vdso.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <uapi/fcntl.h>
#include <uapi/mman.h>
#include <unistd.h>

#include "check.h"
#include "outcome.h"

#define PAGE 4096UL

typedef int (*gettime_fn)(int, struct timespec *);
typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);

static unsigned long vdso, below;
static gettime_fn v_gettime;

static long sys_mprotect(unsigned long addr, unsigned long len, long prot)
{
	return __syscall3(__NR_mprotect, (long)addr, (long)len, prot);
}

static int read_below(void)
{
	return *(volatile unsigned char *)below & 1;
}

static int write_below(void)
{
	*(volatile unsigned char *)below = 1;
	return 0;
}

/* Makes the vDSO writable and overwrites its ELF magic. */
static int change_vdso(void)
{
	if (sys_mprotect(vdso, vdso_image_size((unsigned long)vdso), PROT_READ | PROT_WRITE | PROT_EXEC) != 0)
		return 2;
	*(volatile unsigned char *)vdso = 0;
	return *(volatile unsigned char *)vdso == 0 ? 0 : 3;
}

static void areas(void)
{
	char buf[64];
	struct timespec t;

	printf("writing the page below the vDSO: %s\n", child_outcome(write_below, buf, sizeof(buf)));
	long fd = __syscall2(__NR_open, (long)"/dev/zero", O_RDONLY);
	check_result("read(/dev/zero) into the page below the vDSO",
		     __syscall3(__NR_read, fd, (long)below, 16), -EFAULT);
	__syscall1(__NR_close, fd);
	check_result("mprotect(below, PROT_READ | PROT_WRITE)",
		     sys_mprotect(below, PAGE, PROT_READ | PROT_WRITE), -EACCES);
	check_result("mprotect(below, PROT_READ | PROT_EXEC)",
		     sys_mprotect(below, PAGE, PROT_READ | PROT_EXEC), -EACCES);
	printf("a child changing its vDSO: %s\n", child_outcome(change_vdso, buf, sizeof(buf)));
	check("the parent's vDSO is unchanged", *(volatile unsigned char *)vdso == 0x7f);
	check_result("the parent's vDSO clock_gettime", v_gettime(CLOCK_MONOTONIC, &t), 0);
}

static int read_clocks_without_vvar(void)
{
	struct timespec t;

	if (__syscall2(__NR_munmap, (long)below, (long)PAGE) != 0)
		return 2;
	if (v_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) != 0) /* the syscall: fine */
		return 3;
	v_gettime(CLOCK_MONOTONIC, &t); /* reads the clock page: faults */
	return 0;
}

static void minos_only(void)
{
	char buf[64];
	getcpu_fn v_getcpu = (getcpu_fn)vdso_sym("__vdso_getcpu", "LINUX_2.6");
	unsigned cpu = 7, node = 7;

	check("__vdso_getcpu is found", v_getcpu != NULL);
	if (v_getcpu) {
		long r = v_getcpu(&cpu, &node, NULL);
		printf("getcpu: %ld, cpu %u, node %u\n", r, cpu, node);
	}
	unsigned seq = *(volatile unsigned *)below; /* time/vvar.h: seq comes first */
	check("the clock page is readable and its sequence count even", (seq & 1) == 0);
	check_result("mprotect(clock page, PROT_NONE)", sys_mprotect(below, PAGE, PROT_NONE), 0);
	printf("reading the clock page under PROT_NONE: %s\n", child_outcome(read_below, buf, sizeof(buf)));
	check_result("mprotect(clock page, PROT_READ)", sys_mprotect(below, PAGE, PROT_READ), 0);
	printf("reading it again: %s\n", child_outcome(read_below, buf, sizeof(buf)));
	printf("the vDSO's clocks with the clock page unmapped: %s\n",
	       child_outcome(read_clocks_without_vvar, buf, sizeof(buf)));
}

int main(int argc, char **argv)
{
	vdso = getauxval(AT_SYSINFO_EHDR);
	below = vdso - PAGE;
	v_gettime = (gettime_fn)vdso_sym("__vdso_clock_gettime", "LINUX_2.6");
	check("the vDSO and its clock_gettime are found", vdso && v_gettime);
	if (!vdso || !v_gettime)
		return check_exit();
	if (argc > 1 && strcmp(argv[1], "minos") == 0)
		minos_only();
	else
		areas();
	return check_exit();
}
