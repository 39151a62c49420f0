/*
 * args.c - one argument or the result of a traced call, printed as Linux's
 * strace 6 prints it: names and flag orders from Linux's uapi headers and
 * strace's output. Invariant: tracee memory is only read, through mem.h;
 * what cannot be read, or an output of a failed call, is an address.
 */
#include <stdio.h>
#include <string.h>

#include <uapi/dirent.h>
#include <uapi/errno.h>
#include <uapi/errno_text.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <uapi/mman.h>
#include <uapi/signal_text.h>
#include <uapi/stat.h>
#include <uapi/time.h>

#include "args.h"
#include "mem.h"

#define N(name) { name, #name }

/* Linux's include/uapi/asm-generic/fcntl.h values that uapi/fcntl.h
 * leaves out. */
#define O_SYNC_ALL 04010000 /* O_SYNC: __O_SYNC | O_DSYNC */
#define O_FASYNC 020000
#define O_TMPFILE_ALL 020200000 /* O_TMPFILE: __O_TMPFILE | O_DIRECTORY */
#define O_TMPFILE_BIT 020000000
#define AT_NO_AUTOMOUNT 0x800
#define AT_RECURSIVE 0x8000
#define SEEK_DATA 3
#define SEEK_HOLE 4

/* Open flags in strace's order (O_TMPFILE is tried before O_DIRECTORY). */
static const struct trace_name open_flag_names[] = {
	N(O_CREAT), N(O_EXCL), N(O_NOCTTY), N(O_TRUNC), N(O_APPEND), N(O_NONBLOCK),
	{ O_SYNC_ALL, "O_SYNC" }, N(O_DSYNC), { O_FASYNC, "FASYNC" }, N(O_DIRECT),
	N(O_LARGEFILE), N(O_NOFOLLOW), N(O_NOATIME), N(O_CLOEXEC), N(O_PATH),
	{ O_TMPFILE_ALL, "O_TMPFILE" }, N(O_DIRECTORY),
};
static const char *const access_mode_names[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };

static const struct trace_name at_flag_names[] = {
	N(AT_SYMLINK_NOFOLLOW), N(AT_REMOVEDIR), N(AT_SYMLINK_FOLLOW), N(AT_NO_AUTOMOUNT),
	N(AT_EMPTY_PATH), N(AT_RECURSIVE),
};

static const struct trace_name whence_names[] = {
	N(SEEK_SET), N(SEEK_CUR), N(SEEK_END), N(SEEK_DATA), N(SEEK_HOLE),
};

static const struct trace_name prot_names[] = {
	N(PROT_READ), N(PROT_WRITE), N(PROT_EXEC), N(PROT_SEM), N(PROT_GROWSDOWN), N(PROT_GROWSUP),
};

/* Linux's include/uapi/linux/mman.h. */
#define MAP_SYNC 0x80000
#define MAP_HUGE_SHIFT 26
#define MAP_HUGE_MASK 0x3fUL
#define MAP_FILE 0
static const struct trace_name map_type_names[] = {
	N(MAP_FILE), N(MAP_SHARED), N(MAP_PRIVATE), N(MAP_SHARED_VALIDATE),
};
static const struct trace_name map_flag_names[] = {
	N(MAP_FIXED), N(MAP_ANONYMOUS), N(MAP_32BIT), N(MAP_NORESERVE), N(MAP_POPULATE),
	N(MAP_NONBLOCK), N(MAP_GROWSDOWN), N(MAP_DENYWRITE), N(MAP_EXECUTABLE), N(MAP_LOCKED),
	N(MAP_STACK), N(MAP_HUGETLB), N(MAP_SYNC), N(MAP_FIXED_NOREPLACE), N(MAP_UNINITIALIZED),
};

/* Linux's include/uapi/linux/poll.h (asm-generic/poll.h). */
#define POLLRDBAND 0x0080
#define POLLWRBAND 0x0200
#define POLLMSG 0x0400
#define POLLREMOVE 0x1000
#define POLLRDHUP 0x2000
static const struct trace_name poll_names[] = {
	N(POLLIN), N(POLLPRI), N(POLLOUT), N(POLLERR), N(POLLHUP), N(POLLNVAL), N(POLLRDNORM),
	N(POLLRDBAND), N(POLLWRNORM), N(POLLWRBAND), N(POLLMSG), N(POLLREMOVE), N(POLLRDHUP),
};

/* sa_flags come from uapi/signal.h. */
static const struct trace_name sa_flag_names[] = {
	N(SA_RESTORER), N(SA_ONSTACK), N(SA_RESTART), N(SA_NODEFER), N(SA_RESETHAND),
	N(SA_SIGINFO), N(SA_NOCLDSTOP), N(SA_NOCLDWAIT),
};
static const struct trace_name sigmask_how_names[] = {
	N(SIG_BLOCK), N(SIG_UNBLOCK), N(SIG_SETMASK),
};
/* The names of signals 1-31, without "SIG" (in sets) and with it. */
#define SIGNAL_SHORT_NAME(num, name, text) [num] = #name,
#define SIGNAL_FULL_NAME(num, name, text) [num] = "SIG" #name,
static const char *const signal_names[SIGRTMIN] = { SIGNAL_TEXT(SIGNAL_SHORT_NAME) };
static const char *const signal_full_names[SIGRTMIN] = { SIGNAL_TEXT(SIGNAL_FULL_NAME) };
#undef SIGNAL_SHORT_NAME
#undef SIGNAL_FULL_NAME

/* Linux's include/uapi/asm-generic/ioctls.h. */
#define FIONBIO 0x5421
#define TCFLSH 0x540B
#define TIOCOUTQ 0x5411
#define TIOCSTI 0x5412
#define IOC_NRBITS 8
#define IOC_TYPEBITS 8
#define IOC_SIZEBITS 14
static const struct trace_name ioctl_names[] = {
	N(TCGETS), { TCSETS, "SNDCTL_TMR_START or TCSETS" },
	{ TCSETSW, "SNDCTL_TMR_STOP or TCSETSW" }, { TCSETSF, "SNDCTL_TMR_CONTINUE or TCSETSF" },
	N(TCFLSH), N(TIOCSCTTY), N(TIOCGPGRP), N(TIOCSPGRP), N(TIOCOUTQ), N(TIOCSTI),
	N(TIOCGWINSZ), N(TIOCSWINSZ), N(FIONREAD), N(FIONBIO), N(TIOCNOTTY),
};

