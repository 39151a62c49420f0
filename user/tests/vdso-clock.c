/*
 * vdso-clock - the vDSO's clocks against the system calls: over many
 * readings that alternate a vDSO call and a syscall, no clock goes back;
 * each CLOCK_REALTIME, gettimeofday and time reading from the vDSO lies
 * between two syscall readings taken around it, almost always within a
 * millisecond; the clocks the vDSO does not serve itself (the CPU-time
 * clocks, bad ids, a NULL result) give the system call's answer, errors
 * included; getcpu succeeds; a forked child's vDSO works, and a call into
 * an unmapped vDSO is a SIGSEGV. Raw results are compared (the vDSO
 * returns -errno, as the syscall). Clock values are never printed.
 * Expected: a run on the reference Linux, whose vDSO behaves the same way.
 */
#include <limits.h>
#include <minos_proc.h>
#include <minos_vdso.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "outcome.h"

#define CLOCK_TAI 11 /* include/uapi/linux/time.h */
#define NSEC_PER_SEC 1000000000LL
#define NSEC_PER_MSEC 1000000LL
#define USEC_PER_SEC 1000000LL
#define USEC_PER_MSEC 1000LL
#define ROUNDS 5000  /* alternating pairs per clock */
#define SAMPLES 1000 /* bracketed readings per real-time call */
#define PAGE 4096UL

typedef int (*gettime_fn)(int, struct timespec *);
typedef int (*gettimeofday_fn)(struct timeval *, struct timezone *);
typedef long (*time_fn)(long *);
typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);

static gettime_fn v_gettime;
static gettimeofday_fn v_gettimeofday;
static time_fn v_time;
static getcpu_fn v_getcpu;

static long s_gettime(long id, struct timespec *ts)
{
	return __syscall2(__NR_clock_gettime, id, (long)ts);
}

static long long ns(struct timespec t) { return t.tv_sec * NSEC_PER_SEC + t.tv_nsec; }
static long long us(struct timeval t) { return t.tv_sec * USEC_PER_SEC + t.tv_usec; }
static int valid(struct timespec t)
{
	return t.tv_sec >= 0 && t.tv_nsec >= 0 && t.tv_nsec < NSEC_PER_SEC;
}

