/*
 * bench - TSC cycles per operation for system calls and process operations
 * (the list in `ops` below), as the minimum and median of several rounds;
 * the same static binary runs on Linux and on MinOS (scripts/bench). Timed
 * loops make raw syscalls through inline asm: no C-library code differs.
 * Invariants: one output line per operation, "name min median iterations"
 * or "name n/a: why"; `--quick` only checks that every operation completes
 * (its figures mean little); `--exit` exits at once (the execve target);
 * `--floor`, under the boot option syscall=floor, times SYSCALL + SYSRET
 * alone and reports through int 0x80, since no system call has an effect.
 */
#include <minos_vdso.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>

typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned short u16;

#define ROUNDS_MAX 15
#define PAGE_SIZE 4096

/* Linux's values: include/uapi/linux/time.h, asm-generic/mman-common.h,
 * asm-generic/fcntl.h, arch/x86/entry/syscalls/syscall_32.tbl. */
#define CLOCK_MONOTONIC 1
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define MAP_PRIVATE 0x02
#define MAP_ANONYMOUS 0x20
#define O_RDONLY 0
#define O_WRONLY 1
#define NR32_EXIT 1
#define NR32_WRITE 4
#define NR32_GETPID 20
#define NR_INVALID 100000 /* far beyond the x86-64 tables of Linux and MinOS */

struct bench_timespec {
	long tv_sec, tv_nsec;
};

/* ---- raw system calls (Linux's x86-64 convention) ------------------- */

static inline long sc0(long nr)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(nr) : "rcx", "r11", "memory");
	return r;
}

static inline long sc1(long nr, long a)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a) : "rcx", "r11", "memory");
	return r;
}

static inline long sc2(long nr, long a, long b)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
	return r;
}

static inline long sc3(long nr, long a, long b, long c)
{
	long r;
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return r;
}

static inline long sc4(long nr, long a, long b, long c, long d)
{
	long r;
	register long r10 __asm__("r10") = d;
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return r;
}

static inline long sc6(long nr, long a, long b, long c, long d, long e, long f)
{
	long r;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return r;
}

/* The legacy gate: i386 number in EAX; every other register survives. */
static inline long int80_0(long nr)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr) : "memory");
	return r;
}

static inline long int80_3(long nr, long a, long b, long c)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static __attribute__((noreturn)) void sys_exit_now(int status)
{
	sc1(__NR_exit_group, status);
	__builtin_unreachable();
}

static int is_error(long r) { return (unsigned long)r > -4096UL; }

/* ---- the clock --------------------------------------------------------- */

static int have_rdtscp;

/* LFENCE keeps earlier instructions from starting after RDTSC reads the
 * counter; RDTSCP waits for everything before it to finish, and the
 * LFENCE after it keeps later work from starting early (Intel SDM vol. 2B,
 * RDTSC and RDTSCP; AMD: LFENCE is dispatch-serializing on current CPUs). */
static inline u64 tsc_begin(void)
{
	u32 lo, hi;
	__asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((u64)hi << 32) | lo;
}

static inline u64 tsc_end(void)
{
	u32 lo, hi, aux;
	if (have_rdtscp)
		__asm__ volatile("rdtscp\n\tlfence" : "=a"(lo), "=d"(hi), "=c"(aux)::"memory");
	else
		__asm__ volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi)::"memory");
	return ((u64)hi << 32) | lo;
}

/* CPUID 0x80000001, EDX bit 27: RDTSCP (Intel SDM vol. 2A, CPUID). */
static void detect_rdtscp(void)
{
	u32 a, b, c, d;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000000u), "c"(0));
	if (a < 0x80000001u)
		return;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000001u), "c"(0));
	have_rdtscp = (d >> 27) & 1;
}

/* ---- the vDSO's clock_gettime: libminc's lookup (minos_vdso.h) -------- */

typedef int (*clock_gettime_fn)(int, struct bench_timespec *);

/* ---- the operations ------------------------------------------------------ */

/* Each round function runs n iterations and returns cycles per operation,
 * or 0 after setting `failure` when the operation cannot be done. */
static const char *failure;
static int null_fd = -1, zero_fd = -1;
static clock_gettime_fn vdso_clock_gettime;
static const char *self_path;
static char **self_envp;
static char byte_buf[1];