/* Linux's include/uapi/asm-generic/termbits.h, in strace's order. */
static const struct trace_name iflag_names[] = {
	{ 01, "IGNBRK" }, { 02, "BRKINT" }, { 04, "IGNPAR" }, { 010, "PARMRK" },
	{ 020, "INPCK" }, { 040, "ISTRIP" }, { 0100, "INLCR" }, { 0200, "IGNCR" },
	{ ICRNL, "ICRNL" }, { 01000, "IUCLC" }, { 02000, "IXON" }, { 04000, "IXANY" },
	{ 010000, "IXOFF" }, { 020000, "IMAXBEL" }, { 040000, "IUTF8" },
};
static const struct trace_name oflag_names[] = {
	{ OPOST, "OPOST" }, { 02, "OLCUC" }, { ONLCR, "ONLCR" }, { 010, "OCRNL" },
	{ 020, "ONOCR" }, { 040, "ONLRET" }, { 0100, "OFILL" }, { 0200, "OFDEL" },
};
#define NLDLY 0400
#define CRDLY 03000
#define TABDLY 014000
#define BSDLY 020000
#define VTDLY 040000
#define FFDLY 0100000
#define CBAUD 010017
#define CBAUDEX 010000
#define CIBAUD 002003600000U
#define IBSHIFT 16
#define CSIZE 060
static const struct trace_name cflag_names[] = {
	{ 0100, "CSTOPB" }, { CREAD, "CREAD" }, { 0400, "PARENB" }, { 01000, "PARODD" },
	{ 02000, "HUPCL" }, { 04000, "CLOCAL" }, { 010000000000, "CMSPAR" },
	{ 020000000000, "CRTSCTS" },
};
static const struct trace_name lflag_names[] = {
	{ ISIG, "ISIG" }, { ICANON, "ICANON" }, { 04, "XCASE" }, { ECHO, "ECHO" },
	{ ECHOE, "ECHOE" }, { ECHOK, "ECHOK" }, { 0100, "ECHONL" }, { 0200, "NOFLSH" },
	{ 0100000, "IEXTEN" }, { 01000, "ECHOCTL" }, { 02000, "ECHOPRT" }, { 04000, "ECHOKE" },
	{ 010000, "FLUSHO" }, { 040000, "PENDIN" }, { 0400, "TOSTOP" }, { 0200000, "EXTPROC" },
};
static const char *const baud_names[] = {
	"B0", "B50", "B75", "B110", "B134", "B150", "B200", "B300", "B600", "B1200",
	"B1800", "B2400", "B4800", "B9600", "B19200", "B38400",
};
static const char *const baudex_names[] = {
	"BOTHER", "B57600", "B115200", "B230400", "B460800", "B500000", "B576000", "B921600",
	"B1000000", "B1152000", "B1500000", "B2000000", "B2500000", "B3000000", "B3500000",
	"B4000000",
};

/* Linux's include/uapi/linux/fcntl.h and asm-generic/fcntl.h. */
static const struct trace_name fcntl_names[] = {
	N(F_DUPFD), N(F_GETFD), N(F_SETFD), N(F_GETFL), N(F_SETFL),
	{ 5, "F_GETLK" }, { 6, "F_SETLK" }, { 7, "F_SETLKW" }, { 8, "F_SETOWN" },
	{ 9, "F_GETOWN" }, { 10, "F_SETSIG" }, { 11, "F_GETSIG" }, { 15, "F_SETOWN_EX" },
	{ 16, "F_GETOWN_EX" }, { 1024, "F_SETLEASE" }, { 1025, "F_GETLEASE" },
	{ 1026, "F_NOTIFY" }, N(F_DUPFD_CLOEXEC), { 1031, "F_SETPIPE_SZ" },
	{ 1032, "F_GETPIPE_SZ" }, { 1033, "F_ADD_SEALS" }, { 1034, "F_GET_SEALS" },
};
static const struct trace_name fd_flag_names[] = { N(FD_CLOEXEC) };

/* Linux's include/uapi/linux/time.h. */
static const char *const clock_names[] = {
	"CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID",
	"CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE",
	"CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME", "CLOCK_REALTIME_ALARM",
	"CLOCK_BOOTTIME_ALARM", "CLOCK_SGI_CYCLE", "CLOCK_TAI",
};
static const struct trace_name timer_flag_names[] = { N(TIMER_ABSTIME) };

/* Linux's include/uapi/linux/wait.h. */
static const struct trace_name wait_option_names[] = {
	{ 1, "WNOHANG" }, { 2, "WSTOPPED" }, { 4, "WEXITED" }, { 8, "WCONTINUED" },
	{ 0x1000000, "WNOWAIT" }, { 0x80000000, "__WCLONE" }, { 0x40000000, "__WALL" },
	{ 0x20000000, "__WNOTHREAD" },
};

/* Linux's include/uapi/linux/sched.h. */
#define CSIGNAL 0xff
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID 0x01000000
static const struct trace_name clone_flag_names[] = {
	{ 0x100, "CLONE_VM" }, { 0x200, "CLONE_FS" }, { 0x400, "CLONE_FILES" },
	{ 0x800, "CLONE_SIGHAND" }, { 0x1000, "CLONE_PIDFD" }, { 0x2000, "CLONE_PTRACE" },
	{ 0x4000, "CLONE_VFORK" }, { 0x8000, "CLONE_PARENT" }, { 0x10000, "CLONE_THREAD" },
	{ 0x20000, "CLONE_NEWNS" }, { 0x40000, "CLONE_SYSVSEM" }, N(CLONE_SETTLS),
	N(CLONE_PARENT_SETTID), N(CLONE_CHILD_CLEARTID), { 0x400000, "CLONE_DETACHED" },
	{ 0x800000, "CLONE_UNTRACED" }, N(CLONE_CHILD_SETTID), { 0x2000000, "CLONE_NEWCGROUP" },
	{ 0x4000000, "CLONE_NEWUTS" }, { 0x8000000, "CLONE_NEWIPC" },
	{ 0x10000000, "CLONE_NEWUSER" }, { 0x20000000, "CLONE_NEWPID" },
	{ 0x40000000, "CLONE_NEWNET" }, { 0x80000000, "CLONE_IO" },
};

