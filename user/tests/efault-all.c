/*
 * efault-all - every pointer argument of every implemented system call
 * that takes one, given each kind of bad address: NULL, the kernel half
 * (0xffffffff80000000), the first non-canonical address (1 << 47), all
 * ones, an unmapped user page, a buffer or structure that starts mapped
 * and runs into an unmapped page, a path with no terminator before an
 * unmapped page, and read-only memory (a PROT_READ page, a page of text)
 * where the kernel must write. One line per call, "name(arg N = kind):
 * RESULT", RESULT the raw return ("-EFAULT", or a number). Then checks
 * that the process is intact: its descriptors still open and working, a
 * pipe still carrying bytes, its memory, signal state, limits and working
 * directory unchanged, and nothing created by the failed calls.
 * sc-efault is the smaller first version (read, write, uname, arch_prctl).
 *
 * Expected: the reference Linux's run, with stdin from /dev/null and
 * stdout a pipe (tests/user.tests "linux" compares MinOS's output with
 * it). Every call is harmless there: the calls fail, or succeed doing
 * nothing lasting in the scratch directory /tmp/efault-all.PID (never
 * printed), or change nothing
 * (a NULL optional argument). No limit is raised, no signal is sent.
 *
 * What the results must not depend on: stdin/stdout (reads and writes use
 * the test's own files and pipes), the pid (the name of the scratch
 * directory is never printed, and getcwd's length never is: no getcwd
 * call succeeds), descriptor numbers (never printed), the time (time(NULL)
 * prints "the time"), a child's pid ("the child's pid").
 *
 * Linux's answers worth knowing: a partial copy to or from a regular file
 * (read, pread64, readv, write, pwrite64, writev), getrandom and getdents64
 * returns what was copied (16, 24); a pipe read that cannot copy a chunk
 * whole returns -EFAULT and leaves its bytes in the pipe; wait4 reaps the
 * child and then fails to store the status or rusage (-EFAULT, and the
 * child is gone); the rem of nanosleep and clock_nanosleep is written only
 * when a signal interrupts the sleep (0 whatever it points to).
 *
 * Not covered: mmap/mprotect/munmap/brk take addresses, not pointers the
 * kernel dereferences; fcntl's implemented commands take no pointer;
 * ioctl's pointers matter only on a terminal, which the reference Linux's
 * stdin and stdout are not; set_tid_address only stores its pointer;
 * clone's tid pointers.
 */
#include <asm/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <uapi/mman.h>
#include <uapi/signal.h>
#include <uapi/time.h>

#include "fs-test.h"

#define PAGE 4096UL
#define SCRATCH 512UL /* the bytes below edge that calls may write */
#define UNTERM_LEN 200 /* 'a's before edge, well under PATH_MAX */

/* Results shown as words: they depend on the run. */
#define R_CHILD_PID (-1000000L)
#define R_THE_TIME (-1000001L)

enum kind {
	K_NULL,
	K_KERNEL,
	K_NONCANON,
	K_ONES,
	K_UNMAPPED,
	K_PARTIAL,
	K_UNTERM,
	K_RO,
	K_TEXT,
	NKINDS
};
static const char *const kind_name[NKINDS] = {
	"NULL", "0xffffffff80000000", "1<<47", "~0", "unmapped page",
	"mapped then unmapped", "unterminated string", "read-only page", "text",
};
#define B(k) (1u << (k))
/* Refused wherever the kernel looks at the memory. */
#define BAD (B(K_NULL) | B(K_KERNEL) | B(K_NONCANON) | B(K_ONES) | B(K_UNMAPPED))
/* Memory the kernel reads (a buffer or structure of known size). */
#define IN (BAD | B(K_PARTIAL))
/* Memory the kernel writes. */
#define OUT (IN | B(K_RO) | B(K_TEXT))
/* A path or other string. */
#define STR (BAD | B(K_UNTERM))

/* A page of text that is never run: the target of "text". */
__asm__(".pushsection .text\n"
	".balign 4096\n"
	"efault_victim_text: .fill 4096, 1, 0xcc\n"
	".popsection");
extern const unsigned char efault_victim_text[];

/* [edge - PAGE, edge) read-write, [edge, edge + PAGE) unmapped,
 * [edge + PAGE, edge + 2 PAGE) read-only. */
