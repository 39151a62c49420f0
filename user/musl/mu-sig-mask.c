/*
 * mu-sig-mask - the signal mask and the flags of sigaction: a signal is
 * blocked while its handler runs (raised again inside, it waits until the
 * handler returns), sa_mask blocks more, SA_NODEFER lets the handler nest,
 * SA_RESETHAND gives the signal back its default after one delivery; two
 * signals made deliverable at once both run, the later one's frame on top
 * of the earlier (the order is printed), unless sa_mask holds it back; the
 * mask after a handler is the one before, whatever the handler did to it;
 * rt_sigprocmask and rt_sigpending together (SIGKILL and SIGSTOP cannot be
 * blocked, a blocked signal stays pending even when ignored, ignoring a
 * pending signal discards it, rt_sigpending takes a smaller set size);
 * rt_sigsuspend returns -EINTR after the handler and puts the old mask
 * back; rt_sigaction's refusals; a signal sent to a child that inherited
 * SIG_IGN is dropped, unless the child inherited it blocked too: then it
 * acts once the child has SIG_DFL back and unblocks it. Each part runs in a section (mu-sig.h).
 * Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include <sys/syscall.h>

#include "mu-sig.h"

#define SIGSET_BYTES 8 /* the kernel's sigset_t */
#define BIT(sig) (1UL << ((sig) - 1))

static volatile int depth, max_depth, runs;
static volatile int order[8];
static volatile unsigned long mask_inside, pending_inside;
static volatile int also_raise; /* a second signal raise_again sends */

/* The kernel's mask and pending set, raw (musl's sigset_t is wider). */
static unsigned long kmask(void)
{
	unsigned long m = 0;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, SIGSET_BYTES);
	return m;
}

static unsigned long kpending(void)
{
	unsigned long p = 0;
	syscall(SYS_rt_sigpending, &p, SIGSET_BYTES);
	return p;
}

static void set_kmask(unsigned long m)
{
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, SIGSET_BYTES);
}

static void on(int sig, void (*fn)(int), int flags, unsigned long extra_mask)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };
	sigemptyset(&sa.sa_mask);
	for (int s = 1; s < 32; s++)
		if (extra_mask & BIT(s))
			sigaddset(&sa.sa_mask, s);
	sigaction(sig, &sa, NULL);
}

static void reset_records(void)
{
	depth = max_depth = runs = 0;
	mask_inside = pending_inside = 0;
}

/* Raises its signal once more from inside the first run. */
static void raise_again(int sig)
{
	int me = ++depth;
	if (me > max_depth)
		max_depth = me;
	if (runs < 8)
		order[runs] = sig;
	runs++;
	if (runs == 1) {
		mask_inside = kmask();
		kill(getpid(), sig);
		if (also_raise)
			kill(getpid(), also_raise);
		pending_inside = kpending();
	}
	depth--;
}

static void count(int sig)
{
	if (runs < 8)
		order[runs] = sig;
	runs++;
}

static void note_mask(int sig)
{
	(void)sig;
	if (runs == 0)
		mask_inside = kmask();
	runs++;
}

static void blocked_in_handler(void)
{
	also_raise = SIGUSR2;
	reset_records();
	on(SIGUSR1, raise_again, 0, 0);
	on(SIGUSR2, count, 0, 0);
	kill(getpid(), SIGUSR1);
	check("default: the signal is blocked in its handler", (mask_inside & BIT(SIGUSR1)) != 0);
	check("default: raised again inside, it waits (pending there)",
	      (pending_inside & BIT(SIGUSR1)) != 0);
	check("default: ... and runs after the handler returns", runs == 3 && max_depth == 1);
	check("default: another signal raised inside runs inside (not blocked)",
	      (pending_inside & BIT(SIGUSR2)) == 0 && order[1] == SIGUSR2);
	check("default: the mask after is the one before", kmask() == 0);

	reset_records();
	on(SIGUSR1, raise_again, 0, BIT(SIGUSR2));
	kill(getpid(), SIGUSR1);
	check("sa_mask {SIGUSR2}: blocked in the handler too",
	      (mask_inside & (BIT(SIGUSR1) | BIT(SIGUSR2))) == (BIT(SIGUSR1) | BIT(SIGUSR2)));
	check("sa_mask {SIGUSR2}: SIGUSR2 raised inside waits",
	      (pending_inside & BIT(SIGUSR2)) != 0);
	check_eq("sa_mask {SIGUSR2}: deliveries in all", runs, 3);
	check("sa_mask {SIGUSR2}: the mask after is the one before", kmask() == 0);

	reset_records();
	on(SIGUSR1, raise_again, SA_NODEFER, 0);
	kill(getpid(), SIGUSR1);
	check("SA_NODEFER: the signal is not blocked in its handler",
	      (mask_inside & BIT(SIGUSR1)) == 0);
	check_eq("SA_NODEFER: raised inside, it nests: depth", max_depth, 2);
	check("SA_NODEFER: the mask after is the one before", kmask() == 0);
}