/* Linux's include/uapi/asm-generic/resource.h. */
static const char *const rlimit_names[] = {
	"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE",
	"RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS",
	"RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE",
	"RLIMIT_RTPRIO", "RLIMIT_RTTIME",
};

/* Linux's arch/x86/include/uapi/asm/prctl.h. */
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
static const struct trace_name arch_prctl_names[] = {
	N(ARCH_SET_GS), N(ARCH_SET_FS), N(ARCH_GET_FS), N(ARCH_GET_GS),
	{ 0x1011, "ARCH_GET_CPUID" }, { 0x1012, "ARCH_SET_CPUID" },
};

static const struct trace_name random_flag_names[] = {
	N(GRND_NONBLOCK), N(GRND_RANDOM), N(GRND_INSECURE),
};


/* strace's limit on array elements shown, like its string limit. */
#define ARRAY_SHOWN TRACE_STRING_MAX
/* How far an envp array is counted. */
#define ENVP_COUNT_MAX 65536

/* --- helpers ------------------------------------------------------------ */

/* An array that runs into memory that cannot be read: where it stops. */
static void print_unreadable(struct trace_text *t, bool first, u64 where)
{
	trace_printf(t, "%s... /* %#lx */", first ? "" : ", ", where);
}

static bool failed(const struct trace_call *c) { return c->ret < 0 && c->ret >= -4095; }

/* Reads a user object; false (after printing its address) if it cannot. */
static bool read_user(struct trace_text *t, u64 p, void *obj, u64 size)
{
	if (!p) {
		trace_puts(t, "NULL");
		return false;
	}
	if (mem_read(obj, p, size)) {
		trace_ptr(t, p);
		return false;
	}
	return true;
}

static void table_name(struct trace_text *t, const char *const *names, size_t n, u64 v,
		       const char *family)
{
	if (v < n && names[v])
		trace_puts(t, names[v]);
	else
		trace_printf(t, "%#lx /* %s??? */", v, family);
}

const char *trace_signal_name(int sig)
{
	static char rt[NSIG - SIGRTMIN + 1][sizeof("SIGRT_32")];

	if (sig >= 1 && sig < SIGRTMIN)
		return signal_full_names[sig];
	if (sig == SIGRTMIN)
		return "SIGRTMIN";
	if (sig > SIGRTMIN && sig <= NSIG) {
		char *s = rt[sig - SIGRTMIN];
		if (!s[0])
			snprintf(s, sizeof(rt[0]), "SIGRT_%d", sig - SIGRTMIN);
		return s;
	}
	return NULL;
}

int trace_signal_number(const char *name)
{
	char up[16];
	size_t i;

	if (name[0] >= '0' && name[0] <= '9') {
		int n = 0;
		for (; *name >= '0' && *name <= '9'; name++)
			n = n * 10 + (*name - '0');
		return *name || n < 1 || n > NSIG ? -1 : n;
	}
	for (i = 0; name[i] && i + 1 < sizeof(up); i++)
		up[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
	up[i] = 0;
	const char *bare = strncmp(up, "SIG", 3) ? up : up + 3;
	for (int sig = 1; sig <= NSIG; sig++) {
		const char *full = trace_signal_name(sig);
		if (full && !strcmp(full + 3, bare))
			return sig;
	}
	return -1;
}

static void print_signal(struct trace_text *t, long sig)
{
	const char *name = trace_signal_name((int)sig);
	if (name && sig == (int)sig)
		trace_puts(t, name);
	else
		trace_printf(t, "%d", (int)sig);
}

/* A signal set: [INT TERM], or ~[KILL] when most signals are in it. */
static void print_sigset(struct trace_text *t, u64 set)
{
	bool first = true;

	int count = 0;
	for (u64 rest = set; rest; rest &= rest - 1)
		count++;
	if (count * 2 > NSIG) {
		trace_putc(t, '~');
		set = ~set;
	}
	trace_putc(t, '[');
	for (int sig = 1; sig <= NSIG; sig++) {
		if (!(set & (1ULL << (sig - 1))))
			continue;
		if (!first)
			trace_putc(t, ' ');
		first = false;
		if (sig < SIGRTMIN)
			trace_puts(t, signal_names[sig]);
		else if (sig == SIGRTMIN)
			trace_puts(t, "RTMIN");
		else
			trace_printf(t, "RT_%d", sig - SIGRTMIN);
	}
	trace_putc(t, ']');
}

static void print_open_flags(struct trace_text *t, u64 v)
{
	trace_puts(t, access_mode_names[v & O_ACCMODE]);
	trace_more_flags(t, open_flag_names, ARRAY_SIZE(open_flag_names), v & ~(u64)O_ACCMODE);
}

static void print_mode_bits(struct trace_text *t, u32 mode)
{
	static const struct trace_name types[] = {
		N(S_IFSOCK), N(S_IFLNK), N(S_IFREG), N(S_IFBLK), N(S_IFDIR), N(S_IFCHR), N(S_IFIFO),
	};
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		if ((mode & S_IFMT) == types[i].value) {
			trace_puts(t, types[i].name);
			trace_putc(t, '|');
		}
	}
	if (mode & S_ISUID)
		trace_puts(t, "S_ISUID|");
	if (mode & S_ISGID)
		trace_puts(t, "S_ISGID|");
	if (mode & S_ISVTX)
		trace_puts(t, "S_ISVTX|");
	trace_octal(t, mode & 0777);
}

static void print_timespec(struct trace_text *t, u64 p)
{
	struct timespec ts;
	if (read_user(t, p, &ts, sizeof(ts)))
		trace_printf(t, "{tv_sec=%ld, tv_nsec=%ld}", ts.tv_sec, ts.tv_nsec);
}

