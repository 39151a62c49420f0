/*
 * args.h - what a call's arguments and result mean for the strace lines:
 * the types syscall_64.tbl's signatures name (gen-syscalls refuses one
 * this file does not list), the generated table of every call's name and
 * signature (calls.c), and their printers (args.c, sock.c).
 * Invariant: arguments a call writes (trace_type_is_out) print on return.
 */
#ifndef STRACE_ARGS_H
#define STRACE_ARGS_H

#include "strace.h"
#include "text.h"

/* The argument types of the table's signatures: TRACE_T_<name in upper
 * case>. Each is described where it is printed (trace_args.c). */
enum trace_type {
	TRACE_T_HEX = 0, /* also what a call without a signature shows */
	TRACE_T_INT,
	TRACE_T_UINT,
	TRACE_T_LONG,
	TRACE_T_ULONG,
	TRACE_T_PTR,
	TRACE_T_FD,
	TRACE_T_DIRFD,
	TRACE_T_PATH,
	TRACE_T_PATH_OUT,
	TRACE_T_BUF_IN,
	TRACE_T_BUF_OUT,
	TRACE_T_RANDOM_OUT,
	TRACE_T_OPEN_FLAGS,
	TRACE_T_FD_FLAGS,
	TRACE_T_CREATE_MODE,
	TRACE_T_MODE,
	TRACE_T_ACCESS_MODE,
	TRACE_T_AT_FLAGS,
	TRACE_T_WHENCE,
	TRACE_T_PROT,
	TRACE_T_MAP_FLAGS,
	TRACE_T_STAT_OUT,
	TRACE_T_DIRENTS,
	TRACE_T_PIPE_FDS,
	TRACE_T_IOVEC_IN,
	TRACE_T_IOVEC_OUT,
	TRACE_T_POLLFDS,
	TRACE_T_SIGNAL,
	TRACE_T_SIGMASK_HOW,
	TRACE_T_SIGSET_IN,
	TRACE_T_SIGSET_OUT,
	TRACE_T_SIGACTION_IN,
	TRACE_T_SIGACTION_OUT,
	TRACE_T_IOCTL_REQUEST,
	TRACE_T_IOCTL_ARG,
	TRACE_T_FCNTL_CMD,
	TRACE_T_FCNTL_ARG,
	TRACE_T_CLOCKID,
	TRACE_T_TIMER_FLAGS,
	TRACE_T_TIMESPEC_IN,
	TRACE_T_TIMESPEC_OUT,
	TRACE_T_TIMESPEC_LEFT,
	TRACE_T_TIMEVAL_OUT,
	TRACE_T_WAIT_STATUS,
	TRACE_T_WAIT_OPTIONS,
	TRACE_T_ARGV,
	TRACE_T_ENVP,
	TRACE_T_CLONE_FLAGS,
	TRACE_T_RLIMIT_RESOURCE,
	TRACE_T_RLIMIT_IN,
	TRACE_T_RLIMIT_OUT,
	TRACE_T_UTSNAME_OUT,
	TRACE_T_SYSINFO_OUT,
	TRACE_T_ARCH_PRCTL_CODE,
	TRACE_T_ARCH_PRCTL_ADDR,
	TRACE_T_TIME_OUT,
	TRACE_T_RANDOM_FLAGS,
	/* The socket calls' (trace_sock.c). */
	TRACE_T_SOCK_FAMILY,
	TRACE_T_SOCK_TYPE,
	TRACE_T_SOCK_PROTOCOL,
	TRACE_T_SOCK_FLAGS,
	TRACE_T_SOCKADDR,
	TRACE_T_SHUT_HOW,
	TRACE_T_SOCKOPT_LEVEL,
	TRACE_T_SOCKOPT_NAME,
	TRACE_T_SOCKOPT_IN,
	TRACE_T_MSG_FLAGS,
	TRACE_T_COUNT
};

/* How the result is shown after " = ". */
enum trace_result {
	TRACE_R_LONG = 0, /* decimal; errors as "-1 ENOENT (No such file or directory)" */
	TRACE_R_HEX,      /* addresses: mmap, brk */
	TRACE_R_OCTAL,    /* umask */
	TRACE_R_NONE,     /* never returns: "?" */
	TRACE_R_FCNTL,    /* F_GETFD, F_GETFL decode their flags */
	TRACE_R_TIME,     /* seconds, then the date in UTC */
	TRACE_R_POLL,     /* the count, then the events that happened */
	TRACE_R_COUNT
};

/* One table line: the call's name and signature. A number whose line
 * has no signature (known false) shows six arguments in hex. */
struct call_info {
	const char *name;
	bool known;
	u8 nargs;
	u8 result; /* enum trace_result */
	u8 args[TRACE_MAX_ARGS]; /* enum trace_type */
};

/* The table line of number nr, or NULL for a number it lacks (calls.c). */
const struct call_info *call_lookup(u64 nr);
/* The number of the call named name, or -1 (calls.c). */
long call_number(const char *name);
/* One past the highest number in the table. */
long call_count(void);

/* True for the types printed when the call returns. */
bool trace_type_is_out(enum trace_type type);
/* Prints argument i of c; false when the argument is left out (open's
 * mode without O_CREAT, fcntl's third for commands that take none). */
bool trace_format_arg(struct trace_text *t, const struct trace_call *c, int i,
		      enum trace_type type);
/* Prints what follows " = ". */
void trace_format_result(struct trace_text *t, const struct trace_call *c,
			 enum trace_result result);
/* "-1 ENOENT (No such file or directory)" for -ENOENT. */
void trace_format_error(struct trace_text *t, long err);
/* trace_format_arg for the socket calls' types (sock.c). */
void trace_sock_arg(struct trace_text *t, const struct trace_call *c, int i,
		    enum trace_type type);
/* Linux's signal names: "SIGSEGV", "SIGRT_3"; NULL when sig is not one. */
const char *trace_signal_name(int sig);
/* The number of a signal named "SIGSEGV", "segv", "11"...; -1 if none. */
int trace_signal_number(const char *name);
/* -y: a descriptor with its file's name, 3</etc/motd> (fd.c). */
void trace_fd(struct trace_text *t, int fd);

#endif