static unsigned long edge, ro_page;
static int fd_in, fd_out, fd_dir, pipe_r[2], pipe_w[2];
static long child_pid;
static int calls;

static const char in_data[64] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+";
static const char pipe_data[32] = "pipe data, 32 bytes, for reads.";
static const char link_target[] = "target-of-the-link-0123456789";
static char okbuf[256]; /* a good buffer for the arguments not under test */
static unsigned char canary[1024];

#define S(nr, a, b, c, d, e, f)                                               \
	__syscall6(__NR_##nr, (long)(a), (long)(b), (long)(c), (long)(d),    \
		   (long)(e), (long)(f))

static unsigned long hostile(int k, unsigned long mapped)
{
	switch (k) {
	case K_NULL:
		return 0;
	case K_KERNEL:
		return 0xffffffff80000000UL;
	case K_NONCANON:
		return 1UL << 47;
	case K_ONES:
		return ~0UL;
	case K_UNMAPPED:
		return edge;
	case K_PARTIAL:
		memset((void *)(edge - SCRATCH), 0, SCRATCH);
		return edge - mapped;
	case K_UNTERM:
		memset((void *)(edge - SCRATCH), 'a', SCRATCH);
		return edge - UNTERM_LEN;
	case K_RO:
		return ro_page;
	default:
		return (unsigned long)efault_victim_text;
	}
}

static void show(const char *name, int argn, int k, long r)
{
	char s[32];

	calls++;
	if (r == R_CHILD_PID)
		strlcpy(s, "the child's pid", sizeof(s));
	else if (r == R_THE_TIME)
		strlcpy(s, "the time", sizeof(s));
	else
		check_result_str(r, s, sizeof(s));
	printf("%s(arg %d = %s): %s\n", name, argn, kind_name[k], s);
}

/* Each kind in mask in turn as p (mapped: the bytes of a "mapped then
 * unmapped" object that lie below edge); expr is the call. */
#define CASES(mask, mapped, name, argn, expr)                                \
	do {                                                                 \
		for (int k = 0; k < NKINDS; k++) {                           \
			if (!((mask) & B(k)))                                \
				continue;                                    \
			unsigned long p = hostile(k, (mapped));              \
			(void)p;                                             \
			show((name), (argn), k, (expr));                     \
		}                                                            \
	} while (0)

/* --- calls that need a little set-up ------------------------------------ */

static long rd_file(unsigned long p, unsigned long n)
{
	lseek(fd_in, 0, SEEK_SET);
	return S(read, fd_in, p, n, 0, 0, 0);
}
static long wr_file(unsigned long p, unsigned long n)
{
	lseek(fd_out, 0, SEEK_SET);
	return S(write, fd_out, p, n, 0, 0, 0);
}
static long rdv_file(unsigned long iov, int cnt)
{
	lseek(fd_in, 0, SEEK_SET);
	return S(readv, fd_in, iov, cnt, 0, 0, 0);
}
static long wrv_file(unsigned long iov, int cnt)
{
	lseek(fd_out, 0, SEEK_SET);
	return S(writev, fd_out, iov, cnt, 0, 0, 0);
}
static long rdv_base(unsigned long p)
{
	struct iovec v = { (void *)p, 32 };
	return rdv_file((unsigned long)&v, 1);
}
static long wrv_base(unsigned long p)
{
	struct iovec v = { (void *)p, 32 };
	return wrv_file((unsigned long)&v, 1);
}
/* For a "mapped then unmapped" array, its first element (below edge). */
static unsigned long first_iov(unsigned long p, int k)
{
	if (k == K_PARTIAL) {
		struct iovec *v = (struct iovec *)p;
		v->iov_base = okbuf;
		v->iov_len = 8;
	}
	return p;
}
static unsigned long first_pollfd(unsigned long p, int k)
{
	if (k == K_PARTIAL) {
		struct pollfd *f = (struct pollfd *)p;
		f->fd = -1;
		f->events = POLLIN;
	}
	return p;
}
static unsigned long first_str(unsigned long p, int k, const char *s)
{
	if (k == K_PARTIAL)
		*(const char **)p = s;
	return p;
}

