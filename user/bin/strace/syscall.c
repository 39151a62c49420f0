/*
 * syscall.c - a call's line from its two stops (syscall.h). At the entry,
 * the registers give the number and six arguments; the arguments before
 * the first one the call writes are printed then, because the call may
 * change the memory they point to (execve replaces it all). The rest are
 * printed at the exit, with the result in rax. Invariant: the exit prints
 * only what the entry left; a call the filters hide prints nothing.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "mem.h"
#include "output.h"
#include "syscall.h"

/* Linux's internal restart codes, seen by a tracer at a syscall exit
 * (include/linux/errno.h); strace names them. */
#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ERESTART_RESTARTBLOCK 516

static char part[8192];
/* Room kept in a line for what follows the arguments: ") = ", the result,
 * the time. */
#define LINE_TAIL_ROOM 512

/* Argument i in t's line: ", " before all but the first, nothing when the
 * type leaves it out; sep: a ", " first. */
static void put_arg(struct tcb *t, const struct call_info *ci, int i, bool sep)
{
	struct trace_text x;
	enum trace_type type = ci && ci->known ? ci->args[i] : TRACE_T_HEX;

	trace_text_init(&x, part, sizeof(part));
	if (!trace_format_arg(&x, &t->call, i, type))
		return;
	if (sep)
		line_puts(t, ", ");
	/* a huge argument (-s 100000) is cut so that the result still fits */
	u32 room = (u32)(sizeof(t->held_line) - LINE_TAIL_ROOM - MIN(t->held_len,
		   sizeof(t->held_line) - LINE_TAIL_ROOM));
	if (x.len > room) {
		line_text(t, x.buf, room);
		line_puts(t, "...");
		return;
	}
	line_text(t, x.buf, x.len);
}

static int nargs_of(const struct call_info *ci)
{
	return ci && ci->known ? ci->nargs : TRACE_MAX_ARGS;
}

static const char *name_of(const struct tcb *t, char *buf, size_t size)
{
	const struct call_info *ci = call_lookup(t->call.nr);
	if (ci)
		return ci->name;
	snprintf(buf, size, "syscall_%#lx", (unsigned long)t->call.nr);
	return buf;
}

void syscall_entry(struct tcb *t, const struct user_regs_struct *r)
{
	struct trace_call *c = &t->call;
	char nbuf[32];

	c->nr = r->orig_rax;
	c->args[0] = r->rdi;
	c->args[1] = r->rsi;
	c->args[2] = r->rdx;
	c->args[3] = r->r10;
	c->args[4] = r->r8;
	c->args[5] = r->r9;
	c->ret = 0;
	t->in_syscall = true;
	clock_gettime(CLOCK_MONOTONIC, &t->entry_ts);
	t->hidden = !filter_call(c->nr) || (opt.count && !opt.count_and_trace);
	if (t->hidden)
		return;

	const struct call_info *ci = call_lookup(c->nr);
	int n = nargs_of(ci);
	line_begin(t);
	line_puts(t, name_of(t, nbuf, sizeof(nbuf)));
	line_puts(t, "(");
	t->first_out = n;
	if (c->nr == 219 /* restart_syscall */) {
		line_printf(t, "<... resuming interrupted %s ...>",
			    t->prev_name ? t->prev_name : "call");
		return;
	}
	for (int i = 0; i < n; i++) {
		if (ci && ci->known && trace_type_is_out(ci->args[i])) {
			t->first_out = i;
			if (i)
				line_puts(t, ", ");
			break;
		}
		put_arg(t, ci, i, i > 0);
	}
	if (ci && ci->known && ci->result == TRACE_R_NONE) {
		/* exit, exit_group: the line ends now, as Linux's strace ends it */
		line_puts(t, ")");
		line_pad(t);
		line_puts(t, " = ?");
		line_end(t, opt.status_set & STATUS_UNAVAILABLE);
		t->hidden = true;
		return;
	}
	line_show(t);
}