static void reset_hand(void)
{
	struct sigaction old;

	/* SIGWINCH: its default is to ignore, so a second one is harmless. */
	reset_records();
	on(SIGWINCH, raise_again, SA_RESETHAND, 0);
	kill(getpid(), SIGWINCH);
	check_eq("SA_RESETHAND: deliveries to the handler", runs, 1);
	check("SA_RESETHAND: the signal is blocked in its handler",
	      (mask_inside & BIT(SIGWINCH)) != 0);
	sigaction(SIGWINCH, NULL, &old);
	check("SA_RESETHAND: the disposition is SIG_DFL afterwards", old.sa_handler == SIG_DFL);
	check("SA_RESETHAND: ... and the flags as they were", (old.sa_flags & SA_RESETHAND) != 0);
	kill(getpid(), SIGWINCH);
	check_eq("SA_RESETHAND: a later SIGWINCH does not run it", runs, 1);
}

static void two_pending(void)
{
	reset_records();
	on(SIGUSR1, count, 0, 0);
	on(SIGUSR2, count, 0, 0);
	set_kmask(BIT(SIGUSR1) | BIT(SIGUSR2));
	kill(getpid(), SIGUSR2);
	kill(getpid(), SIGUSR1);
	check("two blocked signals: both pending",
	      kpending() == (BIT(SIGUSR1) | BIT(SIGUSR2)) && runs == 0);
	set_kmask(0);
	check_eq("unblocked together: deliveries", runs, 2);
	check_eq("unblocked together: first handler to run", order[0], SIGUSR2);
	check_eq("unblocked together: second handler to run", order[1], SIGUSR1);
	check("unblocked together: nothing left pending", kpending() == 0);

	/* With SIGUSR2 in SIGUSR1's sa_mask, one frame at a time. */
	reset_records();
	on(SIGUSR1, count, 0, BIT(SIGUSR2));
	set_kmask(BIT(SIGUSR1) | BIT(SIGUSR2));
	kill(getpid(), SIGUSR2);
	kill(getpid(), SIGUSR1);
	set_kmask(0);
	check_eq("sa_mask holds SIGUSR2 back: deliveries", runs, 2);
	check_eq("sa_mask holds SIGUSR2 back: first handler to run", order[0], SIGUSR1);
	check_eq("sa_mask holds SIGUSR2 back: second handler to run", order[1], SIGUSR2);
}

/* Changes the mask inside the handler: sigreturn must undo it. */
static void block_more(int sig)
{
	unsigned long m = BIT(SIGINT) | BIT(SIGTERM);
	(void)sig;
	runs++;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &m, NULL, SIGSET_BYTES);
	mask_inside = kmask();
}

static void mask_restored(void)
{
	reset_records();
	on(SIGUSR1, block_more, 0, BIT(SIGHUP));
	set_kmask(BIT(SIGUSR2) | BIT(SIGQUIT));
	kill(getpid(), SIGUSR1);
	check("the handler ran with the mask it made",
	      runs == 1 && mask_inside == (BIT(SIGUSR2) | BIT(SIGQUIT) | BIT(SIGUSR1) | BIT(SIGHUP) |
					   BIT(SIGINT) | BIT(SIGTERM)));
	check("the mask after the handler is the one before",
	      kmask() == (BIT(SIGUSR2) | BIT(SIGQUIT)));
	set_kmask(0);
}