static long getdents_at0(unsigned long p)
{
	lseek(fd_dir, 0, SEEK_SET);
	return S(getdents64, fd_dir, p, 64, 0, 0, 0);
}

/* A child that exits at once, waited for with status and rusage there. */
static long wait_child(unsigned long status, unsigned long rusage)
{
	long pid = S(fork, 0, 0, 0, 0, 0, 0);
	if (pid == 0)
		S(exit_group, 0, 0, 0, 0, 0, 0);
	if (pid < 0)
		return pid;
	child_pid = pid;
	long r = S(wait4, pid, status, 0, rusage, 0, 0);
	return r == pid ? R_CHILD_PID : r;
}
/* The same child again: Linux reaps it even when the status or rusage
 * cannot be stored, so there is none left (-ECHILD). */
static long wait_again(void)
{
	int st;
	long r = S(wait4, child_pid, &st, WNOHANG, 0, 0, 0);
	return r == child_pid ? R_CHILD_PID : r;
}

static long time_call(unsigned long p)
{
	long r = S(time, p, 0, 0, 0, 0, 0);
	return r > 1000000000L ? R_THE_TIME : r;
}

/* argv or envp with one string, p. */
static char *one_str[2];
static char *const *vec1(unsigned long p)
{
	one_str[0] = (char *)p;
	one_str[1] = NULL;
	return one_str;
}

static const struct timespec tiny = { 0, 1 };
static char *const ok_argv[] = { "notexec", NULL };
static char *const ok_envp[] = { "EFAULT_ALL=1", NULL };

/* --- the calls ------------------------------------------------------------ */

static void files_io(void)
{
	CASES(OUT, 16, "read(file)", 2, rd_file(p, 32));
	CASES(OUT, 16, "read(pipe)", 2, S(read, pipe_r[0], p, 32, 0, 0, 0));
	CASES(IN, 16, "write(file)", 2, wr_file(p, 32));
	CASES(IN, 16, "write(pipe)", 2, S(write, pipe_w[1], p, 32, 0, 0, 0));
	CASES(STR, 0, "open", 1, S(open, p, O_RDONLY, 0, 0, 0, 0));
	CASES(STR, 0, "stat", 1, S(stat, p, okbuf, 0, 0, 0, 0));
	CASES(OUT, 64, "stat", 2, S(stat, "f", p, 0, 0, 0, 0));
	CASES(OUT, 64, "fstat", 2, S(fstat, fd_in, p, 0, 0, 0, 0));
	CASES(STR, 0, "lstat", 1, S(lstat, p, okbuf, 0, 0, 0, 0));
	CASES(OUT, 64, "lstat", 2, S(lstat, "l", p, 0, 0, 0, 0));
	/* nfds 2 for "mapped then unmapped": the first entry is mapped. */
	CASES(OUT, 8, "poll", 1,
	      S(poll, first_pollfd(p, k), k == K_PARTIAL ? 2 : 1, 0, 0, 0, 0));
	CASES(OUT, 16, "pread64", 2, S(pread64, fd_in, p, 32, 0, 0, 0));
	CASES(IN, 16, "pwrite64", 2, S(pwrite64, fd_out, p, 32, 0, 0, 0));
	/* cnt 2 for "mapped then unmapped": the first iovec is mapped. */
	CASES(IN, 16, "readv", 2, rdv_file(first_iov(p, k), k == K_PARTIAL ? 2 : 1));
	CASES(OUT, 16, "readv(iov_base)", 2, rdv_base(p));
	CASES(IN, 16, "writev", 2, wrv_file(first_iov(p, k), k == K_PARTIAL ? 2 : 1));
	CASES(IN, 16, "writev(iov_base)", 2, wrv_base(p));
	CASES(STR, 0, "access", 1, S(access, p, F_OK, 0, 0, 0, 0));
	CASES(OUT, 4, "pipe", 1, S(pipe, p, 0, 0, 0, 0, 0));
}

static void time_calls(void)
{
	CASES(IN, 8, "nanosleep", 1, S(nanosleep, p, 0, 0, 0, 0, 0));
	/* rem is written only when a signal cuts the sleep short. */
	CASES(OUT, 8, "nanosleep", 2, S(nanosleep, &tiny, p, 0, 0, 0, 0));
}

