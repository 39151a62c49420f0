/*
 * trace-calls - a fixed sequence of raw system calls, many failing, to
 * compare MinOS's /bin/strace with Linux's on the same binary
 * (tests/strace.tests). Works in /tmp/trace-calls.tmp and .d, removes them.
 * Invariant: arguments and results match on both kernels but for addresses.
 */
#include <sys/syscall.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

#include <uapi/mman.h>

#define TMP_FILE "/tmp/trace-calls.tmp"
#define TMP_DIR "/tmp/trace-calls.d"
#define TMP_DIR_FILE TMP_DIR "/f"
#define PAGE 4096
#define UNKNOWN_NR 1000      /* no Linux or MinOS call has this number */
#define BAD_CLOCK 999        /* no clock has this id */
#define TCGETS 0x5401        /* Linux's asm-generic/ioctls.h */
#define TIOCGWINSZ 0x5413

static char buf[256];

#define sys0(nr) __syscall6(nr, 0, 0, 0, 0, 0, 0)
#define sys1(nr, a) __syscall6(nr, (long)(a), 0, 0, 0, 0, 0)
#define sys2(nr, a, b) __syscall6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(nr, a, b, c) __syscall6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(nr, a, b, c, d) __syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

static void files(void)
{
	struct stat st;
	static const char data[] = "0123456789";
	static const char odd[] = "tab\there\nnul\0bell\a\x7f\xff end of a long string";

	sys2(__NR_open, "/nope", O_RDONLY);
	sys3(__NR_open, TMP_FILE, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	sys3(__NR_write, 3, data, sizeof(data) - 1);
	sys3(__NR_write, 3, odd, sizeof(odd) - 1);
	sys2(__NR_fstat, 3, &st);
	sys2(__NR_fstat, -1, &st);
	sys3(__NR_lseek, 3, 0, SEEK_SET);
	sys3(__NR_read, 3, buf, 10);
	sys3(__NR_lseek, 3, -4, SEEK_END);
	sys3(__NR_lseek, 3, 2, SEEK_CUR);
	sys3(__NR_read, 3, buf, sizeof(buf));
	sys3(__NR_lseek, 3, -100, SEEK_SET);
	sys3(__NR_read, 99, buf, 1);
	sys3(__NR_write, 99, "x", 1);
	sys2(__NR_stat, TMP_FILE, &st);
	sys2(__NR_lstat, "/nope", &st);
	sys4(__NR_newfstatat, AT_FDCWD, TMP_FILE, &st, AT_SYMLINK_NOFOLLOW);
	sys3(__NR_ioctl, 3, TCGETS, buf);
	sys3(__NR_ioctl, 3, TIOCGWINSZ, buf);
	sys2(__NR_fcntl, 3, F_GETFD);
	sys2(__NR_access, "/nope", F_OK);
	sys2(__NR_access, TMP_FILE, R_OK | W_OK);
	sys1(__NR_close, 3);
	sys1(__NR_close, 3);
	sys4(__NR_openat, AT_FDCWD, TMP_FILE, O_WRONLY | O_CREAT | O_EXCL, 0600);
	sys2(__NR_mkdir, TMP_DIR, 0755);
	sys3(__NR_open, TMP_DIR_FILE, O_WRONLY | O_CREAT | O_APPEND, 0600);
	sys1(__NR_close, 3);
	sys2(__NR_open, TMP_DIR, O_RDONLY | O_DIRECTORY);
	sys3(__NR_getdents64, 3, buf, sizeof(buf));
	sys3(__NR_getdents64, 3, buf, sizeof(buf));
	sys1(__NR_close, 3);
	sys1(__NR_unlink, TMP_DIR_FILE);
	sys1(__NR_rmdir, TMP_DIR);
	sys1(__NR_unlink, TMP_FILE);
	sys1(__NR_unlink, TMP_FILE);
}

static void memory(void)
{
	long a = __syscall6(__NR_mmap, 0, 2 * PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	sys3(__NR_mprotect, a, PAGE, PROT_READ);
	sys3(__NR_mprotect, a + PAGE, PAGE, PROT_NONE);
	sys3(__NR_mprotect, a + 1, PAGE, PROT_READ);
	sys2(__NR_munmap, a, 2 * PAGE);
	__syscall6(__NR_mmap, 0, PAGE, PROT_READ, MAP_SHARED, 99, 0);
	__syscall6(__NR_mmap, 0, 0, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long b = sys1(__NR_brk, 0);
	sys1(__NR_brk, b + PAGE);
	sys1(__NR_brk, b);
}

static void pipes(void)
{
	int p[2];
	struct iovec iov[2] = { { (void *)"through ", 8 }, { (void *)"the pipe", 8 } };

	sys1(__NR_pipe, p);
	sys3(__NR_writev, p[1], iov, 2);
	sys3(__NR_read, p[0], buf, sizeof(buf));
	sys3(__NR_write, p[1], "more", 4);
	sys2(__NR_dup2, p[0], 10);
	sys3(__NR_read, 10, buf, 2);
	sys3(__NR_lseek, 10, 0, SEEK_CUR);
	sys2(__NR_dup2, 99, 11);
	sys1(__NR_dup, p[1]);
	sys1(__NR_close, 10);
	sys2(__NR_pipe2, p, O_CLOEXEC | O_NONBLOCK);
	sys3(__NR_read, p[0], buf, 1);
}

static void process(void)
{
	struct timespec ts = { 0, 1000 };
	sigset_t set = 1UL << (SIGUSR1 - 1);
	sigset_t old;
	struct kernel_sigaction_minos_test { unsigned long h, flags, restorer, mask; } act = { 1, 0, 0, 0 };

	sys0(__NR_getpid);
	sys0(__NR_getppid);
	sys2(__NR_kill, 0x7ffffff0, 0);
	__syscall6(UNKNOWN_NR, 1, 2, 3, 4, 5, 6);
	sys2(__NR_clock_getres, CLOCK_MONOTONIC, &ts);
	sys2(__NR_clock_gettime, BAD_CLOCK, &ts);
	sys2(__NR_nanosleep, &ts, 0);
	sys4(__NR_rt_sigprocmask, SIG_BLOCK, &set, &old, 8);
	sys4(__NR_rt_sigprocmask, SIG_SETMASK, &old, 0, 8);
	sys4(__NR_rt_sigaction, SIGUSR1, &act, 0, 8);
	sys4(__NR_wait4, -1, buf, 0, 0);
	sys1(__NR_umask, 077);
	sys1(__NR_umask, 022);
}

int main(void)
{
	files();
	memory();
	pipes();
	process();
	sys3(__NR_write, 1, "trace-calls: done\n", 18);
	return 0;
}
