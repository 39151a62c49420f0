/*
 * trace-api - minos_trace(2) called directly, MinOS only (Linux has no
 * 1024): its EBADF and EINVAL cases, lines in a pipe (with pid and time),
 * in a file closed at once, from a followed child, into a pipe without a
 * reader (no SIGPIPE). Expected: tests/expected/trace-api.out; runs as pid 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_rawcall.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <uapi/minos_trace.h>

#include "check.h"

#define LOG_FILE "/tmp/trace-api.log"
#define BAD_FLAG 0x100UL

static char buf[4096];

static long trace(long fd, unsigned long flags)
{
	return sys(NR_MINOS_TRACE, fd, (long)flags, 0);
}

/* Prints what fd holds now (the lines), each prefixed for the reader. */
static void show(const char *what, int fd)
{
	long n = sys(__NR_read, fd, (long)buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("%s:\n", what);
	for (char *line = buf, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = 0;
		/* " <0.000012>": only its shape is the same on every run */
		size_t len = strlen(line), tail = strlen(" <0.000000>");
		if (len > tail && !strncmp(line + len - tail, " <0.", 4) && line[len - 1] == '>')
			memcpy(line + len - tail, " <TIME>", strlen(" <TIME>") + 1);
		printf("  %s\n", line);
	}
}

static void errors(void)
{
	int p[2];

	check_result("minos_trace(99, 0)", trace(99, 0), -EBADF);
	check_result("minos_trace(-5, 0)", trace(-5, 0), -EBADF);
	check_result("minos_trace(-1, FOLLOW)", trace(-1, MINOS_TRACE_FOLLOW), -EBADF);
	check_result("minos_trace(1, an unknown flag)", trace(1, BAD_FLAG), -EINVAL);
	check_result("minos_trace(1, PID | PID_MANY)",
		     trace(1, MINOS_TRACE_PID | MINOS_TRACE_PID_MANY), -EINVAL);
	check_result("minos_trace(1, 0): the terminal", trace(1, 0), -EINVAL);
	long null = sys(__NR_open, (long)"/dev/null", O_WRONLY, 0);
	check_result("minos_trace(/dev/null, 0): lines discarded", trace(null, 0), 0);
	check_result("minos_trace(-1, 0) stops it", trace(-1, 0), 0);
	sys(__NR_close, null, 0, 0);
	sys(__NR_pipe, (long)p, 0, 0);
	check_result("minos_trace(a pipe's read end, 0)", trace(p[0], 0), -EBADF);
	check_result("minos_trace(-1, 0) when not tracing", trace(-1, 0), 0);
	sys(__NR_close, p[0], 0, 0);
	sys(__NR_close, p[1], 0, 0);
}

static void to_pipe(void)
{
	int p[2];

	sys(__NR_pipe, (long)p, 0, 0);
	check_result("minos_trace(pipe, 0)", trace(p[1], 0), 0);
	sys(__NR_getpid, 0, 0, 0);
	sys(__NR_close, -1, 0, 0);
	sys(__NR_write, -1, (long)"tab\there", 8);
	trace(-1, 0);
	show("plain lines", p[0]);

	trace(p[1], MINOS_TRACE_PID | MINOS_TRACE_TIME);
	sys(__NR_getpid, 0, 0, 0);
	sys(__NR_close, -1, 0, 0);
	trace(-1, 0);
	show("with the pid and the time", p[0]);
	sys(__NR_close, p[0], 0, 0);
	sys(__NR_close, p[1], 0, 0);
}

static void to_file(void)
{
	long fd = sys(__NR_open, (long)LOG_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	check_result("minos_trace(a regular file, 0)", trace(fd, 0), 0);
	sys(__NR_close, fd, 0, 0);
	sys(__NR_getppid, 0, 0, 0);
	trace(-1, 0);
	fd = sys(__NR_open, (long)LOG_FILE, O_RDONLY, 0);
	show("in a file closed at once", (int)fd);
	sys(__NR_close, fd, 0, 0);
	sys(__NR_unlink, (long)LOG_FILE, 0, 0);
}

static void follow(void)
{
	int p[2], status;

	sys(__NR_pipe, (long)p, 0, 0);
	trace(p[1], MINOS_TRACE_FOLLOW | MINOS_TRACE_PID_MANY);
	long child = sys(__NR_fork, 0, 0, 0);
	if (child == 0) {
		sys(__NR_getppid, 0, 0, 0);
		sys(__NR_exit_group, 7, 0, 0);
	}
	sys(__NR_wait4, child, (long)&status, 0);
	trace(-1, 0);
	show("a followed child", p[0]);
	sys(__NR_close, p[0], 0, 0);
	sys(__NR_close, p[1], 0, 0);
}

static void no_reader(void)
{
	int p[2];

	sys(__NR_pipe, (long)p, 0, 0);
	trace(p[1], 0);
	sys(__NR_close, p[0], 0, 0);
	sys(__NR_close, p[1], 0, 0);
	for (int i = 0; i < 3; i++)
		sys(__NR_getpid, 0, 0, 0);
	trace(-1, 0);
	check("tracing into a pipe without a reader: no SIGPIPE", 1);
}

int main(void)
{
	errors();
	to_pipe();
	to_file();
	follow();
	no_reader();
	return check_exit();
}
