/*
 * mu-sig-altstack - the alternate signal stack. sigaltstack(2): the
 * initial state (SS_DISABLE), what it refuses (EINVAL for unknown flags,
 * ENOMEM below MINSIGSTKSZ, EFAULT, EPERM while on the stack) and accepts
 * (SS_ONSTACK as a request, SS_DISABLE with any size). A handler installed
 * with SA_ONSTACK runs on the alternate stack: its locals lie there,
 * sigaltstack reports SS_ONSTACK, uc_stack holds the stack as it was; a
 * signal raised inside nests further down the same stack; SS_AUTODISARM
 * disarms it inside the handler. The point of it all: after a stack
 * overflow (unbounded recursion) the SIGSEGV handler runs on the
 * alternate stack and can _exit(0); without SA_ONSTACK, or without an
 * alternate stack, the process dies of SIGSEGV. Each part runs in a
 * section (mu-sig.h). Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/syscall.h>
#include <ucontext.h>

#include "mu-sig.h"

#define ALT_SIZE (64 * 1024)
#define KERNEL_MINSIGSTKSZ 2048 /* arch/x86/include/uapi/asm/signal.h */
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31) /* include/uapi/linux/signal.h */
#endif

static char alt[ALT_SIZE] __attribute__((aligned(16)));

static int on_alt(const void *p)
{
	return (const char *)p >= alt && (const char *)p < alt + ALT_SIZE;
}

static int set_alt(int flags)
{
	stack_t ss = { .ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = flags };
	return sigaltstack(&ss, NULL);
}

/* The system call itself: musl's sigaltstack() refuses some requests
 * (SS_ONSTACK, small sizes) before the kernel sees them. */
static long k_sigaltstack(const stack_t *ss, stack_t *old)
{
	return syscall(SYS_sigaltstack, ss, old);
}

static void refusals(void)
{
	stack_t ss, old;

	memset(&old, 0x55, sizeof(old));
	check_eq("sigaltstack(NULL, &old) at first", k_sigaltstack(NULL, &old), 0);
	check("... SS_DISABLE, no stack", old.ss_flags == SS_DISABLE && old.ss_sp == NULL &&
						  old.ss_size == 0);

	ss = (stack_t){ .ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0x1234 };
	check_errno("flags 0x1234", k_sigaltstack(&ss, NULL), EINVAL);
	ss.ss_flags = 0;
	ss.ss_size = KERNEL_MINSIGSTKSZ - 1;
	check_errno("size MINSIGSTKSZ - 1", k_sigaltstack(&ss, NULL), ENOMEM);
	check_errno("a bad stack_t pointer", k_sigaltstack((stack_t *)16, NULL), EFAULT);
	check_errno("a bad old pointer", k_sigaltstack(NULL, (stack_t *)16), EFAULT);
	k_sigaltstack(NULL, &old);
	check("after the refusals: still SS_DISABLE", old.ss_flags == SS_DISABLE);

	ss.ss_size = KERNEL_MINSIGSTKSZ;
	check_eq("size MINSIGSTKSZ", k_sigaltstack(&ss, NULL), 0);
	ss.ss_flags = SS_ONSTACK;
	ss.ss_size = ALT_SIZE;
	check_eq("flags SS_ONSTACK (taken as a request to enable)", k_sigaltstack(&ss, NULL), 0);
	k_sigaltstack(NULL, &old);
	check("... enabled: flags 0, the stack and size given",
	      old.ss_flags == 0 && old.ss_sp == alt && old.ss_size == ALT_SIZE);
	ss = (stack_t){ .ss_sp = (void *)16, .ss_size = 1, .ss_flags = SS_DISABLE };
	check_eq("SS_DISABLE with any stack and size", k_sigaltstack(&ss, NULL), 0);
	k_sigaltstack(NULL, &old);
	check("... disabled: SS_DISABLE, no stack", old.ss_flags == SS_DISABLE && old.ss_sp == NULL &&
							    old.ss_size == 0);
}

/* What a handler on the alternate stack saw. */
static volatile int runs, local_on_alt, nested_below;
static volatile long flags_inside = -1, eperm_inside = -1, disable_inside = -1;
static volatile long uc_flags_seen = -1;
static void *volatile uc_sp_seen;
static volatile size_t uc_size_seen;
static char *volatile outer_local;

static void on_alt_handler(int sig, siginfo_t *info, void *ucv)
{
	ucontext_t *uc = ucv;
	char local;
	stack_t now, other = { .ss_sp = alt, .ss_size = ALT_SIZE / 2, .ss_flags = 0 };
	stack_t off = { .ss_flags = SS_DISABLE };

	(void)info;
	if (++runs > 1) {
		nested_below = on_alt(&local) && &local < outer_local;
		return;
	}
	outer_local = &local;
	local_on_alt = on_alt(&local);
	sigaltstack(NULL, &now);
	flags_inside = now.ss_flags;
	eperm_inside = sigaltstack(&other, NULL) == -1 ? errno : 0;
	disable_inside = sigaltstack(&off, NULL) == -1 ? errno : 0;
	uc_flags_seen = uc->uc_stack.ss_flags;
	uc_sp_seen = uc->uc_stack.ss_sp;
	uc_size_seen = uc->uc_stack.ss_size;
	kill(getpid(), sig == SIGUSR1 ? SIGUSR2 : sig);
}