static const struct {
	const char *name;
	int id;
} clocks[] = {
	{ "CLOCK_REALTIME", CLOCK_REALTIME },
	{ "CLOCK_MONOTONIC", CLOCK_MONOTONIC },
	{ "CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW },
	{ "CLOCK_REALTIME_COARSE", CLOCK_REALTIME_COARSE },
	{ "CLOCK_MONOTONIC_COARSE", CLOCK_MONOTONIC_COARSE },
	{ "CLOCK_BOOTTIME", CLOCK_BOOTTIME },
	{ "CLOCK_TAI", CLOCK_TAI },
};

/* Readings alternate vDSO, syscall, vDSO...: none may be earlier than the
 * one before it, whichever way each was taken. */
static void never_back(const char *name, int id)
{
	struct timespec t;
	long long last = -1;
	int ok = 1;

	for (int i = 0; i < 2 * ROUNDS && ok; i++) {
		long r = i % 2 ? s_gettime(id, &t) : v_gettime(id, &t);
		ok = r == 0 && valid(t) && ns(t) >= last;
		last = ns(t);
	}
	char what[96];
	snprintf(what, sizeof(what), "%s: vDSO and syscall readings never go back", name);
	check(what, ok);
}

static void realtime_bracketed(void)
{
	int inside = 1, near = 0;

	for (int i = 0; i < SAMPLES; i++) {
		struct timespec a, v, b;
		s_gettime(CLOCK_REALTIME, &a);
		v_gettime(CLOCK_REALTIME, &v);
		s_gettime(CLOCK_REALTIME, &b);
		inside &= ns(a) <= ns(v) && ns(v) <= ns(b);
		near += ns(v) - ns(a) <= NSEC_PER_MSEC;
	}
	check("CLOCK_REALTIME: each vDSO reading lies between the syscall's", inside);
	check("CLOCK_REALTIME: 99% of vDSO readings within 1 ms of the syscall",
	      near >= SAMPLES * 99 / 100);
}

static void gettimeofday_bracketed(void)
{
	int inside = 1, near = 0, same_tz = 1;

	for (int i = 0; i < SAMPLES; i++) {
		struct timeval a, v, b;
		struct timezone sz = { -1, -1 }, vz = { -2, -2 };
		__syscall2(__NR_gettimeofday, (long)&a, (long)&sz);
		long r = v_gettimeofday(&v, &vz);
		__syscall2(__NR_gettimeofday, (long)&b, 0);
		inside &= r == 0 && us(a) <= us(v) && us(v) <= us(b) && v.tv_usec < USEC_PER_SEC;
		near += us(v) - us(a) <= USEC_PER_MSEC;
		same_tz &= sz.tz_minuteswest == vz.tz_minuteswest && sz.tz_dsttime == vz.tz_dsttime;
	}
	check("gettimeofday: each vDSO reading lies between the syscall's", inside);
	check("gettimeofday: 99% of vDSO readings within 1 ms of the syscall",
	      near >= SAMPLES * 99 / 100);
	check("gettimeofday: the vDSO's time zone is the syscall's", same_tz);
	check_result("gettimeofday(NULL, NULL) through the vDSO", v_gettimeofday(NULL, NULL), 0);
}

static void time_bracketed(void)
{
	int inside = 1;

	for (int i = 0; i < SAMPLES; i++) {
		long a = __syscall1(__NR_time, 0);
		long stored = -1;
		long v = v_time(&stored);
		long b = __syscall1(__NR_time, 0);
		inside &= a <= v && v <= b && stored == v;
	}
	check("time: each vDSO result lies between the syscall's and is stored", inside);
	long a = __syscall1(__NR_time, 0), v = v_time(NULL), b = __syscall1(__NR_time, 0);
	check("time(NULL) through the vDSO", a <= v && v <= b);
}

/* What the vDSO does not answer from the clock page, the syscall does. */
static void fallbacks(void)
{
	static const long bad_ids[] = { 10, 12, 16, 1000, INT_MAX, -1, INT_MIN };
	static const int cpu_clocks[] = { CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID };
	char what[96];

	for (unsigned i = 0; i < sizeof(cpu_clocks) / sizeof(cpu_clocks[0]); i++) {
		struct timespec t = { -1, -1 };
		int id = cpu_clocks[i];
		snprintf(what, sizeof(what), "vDSO clock_gettime(%d)", id);
		check_result(what, v_gettime(id, &t), 0);
		snprintf(what, sizeof(what), "vDSO clock_gettime(%d) gives a valid time", id);
		check(what, valid(t));
		snprintf(what, sizeof(what), "vDSO clock_gettime(%d, NULL)", id);
		check_result(what, v_gettime(id, NULL), s_gettime(id, NULL));
	}
	for (unsigned i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
		struct timespec t = { 7, 7 };
		int id = (int)bad_ids[i];
		snprintf(what, sizeof(what), "vDSO clock_gettime(%d)", id);
		check_result(what, v_gettime(id, &t), s_gettime(id, &t));
		snprintf(what, sizeof(what), "vDSO clock_gettime(%d) leaves the result alone", id);
		check(what, t.tv_sec == 7 && t.tv_nsec == 7);
		snprintf(what, sizeof(what), "vDSO clock_gettime(%d, NULL)", id);
		check_result(what, v_gettime(id, NULL), s_gettime(id, NULL));
	}
}

static void getcpu(void)
{
	unsigned cpu = ~0u, node = ~0u;

	check_result("vDSO getcpu", v_getcpu(&cpu, &node, NULL), 0);
	check("vDSO getcpu: a CPU number is written (below Linux's limit of 8192)", cpu < 8192);
	check("vDSO getcpu: NUMA node 0", node == 0);
	check_result("vDSO getcpu(NULL, NULL, NULL)", v_getcpu(NULL, NULL, NULL), 0);
}

static int child_reads(void)
{
	struct timespec a, b;

	for (int i = 0; i < ROUNDS; i++)
		if (v_gettime(CLOCK_MONOTONIC, &a) || s_gettime(CLOCK_MONOTONIC, &b) || ns(b) < ns(a))
			return 1;
	return 0;
}

/* Unmaps the whole vDSO and calls into it. */
static int child_unmaps(void)
{
	struct timespec t;
	unsigned long base = getauxval(AT_SYSINFO_EHDR);

	if (__syscall2(__NR_munmap, (long)base, (long)vdso_image_size(base)) != 0)
		return 2;
	v_gettime(CLOCK_MONOTONIC, &t);
	return 0;
}

int main(void)
{
	char buf[64];

	v_gettime = (gettime_fn)vdso_sym("__vdso_clock_gettime", "LINUX_2.6");
	v_gettimeofday = (gettimeofday_fn)vdso_sym("__vdso_gettimeofday", "LINUX_2.6");
	v_time = (time_fn)vdso_sym("__vdso_time", "LINUX_2.6");
	v_getcpu = (getcpu_fn)vdso_sym("__vdso_getcpu", "LINUX_2.6");
	check("the four vDSO functions are found",
	      v_gettime && v_gettimeofday && v_time && v_getcpu);
	if (!(v_gettime && v_gettimeofday && v_time && v_getcpu))
		return check_exit();

	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++)
		never_back(clocks[i].name, clocks[i].id);
	realtime_bracketed();
	gettimeofday_bracketed();
	time_bracketed();
	fallbacks();
	getcpu();
	printf("forked child reading both ways: %s\n", child_outcome(child_reads, buf, sizeof(buf)));
	printf("child calling into its unmapped vDSO: %s\n", child_outcome(child_unmaps, buf, sizeof(buf)));
	return check_exit();
}