static void print_rlim_value(struct trace_text *t, u64 v)
{
	if (v == RLIM_INFINITY)
		trace_puts(t, "RLIM64_INFINITY");
	else if (v > 1024 && v % 1024 == 0)
		trace_printf(t, "%lu*1024", v / 1024);
	else
		trace_printf(t, "%lu", v);
}

static void print_rlimit(struct trace_text *t, u64 p)
{
	struct rlimit r;
	if (!read_user(t, p, &r, sizeof(r)))
		return;
	trace_puts(t, "{rlim_cur=");
	print_rlim_value(t, r.rlim_cur);
	trace_puts(t, ", rlim_max=");
	print_rlim_value(t, r.rlim_max);
	trace_putc(t, '}');
}

static void print_sigaction(struct trace_text *t, u64 p)
{
	struct kernel_sigaction sa;
	if (!read_user(t, p, &sa, sizeof(sa)))
		return;
	trace_puts(t, "{sa_handler=");
	if (sa.handler == SIG_DFL)
		trace_puts(t, "SIG_DFL");
	else if (sa.handler == SIG_IGN)
		trace_puts(t, "SIG_IGN");
	else
		trace_hex(t, sa.handler);
	trace_puts(t, ", sa_mask=");
	print_sigset(t, sa.mask);
	trace_puts(t, ", sa_flags=");
	trace_flags(t, sa_flag_names, ARRAY_SIZE(sa_flag_names), sa.flags, "SA_", NULL);
	if (sa.flags & SA_RESTORER) {
		trace_puts(t, ", sa_restorer=");
		trace_ptr(t, sa.restorer);
	}
	trace_putc(t, '}');
}

static void print_stat(struct trace_text *t, u64 p)
{
	struct stat st;
	if (!read_user(t, p, &st, sizeof(st)))
		return;
	trace_puts(t, "{st_mode=");
	print_mode_bits(t, st.st_mode);
	if (S_ISCHR(st.st_mode) || (st.st_mode & S_IFMT) == S_IFBLK) {
		/* glibc's gnu_dev_major and gnu_dev_minor */
		u64 major = ((st.st_rdev >> 32) & 0xfffff000) | ((st.st_rdev >> 8) & 0xfff);
		u64 minor = ((st.st_rdev >> 12) & 0xffffff00) | (st.st_rdev & 0xff);
		trace_printf(t, ", st_rdev=makedev(%#lx, %#lx), ...}", major, minor);
	} else {
		trace_printf(t, ", st_size=%ld, ...}", st.st_size);
	}
}

/* The entries of a getdents64 result: walks d_reclen through n bytes. */
static void print_dirents(struct trace_text *t, u64 p, u64 n)
{
	u64 count = 0;
	for (u64 off = 0; off < n; count++) {
		struct linux_dirent64 d;
		if (mem_read(&d, p + off, sizeof(d)) || d.d_reclen == 0)
			break;
		off += d.d_reclen;
	}
	trace_printf(t, "%#lx /* %lu entries */", p, count);
}

static void print_iovec(struct trace_text *t, u64 p, u64 count, bool with_data, u64 data)
{
	struct iovec v;

	if (!p) {
		trace_puts(t, "NULL");
		return;
	}
	/* a count whose array would not fit in memory: only the address */
	if (count > ~0UL / sizeof(v) || (count > 0 && mem_read(&v, p, sizeof(v)))) {
		trace_ptr(t, p);
		return;
	}
	trace_putc(t, '[');
	for (u64 i = 0; i < count; i++) {
		if (i == ARRAY_SHOWN) {
			trace_puts(t, ", ...");
			break;
		}
		if (mem_read(&v, p + i * sizeof(v), sizeof(v))) {
			print_unreadable(t, i == 0, p + i * sizeof(v));
			break;
		}
		trace_puts(t, i ? ", {iov_base=" : "{iov_base=");
		if (with_data) {
			u64 n = MIN(data, v.iov_len);
			trace_user_buf(t, (u64)v.iov_base, n, false);
			data -= n;
		} else {
			trace_ptr(t, (u64)v.iov_base);
		}
		trace_printf(t, ", iov_len=%lu}", v.iov_len);
	}
	trace_putc(t, ']');
}

static void print_pollfds(struct trace_text *t, u64 p, u64 n, bool revents)
{
	struct pollfd pfd;
	bool first = true;

	if (!p || n == 0 || n > ~0UL / sizeof(pfd) ||
	    mem_read(&pfd, p, sizeof(pfd))) {
		trace_ptr(t, p);
		return;
	}
	trace_putc(t, '[');
	for (u64 i = 0, shown = 0; i < n; i++) {
		if (mem_read(&pfd, p + i * sizeof(pfd), sizeof(pfd))) {
			print_unreadable(t, first, p + i * sizeof(pfd));
			break;
		}
		u16 ev = (u16)(revents ? pfd.revents : pfd.events);
		if (revents && !ev)
			continue;
		if (shown++ == ARRAY_SHOWN) {
			trace_puts(t, ", ...");
			break;
		}
		trace_printf(t, "%s{fd=%d", first ? "" : ", ", pfd.fd);
		first = false;
		if (pfd.fd < 0 && !revents) { /* an entry poll skips */
			trace_putc(t, '}');
			continue;
		}
		trace_puts(t, revents ? ", revents=" : ", events=");
		trace_flags(t, poll_names, ARRAY_SIZE(poll_names), ev, "POLL", NULL);
		trace_putc(t, '}');
	}
	trace_putc(t, ']');
}

static void print_argv(struct trace_text *t, u64 p)
{
	u64 s;
	if (!read_user(t, p, &s, sizeof(s)))
		return;
	trace_putc(t, '[');
	for (u64 i = 0;; i++) {
		if (mem_read(&s, p + i * sizeof(s), sizeof(s))) {
			print_unreadable(t, i == 0, p + i * sizeof(s));
			break;
		}
		if (!s)
			break;
		if (i == ARRAY_SHOWN) {
			trace_puts(t, ", ...");
			break;
		}
		if (i)
			trace_puts(t, ", ");
		trace_user_string(t, s, TRACE_STRING_MAX);
		if (t->cut)
			break;
	}
	trace_putc(t, ']');
}

