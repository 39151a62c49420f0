/*
 * trace.c - the strace facility (trace.h, docs/strace.md): minos_trace(2),
 * the boot flag, per-task state, and the hooks that make lines: a call's
 * name and inputs when entered, its outputs and result when it returns,
 * sent whole in one write. Never signals a task or fails its call.
 */
#include "syscall/trace.h"
#include "syscall/trace_args.h"
#include "syscall/trace_text.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "fs/file.h"
#include "mm/heap.h"
#include "mm/mmap.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "time/clock.h"
#include "uapi/fcntl.h"
#include "uapi/minos_trace.h"
#include "cmdline.h"
#include "lib/format.h"
#include "log.h"
#include "errno.h"

/* Room for one line: a whole file name (TRACE_PATH_MAX) and more. Longer
 * lines are cut (strace has no limit), but keep TRACE_LINE_TAIL bytes for
 * the result and the time. */
#define TRACE_LINE_MAX 4608
#define TRACE_LINE_TAIL 256
/* strace pads "name(arguments)" with spaces to this column before " = ". */
#define TRACE_RESULT_COLUMN 39

struct trace_sink {
	struct file *file; /* NULL: the kernel log */
	u64 flags;         /* MINOS_TRACE_* */
	u32 tasks;         /* tasks writing here */
	bool broken;       /* a write failed: no more lines */
};

struct trace {
	struct trace_sink *sink;
	struct trace_call call;
	bool in_call;      /* entered, not yet returned */
	bool many;         /* other tasks wrote to the sink when it was entered */
	u8 nout;           /* arguments the call writes, printed on return: */
	u8 out_arg[TRACE_MAX_ARGS];  /* which one */
	u32 out_at[TRACE_MAX_ARGS];  /* where in the line */
	u64 start_ns;
	u64 reported;      /* the signal trace_signals() last reported */
	bool chld_pending; /* a child ended: report SIGCHLD when unblocked */
	int chld_pid, chld_code, chld_status;
	struct trace_text text;
	char line[TRACE_LINE_MAX + 1];  /* + the newline */
	char part[TRACE_LINE_MAX];      /* an argument printed on return */
};

/* The kernel log: every task from pid 1 on, each line with its pid. */
static struct trace_sink log_sink = { .flags = MINOS_TRACE_FOLLOW };

