/*
 * outcome.h - how a child ended, said as a test line ("exit N", "signal
 * N"), for the tests of user/tests and user/musl that run a case in a
 * child; and what the vDSO tests (user/tests/vdso-*.c, user/musl/mu-clock.c)
 * share: the size of the vDSO's image, and calling into the vDSO after
 * unmapping it. Only calls that libminc and musl both
 * have, so that programs of either can include it.
 */
#ifndef MINOS_USER_TESTS_OUTCOME_H
#define MINOS_USER_TESTS_OUTCOME_H

#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Waits for the child pid (fork's result) and writes how it ended into
 * buf: "exit N", "signal N", or "fork or wait failed". Returns the wait
 * status, -1 for the failure. */
static inline int child_ended(pid_t pid, char *buf, size_t size)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		snprintf(buf, size, "fork or wait failed");
		return -1;
	}
	if (WIFSIGNALED(status))
		snprintf(buf, size, "signal %d", WTERMSIG(status));
	else
		snprintf(buf, size, "exit %d", WEXITSTATUS(status));
	return status;
}

/* One test line for an outcome: "what: got", or "what: got, expected
 * want: FAIL". Returns 1 when got is want. */
static inline int outcome_matches(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want) == 0) {
		printf("%s: %s\n", what, got);
		return 1;
	}
	printf("%s: %s, expected %s: FAIL\n", what, got, want);
	return 0;
}

/* "exit N" or "signal N" for a child that runs fn and exits with its
 * result, written into buf. */
static inline const char *child_outcome(int (*fn)(void), char *buf, size_t size)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	child_ended(pid, buf, size);
	return buf;
}

/* Bytes the vDSO image at base covers, rounded up to pages: it ends with
 * its section headers (e_shoff, e_shentsize and e_shnum of the ELF64
 * header, read byte-wise: the header's alignment is not assumed). */
static inline unsigned long vdso_image_size(unsigned long base)
{
	const unsigned char *eh = (const unsigned char *)base;
	unsigned long shoff, page = 4096;
	unsigned short shentsize, shnum;

	memcpy(&shoff, eh + 40, sizeof(shoff));
	memcpy(&shentsize, eh + 58, sizeof(shentsize));
	memcpy(&shnum, eh + 60, sizeof(shnum));
	return (shoff + (unsigned long)shentsize * shnum + page - 1) & ~(page - 1);
}

/* The C library's three clock calls, as functions for the child: 0 on
 * success. Each goes through the vDSO when the library found one. */
static inline int vdso_call_clock_gettime(void)
{
	struct timespec t;
	return clock_gettime(CLOCK_MONOTONIC, &t);
}
static inline int vdso_call_gettimeofday(void)
{
	struct timeval t;
	return gettimeofday(&t, NULL);
}
static inline int vdso_call_time(void) { return time(NULL) < 0; }

/* The library call vdso_unmapped_then()'s child makes. */
static int (*volatile vdso_after_unmap)(void) __attribute__((unused));

/* Unmaps the vDSO, then makes the call vdso_after_unmap; 2 if it could
 * not unmap. */
static inline int vdso_unmap_then_call(void)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR);

	if (!base || syscall(__NR_munmap, base, vdso_image_size(base)) != 0)
		return 2;
	return vdso_after_unmap();
}

/* "exit N" or "signal N" for a child that unmaps its vDSO, then calls fn:
 * a library call that really goes through the vDSO dies of SIGSEGV. */
static inline const char *vdso_unmapped_then(int (*fn)(void), char *buf, size_t size)
{
	vdso_after_unmap = fn;
	return child_outcome(vdso_unmap_then_call, buf, size);
}

/* Prints how a child ends that unmaps its vDSO and then makes each of the
 * three library clock calls: "signal 11" where the call uses the vDSO. */
static inline void vdso_print_unmapped_calls(void)
{
	char buf[64];

	printf("clock_gettime with the vDSO unmapped: %s\n",
	       vdso_unmapped_then(vdso_call_clock_gettime, buf, sizeof(buf)));
	printf("gettimeofday with the vDSO unmapped: %s\n",
	       vdso_unmapped_then(vdso_call_gettimeofday, buf, sizeof(buf)));
	printf("time with the vDSO unmapped: %s\n",
	       vdso_unmapped_then(vdso_call_time, buf, sizeof(buf)));
}

#endif