static void paths(void)
{
	/* 8 bytes mapped: less than the scratch directory's path. */
	CASES(OUT, 8, "getcwd", 1, S(getcwd, p, 4096, 0, 0, 0, 0));
	CASES(STR, 0, "chdir", 1, S(chdir, p, 0, 0, 0, 0, 0));
	CASES(STR, 0, "rename", 1, S(rename, p, "g", 0, 0, 0, 0));
	CASES(STR, 0, "rename", 2, S(rename, "f", p, 0, 0, 0, 0));
	CASES(STR, 0, "mkdir", 1, S(mkdir, p, 0755, 0, 0, 0, 0));
	CASES(STR, 0, "rmdir", 1, S(rmdir, p, 0, 0, 0, 0, 0));
	CASES(STR, 0, "creat", 1, S(creat, p, 0644, 0, 0, 0, 0));
	CASES(STR, 0, "unlink", 1, S(unlink, p, 0, 0, 0, 0, 0));
	CASES(STR, 0, "symlink", 1, S(symlink, p, "l2", 0, 0, 0, 0));
	CASES(STR, 0, "symlink", 2, S(symlink, "f", p, 0, 0, 0, 0));
	CASES(STR, 0, "readlink", 1, S(readlink, p, okbuf, 64, 0, 0, 0));
	/* 8 bytes mapped: less than the link's target. */
	CASES(OUT, 8, "readlink", 2, S(readlink, "l", p, 64, 0, 0, 0));
	CASES(STR, 0, "truncate", 1, S(truncate, p, 0, 0, 0, 0, 0));
}

static void system_calls(void)
{
	/* NULL is allowed for either: nothing is stored there. */
	CASES(OUT, 8, "gettimeofday", 1, S(gettimeofday, p, 0, 0, 0, 0, 0));
	CASES(OUT, 4, "gettimeofday", 2, S(gettimeofday, okbuf, p, 0, 0, 0, 0));
	CASES(OUT, 8, "getrlimit", 2, S(getrlimit, RLIMIT_NOFILE, p, 0, 0, 0, 0));
	/* Only addresses that cannot be read: a readable one would set a limit. */
	CASES(IN, 8, "setrlimit", 2, S(setrlimit, RLIMIT_NOFILE, p, 0, 0, 0, 0));
	CASES(OUT, 56, "sysinfo", 1, S(sysinfo, p, 0, 0, 0, 0, 0));
	CASES(OUT, 4, "time", 1, time_call(p));
	CASES(OUT, 100, "uname", 1, S(uname, p, 0, 0, 0, 0, 0));
}

static void processes(void)
{
	/* 2 of the status int's 4 bytes mapped. */
	for (int k = 0; k < NKINDS; k++) {
		if (!(OUT & B(k)))
			continue;
		show("wait4", 2, k, wait_child(hostile(k, 2), 0));
		show("wait4 again, WNOHANG, after", 2, k, wait_again());
	}
	/* struct rusage: 144 bytes, 64 of them mapped. */
	for (int k = 0; k < NKINDS; k++) {
		if (!(OUT & B(k)))
			continue;
		show("wait4", 4, k, wait_child(0, hostile(k, 64)));
		show("wait4 again, WNOHANG, after", 4, k, wait_again());
	}

	/* act or oact alone (NULL for the other): nothing changes. */
	CASES(IN, 16, "rt_sigaction", 2, S(rt_sigaction, SIGUSR1, p, 0, 8, 0, 0));
	CASES(OUT, 16, "rt_sigaction", 3, S(rt_sigaction, SIGUSR1, 0, p, 8, 0, 0));
	CASES(IN, 4, "rt_sigprocmask", 2, S(rt_sigprocmask, SIG_BLOCK, p, 0, 8, 0, 0));
	CASES(OUT, 4, "rt_sigprocmask", 3, S(rt_sigprocmask, SIG_BLOCK, 0, p, 8, 0, 0));

	/*
	 * execve must fail every time: "notexec" is an executable file that
	 * is no program (ENOEXEC once the arguments are in), so a NULL
	 * argv or envp, which Linux accepts, fails too.
	 */
	CASES(STR, 0, "execve", 1, S(execve, p, ok_argv, ok_envp, 0, 0, 0));
	CASES(IN, 8, "execve", 2,
	      S(execve, "notexec", first_str(p, k, "notexec"), ok_envp, 0, 0, 0));
	CASES(STR, 0, "execve(argv[0])", 2,
	      S(execve, "notexec", vec1(p), ok_envp, 0, 0, 0));
	CASES(IN, 8, "execve", 3,
	      S(execve, "notexec", ok_argv, first_str(p, k, "EFAULT_ALL=1"), 0, 0, 0));
	CASES(STR, 0, "execve(envp[0])", 3,
	      S(execve, "notexec", ok_argv, vec1(p), 0, 0, 0));
}