static u64 now_ns(void)
{
	struct timespec ts = clock_monotonic();
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static const struct trace_sig *call_sig(u64 nr)
{
	if (nr >= NR_SYSCALLS || !syscall_names[nr] || !syscall_trace_sigs[nr].known)
		return NULL;
	return &syscall_trace_sigs[nr];
}

static void sink_put(struct trace_sink *s)
{
	if (--s->tasks || s == &log_sink)
		return;
	file_put(s->file);
	kfree(s);
}

static void trace_detach(struct task *t)
{
	struct trace *tr = t->trace;
	if (!tr)
		return;
	t->trace = NULL;
	syscall_slow_tasks--; /* syscall/syscall.h */
	sink_put(tr->sink);
	kfree(tr);
}

static struct trace *trace_new(struct trace_sink *s)
{
	struct trace *tr = kzalloc(sizeof(*tr));
	if (!tr)
		return NULL;
	tr->sink = s;
	s->tasks++;
	syscall_slow_tasks++;
	return tr;
}

static void line_start(struct trace *tr)
{
	trace_text_init(&tr->text, tr->line, TRACE_LINE_MAX - TRACE_LINE_TAIL);
}

/* After the arguments: the rest of the room, and "..." if they were cut. */
static void line_tail(struct trace *tr)
{
	struct trace_text *x = &tr->text;
	bool cut = x->cut;

	x->cap = TRACE_LINE_MAX;
	if (cut)
		trace_puts(x, "...");
}

/* Puts the pid in front, as strace does for this kind of output; many:
 * whether other tasks were traced when the line began. */
static void line_prefix(struct task *t, struct trace *tr, bool many)
{
	char prefix[24];
	int n = 0;
	struct trace_sink *s = tr->sink;

	if (s == &log_sink || ((s->flags & MINOS_TRACE_PID_MANY) && many))
		n = ksnprintf(prefix, sizeof(prefix), "[pid %5d] ", t->pid);
	else if (s->flags & MINOS_TRACE_PID)
		n = ksnprintf(prefix, sizeof(prefix), "%-5d ", t->pid);
	if (n > 0)
		trace_insert(&tr->text, 0, prefix, (u32)n);
}

/* Sends the line. A sink that cannot take it is dropped for good, except
 * when a signal interrupted the wait for room: then only the line is. */
static void line_send(struct trace *tr)
{
	struct trace_text *x = &tr->text;
	struct trace_sink *s = tr->sink;

	x->buf[x->len++] = '\n';
	x->buf[x->len] = 0;
	if (!s->file) {
		kprintf("%s", x->buf);
		return;
	}
	long n = s->file->ops->write_kernel(s->file, x->buf, x->len, &s->file->pos);
	if (n != (long)x->len && n != -EINTR && n != -EAGAIN)
		s->broken = true;
}

/* A line that is not a call: "+++ exited with 0 +++", "--- SIGSEGV ... ---". */
__printf(3, 4) static void line_event(struct task *t, struct trace *tr, const char *fmt, ...)
{
	va_list ap;

	line_start(tr);
	va_start(ap, fmt);
	int n = kvsnprintf(tr->part, sizeof(tr->part), fmt, ap);
	va_end(ap);
	if (n > 0)
		trace_puts(&tr->text, tr->part);
	line_tail(tr);
	line_prefix(t, tr, tr->sink->tasks > 1);
	line_send(tr);
}

void trace_syscall_enter(struct regs *r)
{
	struct trace *tr = current_task()->trace;
	if (!tr)
		return;
	tr->in_call = false;
	if (tr->sink->broken)
		return;

	struct trace_call *c = &tr->call;
	c->nr = r->vector;
	c->args[0] = r->rdi;
	c->args[1] = r->rsi;
	c->args[2] = r->rdx;
	c->args[3] = r->r10;
	c->args[4] = r->r8;
	c->args[5] = r->r9;
	c->ret = 0;
	tr->nout = 0;

	struct trace_text *x = &tr->text;
	const struct trace_sig *sig = call_sig(c->nr);
	line_start(tr);
	if (c->nr < NR_SYSCALLS && syscall_names[c->nr])
		trace_puts(x, syscall_names[c->nr]);
	else
		trace_printf(x, "syscall_%#lx", c->nr);
	trace_putc(x, '(');
	int nargs = sig ? sig->nargs : TRACE_MAX_ARGS;
	for (int i = 0; i < nargs; i++) {
		enum trace_type type = sig ? sig->args[i] : TRACE_T_HEX;
		u32 mark = x->len;
		if (i)
			trace_puts(x, ", ");
		if (trace_type_is_out(type)) {
			tr->out_arg[tr->nout] = (u8)i;
			tr->out_at[tr->nout++] = x->len;
		} else if (!trace_format_arg(x, c, i, type)) {
			x->len = mark; /* left out, with its separator */
			x->buf[mark] = 0;
		}
	}
	tr->in_call = true;
	tr->many = tr->sink->tasks > 1;
	tr->start_ns = now_ns();
}

/* Ends the line of the call in progress: the arguments it wrote, the
 * result at strace's column, the time it took; then sends it. */
static void call_finish(struct task *t, struct trace *tr, enum trace_result result, u64 ns)
{
	struct trace_text *x = &tr->text;
	const struct trace_sig *sig = call_sig(tr->call.nr);

	tr->in_call = false;
	for (int j = tr->nout - 1; j >= 0 && sig; j--) {
		struct trace_text part;
		int i = tr->out_arg[j];
		trace_text_init(&part, tr->part, sizeof(tr->part));
		trace_format_arg(&part, &tr->call, i, sig->args[i]);
		trace_insert(x, tr->out_at[j], part.buf, part.len);
	}
	line_tail(tr);
	trace_putc(x, ')');
	line_prefix(t, tr, tr->many);
	while (x->len < TRACE_RESULT_COLUMN && !x->cut)
		trace_putc(x, ' ');
	trace_puts(x, " = ");
	trace_format_result(x, &tr->call, result);
	if ((tr->sink->flags & MINOS_TRACE_TIME) && result != TRACE_R_NONE)
		trace_printf(x, " <%lu.%06lu>", ns / 1000000000, ns % 1000000000 / 1000);
	line_send(tr);
}

void trace_syscall_exit(struct regs *r, long ret)
{
	struct task *t = current_task();
	struct trace *tr = t->trace;
	(void)r;

	if (!tr || !tr->in_call)
		return;
	if (tr->sink->broken) {
		tr->in_call = false;
		return;
	}
	u64 ns = now_ns() - tr->start_ns;
	const struct trace_sig *sig = call_sig(tr->call.nr);
	tr->call.ret = ret;
	call_finish(t, tr, sig ? (enum trace_result)sig->result : TRACE_R_LONG, ns);
}

void trace_fork(struct task *parent, struct task *child)
{
	struct trace *tr = parent->trace;
	if (!tr || !(tr->sink->flags & MINOS_TRACE_FOLLOW) || tr->sink->broken)
		return;
	child->trace = trace_new(tr->sink); /* out of memory: the child runs untraced */
}

void trace_signals(struct task *t)
{
	struct trace *tr = t->trace;
	if (!tr)
		return;
	tr->reported = 0;
	if (tr->sink->broken)
		return;
	if (tr->chld_pending && !(t->sig.blocked & SIG_BIT(SIGCHLD))) {
		tr->chld_pending = false;
		if (tr->chld_code == CLD_EXITED)
			line_event(t, tr, "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=%d, "
				   "si_uid=0, si_status=%d, si_utime=0, si_stime=0} ---",
				   tr->chld_pid, tr->chld_status);
		else
			line_event(t, tr, "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=%d, "
				   "si_uid=0, si_status=%s, si_utime=0, si_stime=0} ---",
				   tr->chld_pid, trace_signal_name(tr->chld_status));
	}
	/* The signals signal_deliver() is about to act on, in its order
	 * (faults first, then the lowest), each with its siginfo. SIGKILL is
	 * never shown; SIGCHLD has its own line above. */
	u64 act = signal_deliverable(t) & ~SIG_BIT(SIGCHLD);
	u64 sync = act & (SIG_BIT(SIGSEGV) | SIG_BIT(SIGBUS) | SIG_BIT(SIGILL) |
			  SIG_BIT(SIGTRAP) | SIG_BIT(SIGFPE) | SIG_BIT(SIGSYS));
	if (!act)
		return;
	int sig = __builtin_ctzll(sync ? sync : act) + 1;
	tr->reported = SIG_BIT(sig);
	if (sig == SIGKILL)
		return;
	const char *name = trace_signal_name(sig);
	const struct sig_info *in = &t->sig.info[sig];
	switch (in->code) {
	case SI_KERNEL:
		line_event(t, tr, "--- %s {si_signo=%s, si_code=SI_KERNEL} ---", name, name);
		break;
	case SI_USER:
	case SI_TKILL:
	case SI_QUEUE:
		line_event(t, tr, "--- %s {si_signo=%s, si_code=%s, si_pid=%d, si_uid=%u} ---", name,
			   name, in->code == SI_USER ? "SI_USER" : in->code == SI_TKILL ? "SI_TKILL"
										: "SI_QUEUE",
			   in->pid, in->uid);
		break;
	default:
		line_event(t, tr, "--- %s {si_signo=%s, si_code=%d} ---", name, name, in->code);
		break;
	}
}

/* The line for a fault that ended the task: Linux's si_code and si_addr
 * for the exception in t->regs (arch/x86/kernel/traps.c, mm/fault.c). */
static void fault_line(struct task *t, struct trace *tr, int sig, u64 fault_addr)
{
	const struct regs *r = t->regs;
	const char *name = trace_signal_name(sig);
	const char *code = "SI_KERNEL";
	u64 addr = 0;

	switch (r ? r->vector : ~0UL) {
	case VEC_PAGE_FAULT:
		addr = fault_addr;
		if (sig == SIGBUS)
			code = "BUS_ADRERR";
		else if (fault_addr < USER_TOP && t->mm && vma_find(t->mm, fault_addr))
			code = "SEGV_ACCERR";
		else
			code = "SEGV_MAPERR";
		break;
	case VEC_DIVIDE_ERROR:
		code = "FPE_INTDIV";
		addr = r->rip;
		break;
	case VEC_INVALID_OPCODE:
		code = "ILL_ILLOPN";
		addr = r->rip;
		break;
	default:
		break;
	}
	if (addr)
		line_event(t, tr, "--- %s {si_signo=%s, si_code=%s, si_addr=%#lx} ---", name, name,
			   code, addr);
	else
		line_event(t, tr, "--- %s {si_signo=%s, si_code=%s, si_addr=NULL} ---", name, name,
			   code);
}

/* The parent is told of SIGCHLD (when it is traced and does not ignore
 * it); a second end before the first is reported is merged, as Linux
 * does not queue SIGCHLD either. */
static void note_child_end(struct task *t)
{
	struct task *p = t->parent;
	if (!p || p == t || !p->trace || p->trace->chld_pending ||
	    p->sig.action[SIGCHLD].handler == SIG_IGN)
		return;
	struct trace *tr = p->trace;
	tr->chld_pending = true;
	tr->chld_pid = t->pid;
	if (t->exit_status & 0x7f) {
		tr->chld_code = CLD_KILLED;
		tr->chld_status = t->exit_status & 0x7f;
	} else {
		tr->chld_code = CLD_EXITED;
		tr->chld_status = (t->exit_status >> 8) & 0xff;
	}
}

void trace_task_end(struct task *t)
{
	u64 fault_addr = read_cr2(); /* before anything can fault again */
	struct trace *tr = t->trace;

	note_child_end(t);
	if (!tr)
		return;
	if (!tr->sink->broken) {
		if (tr->in_call) {
			tr->call.ret = -EINTR; /* what it would have written is not shown */
			call_finish(t, tr, TRACE_R_NONE, 0);
		}
		int sig = t->exit_status & 0x7f;
		if (sig) {
			if (sig != SIGKILL && !(tr->reported & SIG_BIT(sig)))
				fault_line(t, tr, sig, fault_addr);
			line_event(t, tr, "+++ killed by %s +++", trace_signal_name(sig));
		} else {
			line_event(t, tr, "+++ exited with %d +++", (t->exit_status >> 8) & 0xff);
		}
	}
	trace_detach(t);
}

void trace_start_init(struct task *t)
{
	if (cmdline_flag("strace"))
		t->trace = trace_new(&log_sink);
}

long sys_minos_trace(int fd, u64 flags)
{
	struct task *t = current_task();

	if (flags & ~MINOS_TRACE_VALID_FLAGS)
		return -EINVAL;
	if ((flags & MINOS_TRACE_PID) && (flags & MINOS_TRACE_PID_MANY))
		return -EINVAL;
	if (fd == -1 && flags == 0) {
		trace_detach(t);
		return 0;
	}
	struct file *f = fd_file(t->files, fd);
	if (!f || (f->flags & O_PATH) || (f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (!f->ops || !f->ops->write_kernel)
		return -EINVAL;
	struct trace_sink *s = kzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	struct trace *tr = trace_new(s);
	if (!tr) {
		kfree(s);
		return -ENOMEM;
	}
	s->file = file_get(f);
	s->flags = flags;
	trace_detach(t);
	t->trace = tr;
	return 0;
}
