/*
 * tracer.c - the tracer loop on Linux's ptrace(2) ABI (tracer.h). Every
 * traced process is resumed with PTRACE_SYSCALL and reported by wait4
 * (__WALL, for clone children too) at: a syscall stop (SIGTRAP | 0x80,
 * with PTRACE_O_TRACESYSGOOD), an event stop (status >> 16: a fork, vfork
 * or clone with -f, an exec, a PTRACE_INTERRUPT), a signal-delivery stop
 * (the signal is shown, then passed on), a group stop (shown, and the
 * process left stopped), or its end.
 * Invariants: a process is resumed exactly once per stop; a new child's
 * first stop is swallowed; signals strace's own start sent are not shown.
 */
#include <errno.h>
#include <minos_proc.h>
#include <minos_util.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <uapi/siginfo.h>

#include "args.h"
#include "mem.h"
#include "output.h"
#include "ptrace.h"
#include "syscall.h"
#include "tracer.h"

#define MAX_TCBS 256

static struct tcb tcbs[MAX_TCBS];
static int ntcbs;
static int main_pid = -1;
static int main_status;
static volatile int interrupted;

/* --- the process table ---------------------------------------------------- */

/* tcbs[i]'s pid while used, else 0: looked up without touching the
 * large entries. */
static int tcb_pids[MAX_TCBS];

struct tcb *tcb_find(int pid)
{
	for (int i = 0; i < MAX_TCBS; i++)
		if (tcb_pids[i] == pid && pid > 0)
			return &tcbs[i];
	return NULL;
}

struct tcb *tcb_new(int pid)
{
	for (int i = 0; i < MAX_TCBS; i++) {
		if (!tcb_pids[i]) {
			struct tcb *t = &tcbs[i];
			tcb_pids[i] = pid;
			memset(t, 0, sizeof(*t));
			t->pid = pid;
			t->fd = -1;
			/* Linux's strace names a restarted call it did not see
			 * begin after call 0, read */
			t->prev_name = call_lookup(0) ? call_lookup(0)->name : NULL;
			ntcbs++;
			return t;
		}
	}
	dprintf(2, "%s: too many processes: %d not followed\n", prog_name, pid);
	return NULL;
}

void tcb_drop(struct tcb *t)
{
	output_forget(t);
	tcb_pids[t - tcbs] = 0;
	ntcbs--;
}

int tcb_count(void) { return ntcbs; }

static unsigned long trace_options(void)
{
	unsigned long o = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC;
	if (opt.follow)
		o |= PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE;
	return o;
}

/* --- starting ----------------------------------------------------------------- */

int tracer_start(const char *path, char **argv)
{
	int pid = fork();
	if (pid < 0)
		die(1, errno, "fork");
	if (pid == 0) {
		/* Stopped before the execve: the tracer seizes it there, and
		 * the first call it sees is the execve. */
		kill(getpid(), SIGSTOP);
		execve(path, argv, environ);
		die(1, errno, "exec %s", path);
	}
	int status;
	if (waitpid(pid, &status, WSTOPPED) != pid || !WIFSTOPPED(status)) {
		dprintf(2, "%s: the program did not stop for tracing\n", prog_name);
		exit(1);
	}
	struct tcb *t = tcb_new(pid);
	main_pid = pid;
	t->startup = true;
	t->ignore_sigcont = true;
	/* Seized, a group stop can be left stopped (PTRACE_LISTEN), as job
	 * control needs; where SEIZE is refused, ATTACH, whose SIGSTOP the
	 * startup flag swallows. */
	if (ptrace_req(PTRACE_SEIZE, pid, 0, trace_options() | PTRACE_O_EXITKILL) == 0) {
		t->seized = true;
	} else if (ptrace_req(PTRACE_ATTACH, pid, 0, 0) == 0) {
		int st;
		waitpid(pid, &st, __WALL);
		ptrace_req(PTRACE_SETOPTIONS, pid, 0, trace_options() | PTRACE_O_EXITKILL);
		ptrace_req(PTRACE_SYSCALL, pid, 0, 0);
		t->startup = false;
	} else {
		die(1, errno, "attach: ptrace(PTRACE_SEIZE, %d)", pid);
	}
	kill(pid, SIGCONT);
	return pid;
}

