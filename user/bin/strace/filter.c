/*
 * filter.c - strace's -e expressions (syscall.h): trace=SET (names,
 * classes such as %file or %process, and ! negation), signal=SET and
 * status=SET, and the verdict for each call and signal. The classes are
 * Linux strace's, for the calls of the x86-64 table (its syscallent.h).
 * Invariant: without -e trace= every call is traced; without signal=,
 * every signal is shown.
 */
#include <minos_util.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "syscall.h"

#define MAX_CALLS 4096
#define MAX_SIG 65

static u8 traced[MAX_CALLS]; /* 1: the call's lines are printed */
static bool traced_set;
static u8 shown_signal[MAX_SIG];
static bool signal_set;

/* The classes: the names of the calls in each, as Linux's strace files
 * them for x86-64. */
static const struct {
	const char *name;
	const char *calls;
} classes[] = {
	{ "file", "open stat lstat access execve truncate getcwd chdir rename mkdir rmdir creat "
		  "link unlink symlink readlink chmod chown lchown utime mknod uselib statfs "
		  "pivot_root chroot acct mount umount2 swapon swapoff quotactl setxattr lsetxattr "
		  "getxattr lgetxattr listxattr llistxattr removexattr lremovexattr utimes "
		  "inotify_add_watch openat mkdirat mknodat fchownat futimesat newfstatat unlinkat "
		  "renameat linkat symlinkat readlinkat fchmodat faccessat utimensat fanotify_mark "
		  "name_to_handle_at renameat2 execveat statx open_tree move_mount fsconfig fspick "
		  "openat2 faccessat2 mount_setattr" },
	{ "process", "clone fork vfork execve exit wait4 kill rt_sigqueueinfo tkill exit_group "
		     "tgkill waitid rt_tgsigqueueinfo execveat pidfd_send_signal clone3" },
	{ "network", "sendfile socket connect accept sendto recvfrom sendmsg recvmsg shutdown "
		     "bind listen getsockname getpeername socketpair setsockopt getsockopt getpmsg "
		     "putpmsg accept4 recvmmsg sendmmsg" },
	{ "signal", "rt_sigaction rt_sigprocmask rt_sigreturn pause kill rt_sigpending "
		    "rt_sigtimedwait rt_sigqueueinfo rt_sigsuspend sigaltstack tkill tgkill "
		    "signalfd signalfd4 rt_tgsigqueueinfo pidfd_send_signal" },
	{ "ipc", "shmget shmat shmctl semget semop semctl shmdt msgget msgsnd msgrcv msgctl "
		 "semtimedop" },
	{ "memory", "mmap mprotect munmap brk mremap msync mincore madvise shmat shmdt mlock "
		    "munlock mlockall munlockall io_setup io_destroy remap_file_pages mbind "
		    "set_mempolicy get_mempolicy migrate_pages move_pages mlock2 pkey_mprotect" },
	{ "desc", "read write open close fstat poll lseek mmap ioctl pread64 pwrite64 readv "
		  "writev pipe select dup dup2 sendfile fcntl flock fsync fdatasync ftruncate "
		  "getdents fchdir creat fchmod fchown fstatfs readahead fsetxattr fgetxattr "
		  "flistxattr fremovexattr epoll_create getdents64 fadvise64 epoll_wait epoll_ctl "
		  "mq_open mq_timedsend mq_timedreceive mq_notify mq_getsetattr inotify_init "
		  "inotify_add_watch inotify_rm_watch openat mkdirat mknodat fchownat futimesat "
		  "newfstatat unlinkat renameat linkat symlinkat readlinkat fchmodat faccessat "
		  "pselect6 ppoll splice tee sync_file_range vmsplice utimensat epoll_pwait signalfd "
		  "timerfd_create eventfd fallocate timerfd_settime timerfd_gettime signalfd4 "
		  "eventfd2 epoll_create1 dup3 pipe2 inotify_init1 preadv pwritev perf_event_open "
		  "fanotify_init fanotify_mark name_to_handle_at open_by_handle_at syncfs setns "
		  "finit_module renameat2 memfd_create kexec_file_load bpf execveat userfaultfd "
		  "copy_file_range preadv2 pwritev2 statx pidfd_send_signal pidfd_open openat2 "
		  "pidfd_getfd faccessat2 epoll_pwait2 close_range" },
	{ "creds", "getuid getgid setuid setgid geteuid getegid setreuid setregid getgroups "
		   "setgroups setresuid getresuid setresgid getresgid setfsuid setfsgid capget "
		   "capset prctl" },
	{ "clock", "gettimeofday adjtimex settimeofday time clock_settime clock_gettime "
		   "clock_getres clock_adjtime" },
	{ "pure", "getpid getuid getgid geteuid getegid getppid getpgrp gettid" },
	{ "stat", "stat" },
	{ "lstat", "lstat" },
	{ "fstat", "fstat newfstatat statx" },
	{ "%stat", "stat fstat lstat newfstatat statx" },
	{ "statfs", "statfs" },
	{ "fstatfs", "fstatfs" },
	{ "%statfs", "ustat statfs fstatfs" },
};