/* -y: whether the call's result is a new descriptor (its path follows). */
static bool returns_fd(const struct call_info *ci, const struct trace_call *c)
{
	static const char *const names[] = {
		"open", "openat", "creat", "dup", "dup2", "dup3", "socket", "accept", "accept4",
		"epoll_create", "epoll_create1", "eventfd", "eventfd2", "signalfd", "signalfd4",
		"timerfd_create", "memfd_create", "inotify_init", "inotify_init1", "openat2",
		"pidfd_open",
	};
	if (!ci)
		return false;
	if (!strcmp(ci->name, "fcntl"))
		return c->args[1] == 0 /* F_DUPFD */ || c->args[1] == 1030 /* F_DUPFD_CLOEXEC */;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(ci->name, names[i]))
			return true;
	return false;
}

/* The part of "3</path>" after the number. */
static u32 strlen_after_number(const char *s)
{
	const char *p = s;
	while (*p >= '0' && *p <= '9')
		p++;
	return (u32)strlen(p);
}

/* The result of a failed call in Linux's internal restart codes. */
static bool restart_code(struct tcb *t, long r)
{
	static const struct { long code; const char *text; } codes[] = {
		{ ERESTARTSYS, "ERESTARTSYS (To be restarted if SA_RESTART is set)" },
		{ ERESTARTNOINTR, "ERESTARTNOINTR (To be restarted)" },
		{ ERESTARTNOHAND, "ERESTARTNOHAND (To be restarted if no handler)" },
		{ ERESTART_RESTARTBLOCK, "ERESTART_RESTARTBLOCK (Interrupted by signal)" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++) {
		if (r == -codes[i].code) {
			line_printf(t, "? %s", codes[i].text);
			return true;
		}
	}
	return false;
}

void syscall_exit(struct tcb *t, const struct user_regs_struct *r)
{
	struct trace_call *c = &t->call;
	struct timespec end, spent;
	char nbuf[32];

	t->in_syscall = false;
	c->ret = (long)r->rax;
	clock_gettime(CLOCK_MONOTONIC, &end);
	spent.tv_sec = end.tv_sec - t->entry_ts.tv_sec;
	spent.tv_nsec = end.tv_nsec - t->entry_ts.tv_nsec;
	if (spent.tv_nsec < 0) {
		spent.tv_nsec += 1000000000;
		spent.tv_sec--;
	}
	const struct call_info *ci = call_lookup(c->nr);
	bool failed = c->ret < 0 && c->ret >= -4095;
	t->prev_name = ci ? ci->name : NULL;
	if (ci && filter_call(c->nr) && (opt.count || opt.count_and_trace) &&
	    !(ci->known && ci->result == TRACE_R_NONE))
		summary_add(c->nr, &spent, failed);
	if (t->hidden)
		return;

	if (!line_is_open(t)) {
		line_begin(t);
		line_printf(t, "<... %s resumed>", name_of(t, nbuf, sizeof(nbuf)));
	}
	int n = nargs_of(ci);
	for (int i = t->first_out; i < n; i++)
		put_arg(t, ci, i, i > t->first_out);
	line_puts(t, ")");
	line_pad(t);
	line_puts(t, " = ");
	if (!(failed && restart_code(t, c->ret))) {
		struct trace_text x;
		trace_text_init(&x, part, sizeof(part));
		trace_format_result(&x, c, ci && ci->known ? (enum trace_result)ci->result
							 : TRACE_R_LONG);
		line_text(t, x.buf, x.len);
	}
	if (opt.decode_fds && !failed && returns_fd(ci, c)) {
		struct trace_text x;
		trace_text_init(&x, part, sizeof(part));
		trace_fd(&x, (int)c->ret);
		line_text(t, x.buf + (x.len - strlen_after_number(x.buf)), strlen_after_number(x.buf));
	}
	if (opt.syscall_time)
		line_printf(t, " <%ld.%06ld>", (long)spent.tv_sec, spent.tv_nsec / 1000);
	line_end(t, opt.status_set & (failed ? STATUS_FAILED : STATUS_SUCCESSFUL));
}

void syscall_unfinished(struct tcb *t)
{
	if (!t->in_syscall || t->hidden)
		return;
	t->in_syscall = false;
	if (!line_is_open(t)) {
		char nbuf[32];
		line_begin(t);
		line_printf(t, "<... %s resumed>", name_of(t, nbuf, sizeof(nbuf)));
	}
	line_puts(t, ")");
	line_pad(t);
	line_puts(t, " = ?");
	line_end(t, opt.status_set & STATUS_UNFINISHED);
}
