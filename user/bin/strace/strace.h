/*
 * strace.h - what the parts of /bin/strace share (docs/strace.md): the
 * integer types the decoders use, the options, and the traced process
 * (struct tcb) the tracer loop, the decoders and the output all look at.
 * Invariant: one tcb per traced pid, found by tcb_find(); a tcb's
 * in_syscall says whether its next syscall stop is an exit.
 */
#ifndef STRACE_STRACE_H
#define STRACE_STRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uapi/time.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define TRACE_MAX_ARGS 6

/* The options (main.c); each is described where it is parsed. */
struct options {
	int follow;          /* -f: 1, -ff: 2 */
	bool count;          /* -c */
	bool count_and_trace;/* -C */
	bool syscall_time;   /* -T */
	int timestamps;      /* -t: 1, -tt: 2, -ttt: 3 */
	bool relative;       /* -r */
	bool verbose;        /* -v */
	bool decode_fds;     /* -y */
	bool quiet;          /* -q: no attach and detach messages */
	bool only_ok;        /* -z, -e status=successful */
	bool only_failed;    /* -Z, -e status=failed */
	u32 status_set;      /* -e status=: STATUS_* bits shown */
	unsigned string_max; /* -s: bytes of a string, elements of an array */
	const char *outfile; /* -o */
};
extern struct options opt;

/* -e status= classes (strace's): a call is shown when its class is in
 * opt.status_set. */
#define STATUS_SUCCESSFUL 0x1
#define STATUS_FAILED 0x2
#define STATUS_UNFINISHED 0x4
#define STATUS_UNAVAILABLE 0x8
#define STATUS_DETACHED 0x10
#define STATUS_ALL 0x1f

/* A call being traced: its number, arguments and (on the way out)
 * result; ret is 0 while the call runs. */
struct trace_call {
	u64 nr;
	u64 args[TRACE_MAX_ARGS];
	long ret;
};

/* One traced process. */
struct tcb {
	int pid;
	bool in_syscall;     /* entered, its exit stop not yet seen */
	bool hidden;         /* this call prints nothing (-e trace=, -c) */
	bool attached;       /* by -p: detached, not killed, at the end */
	bool startup;        /* its first stop (SIGSTOP or EVENT_STOP) is ours */
	bool seized;         /* PTRACE_SEIZE'd: group stops use LISTEN */
	bool ignore_sigcont; /* the SIGCONT that ends its startup stop is ours */
	struct trace_call call;
	int first_out;       /* the first argument printed at the exit */
	const char *prev_name; /* the last call that ended, for restart_syscall */
	struct timespec entry_ts; /* when the call was entered (-T, -c) */
	/* output (output.c) */
	int fd;              /* -ff: its own file, -1 until opened */
	bool line_open;      /* a line of this process is being written */
	unsigned col;        /* characters in the line so far */
	char held_line[8192];/* the part of the line not written yet (all of
				it with -z, -Z, -e status=) */
	unsigned held_len;
};

struct tcb *tcb_find(int pid);
struct tcb *tcb_new(int pid);
void tcb_drop(struct tcb *t);
int tcb_count(void);

#endif