static void handler_on_alt(void)
{
	stack_t now;
	char here;

	check_eq("enable the alternate stack", set_alt(0), 0);
	on_siginfo(SIGUSR1, on_alt_handler, SA_ONSTACK);
	on_siginfo(SIGUSR2, on_alt_handler, SA_ONSTACK);
	check("the program itself is not on it", !on_alt(&here));
	kill(getpid(), SIGUSR1);
	check_eq("SA_ONSTACK: the handler ran, then the nested one", runs, 2);
	check("SA_ONSTACK: the handler's local lies on the alternate stack", local_on_alt);
	check_eq("SA_ONSTACK: sigaltstack in the handler: flags (SS_ONSTACK)", flags_inside,
		 SS_ONSTACK);
	check_errno("SA_ONSTACK: changing the stack in the handler",
		    eperm_inside ? (errno = eperm_inside, -1) : 0, EPERM);
	check_errno("SA_ONSTACK: disabling it in the handler",
		    disable_inside ? (errno = disable_inside, -1) : 0, EPERM);
	check_eq("SA_ONSTACK: uc_stack.ss_flags (as it was: enabled, not on it)", uc_flags_seen, 0);
	check("SA_ONSTACK: uc_stack.ss_sp and ss_size are the stack's",
	      uc_sp_seen == alt && uc_size_seen == ALT_SIZE);
	check("a signal raised inside nests below, on the same stack", nested_below);
	sigaltstack(NULL, &now);
	check_eq("after the handler: flags", now.ss_flags, 0);

	/* A handler without SA_ONSTACK stays on the program's stack. */
	runs = 0;
	local_on_alt = -1;
	on_siginfo(SIGUSR1, on_alt_handler, 0);
	on_siginfo(SIGUSR2, on_alt_handler, 0);
	kill(getpid(), SIGUSR1);
	check("without SA_ONSTACK: the handler runs on the program's stack",
	      runs == 2 && local_on_alt == 0);
}

static void autodisarm(void)
{
	stack_t now;

	check_eq("enable with SS_AUTODISARM", set_alt(SS_AUTODISARM), 0);
	sigaltstack(NULL, &now);
	check("... reported: flags SS_AUTODISARM", now.ss_flags == (int)SS_AUTODISARM);
	on_siginfo(SIGUSR1, on_alt_handler, SA_ONSTACK);
	on_siginfo(SIGUSR2, on_alt_handler, SA_ONSTACK);
	kill(getpid(), SIGUSR1);
	check("SS_AUTODISARM: the handler runs on the alternate stack", local_on_alt == 1);
	check_eq("SS_AUTODISARM: in the handler, sigaltstack says SS_DISABLE", flags_inside,
		 SS_DISABLE);
	check_eq("SS_AUTODISARM: ... so it may change it", eperm_inside, 0);
	check("SS_AUTODISARM: uc_stack.ss_flags holds SS_AUTODISARM",
	      uc_flags_seen == (long)(int)SS_AUTODISARM);
	check("SS_AUTODISARM: a nested handler goes on below, not from the top again",
	      runs == 2 && nested_below);
	sigaltstack(NULL, &now);
	check("SS_AUTODISARM: after the handler, the stack as uc_stack had it",
	      now.ss_flags == (int)SS_AUTODISARM && now.ss_sp == alt && now.ss_size == ALT_SIZE);
}

/* Recursion that only the stack's end stops (the limit is never met):
 * each call keeps a 1 KiB frame alive. */
static volatile long depth_limit = 1L << 40;

static int recurse(volatile char *prev, long depth)
{
	volatile char frame[1024];
	if (depth == depth_limit)
		return 0;
	frame[0] = prev ? prev[0] + 1 : 0;
	return recurse(frame, depth + 1) + frame[1];
}

static void say(const char *line)
{
	if (write(1, line, strlen(line)) < 0)
		_exit(3);
}

static void on_overflow(int sig, siginfo_t *info, void *ucv)
{
	stack_t now;
	char local;
	int ok = 1;

	(void)sig;
	(void)ucv;
	say("stack overflow: the SIGSEGV handler runs: ok\n");
	ok &= on_alt(&local);
	say(on_alt(&local) ? "stack overflow: the handler's local is on the alternate stack: ok\n"
			   : "stack overflow: the handler's local is on the alternate stack: FAIL\n");
	sigaltstack(NULL, &now);
	ok &= now.ss_flags == SS_ONSTACK;
	say(now.ss_flags == SS_ONSTACK ? "stack overflow: sigaltstack says SS_ONSTACK: ok\n"
				       : "stack overflow: sigaltstack says SS_ONSTACK: FAIL\n");
	ok &= info->si_code == SEGV_MAPERR;
	say(info->si_code == SEGV_MAPERR ? "stack overflow: si_code SEGV_MAPERR: ok\n"
					 : "stack overflow: si_code SEGV_MAPERR: FAIL\n");
	_exit(ok ? 0 : 1);
}

/* How a child ends that overflows its stack with the given setup. */
static void overflow_case(const char *what, int alt_stack, int sa_flags, const char *want)
{
	struct rlimit small = { 1024 * 1024, 1024 * 1024 };
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		setrlimit(RLIMIT_STACK, &small); /* a quicker overflow where honoured */
		if (alt_stack)
			set_alt(0);
		on_siginfo(SIGSEGV, on_overflow, sa_flags);
		_exit(recurse(NULL, 0) == 12345 ? 4 : 5);
	}
	check_child(what, pid, want);
}

static void overflow(void)
{
	overflow_case("stack overflow, SA_ONSTACK handler", 1, SA_ONSTACK, "exit 0");
	overflow_case("stack overflow, alternate stack but no SA_ONSTACK", 1, 0, "signal 11");
	overflow_case("stack overflow, SA_ONSTACK but no alternate stack", 0, SA_ONSTACK,
		      "signal 11");
}

int main(void)
{
	sig_test_start();
	section("sigaltstack's refusals", refusals, 10);
	section("a handler on the alternate stack", handler_on_alt, 10);
	section("SS_AUTODISARM", autodisarm, 10);
	section("stack overflow", overflow, 15);
	return sig_test_exit();
}