static u64 per_op(u64 t0, u64 t1, unsigned n) { return (t1 - t0) / n; }

static u64 fail(const char *why)
{
	failure = why;
	return 0;
}

static u64 op_getpid(unsigned n)
{
	u64 t0 = tsc_begin();
	for (unsigned i = 0; i < n; i++)
		sc0(__NR_getpid);
	return per_op(t0, tsc_end(), n);
}

static u64 op_enosys(unsigned n)
{
	u64 t0 = tsc_begin();
	for (unsigned i = 0; i < n; i++)
		sc0(NR_INVALID);
	return per_op(t0, tsc_end(), n);
}

static u64 op_write_null(unsigned n)
{
	u64 t0 = tsc_begin();
	for (unsigned i = 0; i < n; i++)
		sc3(__NR_write, null_fd, (long)byte_buf, 1);
	return per_op(t0, tsc_end(), n);
}

static u64 op_read_zero(unsigned n)
{
	u64 t0 = tsc_begin();
	for (unsigned i = 0; i < n; i++)
		sc3(__NR_read, zero_fd, (long)byte_buf, 1);
	return per_op(t0, tsc_end(), n);
}

static u64 op_clock_syscall(unsigned n)
{
	struct bench_timespec ts;
	u64 t0 = tsc_begin();
	for (unsigned i = 0; i < n; i++)
		sc2(__NR_clock_gettime, CLOCK_MONOTONIC, (long)&ts);
	return per_op(t0, tsc_end(), n);
}

static u64 op_clock_vdso(unsigned n)
{
	struct bench_timespec ts;
	u64 t0 = tsc_begin();
	for (unsigned i = 0; i < n; i++)
		vdso_clock_gettime(CLOCK_MONOTONIC, &ts);
	return per_op(t0, tsc_end(), n);
}

static u64 op_int80_getpid(unsigned n)
{
	u64 t0 = tsc_begin();
	for (unsigned i = 0; i < n; i++)
		int80_0(NR32_GETPID);
	return per_op(t0, tsc_end(), n);
}

/* A child echoes each byte back through a second pipe; one iteration is
 * one byte there and back, so two context switches at least. */
static u64 op_pipe_roundtrip(unsigned n)
{
	int to_child[2], to_parent[2];
	if (sc1(__NR_pipe, (long)to_child) < 0)
		return fail("pipe failed");
	if (sc1(__NR_pipe, (long)to_parent) < 0)
		return fail("pipe failed");
	long pid = sc0(__NR_fork);
	if (pid == 0) {
		char c;
		sc1(__NR_close, to_child[1]);
		sc1(__NR_close, to_parent[0]);
		for (unsigned i = 0; i < n; i++) {
			if (sc3(__NR_read, to_child[0], (long)&c, 1) != 1 ||
			    sc3(__NR_write, to_parent[1], (long)&c, 1) != 1)
				sys_exit_now(1);
		}
		sys_exit_now(0);
	}
	sc1(__NR_close, to_child[0]);
	sc1(__NR_close, to_parent[1]);
	if (is_error(pid)) {
		sc1(__NR_close, to_child[1]);
		sc1(__NR_close, to_parent[0]);
		return fail("fork failed");
	}
	char c = 'x';
	long got = 1;
	u64 t0 = tsc_begin();
	for (unsigned i = 0; i < n && got == 1; i++) {
		sc3(__NR_write, to_child[1], (long)&c, 1);
		got = sc3(__NR_read, to_parent[0], (long)&c, 1);
	}
	u64 t1 = tsc_end();
	sc1(__NR_close, to_child[1]);
	sc1(__NR_close, to_parent[0]);
	int status = -1;
	sc4(__NR_wait4, pid, (long)&status, 0, 0);
	if (got != 1 || status != 0)
		return fail("the echoing child failed");
	return per_op(t0, t1, n);
}

static u64 op_fork_exit(unsigned n)
{
	u64 t0 = tsc_begin();
	for (unsigned i = 0; i < n; i++) {
		long pid = sc0(__NR_fork);
		if (pid == 0)
			sys_exit_now(0);
		if (is_error(pid))
			return fail("fork failed");
		sc4(__NR_wait4, pid, 0, 0, 0);
	}
	return per_op(t0, tsc_end(), n);
}

