/*
 * sysfuzz - a system-call fuzzer, MinOS only: never run it on a Linux
 * host, where it would throw random system calls at the host itself.
 *
 *   sysfuzz [-s SEED] [-n COUNT] [-w WORKERS] [-o WORKER] [-v]
 *
 * A master forks WORKERS workers (default 4); each makes its share of
 * COUNT raw system calls, with arguments from a dictionary of interesting
 * values (boundaries, its own valid and hostile pointers, valid and
 * invalid descriptors, flag words). Call i of worker w is drawn from a
 * PRNG seeded from (SEED, w, i) alone, so a run is reproducible: -o W runs
 * worker W's share alone, the same calls; -v prints each call before
 * making it (and each replaced worker), so after a panic or a hang the
 * last call printed is the culprit.
 *
 * A worker tells the master, through a pipe, the index of each call
 * before making it. When a worker dies (a signal, an exit) or makes no
 * progress for STUCK_MS (ASLEEP_MS when it sleeps in the kernel
 * meanwhile: a call that blocks forever), the master kills and replaces
 * it with a new worker that starts at the next index of the same share:
 * every index is made once.
 *
 * Then the master checks that the system is back to its baseline: the
 * first WARMUP_CALLS calls, made again after the fuzzing (the kernel heap
 * has grown for them by then), leave the free memory where it was; only
 * the master (and the processes above it, such as a tracer) is left. What it prints is the same on every run of a seed,
 * count and worker count (tests/expected/sysfuzz.out); -v adds lines that
 * depend on timing.
 *
 * Invariants: a worker never lets garbage reach the terminal (/dev/null
 * is its 0, 1 and 2), never signals, traces or reads or writes the memory
 * of another process, never forks, execs
 * or reboots; everything it creates in the file system is under
 * /tmp/sysfuzz.W or has one of the names in rel_names, which the master
 * removes after each round.
 */
#include <errno.h>
#include <limits.h>
#include <minos_util.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>

#include <uapi/dirent.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <uapi/mman.h>
#include <uapi/time.h>
#include <minos_rawcall.h>

#define PAGE 4096UL
#define MAX_WORKERS 16
#define DEFAULT_WORKERS 4
#define DEFAULT_COUNT 100000L
#define WARMUP_CALLS 1000L
#define STUCK_MS 2000L      /* a worker silent this long is killed, */
#define ASLEEP_MS 200L      /* and sooner when it sleeps in the kernel */
#define POLL_NS 1000000L    /* the master's nap between looks: 1 ms */
#define WNOHANG 1

/* Descriptors a worker keeps for itself, out of reach of the dictionary
 * (no value it draws is either): the progress pipe and, with -v, the
 * terminal for the call trace. */
#define PROGRESS_FD 999
#define TRACE_FD 998

/* A pid that never exists: above MinOS's PID_MAX and Linux's
 * PID_MAX_LIMIT. kill(2) is only ever aimed here or at the worker. */
#define DEAD_PID 0x3fffff

/* ---- the system calls ------------------------------------------------ */

struct sc {
	short nr;
	const char *name;
};

/*
 * The numbers with a handler (an entry point) in
 * kernel/syscall/syscall_64.tbl. To refresh after the table changes:
 *   awk '!/^#/ && NF >= 4 { printf "\t{ %d, \"%s\" },\n", $1, $3 }' \
 *       kernel/syscall/syscall_64.tbl
 */