static void print_argv(struct trace_text *t, u64 p);

/* envp: its address and how many strings it holds; with -v, the strings
 * as argv's. */
static void print_envp(struct trace_text *t, u64 p)
{
	u64 s, n = 0;
	bool ended = false;
	if (opt.verbose) {
		print_argv(t, p);
		return;
	}
	if (!read_user(t, p, &s, sizeof(s)))
		return;
	while (n < ENVP_COUNT_MAX) {
		if (mem_read(&s, p + n * sizeof(s), sizeof(s)))
			break;
		if (!s) {
			ended = true;
			break;
		}
		n++;
	}
	trace_printf(t, "%#lx /* %lu var%s%s */", p, n, n == 1 ? "" : "s",
		     ended ? "" : ", unterminated");
}

static void print_termios(struct trace_text *t, u64 p)
{
	struct termios tio;
	if (!read_user(t, p, &tio, sizeof(tio)))
		return;
	trace_puts(t, "{c_iflag=");
	if (tio.c_iflag)
		trace_flags(t, iflag_names, ARRAY_SIZE(iflag_names), tio.c_iflag, "I", NULL);
	trace_printf(t, ", c_oflag=NL%u|CR%u|TAB%u|BS%u|VT%u|FF%u|", (tio.c_oflag & NLDLY) ? 1 : 0,
		     (tio.c_oflag & CRDLY) >> 9, (tio.c_oflag & TABDLY) >> 11,
		     (tio.c_oflag & BSDLY) ? 1 : 0, (tio.c_oflag & VTDLY) ? 1 : 0,
		     (tio.c_oflag & FFDLY) ? 1 : 0);
	u32 o = tio.c_oflag & ~(u32)(NLDLY | CRDLY | TABDLY | BSDLY | VTDLY | FFDLY);
	if (o)
		trace_flags(t, oflag_names, ARRAY_SIZE(oflag_names), o, "O", NULL);
	trace_puts(t, ", c_cflag=");
	u32 baud = tio.c_cflag & CBAUD;
	if (baud & CBAUDEX)
		trace_puts(t, baudex_names[baud & 017]);
	else
		trace_puts(t, baud_names[baud]);
	u32 ibaud = (tio.c_cflag & CIBAUD) >> IBSHIFT;
	if (ibaud)
		trace_printf(t, "|%s<<IBSHIFT", (ibaud & CBAUDEX) ? baudex_names[ibaud & 017]
								: baud_names[ibaud & 017]);
	trace_printf(t, "|CS%u", 5 + ((tio.c_cflag & CSIZE) >> 4));
	u32 c = tio.c_cflag & ~(u32)(CBAUD | CIBAUD | CSIZE);
	if (c) {
		trace_putc(t, '|');
		trace_flags(t, cflag_names, ARRAY_SIZE(cflag_names), c, "C", NULL);
	}
	trace_puts(t, ", c_lflag=");
	if (tio.c_lflag)
		trace_flags(t, lflag_names, ARRAY_SIZE(lflag_names), tio.c_lflag, "", NULL);
	trace_puts(t, ", ...}");
}

static void print_winsize(struct trace_text *t, u64 p)
{
	struct winsize w;
	if (read_user(t, p, &w, sizeof(w)))
		trace_printf(t, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", w.ws_row,
			     w.ws_col, w.ws_xpixel, w.ws_ypixel);
}

static void print_int_ref(struct trace_text *t, u64 p)
{
	int v;
	if (read_user(t, p, &v, sizeof(v)))
		trace_printf(t, "[%d]", v);
}

static void print_ioctl_request(struct trace_text *t, u64 req)
{
	u32 r = (u32)req;
	for (size_t i = 0; i < ARRAY_SIZE(ioctl_names); i++) {
		if (ioctl_names[i].value == r) {
			trace_puts(t, ioctl_names[i].name);
			return;
		}
	}
	/* _IOC(dir, type, nr, size) (Linux's include/uapi/asm-generic/ioctl.h) */
	static const char *const dirs[] = { "_IOC_NONE", "_IOC_WRITE", "_IOC_READ",
					    "_IOC_READ|_IOC_WRITE" };
	u32 nr = r & 0xff, type = (r >> IOC_NRBITS) & 0xff;
	u32 size = (r >> (IOC_NRBITS + IOC_TYPEBITS)) & ((1U << IOC_SIZEBITS) - 1);
	trace_printf(t, "_IOC(%s, %#x, %#x, %#x)", dirs[r >> 30], type, nr, size);
}

static void print_ioctl_arg(struct trace_text *t, const struct trace_call *c)
{
	u64 p = c->args[2];
	bool ok = !failed(c);

	switch ((u32)c->args[1]) {
	case TCGETS:
		if (ok)
			print_termios(t, p);
		else
			trace_ptr(t, p);
		return;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		print_termios(t, p);
		return;
	case TIOCGWINSZ:
		if (ok)
			print_winsize(t, p);
		else
			trace_ptr(t, p);
		return;
	case TIOCSWINSZ:
		print_winsize(t, p);
		return;
	case TIOCGPGRP:
	case FIONREAD:
		if (ok)
			print_int_ref(t, p);
		else
			trace_ptr(t, p);
		return;
	case TIOCSPGRP:
	case FIONBIO:
		print_int_ref(t, p);
		return;
	default:
		trace_ptr(t, p);
	}
}

/* fcntl's third argument, by command; false for commands without one. */
static bool print_fcntl_arg(struct trace_text *t, u64 cmd, u64 v)
{
	switch (cmd) {
	case F_GETFD:
	case F_GETFL:
	case 9:    /* F_GETOWN */
	case 11:   /* F_GETSIG */
	case 1025: /* F_GETLEASE */
	case 1032: /* F_GETPIPE_SZ */
	case 1034: /* F_GET_SEALS */
		return false;
	case F_SETFD:
		trace_flags(t, fd_flag_names, ARRAY_SIZE(fd_flag_names), v, "FD_", NULL);
		return true;
	case F_SETFL:
		print_open_flags(t, v);
		return true;
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		trace_printf(t, "%u", (u32)v);
		return true;
	default:
		trace_hex(t, v);
		return true;
	}
}