bool tracer_attach(int pid)
{
	if (pid <= 0 || pid == getpid()) {
		dprintf(2, "%s: I'm sorry, I can't let you do that, Dave.\n", prog_name);
		return false;
	}
	if (ptrace_req(PTRACE_SEIZE, pid, 0, trace_options()) < 0) {
		dprintf(2, "%s: attach: ptrace(PTRACE_SEIZE, %d): %s\n", prog_name, pid, strerror(errno));
		return false;
	}
	if (ptrace_req(PTRACE_INTERRUPT, pid, 0, 0) < 0) {
		dprintf(2, "%s: attach: ptrace(PTRACE_INTERRUPT, %d): %s\n", prog_name, pid, strerror(errno));
		ptrace_req(PTRACE_DETACH, pid, 0, 0);
		return false;
	}
	struct tcb *t = tcb_new(pid);
	if (!t)
		return false;
	t->attached = true;
	t->seized = true;
	t->startup = true;
	if (!opt.quiet)
		dprintf(2, "%s: Process %d attached\n", prog_name, pid);
	return true;
}

/* --- stops -------------------------------------------------------------------- */

static const char *sig_name(int sig)
{
	static char buf[16];
	const char *n = trace_signal_name(sig);
	if (n)
		return n;
	snprintf(buf, sizeof(buf), "%d", sig);
	return buf;
}

/* si_code's name for signal sig, or NULL. */
static const char *code_name(int sig, int code)
{
	switch (code) {
	case SI_USER: return "SI_USER";
	case SI_KERNEL: return "SI_KERNEL";
	case SI_QUEUE: return "SI_QUEUE";
	case SI_TIMER: return "SI_TIMER";
	case SI_TKILL: return "SI_TKILL";
	case -3: return "SI_MESGQ";
	case -4: return "SI_ASYNCIO";
	case -5: return "SI_SIGIO";
	default: break;
	}
	static const char *const ill[] = { NULL, "ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR",
		"ILL_ILLTRP", "ILL_PRVOPC", "ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK" };
	static const char *const fpe[] = { NULL, "FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV",
		"FPE_FLTOVF", "FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB" };
	static const char *const segv[] = { NULL, "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR",
		"SEGV_PKUERR" };
	static const char *const bus[] = { NULL, "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR",
		"BUS_MCEERR_AR", "BUS_MCEERR_AO" };
	static const char *const trap[] = { NULL, "TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH",
		"TRAP_HWBKPT" };
	static const char *const chld[] = { NULL, "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED",
		"CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED" };
	static const char *const poll[] = { NULL, "POLL_IN", "POLL_OUT", "POLL_MSG", "POLL_ERR",
		"POLL_PRI", "POLL_HUP" };
#define PICK(tab) return code > 0 && (size_t)code < ARRAY_SIZE(tab) ? tab[code] : NULL
	switch (sig) {
	case SIGILL: PICK(ill);
	case SIGFPE: PICK(fpe);
	case SIGSEGV: PICK(segv);
	case SIGBUS: PICK(bus);
	case SIGTRAP: PICK(trap);
	case SIGCHLD: PICK(chld);
	case SIGIO: PICK(poll);
	default: return NULL;
	}
#undef PICK
}