static const struct sc implemented[] = {
	{ 0, "read" }, { 1, "write" }, { 2, "open" }, { 3, "close" },
	{ 4, "stat" }, { 5, "fstat" }, { 6, "lstat" }, { 7, "poll" },
	{ 8, "lseek" }, { 9, "mmap" }, { 10, "mprotect" }, { 11, "munmap" },
	{ 12, "brk" }, { 13, "rt_sigaction" }, { 14, "rt_sigprocmask" },
	{ 16, "ioctl" }, { 17, "pread64" }, { 18, "pwrite64" }, { 19, "readv" },
	{ 20, "writev" }, { 21, "access" }, { 22, "pipe" }, { 24, "sched_yield" },
	{ 32, "dup" }, { 33, "dup2" }, { 35, "nanosleep" }, { 39, "getpid" },
	{ 56, "clone" }, { 57, "fork" }, { 58, "vfork" }, { 59, "execve" },
	{ 60, "exit" }, { 61, "wait4" }, { 62, "kill" }, { 63, "uname" },
	{ 72, "fcntl" }, { 76, "truncate" }, { 77, "ftruncate" },
	{ 79, "getcwd" }, { 80, "chdir" }, { 81, "fchdir" }, { 82, "rename" },
	{ 83, "mkdir" }, { 84, "rmdir" }, { 85, "creat" }, { 87, "unlink" },
	{ 88, "symlink" }, { 89, "readlink" }, { 95, "umask" },
	{ 96, "gettimeofday" }, { 97, "getrlimit" }, { 99, "sysinfo" },
	{ 102, "getuid" }, { 104, "getgid" }, { 107, "geteuid" },
	{ 108, "getegid" }, { 109, "setpgid" }, { 110, "getppid" },
	{ 111, "getpgrp" }, { 112, "setsid" }, { 121, "getpgid" },
	{ 124, "getsid" }, { 158, "arch_prctl" }, { 160, "setrlimit" },
	{ 186, "gettid" }, { 201, "time" }, { 217, "getdents64" },
	{ 218, "set_tid_address" }, { 228, "clock_gettime" },
	{ 229, "clock_getres" }, { 230, "clock_nanosleep" },
	{ 231, "exit_group" }, { 257, "openat" }, { 258, "mkdirat" },
	{ 262, "newfstatat" }, { 263, "unlinkat" }, { 264, "renameat" },
	{ 269, "faccessat" }, { 292, "dup3" }, { 293, "pipe2" },
	{ 302, "prlimit64" }, { 318, "getrandom" },
};
#define N_IMPLEMENTED (sizeof(implemented) / sizeof(implemented[0]))

/* Linux's x86-64 numbers of the calls a worker must not make: new
 * processes (the master does the forking), a new program (/bin/sh would
 * read the terminal forever), signals to other threads, reboot. */
#define NR_CLONE 56
#define NR_FORK 57
#define NR_VFORK 58
#define NR_EXECVE 59
#define NR_EXIT 60
#define NR_KILL 62
#define NR_PTRACE 101
#define PTRACE_TRACEME 0
#define PTRACE_PEEKDATA 2
#define NR_REBOOT 169
#define NR_TKILL 200
#define NR_EXIT_GROUP 231
#define NR_TGKILL 234
#define NR_PRLIMIT64 302
#define NR_PROCESS_VM_READV 310
#define NR_PROCESS_VM_WRITEV 311
#define NR_EXECVEAT 322
#define NR_CLONE3 435
/* MinOS's own calls, above Linux's numbers: the trace lab's call (1026)
 * switches on a line for every later call of the worker, which would
 * flood the log and slow the run to a crawl; 1025, the stats lab's, and
 * 1024 (once minos_trace, now -ENOSYS) are kept out with it. */
#define NR_MINOS_FIRST 1024
#define NR_MINOS_LAST 1026

/* A draw of exit or exit_group is kept once in this many: they only end
 * the worker, which the master replaces, at the cost of a fork. */
#define EXIT_ONE_IN 16

/* Whether a drawn number is refused. Linux looks only at the low 32 bits
 * of RAX (MinOS at all 64), so the test uses those. */
static bool forbidden(long nr)
{
	switch ((unsigned)nr) {
	case NR_CLONE: case NR_FORK: case NR_VFORK: case NR_EXECVE:
	case NR_REBOOT: case NR_TKILL: case NR_TGKILL: case NR_EXECVEAT:
	case NR_CLONE3:
		return true;
	default:
		return (unsigned)nr >= NR_MINOS_FIRST && (unsigned)nr <= NR_MINOS_LAST;
	}
}

static const char *sc_name(long nr)
{
	for (size_t i = 0; i < N_IMPLEMENTED; i++)
		if (implemented[i].nr == nr)
			return implemented[i].name;
	return "syscall";
}

/* ---- the PRNG: xorshift64*, one state per call ------------------------ */

struct rng {
	unsigned long s;
};

/* splitmix64's finaliser: spreads every input bit over the output. */
static unsigned long mix(unsigned long x)
{
	x += 0x9e3779b97f4a7c15UL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
	return x ^ (x >> 31);
}

/* The state for call `index` of worker `worker`: a function of the three
 * numbers only, so a replacement worker re-derives it from where it
 * starts. */
static void rng_seed(struct rng *r, unsigned long seed, int worker, long index)
{
	r->s = mix(mix(seed ^ mix((unsigned long)worker + 1)) ^ (unsigned long)index);
	if (r->s == 0)
		r->s = 1; /* xorshift's one fixed point */
}

