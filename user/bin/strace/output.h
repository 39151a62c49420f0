/*
 * output.h - where and how the lines go (output.c): the -o file (or
 * standard error), one file per process with -ff, the pid prefix and the
 * timestamps, and Linux strace's "<unfinished ...>" / "<... NAME resumed>"
 * halves when another process's line comes between a call's entry and
 * its exit. Invariant: at most one line is open at a time (printing_tcb);
 * a held line (-z, -Z, -e status=) is never open: it is written whole.
 */
#ifndef STRACE_OUTPUT_H
#define STRACE_OUTPUT_H

#include "strace.h"
#include "text.h"

/* Opens -o FILE (or takes standard error); exits with strace's message
 * when it cannot. */
void output_open(void);
/* Tracing has begun (every -p attached, PROG started): the pid prefix of
 * lines to a file is decided now. */
void output_started(void);
/* Writes whatever is buffered (before exiting, detaching or dying). */
void output_flush(void);
/* The stream of the -c table. */
int output_summary_fd(void);

/* Starts a line of t: closes another process's open line with
 * " <unfinished ...>", then the pid prefix and the timestamp. */
void line_begin(struct tcb *t);
/* Appends to t's line (its open line, or its held line). */
void line_text(struct tcb *t, const char *s, u32 n);
void line_puts(struct tcb *t, const char *s);
__attribute__((format(printf, 2, 3))) void line_printf(struct tcb *t, const char *fmt, ...);
/* Writes what t's line holds so far (a call's first half, while the call
 * runs: a blocked read shows), unless lines are held whole. */
void line_show(struct tcb *t);
/* Pads t's line with spaces to strace's result column. */
void line_pad(struct tcb *t);
/* Ends t's line: a newline, then it is written (or, held, dropped when
 * keep is false). */
void line_end(struct tcb *t, bool keep);
/* Whether t's line is the one open now (an exit continues it). */
bool line_is_open(struct tcb *t);
/* A line that is not a call: "+++ exited with 0 +++", "--- SIG ---". */
__attribute__((format(printf, 2, 3))) void line_event(struct tcb *t, const char *fmt, ...);
/* The process ended or was detached: its open line is closed and its
 * -ff file too. */
void output_forget(struct tcb *t);

#endif