static void print_wait_status(struct trace_text *t, const struct trace_call *c)
{
	u64 p = c->args[1];
	int s;

	if (failed(c) || c->ret == 0) {
		trace_ptr(t, p);
		return;
	}
	if (!read_user(t, p, &s, sizeof(s)))
		return;
	if ((s & 0x7f) == 0) {
		trace_printf(t, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", (s >> 8) & 0xff);
	} else if ((s & 0xff) == 0x7f) {
		trace_puts(t, "[{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		print_signal(t, (s >> 8) & 0xff);
		trace_puts(t, "}]");
	} else if (s == 0xffff) {
		trace_puts(t, "[{WIFCONTINUED(s)}]");
	} else {
		trace_puts(t, "[{WIFSIGNALED(s) && WTERMSIG(s) == ");
		print_signal(t, s & 0x7f);
		trace_puts(t, (s & 0x80) ? " && WCOREDUMP(s)}]" : "}]");
	}
}

static void print_clone(struct trace_text *t, const struct trace_call *c)
{
	u64 flags = c->args[0];

	trace_puts(t, "child_stack=");
	trace_ptr(t, c->args[1]);
	trace_puts(t, ", flags=");
	u64 rest = flags & ~(u64)CSIGNAL;
	if (rest)
		trace_flags(t, clone_flag_names, ARRAY_SIZE(clone_flag_names), rest, "CLONE_", NULL);
	if (flags & CSIGNAL) {
		if (rest)
			trace_putc(t, '|');
		print_signal(t, (long)(flags & CSIGNAL));
	} else if (!rest) {
		trace_putc(t, '0');
	}
	if (flags & CLONE_PARENT_SETTID) {
		trace_puts(t, ", parent_tid=");
		trace_ptr(t, c->args[2]);
	}
	if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
		trace_puts(t, ", child_tidptr=");
		trace_ptr(t, c->args[3]);
	}
	if (flags & CLONE_SETTLS) {
		trace_puts(t, ", tls=");
		trace_ptr(t, c->args[4]);
	}
}

static void print_utsname(struct trace_text *t, u64 p)
{
	char name[UTS_LEN];
	if (!read_user(t, p, name, sizeof(name)))
		return;
	trace_puts(t, "{sysname=");
	trace_user_string(t, p, UTS_LEN);
	trace_puts(t, ", nodename=");
	trace_user_string(t, p + UTS_LEN, UTS_LEN);
	trace_puts(t, ", ...}");
}

static void print_sysinfo(struct trace_text *t, u64 p)
{
	struct sysinfo s;
	if (read_user(t, p, &s, sizeof(s)))
		trace_printf(t, "{uptime=%ld, loads=[%lu, %lu, %lu], totalram=%lu, freeram=%lu, "
			     "sharedram=%lu, bufferram=%lu, totalswap=%lu, freeswap=%lu, procs=%u, "
			     "totalhigh=%lu, freehigh=%lu, mem_unit=%u}",
			     s.uptime, s.loads[0], s.loads[1], s.loads[2], s.totalram, s.freeram,
			     s.sharedram, s.bufferram, s.totalswap, s.freeswap, s.procs, s.totalhigh,
			     s.freehigh, s.mem_unit);
}

/* A UTC date from seconds since 1970 (the proleptic Gregorian calendar:
 * days to year, month and day by 400-year eras). */
static void print_date(struct trace_text *t, s64 secs)
{
	s64 days = secs / 86400, rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	s64 z = days + 719468;
	s64 era = (z >= 0 ? z : z - 146096) / 146097;
	s64 doe = z - era * 146097;
	s64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	s64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	s64 mp = (5 * doy + 2) / 153;
	s64 day = doy - (153 * mp + 2) / 5 + 1;
	s64 month = mp < 10 ? mp + 3 : mp - 9;
	s64 year = yoe + era * 400 + (month <= 2);
	trace_printf(t, "%04ld-%02ld-%02ldT%02ld:%02ld:%02ld+0000", year, month, day, rem / 3600,
		     rem / 60 % 60, rem % 60);
}

/* --- arguments ---------------------------------------------------------- */

bool trace_type_is_out(enum trace_type type)
{
	switch (type) {
	case TRACE_T_PATH_OUT:
	case TRACE_T_BUF_OUT:
	case TRACE_T_RANDOM_OUT:
	case TRACE_T_STAT_OUT:
	case TRACE_T_DIRENTS:
	case TRACE_T_PIPE_FDS:
	case TRACE_T_IOVEC_OUT:
	case TRACE_T_SIGSET_OUT:
	case TRACE_T_SIGACTION_OUT:
	case TRACE_T_IOCTL_ARG:
	case TRACE_T_TIMESPEC_OUT:
	case TRACE_T_TIMESPEC_LEFT:
	case TRACE_T_TIMEVAL_OUT:
	case TRACE_T_WAIT_STATUS:
	case TRACE_T_RLIMIT_OUT:
	case TRACE_T_UTSNAME_OUT:
	case TRACE_T_SYSINFO_OUT:
	case TRACE_T_ARCH_PRCTL_ADDR:
	case TRACE_T_TIME_OUT:
		return true;
	default:
		return false;
	}
}

bool trace_format_arg(struct trace_text *t, const struct trace_call *c, int i,
		      enum trace_type type)
{
	u64 v = c->args[i];
	u64 next = i + 1 < TRACE_MAX_ARGS ? c->args[i + 1] : 0;
	u64 prev = i > 0 ? c->args[i - 1] : 0;
	bool ok = !failed(c);

	switch (type) {
	case TRACE_T_HEX:
		trace_hex(t, v);
		break;
	case TRACE_T_INT:
		trace_printf(t, "%d", (int)v);
		break;
	case TRACE_T_FD:
		trace_fd(t, (int)v);
		break;
	case TRACE_T_UINT:
		trace_printf(t, "%u", (u32)v);
		break;
	case TRACE_T_LONG:
		trace_printf(t, "%ld", (long)v);
		break;
	case TRACE_T_ULONG:
		trace_printf(t, "%lu", v);
		break;
	case TRACE_T_PTR:
		trace_ptr(t, v);
		break;
	case TRACE_T_DIRFD:
		trace_fd(t, (int)v);
		break;
	case TRACE_T_PATH:
		trace_user_string(t, v, TRACE_PATH_MAX);
		break;
	case TRACE_T_PATH_OUT:
		if (ok)
			trace_user_string(t, v, TRACE_PATH_MAX);
		else
			trace_ptr(t, v);
		break;
	case TRACE_T_BUF_IN:
		trace_user_buf(t, v, next, false);
		break;
	case TRACE_T_BUF_OUT:
	case TRACE_T_RANDOM_OUT:
		if (ok)
			trace_user_buf(t, v, (u64)c->ret, type == TRACE_T_RANDOM_OUT);
		else
			trace_ptr(t, v);
		break;
	case TRACE_T_OPEN_FLAGS:
		print_open_flags(t, v);
		break;
	case TRACE_T_FD_FLAGS:
		trace_flags(t, open_flag_names, ARRAY_SIZE(open_flag_names), v, "O_", NULL);
		break;
	case TRACE_T_CREATE_MODE:
		if (!(prev & (O_CREAT | O_TMPFILE_BIT)))
			return false;
		trace_octal(t, (u32)v);
		break;
	case TRACE_T_MODE:
		trace_octal(t, (u32)v);
		break;
	case TRACE_T_ACCESS_MODE: {
		static const struct trace_name names[] = { N(R_OK), N(W_OK), N(X_OK) };
		if (v & ~(u64)(R_OK | W_OK | X_OK))
			trace_printf(t, "%#x /* ?_OK */", (u32)v);
		else
			trace_flags(t, names, ARRAY_SIZE(names), v, "?_OK", "F_OK");
		break;
	}
	case TRACE_T_AT_FLAGS:
		trace_flags(t, at_flag_names, ARRAY_SIZE(at_flag_names), (u32)v, "AT_", NULL);
		break;
	case TRACE_T_WHENCE:
		trace_value(t, whence_names, ARRAY_SIZE(whence_names), (u32)v, "SEEK_");
		break;
	case TRACE_T_PROT:
		trace_flags(t, prot_names, ARRAY_SIZE(prot_names), v, "PROT_", "PROT_NONE");
		break;
	case TRACE_T_MAP_FLAGS: {
		u64 huge = (v >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;
		u64 rest = v & ~(u64)MAP_TYPE & ~(MAP_HUGE_MASK << MAP_HUGE_SHIFT);
		trace_value(t, map_type_names, ARRAY_SIZE(map_type_names), v & MAP_TYPE, "MAP_");
		trace_more_flags(t, map_flag_names, ARRAY_SIZE(map_flag_names), rest);
		if (huge)
			trace_printf(t, "|%lu<<MAP_HUGE_SHIFT", huge);
		break;
	}
	case TRACE_T_STAT_OUT:
		if (ok)
			print_stat(t, v);
		else
			trace_ptr(t, v);
		break;
	case TRACE_T_DIRENTS:
		if (ok)
			print_dirents(t, v, (u64)c->ret);
		else
			trace_ptr(t, v);
		break;
	case TRACE_T_PIPE_FDS: {
		int fds[2];
		if (!ok)
			trace_ptr(t, v);
		else if (read_user(t, v, fds, sizeof(fds))) {
			trace_putc(t, '[');
			trace_fd(t, fds[0]);
			trace_puts(t, ", ");
			trace_fd(t, fds[1]);
			trace_putc(t, ']');
		}
		break;
	}
	case TRACE_T_IOVEC_IN:
		print_iovec(t, v, next, true, ~0UL);
		break;
	case TRACE_T_IOVEC_OUT:
		print_iovec(t, v, next, ok, ok ? (u64)c->ret : 0);
		break;
	case TRACE_T_POLLFDS:
		print_pollfds(t, v, next, false);
		break;
	case TRACE_T_SIGNAL:
		print_signal(t, (long)(int)v);
		break;
	case TRACE_T_SIGMASK_HOW:
		trace_value(t, sigmask_how_names, ARRAY_SIZE(sigmask_how_names), (u32)v, "SIG_");
		break;
	case TRACE_T_SIGSET_IN:
	case TRACE_T_SIGSET_OUT: {
		u64 set;
		if (type == TRACE_T_SIGSET_OUT && !ok && v)
			trace_ptr(t, v);
		else if (read_user(t, v, &set, sizeof(set)))
			print_sigset(t, set);
		break;
	}
	case TRACE_T_SIGACTION_IN:
		print_sigaction(t, v);
		break;
	case TRACE_T_SIGACTION_OUT:
		if (ok)
			print_sigaction(t, v);
		else
			trace_ptr(t, v);
		break;
	case TRACE_T_IOCTL_REQUEST:
		print_ioctl_request(t, v);
		break;
	case TRACE_T_IOCTL_ARG:
		print_ioctl_arg(t, c);
		break;
	case TRACE_T_FCNTL_CMD:
		trace_value(t, fcntl_names, ARRAY_SIZE(fcntl_names), (u32)v, "F_");
		break;
	case TRACE_T_FCNTL_ARG:
		return print_fcntl_arg(t, (u32)prev, v);
	case TRACE_T_CLOCKID:
		table_name(t, clock_names, ARRAY_SIZE(clock_names), (u32)v, "CLOCK_");
		break;
	case TRACE_T_TIMER_FLAGS:
		trace_flags(t, timer_flag_names, ARRAY_SIZE(timer_flag_names), (u32)v, "TIMER_", NULL);
		break;
	case TRACE_T_TIMESPEC_IN:
		print_timespec(t, v);
		break;
	case TRACE_T_TIMESPEC_OUT:
		if (ok)
			print_timespec(t, v);
		else
			trace_ptr(t, v);
		break;
	case TRACE_T_TIMESPEC_LEFT:
		/* EINTR, or Linux's internal restart codes a tracer sees */
		if (c->ret == -EINTR || c->ret == -512 || c->ret == -514 || c->ret == -516)
			print_timespec(t, v);
		else
			trace_ptr(t, v);
		break;
	case TRACE_T_TIMEVAL_OUT: {
		struct timeval tv;
		if (!ok)
			trace_ptr(t, v);
		else if (read_user(t, v, &tv, sizeof(tv)))
			trace_printf(t, "{tv_sec=%ld, tv_usec=%ld}", tv.tv_sec, tv.tv_usec);
		break;
	}
	case TRACE_T_WAIT_STATUS:
		print_wait_status(t, c);
		break;
	case TRACE_T_WAIT_OPTIONS:
		trace_flags(t, wait_option_names, ARRAY_SIZE(wait_option_names), (u32)v, "W", NULL);
		break;
	case TRACE_T_ARGV:
		print_argv(t, v);
		break;
	case TRACE_T_ENVP:
		print_envp(t, v);
		break;
	case TRACE_T_CLONE_FLAGS:
		print_clone(t, c);
		break;
	case TRACE_T_RLIMIT_RESOURCE:
		table_name(t, rlimit_names, ARRAY_SIZE(rlimit_names), (u32)v, "RLIMIT_");
		break;
	case TRACE_T_RLIMIT_IN:
		print_rlimit(t, v);
		break;
	case TRACE_T_RLIMIT_OUT:
		if (ok)
			print_rlimit(t, v);
		else
			trace_ptr(t, v);
		break;
	case TRACE_T_UTSNAME_OUT:
		if (ok)
			print_utsname(t, v);
		else
			trace_ptr(t, v);
		break;
	case TRACE_T_SYSINFO_OUT:
		if (ok)
			print_sysinfo(t, v);
		else
			trace_ptr(t, v);
		break;
	case TRACE_T_ARCH_PRCTL_CODE:
		trace_value(t, arch_prctl_names, ARRAY_SIZE(arch_prctl_names), (u32)v, "ARCH_");
		break;
	case TRACE_T_ARCH_PRCTL_ADDR: {
		u64 base;
		u32 code = (u32)prev;
		if (code != ARCH_GET_FS && code != ARCH_GET_GS)
			trace_hex(t, v);
		else if (!ok)
			trace_ptr(t, v);
		else if (read_user(t, v, &base, sizeof(base))) {
			trace_putc(t, '[');
			trace_ptr(t, base);
			trace_putc(t, ']');
		}
		break;
	}
	case TRACE_T_TIME_OUT: {
		s64 secs;
		if (!ok) {
			trace_ptr(t, v);
		} else if (read_user(t, v, &secs, sizeof(secs))) {
			trace_printf(t, "[%ld /* ", secs);
			print_date(t, secs);
			trace_puts(t, " */]");
		}
		break;
	}
	case TRACE_T_RANDOM_FLAGS:
		trace_flags(t, random_flag_names, ARRAY_SIZE(random_flag_names), (u32)v, "GRND_", NULL);
		break;
	case TRACE_T_SOCK_FAMILY:
	case TRACE_T_SOCK_TYPE:
	case TRACE_T_SOCK_PROTOCOL:
	case TRACE_T_SOCK_FLAGS:
	case TRACE_T_SOCKADDR:
	case TRACE_T_SHUT_HOW:
	case TRACE_T_SOCKOPT_LEVEL:
	case TRACE_T_SOCKOPT_NAME:
	case TRACE_T_SOCKOPT_IN:
	case TRACE_T_MSG_FLAGS:
		trace_sock_arg(t, c, i, type);
		break;
	case TRACE_T_COUNT:
		trace_hex(t, v);
		break;
	}
	return true;
}

/* --- results ------------------------------------------------------------ */

void trace_format_error(struct trace_text *t, long err)
{
#define ERRNO_ENTRY(name, text) [name] = { #name, text },
	static const struct {
		const char *name, *text;
	} errors[] = { ERRNO_TEXT(ERRNO_ENTRY) };
#undef ERRNO_ENTRY
	u64 e = (u64)-err;

	if (e < ARRAY_SIZE(errors) && errors[e].name)
		trace_printf(t, "-1 %s (%s)", errors[e].name, errors[e].text);
	else
		trace_printf(t, "-1 (errno %lu)", e);
}

void trace_format_result(struct trace_text *t, const struct trace_call *c,
			 enum trace_result result)
{
	long r = c->ret;

	if (result == TRACE_R_NONE) {
		trace_putc(t, '?');
		return;
	}
	if (failed(c)) {
		trace_format_error(t, r);
		return;
	}
	switch (result) {
	case TRACE_R_HEX:
		trace_hex(t, (u64)r);
		break;
	case TRACE_R_OCTAL:
		trace_octal(t, (u64)r);
		break;
	case TRACE_R_FCNTL:
		if ((u32)c->args[1] == F_GETFD && r) {
			trace_printf(t, "%#lx (flags ", r);
			trace_flags(t, fd_flag_names, ARRAY_SIZE(fd_flag_names), (u64)r, "FD_", NULL);
			trace_putc(t, ')');
		} else if ((u32)c->args[1] == F_GETFL) {
			trace_printf(t, "%#lx (flags ", r);
			print_open_flags(t, (u64)r);
			trace_putc(t, ')');
		} else {
			trace_printf(t, "%ld", r);
		}
		break;
	case TRACE_R_TIME: {
		trace_printf(t, "%ld (", r);
		print_date(t, r);
		trace_putc(t, ')');
		break;
	}
	case TRACE_R_POLL:
		trace_printf(t, "%ld", r);
		if (r == 0) {
			trace_puts(t, " (Timeout)");
		} else {
			trace_puts(t, " (");
			print_pollfds(t, c->args[0], c->args[1], true);
			trace_putc(t, ')');
		}
		break;
	default:
		trace_printf(t, "%ld", r);
	}
}