static unsigned long rng_next(struct rng *r)
{
	unsigned long x = r->s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545f4914f6cdd1dUL;
}

static unsigned long rng_below(struct rng *r, unsigned long n)
{
	return rng_next(r) % n;
}

/* ---- the worker's memory ----------------------------------------------- */

/*
 * The 64 KiB every valid pointer points into, page-aligned so that the
 * memory calls can act on it. Its layout, written by fill_buffer: path
 * strings, a path longer than PATH_MAX, small structures the calls read
 * (timespecs, iovecs, pollfds, rlimits, sigactions), then random bytes.
 * The calls overwrite it at will; only the setup reads it.
 */
#define BUF_SIZE (64 * 1024)
#define OFF_STRINGS 0x0000  /* STR_SLOT bytes per string */
#define STR_SLOT 128
#define OFF_TOOLONG 0x1000  /* PATH_MAX + 100 bytes of path, then NUL */
#define OFF_TIMESPEC 0x2200
#define OFF_IOVEC 0x2300
#define OFF_POLLFD 0x2400
#define OFF_RLIMIT 0x2500
#define OFF_SIGACT 0x2600
#define OFF_RANDOM 0x3000
#define PATH_MAX_LINUX 4096

static unsigned char buf[BUF_SIZE] __attribute__((aligned(4096)));

/* Where main's stack scratch area is: a pointer "into the worker's stack"
 * that no deeper frame depends on (writes through it only go up). */
static unsigned char *stack_area;
#define STACK_AREA_SIZE 1024

/* Names a worker may create outside its directory, when a call moved its
 * working directory up to /tmp or / (relative paths of the dictionary). */
static const char *const rel_names[] = { "f", "d", "n", "l" };

/* Options, global so that no worker reads them through main's frame. */
static struct {
	unsigned long seed;
	long count;
	int workers;
	int only;     /* -o: the one worker to run, or -1 */
	bool verbose;
} opt = { 1, DEFAULT_COUNT, DEFAULT_WORKERS, -1, false };

/* What a worker's dictionary knows of its own state, set up by
 * worker_setup; lives in the worker's frame, not in buf or the bss. */
struct ctx {
	int worker;
	long self;          /* its pid */
	long pipe_rd, pipe_wr, file_fd, null_fd, dir_fd;
	unsigned long ro_page, gone_page;
	int n_strings;
	unsigned long strings[32];
};