/* "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---" */
static void signal_line(struct tcb *t, const struct kernel_siginfo *si)
{
	char text[512], *p = text, *end = text + sizeof(text);
	int sig = si->si_signo;
	const char *code = code_name(sig, si->si_code);

#define ADD(...) p += snprintf(p, (size_t)(end - p), __VA_ARGS__)
	ADD("--- %s {si_signo=%s, si_code=", sig_name(sig), sig_name(sig));
	if (code)
		ADD("%s", code);
	else
		ADD("%d", si->si_code);
	const unsigned char *raw = (const unsigned char *)si;
	int ipid, status;
	unsigned uid;
	long utime, stime;
	u64 addr;
	memcpy(&ipid, raw + 16, 4);
	memcpy(&uid, raw + 20, 4);
	if (si->si_code <= 0 && si->si_code != SI_TIMER) {
		ADD(", si_pid=%d, si_uid=%u", ipid, uid);
		if (si->si_code == SI_QUEUE) {
			int ival;
			u64 ptr;
			memcpy(&ival, raw + 24, 4);
			memcpy(&ptr, raw + 24, 8);
			ADD(", si_int=%d, si_ptr=%#lx", ival, (unsigned long)ptr);
		}
	} else if (si->si_code == SI_KERNEL && sig != SIGSEGV && sig != SIGBUS &&
		   sig != SIGILL && sig != SIGFPE && sig != SIGTRAP) {
		/* nothing more */
	} else if (sig == SIGCHLD) {
		memcpy(&status, raw + 24, 4);
		memcpy(&utime, raw + 32, 8);
		memcpy(&stime, raw + 40, 8);
		ADD(", si_pid=%d, si_uid=%u, si_status=", ipid, uid);
		if (si->si_code == CLD_EXITED)
			ADD("%d", status);
		else
			ADD("%s", sig_name(status));
		/* clock ticks; strace adds the seconds they make, at 100 Hz */
		ADD(", si_utime=%ld", utime);
		if (utime)
			ADD(" /* %ld.%02ld s */", utime / 100, utime % 100);
		ADD(", si_stime=%ld", stime);
		if (stime)
			ADD(" /* %ld.%02ld s */", stime / 100, stime % 100);
	} else if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
		   sig == SIGTRAP) {
		memcpy(&addr, raw + 16, 8);
		if (addr)
			ADD(", si_addr=%#lx", (unsigned long)addr);
		else
			ADD(", si_addr=NULL");
	}
	ADD("} ---");
#undef ADD
	line_event(t, "%s", text);
}

static void resume(struct tcb *t, int sig)
{
	if (ptrace_req(PTRACE_SYSCALL, t->pid, 0, (u64)sig) < 0 && errno != ESRCH)
		dprintf(2, "%s: ptrace(PTRACE_SYSCALL, %d): %s\n", prog_name, t->pid, strerror(errno));
}

/* Whether a syscall stop is an entry. Entries and exits alternate from
 * a process's first stop; a process attached with -p may have been
 * inside a call, so for those PTRACE_GET_SYSCALL_INFO says which it is
 * (where the kernel has it: one call more per stop). */
static bool is_entry(struct tcb *t)
{
	struct ptrace_syscall_info info;
	if (t->attached &&
	    ptrace_req(PTRACE_GET_SYSCALL_INFO, t->pid, sizeof(info), (u64)&info) > 0) {
		if (info.op == PTRACE_SYSCALL_INFO_ENTRY)
			return true;
		if (info.op == PTRACE_SYSCALL_INFO_EXIT)
			return false;
	}
	return !t->in_syscall;
}

static void syscall_stop(struct tcb *t)
{
	struct user_regs_struct r;
	if (ptrace_req(PTRACE_GETREGS, t->pid, 0, (u64)&r) < 0) {
		resume(t, 0);
		return;
	}
	if (is_entry(t))
		syscall_entry(t, &r);
	else if (t->in_syscall)
		syscall_exit(t, &r);
	/* else the exit of a call entered before strace attached: not shown */
	resume(t, 0);
}

static void event_stop(struct tcb *t, int event, int sig)
{
	switch (event) {
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		/* The child is traced already; strace counts it (and prefixes
		 * lines with pids) from its own first stop, as Linux's does. */
		break;
	case PTRACE_EVENT_STOP:
		if (t->startup) {
			t->startup = false;
			break;
		}
		if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
			/* a group stop of a seized process: it stays stopped */
			if (filter_signal(sig) && !(opt.count && !opt.count_and_trace))
				line_event(t, "--- stopped by %s ---", sig_name(sig));
			ptrace_req(PTRACE_LISTEN, t->pid, 0, 0);
			return;
		}
		break;
	default:
		break;
	}
	resume(t, 0);
}

static void signal_stop(struct tcb *t, int sig)
{
	struct kernel_siginfo si;

	if ((t->startup && sig == SIGSTOP) || (t->ignore_sigcont && sig == SIGCONT)) {
		/* strace's own SIGSTOP and SIGCONT */
		if (sig == SIGSTOP)
			t->startup = false;
		else
			t->ignore_sigcont = false;
		resume(t, 0);
		return;
	}
	if (ptrace_req(PTRACE_GETSIGINFO, t->pid, 0, (u64)&si) < 0) {
		/* a group stop (not seized): shown, then resumed as strace does */
		if (filter_signal(sig) && !(opt.count && !opt.count_and_trace))
			line_event(t, "--- stopped by %s ---", sig_name(sig));
		resume(t, 0);
		return;
	}
	if (filter_signal(sig) && !(opt.count && !opt.count_and_trace))
		signal_line(t, &si);
	resume(t, sig);
}

