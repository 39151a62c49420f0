/*
 * output.c - the lines' destinations, prefixes and halves (output.h).
 * Lines are built per process (tcb->held_line), and a process's partial
 * line is written only when it ends or when another process's line must
 * come first, which writes it with " <unfinished ...>"; its exit then
 * starts a new line "<... NAME resumed>". All writes go through one
 * buffer, written when full, when the stream changes and at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <minos_util.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output.h"

/* strace pads "name(arguments)" with spaces to this column before " = ". */
#define RESULT_COLUMN 39

static int main_fd = 2;
static struct tcb *printing; /* whose line is open, if any */
static bool pid_prefix;      /* "%-5d " before every line (output_started) */
static struct timespec last_ts; /* -r: the previous line's time */
static bool have_last_ts;

/* -ff -o FILE: each process has its own file, where lines never mix. */
static bool separate(void) { return opt.outfile && opt.follow == 2; }

static char obuf[65536];
static size_t olen;
static int ofd = -1;

void output_flush(void)
{
	if (olen)
		write_all(ofd, obuf, olen);
	olen = 0;
}

static void output_write(int fd, const char *s, size_t n)
{
	if (fd != ofd || olen + n > sizeof(obuf)) {
		output_flush();
		ofd = fd;
	}
	if (n > sizeof(obuf)) {
		write_all(fd, s, n);
		return;
	}
	memcpy(obuf + olen, s, n);
	olen += n;
	if (fd == 2) /* standard error: seen as it comes, as strace's is */
		output_flush();
}

void output_open(void)
{
	if (!opt.outfile || separate())
		return;
	main_fd = open(opt.outfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (main_fd < 0) {
		dprintf(2, "%s: Can't fopen '%s': %s\n", prog_name, opt.outfile, strerror(errno));
		exit(1);
	}
}

void output_started(void)
{
	/* As Linux's strace decides it once, when tracing begins: to a file,
	 * with -f or several processes (-p twice), every line has the pid,
	 * even once one process is left. */
	pid_prefix = opt.outfile && !separate() && (opt.follow || tcb_count() > 1);
}

int output_summary_fd(void)
{
	if (separate()) { /* -ff -c: the table belongs to no process */
		int fd = open(opt.outfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		return fd < 0 ? 2 : fd;
	}
	return main_fd;
}

/* The stream of t's lines; -ff -o FILE opens FILE.PID on first use. */
static int tcb_fd(struct tcb *t)
{
	if (!separate())
		return main_fd;
	if (t->fd < 0) {
		char name[4200];
		snprintf(name, sizeof(name), "%s.%d", opt.outfile, t->pid);
		t->fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (t->fd < 0) {
			dprintf(2, "%s: Can't fopen '%s': %s\n", prog_name, name, strerror(errno));
			t->fd = 2;
		}
	}
	return t->fd;
}

static bool holding(void) { return opt.status_set != STATUS_ALL; }


void line_text(struct tcb *t, const char *s, u32 n)
{
	if (t->held_len + n >= sizeof(t->held_line))
		n = (u32)(sizeof(t->held_line) - 1 - t->held_len);
	memcpy(t->held_line + t->held_len, s, n);
	t->held_len += n;
	t->col += n;
}

void line_puts(struct tcb *t, const char *s) { line_text(t, s, (u32)strlen(s)); }

void line_printf(struct tcb *t, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		line_text(t, buf, (u32)MIN((unsigned)n, sizeof(buf) - 1));
}

/* Writes t's line as it is (its end or its first half). */
static void line_write(struct tcb *t)
{
	output_write(tcb_fd(t), t->held_line, t->held_len);
	t->held_len = 0;
	t->col = 0;
}

static void now(struct timespec *ts, int clock)
{
	clock_gettime(clock, ts);
}

/* "12:34:56", with .uuuuuu for -tt: the time of day in UTC (the image
 * has no time zone, as the reference Linux). */
static void put_timestamp(struct tcb *t)
{
	struct timespec ts;
	if (opt.timestamps) {
		now(&ts, 0 /* CLOCK_REALTIME */);
		if (opt.timestamps == 3) {
			line_printf(t, "%ld.%06ld ", (long)ts.tv_sec, ts.tv_nsec / 1000);
		} else {
			long s = ts.tv_sec % 86400;
			line_printf(t, "%02ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
			if (opt.timestamps == 2)
				line_printf(t, ".%06ld", ts.tv_nsec / 1000);
			line_puts(t, " ");
		}
	}
	if (opt.relative) {
		now(&ts, 1 /* CLOCK_MONOTONIC */);
		long sec = 0, nsec = 0;
		if (have_last_ts) {
			sec = ts.tv_sec - last_ts.tv_sec;
			nsec = ts.tv_nsec - last_ts.tv_nsec;
			if (nsec < 0) {
				nsec += 1000000000;
				sec--;
			}
		}
		last_ts = ts;
		have_last_ts = true;
		line_printf(t, "%6ld.%06ld ", sec, nsec / 1000);
	}
}

void line_begin(struct tcb *t)
{
	if (printing && printing != t && !separate()) {
		line_puts(printing, " <unfinished ...>\n");
		line_write(printing);
	}
	printing = holding() ? NULL : t;
	t->held_len = 0;
	t->col = 0;
	if (separate())
		; /* no prefix: each process has its own file */
	else if (pid_prefix)
		line_printf(t, "%-5d ", t->pid);
	else if (tcb_count() > 1)
		line_printf(t, "[pid %5d] ", t->pid);
	put_timestamp(t);
	t->line_open = true;
}

bool line_is_open(struct tcb *t)
{
	return t->line_open && (holding() || separate() || printing == t);
}

void line_show(struct tcb *t)
{
	if (holding() || !t->line_open)
		return;
	unsigned col = t->col;
	line_write(t);
	t->col = col; /* the line goes on: its column counts what was written */
}

void line_pad(struct tcb *t)
{
	while (t->col < RESULT_COLUMN)
		line_text(t, " ", 1);
}

void line_end(struct tcb *t, bool keep)
{
	if (printing == t)
		printing = NULL;
	t->line_open = false;
	if (!keep) {
		t->held_len = 0;
		t->col = 0;
		return;
	}
	line_text(t, "\n", 1);
	line_write(t);
}

void line_event(struct tcb *t, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	line_begin(t);
	if (n > 0)
		line_text(t, buf, (u32)MIN((unsigned)n, sizeof(buf) - 1));
	line_end(t, true);
}

void output_forget(struct tcb *t)
{
	if (printing == t)
		printing = NULL;
	t->line_open = false;
	if (t->fd > 2) {
		output_flush();
		close(t->fd);
	}
	t->fd = -1;
}