static long now_ms(void)
{
	struct timespec ts;
	sys(__NR_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap(long ns)
{
	struct timespec ts = { 0, ns };
	sys(__NR_nanosleep, (long)&ts, 0, 0);
}

/* ---- removing what the workers made ------------------------------------ */

/* Removes name under dirfd and everything below it: true if it is gone.
 * Whatever cannot be removed stays. */
static bool remove_tree(int dirfd, const char *name)
{
	char dents[1024];
	char child[256];

	if (sys(__NR_unlinkat, dirfd, (long)name, 0) == 0)
		return true;
	long fd = __syscall6(__NR_openat, dirfd, (long)name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW,
			     0, 0, 0);
	if (fd < 0)
		return false;
	/* Passes over the directory until one removes nothing: removing
	 * entries while reading may make getdents skip some. */
	for (bool removed = true; removed;) {
		removed = false;
		sys(__NR_lseek, fd, 0, SEEK_SET);
		long n;
		while ((n = sys(__NR_getdents64, fd, (long)dents, sizeof(dents))) > 0) {
			for (long off = 0; off < n;) {
				struct linux_dirent64 *d = (struct linux_dirent64 *)(dents + off);
				off += d->d_reclen;
				if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
					continue;
				strlcpy(child, d->d_name, sizeof(child));
				removed |= remove_tree((int)fd, child);
			}
		}
	}
	sys(__NR_close, fd, 0, 0);
	return sys(__NR_unlinkat, dirfd, (long)name, AT_REMOVEDIR) == 0;
}

static void worker_dir(char *out, size_t size, int w)
{
	snprintf(out, size, "/tmp/sysfuzz.%d", w);
}

/* What workers may have made outside their directories. */
static void cleanup_shared(void)
{
	static const char *const bases[] = { "/", "/tmp" };

	for (size_t b = 0; b < 2; b++) {
		long fd = sys(__NR_open, (long)bases[b], O_RDONLY | O_DIRECTORY, 0);
		if (fd < 0)
			continue;
		for (size_t i = 0; i < sizeof(rel_names) / sizeof(rel_names[0]); i++)
			remove_tree((int)fd, rel_names[i]);
		sys(__NR_close, fd, 0, 0);
	}
}

/* Everything any worker may have left in the file system. */
static void cleanup(void)
{
	char path[64];

	for (int w = 0; w < MAX_WORKERS; w++) {
		worker_dir(path, sizeof(path), w);
		remove_tree(AT_FDCWD, path);
	}
	cleanup_shared();
}

/* ---- a worker ----------------------------------------------------------- */

static void put_string(struct ctx *c, const char *s)
{
	int i = c->n_strings++;
	unsigned char *p = buf + OFF_STRINGS + (size_t)i * STR_SLOT;
	strlcpy((char *)p, s, STR_SLOT);
	c->strings[i] = (unsigned long)p;
}

/* The buffer's contents for worker w: the same for every worker that
 * takes over w's share. */
static void fill_buffer(struct ctx *c, const char *dir)
{
	struct rng r;
	char s[STR_SLOT];

	rng_seed(&r, opt.seed, c->worker, -1);
	for (size_t i = 0; i < BUF_SIZE; i += 8) {
		unsigned long v = rng_next(&r);
		memcpy(buf + i, &v, 8);
	}

	static const char *const plain[] = {
		"f", "d", "n", "l", "d/g", "l/x", ".", "..", "", "/", "d/../f", "f/",
		"no-such-dir/x", "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p",
	};
	c->n_strings = 0;
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		put_string(c, plain[i]);
	static const char *const under[] = { "", "/f", "/d/", "/n", "/l", "/d/g", "//./f" };
	for (size_t i = 0; i < sizeof(under) / sizeof(under[0]); i++) {
		snprintf(s, sizeof(s), "%s%s", dir, under[i]);
		put_string(c, s);
	}
	snprintf(s, sizeof(s), "/proc/%ld/stat", c->self);
	put_string(c, s);

	/* A path longer than PATH_MAX: "x/x/x/...". */
	for (size_t i = 0; i < PATH_MAX_LINUX + 100; i++)
		buf[OFF_TOOLONG + i] = i % 2 ? '/' : 'x';
	buf[OFF_TOOLONG + PATH_MAX_LINUX + 100] = 0;

	struct timespec *ts = (struct timespec *)(buf + OFF_TIMESPEC);
	ts[0] = (struct timespec){ 0, 0 };
	ts[1] = (struct timespec){ 0, 1000000 };   /* 1 ms */
	ts[2] = (struct timespec){ -1, 0 };
	ts[3] = (struct timespec){ 0, 1000000000 }; /* tv_nsec out of range */

	struct iovec *iov = (struct iovec *)(buf + OFF_IOVEC);
	for (int i = 0; i < 8; i++)
		iov[i] = (struct iovec){ buf + OFF_RANDOM + (size_t)i * 4096, (size_t)(i * 700) };
	iov[5].iov_base = (void *)0xffffffff80000000UL;
	iov[6].iov_base = (void *)c->gone_page;

	struct pollfd *pfd = (struct pollfd *)(buf + OFF_POLLFD);
	const long pfds[8] = { c->pipe_rd, c->pipe_wr, c->file_fd, c->null_fd, -1, 0, 1023, c->dir_fd };
	for (int i = 0; i < 8; i++)
		pfd[i] = (struct pollfd){ (int)pfds[i], POLLIN | POLLOUT, 0 };

	struct rlimit *rl = (struct rlimit *)(buf + OFF_RLIMIT);
	rl[0] = (struct rlimit){ 1024, 1024 };
	rl[1] = (struct rlimit){ 0, 0 };
	rl[2] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	rl[3] = (struct rlimit){ 64, 16 }; /* soft above hard */

	/* Kernel sigactions (handler, flags, restorer, mask): SIG_IGN, and
	 * a handler at an address that is not code. */
	unsigned long *sa = (unsigned long *)(buf + OFF_SIGACT);
	sa[0] = 1;
	sa[1] = 0x04000000; /* SA_RESTORER */
	sa[2] = 0x1000;
	sa[3] = ~0UL;
	sa[4] = (unsigned long)buf;
	sa[5] = 0x04000000;
	sa[6] = (unsigned long)buf;
	sa[7] = 0;
}

/* The worker's own state: /dev/null on 0, 1 and 2, a fresh directory,
 * the descriptors and pages its dictionary names. */
static void worker_setup(struct ctx *c, int w, int progress_rd, int progress_wr)
{
	char dir[64];

	c->worker = w;
	sys(__NR_dup2, progress_wr, PROGRESS_FD, 0);
	if (opt.verbose)
		sys(__NR_dup2, 1, TRACE_FD, 0);
	sys(__NR_close, progress_rd, 0, 0);
	sys(__NR_close, progress_wr, 0, 0);
	long nul = sys(__NR_open, (long)"/dev/null", O_RDWR, 0);
	for (int fd = 0; fd < 3; fd++) {
		if (nul >= 0)
			sys(__NR_dup2, nul, fd, 0);
		else
			sys(__NR_close, fd, 0, 0); /* never the terminal */
	}
	if (nul > 2)
		sys(__NR_close, nul, 0, 0);

	c->self = sys(__NR_getpid, 0, 0, 0);
	worker_dir(dir, sizeof(dir), w); /* emptied by the master */
	sys(__NR_mkdir, (long)dir, 0755, 0);
	sys(__NR_chdir, (long)dir, 0, 0);
	sys(__NR_mkdir, (long)"d", 0755, 0);
	c->file_fd = sys(__NR_open, (long)"f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	sys(__NR_write, c->file_fd, (long)"sysfuzz was here\n", 17);
	sys(__NR_symlink, (long)"f", (long)"l", 0);
	int p[2] = { -1, -1 };
	sys(__NR_pipe, (long)p, 0, 0);
	c->pipe_rd = p[0];
	c->pipe_wr = p[1];
	c->null_fd = sys(__NR_open, (long)"/dev/null", O_RDWR, 0);
	c->dir_fd = sys(__NR_open, (long)".", O_RDONLY | O_DIRECTORY, 0);

	long pages = __syscall6(__NR_mmap, 0, 2 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pages < 0 && pages >= -4095)
		pages = 0x10000000; /* unmapped: still a pointer to try */
	else
		memset((void *)pages, 0x5a, 2 * PAGE);
	c->ro_page = (unsigned long)pages;
	c->gone_page = (unsigned long)pages + PAGE;
	sys(__NR_mprotect, pages, PAGE, PROT_READ);
	sys(__NR_munmap, pages + PAGE, PAGE, 0);

	fill_buffer(c, dir);
}

static unsigned long valid_pointer(struct rng *r, const struct ctx *c)
{
	unsigned long v = rng_next(r);
	unsigned long b = (unsigned long)buf;

	switch (rng_below(r, 12)) {
	case 0: return b + v % BUF_SIZE;
	case 1: return b + (v % BUF_SIZE & ~7UL);
	case 2: return b;
	case 3: return b + BUF_SIZE - 8;
	case 4: case 5: case 6: return c->strings[v % (unsigned)c->n_strings];
	case 7: return b + OFF_TOOLONG;
	case 8: {
		static const unsigned areas[] = {
			OFF_TIMESPEC, OFF_TIMESPEC + 16, OFF_TIMESPEC + 32, OFF_TIMESPEC + 48,
			OFF_IOVEC, OFF_POLLFD, OFF_RLIMIT, OFF_RLIMIT + 16, OFF_RLIMIT + 32,
			OFF_RLIMIT + 48, OFF_SIGACT, OFF_SIGACT + 32,
		};
		return b + areas[v % (sizeof(areas) / sizeof(areas[0]))];
	}
	case 9: return c->ro_page;
	case 10: return c->gone_page;
	default: return (unsigned long)stack_area + v % STACK_AREA_SIZE;
	}
}

static unsigned long draw_arg(struct rng *r, const struct ctx *c)
{
	static const unsigned long limits[] = {
		INT_MAX, (unsigned long)(long)INT_MIN, (unsigned long)LONG_MIN, LONG_MAX,
		1UL << 47, ~0UL, 1UL << 32, UINT_MAX, 1UL << 31,
	};
	static const unsigned long hostile[] = {
		0, 0xffffffff80000000UL, 1UL << 47, ~0UL, 0x10000000UL,
		0x00007ffffffff000UL, 0xffff800000000000UL,
	};
	static const unsigned long bad_fds[] = { -1UL, 1023, 1024, 1UL << 31,
						 (unsigned long)(long)INT_MIN };
	static const unsigned long flags[] = {
		O_RDONLY | O_CREAT, O_RDWR | O_CREAT | O_TRUNC, O_WRONLY | O_APPEND,
		O_RDONLY | O_DIRECTORY, O_RDWR | O_NONBLOCK, O_CLOEXEC, O_PATH,
		O_CREAT | O_EXCL | O_WRONLY, O_RDWR | O_NOFOLLOW,
		MAP_PRIVATE | MAP_ANONYMOUS, MAP_SHARED | MAP_ANONYMOUS,
		MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, MAP_GROWSDOWN | MAP_PRIVATE | MAP_ANONYMOUS,
		MAP_FIXED_NOREPLACE | MAP_PRIVATE | MAP_ANONYMOUS,
		PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC, PROT_WRITE | PROT_EXEC,
		PROT_GROWSDOWN | PROT_READ, AT_REMOVEDIR, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH,
		0x1001 /* ARCH_SET_GS */, 0x1002 /* ARCH_SET_FS */, 0x1003, 0x1004,
	};
	unsigned long v = rng_next(r);

	switch (rng_below(r, 20)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return -1UL;
	case 3: return 2 + v % 63;
	case 4: return PAGE * (1 + v % 64);
	case 5: return limits[v % (sizeof(limits) / sizeof(limits[0]))];
	case 6: case 7: case 8: case 9: return valid_pointer(r, c);
	case 10: return hostile[v % (sizeof(hostile) / sizeof(hostile[0]))];
	case 11: case 12: case 13: {
		const long fds[] = { 0, 1, 2, c->pipe_rd, c->pipe_wr, c->file_fd,
				     c->null_fd, c->dir_fd, AT_FDCWD };
		return (unsigned long)fds[v % (sizeof(fds) / sizeof(fds[0]))];
	}
	case 14: return bad_fds[v % (sizeof(bad_fds) / sizeof(bad_fds[0]))];
	case 15: case 16: return flags[v % (sizeof(flags) / sizeof(flags[0]))];
	case 17: return 1UL << (v % 64);
	case 18: return v & 0xffffffff;
	default: return v;
	}
}

static long draw_nr(struct rng *r)
{
	static const long odd[] = { 1L << 32, (long)(1UL << 63), -2 };

	for (;;) {
		long nr;
		if (rng_below(r, 10) < 7) {
			nr = implemented[rng_below(r, N_IMPLEMENTED)].nr;
		} else {
			unsigned long x = rng_below(r, 1026 + 3); /* [-1, 1024] and odd[] */
			nr = x < 1026 ? (long)x - 1 : odd[x - 1026];
		}
		if (forbidden(nr))
			continue;
		if ((nr == NR_EXIT || nr == NR_EXIT_GROUP) && rng_below(r, EXIT_ONE_IN))
			continue;
		return nr;
	}
}

/* Draws call `index` of this worker's share and makes it. */
static void fuzz_one(const struct ctx *c, long index)
{
	struct rng r;
	unsigned long a[6];

	rng_seed(&r, opt.seed, c->worker, index);
	long nr = draw_nr(&r);
	for (int i = 0; i < 6; i++)
		a[i] = draw_arg(&r, c);
	/* Signals only to itself or to nobody; prlimit64 only on itself
	 * (or nobody): the master and the other workers stay untouched. */
	if ((unsigned)nr == NR_KILL)
		a[0] = rng_below(&r, 2) ? (unsigned long)c->self : DEAD_PID;
	if ((unsigned)nr == NR_PRLIMIT64)
		a[0] = rng_below(&r, 2) ? (unsigned long)c->self : DEAD_PID;
	/* ptrace and process_vm_readv/writev likewise, and never TRACEME,
	 * which would make the master a tracer. */
	if ((unsigned)nr == NR_PTRACE) {
		if (a[0] == PTRACE_TRACEME)
			a[0] = PTRACE_PEEKDATA;
		a[1] = rng_below(&r, 2) ? (unsigned long)c->self : DEAD_PID;
	}
	if ((unsigned)nr == NR_PROCESS_VM_READV || (unsigned)nr == NR_PROCESS_VM_WRITEV)
		a[0] = rng_below(&r, 2) ? (unsigned long)c->self : DEAD_PID;
	if (opt.verbose)
		dprintf(TRACE_FD, "w%d #%ld: %s/%ld(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)\n",
			c->worker, index, sc_name(nr), nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	long ret = __syscall6(nr, (long)a[0], (long)a[1], (long)a[2], (long)a[3], (long)a[4],
			      (long)a[5]);
	if (opt.verbose)
		dprintf(TRACE_FD, "w%d #%ld: = %ld\n", c->worker, index, ret);
}

/* Calls [first, end) of worker w's share; reports each index to the
 * master before making the call, then exits 0. */
__attribute__((noreturn)) static void worker_run(int w, long first, long end, int progress_rd,
						 int progress_wr)
{
	struct ctx c;
	unsigned char me = (unsigned char)w;

	worker_setup(&c, w, progress_rd, progress_wr);
	for (long i = first; i < end; i++) {
		sys(__NR_write, PROGRESS_FD, (long)&me, 1);
		fuzz_one(&c, i);
	}
	sys(__NR_exit_group, 0, 0, 0);
	__builtin_unreachable();
}

/* ---- the master --------------------------------------------------------- */

struct slot {
	long pid;       /* 0: no worker */
	long next;      /* the first index not yet started */
	long end;
	long heard_ms;  /* when it last started a call */
	bool killed;
};

static int progress[2];

/* Reads every progress byte waiting: each says that worker started one
 * more call. */
static void drain(struct slot *s, int workers, long now)
{
	unsigned char b[512];
	long n;

	while ((n = sys(__NR_read, progress[0], (long)b, sizeof(b))) > 0) {
		for (long i = 0; i < n; i++) {
			if (b[i] < workers) {
				s[b[i]].next++;
				s[b[i]].heard_ms = now;
			}
		}
	}
}

/* What /proc/PID/stat says after the name: "S 1 ..." (state, parent...),
 * or NULL if the process is gone. text holds the line. */
static const char *stat_fields(long pid, char *text, size_t size)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	long fd = sys(__NR_open, (long)path, O_RDONLY, 0);
	if (fd < 0)
		return NULL;
	long n = sys(__NR_read, fd, (long)text, (long)size - 1);
	sys(__NR_close, fd, 0, 0);
	text[n > 0 ? n : 0] = 0;
	char *paren = strrchr(text, ')');
	return paren && paren[1] == ' ' && paren[2] ? paren + 2 : NULL;
}

/* Whether the process sleeps in the kernel (state S): a worker silent for
 * a while in that state waits for something that will not come, such as
 * a read from its own empty pipe. */
static bool asleep(long pid)
{
	char text[128];
	const char *f = stat_fields(pid, text, sizeof(text));
	return f && f[0] == 'S';
}

/* How many processes are above this one (0 when it is pid 1): they are
 * still there at the end, a tracer among them. */
static long ancestors(void)
{
	char text[128];
	long n = 0;

	for (long pid = sys(__NR_getppid, 0, 0, 0); pid > 0 && n < 64; n++) {
		const char *f = stat_fields(pid, text, sizeof(text));
		if (!f || f[1] != ' ')
			break;
		pid = strtol(f + 2, NULL, 10);
	}
	return n;
}

/* A worker for slot w, starting at its next index, in a fresh directory
 * (what its predecessor wrote there may hold much of the memory). */
static void spawn(struct slot *s, int w, long now)
{
	char dir[64];

	worker_dir(dir, sizeof(dir), w);
	remove_tree(AT_FDCWD, dir);
	long pid = sys(__NR_fork, 0, 0, 0);
	if (pid == 0)
		worker_run(w, s[w].next, s[w].end, progress[0], progress[1]);
	if (pid < 0) {
		/* No room now (-EAGAIN, -ENOMEM): free what the file system
		 * holds outside the live workers' directories; try again on
		 * the next round of the loop. */
		cleanup_shared();
		return;
	}
	s[w].pid = pid;
	s[w].heard_ms = now;
	s[w].killed = false;
}

static struct sysinfo info(void)
{
	struct sysinfo si;
	memset(&si, 0, sizeof(si));
	sys(__NR_sysinfo, (long)&si, 0, 0);
	return si;
}

/* Runs `count` calls in `workers` workers (only worker `only`'s share
 * when it is not -1); true when every call of the shares was started. */
static bool run_round(long count, int workers, int only)
{
	struct slot s[MAX_WORKERS];
	long said_ms = 0;

	for (int w = 0; w < workers; w++) {
		s[w] = (struct slot){ 0, count * w / workers, count * (w + 1) / workers, 0, false };
		if (only >= 0 && w != only)
			s[w].next = s[w].end;
	}
	for (;;) {
		long now = now_ms();
		bool busy = false;
		for (int w = 0; w < workers; w++) {
			if (!s[w].pid && s[w].next < s[w].end)
				spawn(s, w, now);
			busy |= s[w].pid != 0 || s[w].next < s[w].end;
		}
		if (!busy)
			break;
		drain(s, workers, now);
		int st;
		long pid;
		while ((pid = __syscall6(__NR_wait4, -1, (long)&st, WNOHANG, 0, 0, 0)) > 0) {
			drain(s, workers, now); /* its last bytes are in the pipe */
			for (int w = 0; w < workers; w++) {
				if (s[w].pid != pid)
					continue;
				s[w].pid = 0;
				if (opt.verbose && s[w].next < s[w].end)
					printf("sysfuzz: worker %d (pid %ld) %s %d at call %ld%s; "
					       "%lu KiB free\n", w, pid,
					       (st & 0x7f) ? "died of signal" : "exited with",
					       (st & 0x7f) ? st & 0x7f : (st >> 8) & 0xff, s[w].next - 1,
					       s[w].killed ? " (stuck: killed)" : "",
					       info().freeram >> 10);
			}
		}
		for (int w = 0; w < workers; w++) {
			long silent = now - s[w].heard_ms;
			if (s[w].pid && !s[w].killed &&
			    (silent > STUCK_MS || (silent > ASLEEP_MS && asleep(s[w].pid)))) {
				sys(__NR_kill, s[w].pid, SIGKILL, 0);
				s[w].killed = true;
			}
		}
		if (opt.verbose && now - said_ms >= 5000) {
			said_ms = now;
			printf("sysfuzz: %ld ms:", now);
			for (int w = 0; w < workers; w++)
				printf(" w%d pid %ld at %ld;", w, s[w].pid, s[w].next);
			printf(" %lu KiB free\n", info().freeram >> 10);
		}
		nap(POLL_NS);
	}
	for (int w = 0; w < workers; w++)
		if (s[w].next != s[w].end)
			return false;
	return true;
}

static void usage(void)
{
	dprintf(2, "usage: sysfuzz [-s SEED] [-n COUNT] [-w WORKERS] [-o WORKER] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned char area[STACK_AREA_SIZE];
	int c, failed = 0;
	char *end;

	prog_name = "sysfuzz";
	while ((c = getopt(argc, argv, "s:n:w:o:v")) != -1) {
		switch (c) {
		case 's':
			opt.seed = strtoul(optarg, &end, 0);
			if (*end || !*optarg)
				usage();
			break;
		case 'n':
			opt.count = strtol(optarg, &end, 0);
			if (*end || opt.count < 0)
				usage();
			break;
		case 'w':
			opt.workers = atoi(optarg);
			if (opt.workers < 1 || opt.workers > MAX_WORKERS)
				usage();
			break;
		case 'o':
			opt.only = atoi(optarg);
			break;
		case 'v':
			opt.verbose = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || opt.only < -1 || opt.only >= opt.workers)
		usage();
	memset(area, 0, sizeof(area));
	stack_area = area;

	printf("sysfuzz: seed %lu, %ld calls, %d workers\n", opt.seed, opt.count, opt.workers);
	if (sys(__NR_pipe, (long)progress, 0, 0) < 0 ||
	    sys(__NR_fcntl, progress[0], F_SETFL, O_NONBLOCK) < 0) {
		printf("sysfuzz: no progress pipe: FAIL\n");
		return 1;
	}

	/* The first WARMUP_CALLS calls of worker 0 grow the kernel heap to
	 * what they need; the same calls after the fuzzing must leave the
	 * free memory where it was. */
	long warm = opt.count < WARMUP_CALLS ? opt.count : WARMUP_CALLS;
	run_round(warm, 1, -1);
	cleanup();
	unsigned long first = info().freeram;
	bool ok = run_round(opt.count, opt.workers, opt.only);
	cleanup();
	unsigned long before = info().freeram;
	run_round(warm, 1, -1);
	cleanup();
	struct sysinfo after = info();
	if (opt.verbose)
		printf("sysfuzz: free memory after the warm-up %lu, after the fuzzing %lu, "
		       "after the repeat %lu bytes\n", first, before, after.freeram);

	printf("sysfuzz: every call issued, dead workers replaced: %s\n", ok ? "ok" : "FAIL");
	failed += !ok;
	ok = after.freeram == before;
	printf("sysfuzz: no page lost: %s\n", ok ? "ok" : "FAIL");
	if (!ok)
		printf("sysfuzz: free memory %lu bytes before, %lu after\n", before, after.freeram);
	failed += !ok;
	ok = after.procs == 1 + ancestors();
	printf("sysfuzz: no process left: %s\n", ok ? "ok" : "FAIL");
	failed += !ok;
	printf("sysfuzz: done\n");
	return failed ? 1 : 0;
}