static void procmask_pending(void)
{
	unsigned long all = ~0UL, got, m;

	check_eq("rt_sigprocmask(SIG_BLOCK, all)",
		 syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, NULL, SIGSET_BYTES), 0);
	got = kmask();
	check("SIGKILL and SIGSTOP stay unblocked", got == ~(BIT(SIGKILL) | BIT(SIGSTOP)));
	set_kmask(0);
	errno = 0;
	check_errno("rt_sigprocmask with how 3",
		    syscall(SYS_rt_sigprocmask, 3, &all, NULL, SIGSET_BYTES), EINVAL);
	check_errno("rt_sigprocmask with sigsetsize 4",
		    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, NULL, 4), EINVAL);
	check_errno("rt_sigprocmask with a bad set pointer",
		    syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)16, NULL, SIGSET_BYTES), EFAULT);
	check_errno("rt_sigpending with sigsetsize 16", syscall(SYS_rt_sigpending, &m, 16), EINVAL);
	/* A smaller size is accepted: Linux copies that many bytes. */
	set_kmask(BIT(SIGUSR1) | BIT(SIGRTMIN + 1));
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGRTMIN + 1);
	m = ~0UL;
	check_eq("rt_sigpending with sigsetsize 4", syscall(SYS_rt_sigpending, &m, 4), 0);
	check("... writes the first 4 bytes only", m == (0xffffffff00000000UL | BIT(SIGUSR1)));
	signal(SIGUSR1, SIG_IGN);
	signal(SIGRTMIN + 1, SIG_IGN);
	set_kmask(0);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGRTMIN + 1, SIG_DFL);
	check("nothing pending at first", kpending() == 0);

	reset_records();
	on(SIGUSR1, count, 0, 0);
	set_kmask(BIT(SIGUSR1));
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	check("blocked: pending, the handler has not run", kpending() == BIT(SIGUSR1) && runs == 0);
	m = BIT(SIGUSR1);
	syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &m, NULL, SIGSET_BYTES);
	check_eq("SIG_UNBLOCK: two sends, one delivery", runs, 1);
	check("SIG_UNBLOCK: nothing pending after", kpending() == 0);

	/* A blocked signal is never ignored on the way in... */
	signal(SIGUSR2, SIG_IGN);
	set_kmask(BIT(SIGUSR2));
	kill(getpid(), SIGUSR2);
	check("blocked and ignored: pending all the same", kpending() == BIT(SIGUSR2));
	set_kmask(0);
	check("unblocked: discarded", kpending() == 0);

	/* ... and ignoring a pending one discards it. */
	reset_records();
	on(SIGUSR2, count, 0, 0);
	set_kmask(BIT(SIGUSR2));
	kill(getpid(), SIGUSR2);
	signal(SIGUSR2, SIG_IGN);
	check("pending, then SIG_IGN: no longer pending", kpending() == 0);
	on(SIGUSR2, count, 0, 0);
	set_kmask(0);
	check_eq("... and not delivered", runs, 0);

	/* A pending signal whose default is to ignore: the same. */
	set_kmask(BIT(SIGCHLD));
	kill(getpid(), SIGCHLD);
	check("SIGCHLD (default: ignore) blocked: pending", kpending() == BIT(SIGCHLD));
	set_kmask(0);
	check("SIGCHLD unblocked: discarded", kpending() == 0);
}

static void sigsuspend_eintr(void)
{
	unsigned long none = 0, after;
	long r;

	reset_records();
	on(SIGUSR1, note_mask, 0, 0);
	set_kmask(BIT(SIGUSR1) | BIT(SIGHUP));
	kill(getpid(), SIGUSR1);
	r = syscall(SYS_rt_sigsuspend, &none, SIGSET_BYTES);
	check_errno("rt_sigsuspend with a signal already pending", r, EINTR);
	check_eq("... the handler ran first: deliveries", runs, 1);
	check("... with sigsuspend's mask plus the signal in the handler",
	      mask_inside == BIT(SIGUSR1));
	after = kmask();
	check("... and the old mask back after", after == (BIT(SIGUSR1) | BIT(SIGHUP)));

	reset_records();
	pid_t helper = signal_later(100, SIGUSR1, -1, 0);
	unsigned long hup_only = BIT(SIGHUP);
	r = syscall(SYS_rt_sigsuspend, &hup_only, SIGSET_BYTES);
	check_errno("rt_sigsuspend until another process sends SIGUSR1", r, EINTR);
	check_eq("... the handler ran: deliveries", runs, 1);
	check("... with sigsuspend's mask in the handler",
	      mask_inside == (BIT(SIGUSR1) | BIT(SIGHUP)));
	check("... and the old mask back after", kmask() == (BIT(SIGUSR1) | BIT(SIGHUP)));
	waitpid(helper, NULL, 0);
	check_errno("rt_sigsuspend with sigsetsize 4", syscall(SYS_rt_sigsuspend, &none, 4),
		    EINVAL);
}

