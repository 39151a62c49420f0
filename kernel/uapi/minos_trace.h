/*
 * uapi/minos_trace.h - minos_trace(2), MinOS's own system call 1024, which
 * makes the kernel write a line in Linux strace's format for each system
 * call of the caller (docs/strace.md). Shared by the kernel and /bin/strace.
 * No Linux call has this number. Invariant: flag values never change.
 */
#ifndef MINOS_UAPI_MINOS_TRACE_H
#define MINOS_UAPI_MINOS_TRACE_H

/* long minos_trace(int fd, unsigned long flags);
 * From the call's return on, every system call of the caller is written
 * as one line to the open file fd (a pipe or a regular file, which the
 * kernel keeps a reference to), then its end ("+++ exited with N +++").
 * fd = -1 with flags 0 stops tracing. Returns 0, -EBADF (fd not open for
 * writing), or -EINVAL (an unknown flag, two pid prefixes, or a file the
 * kernel cannot write to: only pipes and regular files). */
#define NR_MINOS_TRACE 1024

/* Children made by fork, vfork and clone are traced to the same file. */
#define MINOS_TRACE_FOLLOW 0x1UL
/* Every line starts with the pid, as strace -f -o FILE writes it: "%-5d ". */
#define MINOS_TRACE_PID 0x2UL
/* Lines start with "[pid %5d] " while more than one process writes to
 * the file, as strace -f writes to its standard error. */
#define MINOS_TRACE_PID_MANY 0x4UL
/* The time spent in each call follows its result, as strace -T: " <0.000012>". */
#define MINOS_TRACE_TIME 0x8UL

#define MINOS_TRACE_VALID_FLAGS \
	(MINOS_TRACE_FOLLOW | MINOS_TRACE_PID | MINOS_TRACE_PID_MANY | MINOS_TRACE_TIME)

#endif