static void clocks(void)
{
	CASES(OUT, 8, "clock_gettime", 2, S(clock_gettime, CLOCK_MONOTONIC, p, 0, 0, 0, 0));
	/* NULL is allowed: the resolution is not stored. */
	CASES(OUT, 8, "clock_getres", 2, S(clock_getres, CLOCK_MONOTONIC, p, 0, 0, 0, 0));
	CASES(IN, 8, "clock_nanosleep", 3,
	      S(clock_nanosleep, CLOCK_MONOTONIC, 0, p, 0, 0, 0));
	/* rem is written only when a signal cuts the sleep short. */
	CASES(OUT, 8, "clock_nanosleep", 4,
	      S(clock_nanosleep, CLOCK_MONOTONIC, 0, &tiny, p, 0, 0));
}

static void at_calls(void)
{
	CASES(STR, 0, "openat", 2, S(openat, AT_FDCWD, p, O_RDONLY, 0, 0, 0));
	CASES(STR, 0, "mkdirat", 2, S(mkdirat, AT_FDCWD, p, 0755, 0, 0, 0));
	CASES(STR, 0, "newfstatat", 2, S(newfstatat, AT_FDCWD, p, okbuf, 0, 0, 0));
	CASES(OUT, 64, "newfstatat", 3, S(newfstatat, AT_FDCWD, "f", p, 0, 0, 0));
	CASES(STR, 0, "unlinkat", 2, S(unlinkat, AT_FDCWD, p, 0, 0, 0, 0));
	CASES(STR, 0, "renameat", 2, S(renameat, AT_FDCWD, p, AT_FDCWD, "g", 0, 0));
	CASES(STR, 0, "renameat", 4, S(renameat, AT_FDCWD, "f", AT_FDCWD, p, 0, 0));
	CASES(STR, 0, "faccessat", 2, S(faccessat, AT_FDCWD, p, F_OK, 0, 0, 0));
	CASES(OUT, 4, "pipe2", 1, S(pipe2, p, 0, 0, 0, 0, 0));
	/* new alone, old alone (NULL for the other): no limit changes. */
	CASES(IN, 8, "prlimit64", 3, S(prlimit64, 0, RLIMIT_NOFILE, p, 0, 0, 0));
	CASES(OUT, 8, "prlimit64", 4, S(prlimit64, 0, RLIMIT_NOFILE, 0, p, 0, 0));
	CASES(OUT, 16, "getrandom", 1, S(getrandom, p, 32, 0, 0, 0, 0));
	/* 32 bytes mapped: room for the first 24-byte entry, "." or "..". */
	CASES(OUT, 32, "getdents64", 2, getdents_at0(p));
	CASES(OUT, 4, "arch_prctl(ARCH_GET_FS)", 2, S(arch_prctl, ARCH_GET_FS, p, 0, 0, 0, 0));
}

/* --- set-up and the final checks ---------------------------------------- */