static u64 op_fork_exec(unsigned n)
{
	char *argv[] = { (char *)self_path, "--exit", NULL };
	int status = 0;
	u64 t0 = tsc_begin();
	for (unsigned i = 0; i < n; i++) {
		long pid = sc0(__NR_fork);
		if (pid == 0) {
			sc3(__NR_execve, (long)self_path, (long)argv, (long)self_envp);
			sys_exit_now(127);
		}
		if (is_error(pid))
			return fail("fork failed");
		sc4(__NR_wait4, pid, (long)&status, 0, 0);
		if (status != 0)
			return fail("execve of itself failed");
	}
	return per_op(t0, tsc_end(), n);
}

static u64 op_mmap_touch(unsigned n)
{
	u64 t0 = tsc_begin();
	for (unsigned i = 0; i < n; i++) {
		long p = sc6(__NR_mmap, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (is_error(p))
			return fail("mmap failed");
		*(volatile char *)p = 1;
		sc2(__NR_munmap, p, PAGE_SIZE);
	}
	return per_op(t0, tsc_end(), n);
}

/* TCP over lo (docs/network.md, section 5). Linux's values:
 * include/linux/socket.h, include/uapi/linux/in.h. */
#define BENCH_AF_INET 2
#define BENCH_SOCK_STREAM 1
#define BENCH_STREAM_CHUNK 65536

struct bench_sockaddr_in {
	u16 family, port; /* port in network order */
	u32 addr;         /* network order */
	unsigned char zero[8];
};

/* A connected pair over 127.0.0.1 (the listener on an ephemeral port,
 * closed once the connection is accepted): 0, or -1. */
static int tcp_pair(int *client, int *server)
{
	struct bench_sockaddr_in a = { BENCH_AF_INET, 0, 0x0100007f, { 0 } };
	u32 len = sizeof(a);
	long l = sc3(__NR_socket, BENCH_AF_INET, BENCH_SOCK_STREAM, 0);
	if (is_error(l))
		return -1;
	if (is_error(sc3(__NR_bind, l, (long)&a, sizeof(a))) || is_error(sc2(__NR_listen, l, 1)) ||
	    is_error(sc3(__NR_getsockname, l, (long)&a, (long)&len))) {
		sc1(__NR_close, l);
		return -1;
	}
	long c = sc3(__NR_socket, BENCH_AF_INET, BENCH_SOCK_STREAM, 0);
	long sv = -1;
	if (!is_error(c) && !is_error(sc3(__NR_connect, c, (long)&a, sizeof(a))))
		sv = sc3(__NR_accept, l, 0, 0);
	sc1(__NR_close, l);
	if (is_error(c) || is_error(sv)) {
		if (!is_error(c))
			sc1(__NR_close, c);
		return -1;
	}
	*client = (int)c;
	*server = (int)sv;
	return 0;
}

/* Ends the child of a socket operation and checks how it went. */
static u64 tcp_finish(long pid, int fd, u64 result)
{
	int status = -1;
	sc1(__NR_close, fd);
	sc4(__NR_wait4, pid, (long)&status, 0, 0);
	if (status != 0)
		return fail("the peer process failed");
	return result;
}

/* One byte to a child over a connected socket and back, n times: the
 * parent keeps `mine`, the child echoes on `theirs`. */
static u64 socket_echo(int mine, int theirs, unsigned n, const char *what)
{
	long pid = sc0(__NR_fork);
	if (pid == 0) {
		char b;
		sc1(__NR_close, mine);
		for (unsigned i = 0; i < n; i++) {
			if (sc3(__NR_read, theirs, (long)&b, 1) != 1 ||
			    sc3(__NR_write, theirs, (long)&b, 1) != 1)
				sys_exit_now(1);
		}
		sys_exit_now(0);
	}
	sc1(__NR_close, theirs);
	if (is_error(pid)) {
		sc1(__NR_close, mine);
		return fail("fork failed");
	}
	char b = 'x';
	long got = 1;
	u64 t0 = tsc_begin();
	for (unsigned i = 0; i < n && got == 1; i++) {
		sc3(__NR_write, mine, (long)&b, 1);
		got = sc3(__NR_read, mine, (long)&b, 1);
	}
	u64 t1 = tsc_end();
	if (got != 1)
		return tcp_finish(pid, mine, fail(what));
	return tcp_finish(pid, mine, per_op(t0, t1, n));
}

/* One byte to a child over a TCP connection on lo and back: like the
 * pipe round trip, plus TCP's and IP's work on each segment. */
static u64 op_tcp_roundtrip(unsigned n)
{
	int c, s;
	if (tcp_pair(&c, &s) < 0)
		return fail("no TCP connection over lo");
	return socket_echo(c, s, n, "the TCP echo stopped");
}

/* One byte to a child over an AF_UNIX stream socket pair and back: the
 * pipe round trip through the socket layer (docs/network.md, section 2). */
#define BENCH_AF_UNIX 1

static u64 op_unix_roundtrip(unsigned n)
{
	int sv[2];
	if (is_error(sc4(__NR_socketpair, BENCH_AF_UNIX, BENCH_SOCK_STREAM, 0, (long)sv)))
		return fail("socketpair failed");
	return socket_echo(sv[0], sv[1], n, "the AF_UNIX echo stopped");
}

/* Throughput: n writes of 64 KiB to a child that reads them all and
 * answers one byte at the end; the cost of each 64 KiB moved. */
static u64 op_tcp_stream(unsigned n)
{
	static char chunk[BENCH_STREAM_CHUNK];
	int c, s;
	if (tcp_pair(&c, &s) < 0)
		return fail("no TCP connection over lo");
	long pid = sc0(__NR_fork);
	if (pid == 0) {
		sc1(__NR_close, c);
		u64 want = (u64)n * BENCH_STREAM_CHUNK, got = 0;
		while (got < want) {
			long r = sc3(__NR_read, s, (long)chunk, sizeof(chunk));
			if (r <= 0)
				sys_exit_now(1);
			got += (u64)r;
		}
		sys_exit_now(sc3(__NR_write, s, (long)chunk, 1) == 1 ? 0 : 1);
	}
	sc1(__NR_close, s);
	if (is_error(pid)) {
		sc1(__NR_close, c);
		return fail("fork failed");
	}
	u64 t0 = tsc_begin();
	for (unsigned i = 0; i < n; i++) {
		long done = 0;
		while (done < BENCH_STREAM_CHUNK) {
			long w = sc3(__NR_write, c, (long)chunk + done, BENCH_STREAM_CHUNK - done);
			if (w <= 0)
				return tcp_finish(pid, c, fail("a TCP write failed"));
			done += w;
		}
	}
	char b;
	long got = sc3(__NR_read, c, (long)&b, 1);
	u64 t1 = tsc_end();
	if (got != 1)
		return tcp_finish(pid, c, fail("no answer at the end of the stream"));
	return tcp_finish(pid, c, per_op(t0, t1, n));
}

/* full: iterations per round in a real run; quick: for `make test`. */
static const struct bench_op {
	const char *name;
	u64 (*round)(unsigned n);
	unsigned full, quick;
} ops[] = {
	{ "getpid", op_getpid, 100000, 50 },
	{ "enosys", op_enosys, 100000, 50 },
	{ "write-devnull", op_write_null, 100000, 50 },
	{ "read-devzero", op_read_zero, 100000, 50 },
	{ "clock-syscall", op_clock_syscall, 100000, 50 },
	{ "clock-vdso", op_clock_vdso, 100000, 50 },
	{ "int80-getpid", op_int80_getpid, 100000, 50 },
	{ "pipe-roundtrip", op_pipe_roundtrip, 5000, 10 },
	{ "fork-exit-wait", op_fork_exit, 500, 3 },
	{ "fork-exec-wait", op_fork_exec, 200, 2 },
	{ "mmap-touch-munmap", op_mmap_touch, 10000, 10 },
	{ "unix-roundtrip", op_unix_roundtrip, 5000, 10 },
	{ "tcp-roundtrip", op_tcp_roundtrip, 2000, 10 },
	{ "tcp-stream-64k", op_tcp_stream, 200, 4 },
};

/* Whether `int 0x80` works here: a child tries it, so that a kernel
 * without the gate (Linux without IA32 emulation) kills only the child. */
static int int80_works(void)
{
	long pid = sc0(__NR_fork);
	if (pid == 0)
		sys_exit_now(int80_0(NR32_GETPID) == sc0(__NR_getpid) ? 0 : 1);
	if (is_error(pid))
		return 0;
	int status = -1;
	sc4(__NR_wait4, pid, (long)&status, 0, 0);
	return status == 0;
}

/* Why an operation cannot run here, or NULL when it can. */
static const char *unavailable(const struct bench_op *op)
{
	if (op->round == op_write_null && null_fd < 0)
		return "cannot open /dev/null";
	if (op->round == op_read_zero && zero_fd < 0)
		return "cannot open /dev/zero";
	if (op->round == op_clock_vdso && !vdso_clock_gettime) {
		vdso_clock_gettime =
			(clock_gettime_fn)vdso_sym("__vdso_clock_gettime", "LINUX_2.6");
		if (!vdso_clock_gettime)
			return getauxval(AT_SYSINFO_EHDR) ? "the vDSO has no __vdso_clock_gettime"
							  : "no vDSO (AT_SYSINFO_EHDR absent)";
	}
	if (op->round == op_int80_getpid && !int80_works())
		return "int 0x80 is not available";
	return NULL;
}

static void sort(u64 *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
			u64 t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* Under syscall=floor every SYSCALL returns at once with RAX unchanged:
 * only the getpid loop is timed, and the report and the exit go through
 * the int 0x80 gate, which the floor leaves alone. The buffer lies in
 * .bss, below 4 GiB, as i386 pointers must. */
static int run_floor(void)
{
	static char line[128];
	unsigned rounds = 7, n = 100000;
	u64 v[ROUNDS_MAX];

	if (sc0(__NR_getpid) != __NR_getpid) {
		printf("bench: --floor needs the boot option syscall=floor\n");
		return 2;
	}
	op_getpid(n / 10);
	for (unsigned r = 0; r < rounds; r++)
		v[r] = op_getpid(n);
	sort(v, rounds);
	int len = snprintf(line, sizeof(line), "%-20s %12llu %12llu %10u\n", "syscall-floor",
			   v[0], v[rounds / 2], n);
	int80_3(NR32_WRITE, 1, (long)line, len);
	int80_3(NR32_EXIT, 0, 0, 0);
	return 1; /* not reached */
}

static void find_self(char *argv0)
{
	static char exe[256];
	long len = sc3(__NR_readlink, (long)"/proc/self/exe", (long)exe, sizeof(exe) - 1);
	if (len > 0 && !is_error(len)) {
		exe[len] = 0;
		self_path = exe;
	} else {
		self_path = argv0;
	}
}

int main(int argc, char **argv, char **envp)
{
	int quick = 0;
	const char *only = NULL;

	detect_rdtscp(); /* CPUID only: no system call, so --floor may follow */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--exit") == 0)
			sys_exit_now(0);
		else if (strcmp(argv[i], "--floor") == 0)
			return run_floor();
		else if (strcmp(argv[i], "--quick") == 0)
			quick = 1;
		else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
			only = argv[++i];
		else {
			dprintf(2, "usage: bench [--quick] [--only NAME] [--floor]\n");
			return 2;
		}
	}
	find_self(argv[0]);
	self_envp = envp;
	null_fd = (int)sc2(__NR_open, (long)"/dev/null", O_WRONLY);
	zero_fd = (int)sc2(__NR_open, (long)"/dev/zero", O_RDONLY);

	unsigned rounds = quick ? 3 : 7;
	printf("bench: TSC cycles per operation, min and median of %u rounds (%s)%s\n", rounds,
	       have_rdtscp ? "rdtscp" : "lfence; rdtsc", quick ? "; quick: not a measurement" : "");
	printf("%-20s %12s %12s %10s\n", "operation", "min", "median", "iterations");
	int failed = 0;
	for (unsigned k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		const struct bench_op *op = &ops[k];
		if (only && strcmp(only, op->name) != 0)
			continue;
		const char *why = unavailable(op);
		if (why) {
			printf("%-20s n/a: %s\n", op->name, why);
			continue;
		}
		unsigned n = quick ? op->quick : op->full;
		u64 v[ROUNDS_MAX];
		failure = NULL;
		op->round(n / 10 ? n / 10 : 1); /* warm-up: caches, page tables, TLB */
		for (unsigned r = 0; r < rounds && !failure; r++)
			v[r] = op->round(n);
		if (failure) {
			printf("%-20s failed: %s\n", op->name, failure);
			failed = 1;
			continue;
		}
		sort(v, rounds);
		printf("%-20s %12llu %12llu %10u\n", op->name, v[0], v[rounds / 2], n);
	}
	return failed;
}