static void ended(struct tcb *t, int status)
{
	syscall_unfinished(t);
	if (!(opt.count && !opt.count_and_trace)) {
		if (WIFEXITED(status))
			line_event(t, "+++ exited with %d +++", WEXITSTATUS(status));
		else if (filter_signal(WTERMSIG(status))) /* -e signal= hides it too */
			line_event(t, "+++ killed by %s%s +++", sig_name(WTERMSIG(status)),
				   WCOREDUMP(status) ? " (core dumped)" : "");
	}
	if (t->pid == main_pid)
		main_status = status;
	tcb_drop(t);
}

/* --- detaching ---------------------------------------------------------------- */

/* A detached process's open line: " <detached ...>", as strace ends it. */
static void detached_line(struct tcb *t)
{
	if (!t->in_syscall || t->hidden)
		return;
	t->in_syscall = false;
	if (line_is_open(t)) {
		line_puts(t, " <detached ...>");
		line_end(t, opt.status_set & STATUS_DETACHED);
	}
}

static void detach_all(void)
{
	for (int i = 0; i < MAX_TCBS; i++) {
		struct tcb *t = &tcbs[i];
		if (!tcb_pids[i])
			continue;
		if (ptrace_req(PTRACE_DETACH, t->pid, 0, 0) < 0 && errno == ESRCH && t->seized) {
			/* running: stop it, then detach at that stop, passing on
			 * a signal it was about to receive (not a syscall or
			 * event stop's SIGTRAP) */
			ptrace_req(PTRACE_INTERRUPT, t->pid, 0, 0);
			int status;
			if (waitpid(t->pid, &status, __WALL) == t->pid && WIFSTOPPED(status)) {
				int sig = WSTOPSIG(status);
				if ((sig & 0x80) || sig == SIGTRAP || (status >> 16))
					sig = 0;
				ptrace_req(PTRACE_DETACH, t->pid, 0, (u64)sig);
			}
		}
		detached_line(t);
		if (t->attached && !opt.quiet)
			dprintf(2, "%s: Process %d detached\n", prog_name, t->pid);
		tcb_drop(t);
	}
}

static void on_interrupt(int sig) { interrupted = sig; }

int tracer_loop(int *killed_by)
{
	struct sigaction sa;
	bool any_attached = false;

	for (int i = 0; i < MAX_TCBS; i++)
		any_attached |= tcb_pids[i] && tcbs[i].attached;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = any_attached ? on_interrupt : SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	if (any_attached) {
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
	}

	*killed_by = 0;
	while (ntcbs > 0) {
		if (interrupted) {
			detach_all();
			output_flush();
			*killed_by = interrupted; /* strace ends by it, as Linux's does */
			return 128 + interrupted;
		}
		int status;
		int pid = wait4(-1, &status, __WALL, NULL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		struct tcb *t = tcb_find(pid);
		if (!t) {
			/* a new child (-f), auto-attached: its first stop */
			if (!WIFSTOPPED(status) || !(t = tcb_new(pid)))
				continue;
			t->startup = true;
			/* a seized parent's children are seized: their first
			 * stop is PTRACE_EVENT_STOP, not SIGSTOP */
			t->seized = ((unsigned)status >> 16) == PTRACE_EVENT_STOP;
			t->attached = any_attached; /* detached, not killed, at the end */
			if (!opt.quiet)
				dprintf(2, "%s: Process %d attached\n", prog_name, pid);
		}
		mem_use(pid);
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			ended(t, status);
			continue;
		}
		int sig = WSTOPSIG(status);
		int event = (unsigned)status >> 16;
		if (event)
			event_stop(t, event, sig);
		else if (sig == (SIGTRAP | 0x80))
			syscall_stop(t);
		else
			signal_stop(t, sig);
	}
	output_flush();
	if (main_pid < 0)
		return 0;
	if (WIFSIGNALED(main_status)) {
		*killed_by = WTERMSIG(main_status);
		return 128 + WTERMSIG(main_status);
	}
	return WEXITSTATUS(main_status);
}