static int setup(void)
{
	long r = S(mmap, 0, 3 * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (__syscall_is_error(r))
		return -1;
	edge = (unsigned long)r + PAGE;
	ro_page = edge + PAGE;
	for (unsigned long i = 0; i < PAGE; i++)
		((unsigned char *)(edge - PAGE))[i] = (unsigned char)(i * 7 + 1);
	/* The read-only page starts with a pollfd poll ignores (fd -1). */
	struct pollfd *pf = (struct pollfd *)ro_page;
	pf->fd = -1;
	pf->events = POLLIN;
	for (unsigned long i = 0; i < PAGE - 64; i++)
		((unsigned char *)ro_page)[64 + i] = (unsigned char)(i * 13 + 5);
	if (S(munmap, edge, PAGE, 0, 0, 0, 0) != 0 ||
	    S(mprotect, ro_page, PAGE, PROT_READ, 0, 0, 0) != 0)
		return -1;
	for (unsigned i = 0; i < sizeof(canary); i++)
		canary[i] = (unsigned char)(i ^ 0x5a);

	umask(022);
	if (put_file("f", "file\n", 5) || put_file("in", in_data, sizeof(in_data)) ||
	    put_file("out", "", 0) || symlink(link_target, "l") < 0 ||
	    mkdir("d", 0755) < 0)
		return -1;
	/* Executable, but no program: execve gets as far as ENOEXEC. */
	int fd = creat("notexec", 0755);
	if (fd < 0 || write(fd, "not a program\n", 14) != 14)
		return -1;
	close(fd);

	fd_in = open("in", O_RDONLY);
	fd_out = open("out", O_WRONLY);
	fd_dir = open("d", O_RDONLY | O_DIRECTORY);
	/* The read end does not block: a pipe emptied by mistake says EAGAIN. */
	if (fd_in < 0 || fd_out < 0 || fd_dir < 0 || pipe2(pipe_r, O_NONBLOCK) < 0 ||
	    pipe(pipe_w) < 0)
		return -1;
	if (write(pipe_r[1], pipe_data, sizeof(pipe_data)) != sizeof(pipe_data))
		return -1;
	return 0;
}

static int bytes_are(const unsigned char *p, unsigned long n, unsigned char (*f)(unsigned long))
{
	for (unsigned long i = 0; i < n; i++)
		if (p[i] != f(i))
			return 0;
	return 1;
}
static unsigned char edge_byte(unsigned long i) { return (unsigned char)(i * 7 + 1); }
static unsigned char ro_byte(unsigned long i) { return (unsigned char)(i * 13 + 5); }
static unsigned char cc_byte(unsigned long i) { (void)i; return 0xcc; }
static unsigned char canary_byte(unsigned long i) { return (unsigned char)(i ^ 0x5a); }

/* The names in the scratch directory, sorted, joined by spaces. */
static void dir_names(char *out, size_t size)
{
	char names[16][32], buf[1024];
	int n = 0, fd = open(".", O_RDONLY | O_DIRECTORY);
	long got;

	out[0] = '\0';
	if (fd < 0)
		return;
	while ((got = getdents64(fd, buf, sizeof(buf))) > 0)
		for (long off = 0; off < got;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			off += d->d_reclen;
			if (n < 16 && strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
				strlcpy(names[n++], d->d_name, sizeof(names[0]));
		}
	close(fd);
	for (int i = 1; i < n; i++) /* insertion sort */
		for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char t[32];
			memcpy(t, names[j], 32);
			memcpy(names[j], names[j - 1], 32);
			memcpy(names[j - 1], t, 32);
		}
	for (int i = 0; i < n; i++) {
		if (i)
			strlcpy(out + strlen(out), " ", size - strlen(out));
		strlcpy(out + strlen(out), names[i], size - strlen(out));
	}
}

int main(void)
{
	scratch_enter("efault-all");
	if (setup() < 0) {
		printf("set-up: FAIL (%s)\n", strerror(errno));
		scratch_leave();
		return 1;
	}

	/* The state the calls must leave as it is. */
	char cwd_before[256], cwd_after[256];
	struct kernel_sigaction act_before, act_after;
	unsigned long mask_before = 0, mask_after = 0;
	struct rlimit lim_before, lim_after;
	int stack_canary[16];
	for (int i = 0; i < 16; i++)
		stack_canary[i] = i * 1000003;
	getcwd(cwd_before, sizeof(cwd_before));
	S(rt_sigaction, SIGUSR1, 0, &act_before, 8, 0, 0);
	S(rt_sigprocmask, SIG_BLOCK, 0, &mask_before, 8, 0, 0);
	S(getrlimit, RLIMIT_NOFILE, &lim_before, 0, 0, 0, 0);
	int next_fd = open(".", O_RDONLY);
	close(next_fd);

	files_io();
	time_calls();
	paths();
	system_calls();
	processes();
	clocks();
	at_calls();
	printf("%d calls\n", calls);

	int ok = 1;
	struct stat st;
	char buf[128];
	/* The descriptors: still open, still working. */
	int fds_ok = fstat(fd_in, &st) == 0 && st.st_size == sizeof(in_data) &&
		     fstat(fd_out, &st) == 0 && fstat(fd_dir, &st) == 0 &&
		     S_ISDIR(st.st_mode) && fstat(pipe_r[0], &st) == 0 &&
		     fstat(pipe_w[1], &st) == 0 && S_ISFIFO(st.st_mode);
	check("descriptors still open", fds_ok);
	ok &= fds_ok;
	int in_ok = pread(fd_in, buf, 64, 0) == 64 && !memcmp(buf, in_data, 64);
	check("file still reads", in_ok);
	ok &= in_ok;
	int out_ok = pwrite(fd_out, "check", 5, 0) == 5 && ftruncate(fd_out, 5) == 0;
	int rfd = open("out", O_RDONLY);
	out_ok = out_ok && rfd >= 0 && read(rfd, buf, sizeof(buf)) == 5 &&
		 !memcmp(buf, "check", 5);
	close(rfd);
	check("file still writes", out_ok);
	ok &= out_ok;
	lseek(fd_dir, 0, SEEK_SET);
	int dir_ok = getdents64(fd_dir, buf, sizeof(buf)) > 0;
	check("directory still lists", dir_ok);
	ok &= dir_ok;
	/* Linux takes nothing from a pipe it could not copy out. */
	long n = S(read, pipe_r[0], buf, sizeof(buf), 0, 0, 0);
	check_result("pipe still holds its bytes after the failed reads", n, 32);
	int pr_ok = n == 32 && !memcmp(buf, pipe_data, 32);
	check("...the same bytes", pr_ok);
	ok &= pr_ok;
	int pw_ok = write(pipe_w[1], "ping", 4) == 4;
	n = S(read, pipe_w[0], buf, sizeof(buf), 0, 0, 0);
	check_result("pipe written to after the failed writes: read back", n, 4);
	pw_ok = pw_ok && n == 4 && !memcmp(buf, "ping", 4);
	check("...the bytes written", pw_ok);
	ok &= pw_ok;
	int fd = open(".", O_RDONLY);
	close(fd);
	check("no descriptor leaked", fd == next_fd);
	ok &= fd == next_fd;

	/* Memory. */
	int mem_ok = bytes_are((unsigned char *)(edge - PAGE), PAGE - SCRATCH, edge_byte) &&
		     ((struct pollfd *)ro_page)->fd == -1 &&
		     bytes_are((unsigned char *)ro_page + 64, PAGE - 64, ro_byte) &&
		     bytes_are(efault_victim_text, PAGE, cc_byte) &&
		     bytes_are(canary, sizeof(canary), canary_byte) &&
		     !strcmp(link_target, "target-of-the-link-0123456789");
	for (int i = 0; i < 16; i++)
		mem_ok &= stack_canary[i] == i * 1000003;
	check("memory unchanged", mem_ok);
	ok &= mem_ok;

	/* The process's state in the kernel. */
	getcwd(cwd_after, sizeof(cwd_after));
	S(rt_sigaction, SIGUSR1, 0, &act_after, 8, 0, 0);
	S(rt_sigprocmask, SIG_BLOCK, 0, &mask_after, 8, 0, 0);
	S(getrlimit, RLIMIT_NOFILE, &lim_after, 0, 0, 0, 0);
	int proc_ok = !strcmp(cwd_before, cwd_after) &&
		      act_before.handler == act_after.handler &&
		      act_before.flags == act_after.flags && mask_before == mask_after &&
		      lim_before.rlim_cur == lim_after.rlim_cur &&
		      lim_before.rlim_max == lim_after.rlim_max;
	check("working directory, signals and limits unchanged", proc_ok);
	ok &= proc_ok;
	char names[256];
	dir_names(names, sizeof(names));
	printf("scratch directory: %s\n", names);
	int dir_same = !strcmp(names, "d f in l notexec out");
	check("nothing created or removed", dir_same);
	ok &= dir_same;
	check("kernel state unchanged", ok);

	close(fd_in);
	close(fd_out);
	close(fd_dir);
	scratch_leave();
	return check_exit();
}