static void dummy(int sig)
{
	(void)sig;
}

static void sigaction_refusals(void)
{
	struct sigaction sa = { .sa_handler = dummy };

	sigemptyset(&sa.sa_mask);
	check_errno("sigaction(SIGKILL, handler)", sigaction(SIGKILL, &sa, NULL), EINVAL);
	check_errno("sigaction(SIGSTOP, handler)", sigaction(SIGSTOP, &sa, NULL), EINVAL);
	sa.sa_handler = SIG_IGN;
	check_errno("sigaction(SIGKILL, SIG_IGN)", sigaction(SIGKILL, &sa, NULL), EINVAL);
	check_eq("sigaction(SIGKILL, NULL, &old)", sigaction(SIGKILL, NULL, &sa), 0);
	check_errno("rt_sigaction(0)", syscall(SYS_rt_sigaction, 0, NULL, NULL, SIGSET_BYTES),
		    EINVAL);
	check_errno("rt_sigaction(65)", syscall(SYS_rt_sigaction, 65, NULL, NULL, SIGSET_BYTES),
		    EINVAL);
	check_errno("rt_sigaction with sigsetsize 4",
		    syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 4), EINVAL);
}

/* A child that inherited SIG_IGN for SIGTERM, and with blocked the mask
 * as well, waits on the pipe until the caller has sent SIGTERM, then puts
 * SIG_DFL back and unblocks SIGTERM. */
static pid_t ignoring_child(int blocked, int go)
{
	pid_t pid = fork();

	if (pid == 0) {
		char c;
		read(go, &c, 1);
		check(blocked ? "child: SIGTERM pending" : "child: SIGTERM not pending",
		      kpending() == (blocked ? BIT(SIGTERM) : 0));
		fflush(stdout);
		signal(SIGTERM, SIG_DFL);
		set_kmask(0);
		_exit(0);
	}
	return pid;
}

/* A signal sent to a child that has not yet given up the SIG_IGN it
 * inherited is dropped, unless the child was forked with it blocked:
 * then it acts once the child puts SIG_DFL back and unblocks it (a
 * shell's way to kill a job that has not run yet). */
static void ignored_across_fork(void)
{
	int p[2];

	for (int blocked = 0; blocked <= 1; blocked++) {
		if (pipe(p) < 0) {
			check("pipe", 0);
			return;
		}
		signal(SIGTERM, SIG_IGN);
		set_kmask(blocked ? BIT(SIGTERM) : 0);
		pid_t pid = ignoring_child(blocked, p[0]);
		set_kmask(0);
		signal(SIGTERM, SIG_DFL);
		check_eq("kill(child, SIGTERM)", kill(pid, SIGTERM), 0);
		write(p[1], "g", 1);
		check_child(blocked ? "forked with SIGTERM blocked: the child ends"
				    : "forked with SIGTERM unblocked: the child ends",
			    pid, blocked ? "signal 15" : "exit 0");
		close(p[0]);
		close(p[1]);
	}
}

int main(void)
{
	sig_test_start();
	section("blocked in the handler", blocked_in_handler, 5);
	section("SA_RESETHAND", reset_hand, 5);
	section("two pending signals", two_pending, 5);
	section("the mask after a handler", mask_restored, 5);
	section("rt_sigprocmask and rt_sigpending", procmask_pending, 5);
	section("rt_sigsuspend", sigsuspend_eintr, 5);
	section("rt_sigaction's refusals", sigaction_refusals, 5);
	section("SIG_IGN inherited, blocked or not", ignored_across_fork, 5);
	return sig_test_exit();
}