/* Marks every call of a class (%file; %%stat is the class "%stat") or a
 * name with v; false if there is none. */
static bool mark(const char *word, u8 v)
{
	const char *cls = word[0] == '%' ? word + 1 : NULL;
	if (cls && !strcmp(cls, "net"))
		cls = "network";
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++) {
		if (strcmp(classes[i].name, cls ? cls : word))
			continue;
		const char *p = classes[i].calls;
		while (*p) {
			char name[40];
			const char *sp = strchr(p, ' ');
			size_t n = sp ? (size_t)(sp - p) : strlen(p);
			snprintf(name, sizeof(name), "%.*s", (int)n, p);
			long nr = call_number(name);
			if (nr >= 0 && nr < MAX_CALLS)
				traced[nr] = v;
			p += n + (p[n] == ' ');
		}
		return true;
	}
	if (cls)
		return false;
	if (!strcmp(word, "all")) {
		memset(traced, v, sizeof(traced));
		return true;
	}
	if (!strcmp(word, "none")) {
		memset(traced, !v, sizeof(traced));
		return true;
	}
	long nr = call_number(word);
	if (nr < 0 || nr >= MAX_CALLS)
		return false;
	traced[nr] = v;
	return true;
}

/* SET: a comma-separated list, the whole list negated by a leading '!'. */
static bool parse_trace(const char *set)
{
	bool neg = set[0] == '!';
	char buf[1024], *save = NULL;

	if (neg)
		set++;
	memset(traced, neg, sizeof(traced));
	snprintf(buf, sizeof(buf), "%s", set);
	for (char *w = buf; w; w = save) {
		save = strchr(w, ',');
		if (save)
			*save++ = 0;
		if (!*w)
			continue;
		if (!mark(w, !neg)) {
			dprintf(2, "%s: invalid system call '%s'\n", prog_name, w);
			return false;
		}
	}
	traced_set = true;
	return true;
}

static bool parse_signal(const char *set)
{
	bool neg = set[0] == '!';
	char buf[1024], *save = NULL;

	if (neg)
		set++;
	memset(shown_signal, neg, sizeof(shown_signal));
	snprintf(buf, sizeof(buf), "%s", set);
	for (char *w = buf; w; w = save) {
		save = strchr(w, ',');
		if (save)
			*save++ = 0;
		if (!strcmp(w, "all")) {
			memset(shown_signal, !neg, sizeof(shown_signal));
			continue;
		}
		if (!strcmp(w, "none")) {
			memset(shown_signal, neg, sizeof(shown_signal));
			continue;
		}
		int sig = trace_signal_number(w);
		if (sig < 0) {
			dprintf(2, "%s: invalid signal '%s'\n", prog_name, w);
			return false;
		}
		shown_signal[sig] = !neg;
	}
	signal_set = true;
	return true;
}

static bool parse_status(const char *set)
{
	static const struct { const char *name; u32 bit; } names[] = {
		{ "successful", STATUS_SUCCESSFUL }, { "failed", STATUS_FAILED },
		{ "unfinished", STATUS_UNFINISHED }, { "unavailable", STATUS_UNAVAILABLE },
		{ "detached", STATUS_DETACHED }, { "all", STATUS_ALL }, { "none", 0 },
	};
	bool neg = set[0] == '!';
	char buf[256], *save = NULL;
	u32 bits = 0;

	if (neg)
		set++;
	snprintf(buf, sizeof(buf), "%s", set);
	for (char *w = buf; w; w = save) {
		save = strchr(w, ',');
		if (save)
			*save++ = 0;
		size_t i = 0;
		while (i < ARRAY_SIZE(names) && strcmp(names[i].name, w))
			i++;
		if (i == ARRAY_SIZE(names)) {
			dprintf(2, "%s: invalid status '%s'\n", prog_name, w);
			return false;
		}
		bits |= names[i].bit;
	}
	opt.status_set = neg ? STATUS_ALL & ~bits : bits;
	return true;
}

bool filter_parse(const char *expr)
{
	const char *eq = strchr(expr, '=');
	if (!eq)
		return parse_trace(expr);
	size_t n = (size_t)(eq - expr);
	if ((n == 5 && !strncmp(expr, "trace", 5)) || (n == 1 && expr[0] == 't'))
		return parse_trace(eq + 1);
	if ((n == 6 && !strncmp(expr, "signal", 6)) || (n == 7 && !strncmp(expr, "signals", 7)) ||
	    (n == 1 && expr[0] == 's'))
		return parse_signal(eq + 1);
	if (n == 6 && !strncmp(expr, "status", 6))
		return parse_status(eq + 1);
	dprintf(2, "%s: invalid -e qualifier '%.*s'\n", prog_name, (int)n, expr);
	return false;
}

bool filter_call(u64 nr)
{
	/* a number the table lacks belongs to no class and has no name:
	 * Linux's strace shows it whatever the set */
	if (!traced_set || !call_lookup(nr))
		return true;
	return nr < MAX_CALLS && traced[nr];
}

bool filter_signal(int sig)
{
	if (!signal_set)
		return true;
	return sig > 0 && sig < MAX_SIG && shown_signal[sig];
}
