/*
 * mu-ptrace-hostile.c - hostile tracers, compared with Linux: SETREGS with
 * a kernel RIP, a non-canonical RIP, kernel or null selectors, IOPL and NT
 * in RFLAGS and a kernel FS base (refused, masked, or a SIGSEGV in the
 * tracee: never ring 0 for it); POKEDATA into text leaves the text
 * read-only for the tracee; a tracer killed with its tracee stopped (the
 * tracee goes on, or dies with PTRACE_O_EXITKILL); an attach loop (A
 * traces B, B attaches to A); tracing a tracer. Each case prints one line
 * per step, and the count of cases is the robustness report's.
 */
#include <poll.h>
#include "mu-ptrace.h"

#define KERNEL_RIP 0xffffffff81000000UL
#define NONCANONICAL_RIP 0x0000800000000000UL

static int quiet_child(void)
{
	return 0;
}

static void show_siginfo(pid_t pid, unsigned long want_addr)
{
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	pt_ok("getsiginfo", PTRACE_GETSIGINFO, pid, 0, &si);
	printf("  siginfo: signo %d code %d addr is rip %d\n", si.si_signo, si.si_code,
	       (unsigned long)si.si_addr == want_addr);
}

/* One register set to value at the first stop; then the tracee runs. */
static void bad_rip(unsigned long rip)
{
	pid_t pid = traced_child(quiet_child);
	struct user_regs_struct r;

	wait_expect("first stop", pid, "stop 19");
	pt(PTRACE_GETREGS, pid, 0, &r);
	r.rip = rip;
	pt_ok("setregs", PTRACE_SETREGS, pid, 0, &r);
	pt(PTRACE_GETREGS, pid, 0, &r);
	printf("rip reads back: %d\n", r.rip == rip);
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("tracee", pid, "stop 11");
	show_siginfo(pid, rip);
	pt_ok("cont with SIGSEGV", PTRACE_CONT, pid, 0, (void *)SIGSEGV);
	wait_expect("end", pid, "signal 11");
}

static void kernel_rip(void) { bad_rip(KERNEL_RIP); }
static void noncanonical_rip(void) { bad_rip(NONCANONICAL_RIP); }

static void selectors(void)
{
	pid_t pid = traced_child(quiet_child);
	struct user_regs_struct r, orig;

	wait_expect("first stop", pid, "stop 19");
	pt(PTRACE_GETREGS, pid, 0, &orig);
	printf("user cs 0x%lx ss 0x%lx\n", orig.cs, orig.ss);
	r = orig, r.cs = 0x10;
	check_errno("cs 0x10 (ring 0)", pt(PTRACE_SETREGS, pid, 0, &r), EIO);
	r = orig, r.ss = 0x18;
	check_errno("ss 0x18 (ring 0)", pt(PTRACE_SETREGS, pid, 0, &r), EIO);
	r = orig, r.cs = 0;
	check_errno("cs 0", pt(PTRACE_SETREGS, pid, 0, &r), EIO);
	r = orig, r.ss = 0;
	check_errno("ss 0", pt(PTRACE_SETREGS, pid, 0, &r), EIO);
	r = orig, r.ds = 0x10;
	check_errno("ds 0x10", pt(PTRACE_SETREGS, pid, 0, &r), EIO);
	r = orig, r.fs_base = 0xffff800000000000UL;
	check_errno("fs_base in the kernel half", pt(PTRACE_SETREGS, pid, 0, &r), EIO);
	r = orig, r.gs_base = 1UL << 47;
	check_errno("gs_base at 2^47", pt(PTRACE_SETREGS, pid, 0, &r), EIO);
	r = orig, r.eflags |= 0x3000 | 0x4000 | 0x20000; /* IOPL 3, NT, VM */
	pt_ok("eflags with IOPL, NT, VM", PTRACE_SETREGS, pid, 0, &r);
	pt(PTRACE_GETREGS, pid, 0, &r);
	printf("iopl nt vm after setregs: 0x%lx, if 0x%lx\n", r.eflags & 0x27000, r.eflags & 0x200);
	long v = 0;
	pt_ok("pokeuser eflags 0", PTRACE_POKEUSER, pid, (void *)offsetof(struct user_regs_struct, eflags), 0);
	pt(PTRACE_PEEKUSER, pid, (void *)offsetof(struct user_regs_struct, eflags), &v);
	printf("eflags after pokeuser 0: if 0x%lx\n", v & 0x200);
	/* A kernel code selector with RPL 3 is taken, as on Linux; the
	 * return to ring 3 cannot use it: SIGSEGV. */
	r = orig, r.cs = 0x13;
	pt_ok("cs 0x13 (ring 0 code, RPL 3)", PTRACE_SETREGS, pid, 0, &r);
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("tracee", pid, "stop 11");
	siginfo_t si;
	pt_ok("getsiginfo", PTRACE_GETSIGINFO, pid, 0, &si);
	printf("  siginfo: signo %d code %d\n", si.si_signo, si.si_code);
	pt_ok("cont with SIGSEGV", PTRACE_CONT, pid, 0, (void *)SIGSEGV);
	wait_expect("end", pid, "signal 11");
}

__attribute__((noinline)) static int text_fn(void)
{
	__asm__ volatile("");
	return 1;
}
static int (*volatile text_ptr)(void) = text_fn;

static int write_text_child(void)
{
	int r = text_ptr();
	*(volatile char *)text_fn = (char)0xc3; /* the text is still read-only */
	return r;
}

static void poke_text(void)
{
	pid_t pid = traced_child(write_text_child);

	wait_expect("first stop", pid, "stop 19");
	long code = ptrace(PTRACE_PEEKTEXT, pid, (void *)text_fn, 0);
	pt_ok("poketext", PTRACE_POKETEXT, pid, (void *)text_fn, (void *)((code & ~0xffffffffffffL) | 0xc300000007b8L));
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("tracee writes its text", pid, "stop 11");
	siginfo_t si;
	pt_ok("getsiginfo", PTRACE_GETSIGINFO, pid, 0, &si);
	printf("  siginfo: signo %d code %d addr is text_fn %d\n", si.si_signo, si.si_code,
	       si.si_addr == (void *)text_fn);
	struct user_regs_struct r;
	pt(PTRACE_GETREGS, pid, 0, &r);
	printf("  poked text_fn returned %ld\n", (long)(r.rax & 0xff));
	pt_ok("cont with SIGSEGV", PTRACE_CONT, pid, 0, (void *)SIGSEGV);
	wait_expect("end", pid, "signal 11");
	printf("tracer's text_fn: %d\n", text_ptr());
}

/* A tracer killed while its tracee is stopped: the tracee goes on with the
 * signal it stopped for (SIGSTOP: it stays stopped until SIGCONT), or is
 * killed with PTRACE_O_EXITKILL. */
static void tracer_dies(int exitkill)
{
	int alive[2], report[2];
	if (pipe(alive) || pipe(report))
		return;
	fflush(stdout);
	pid_t tracer = fork();
	if (tracer == 0) {
		close(alive[0]);
		pid_t c = fork();
		if (c == 0) {
			ptrace(PTRACE_TRACEME, 0, 0, 0);
			raise(SIGSTOP);
			if (write(alive[1], "alive", 5) != 5)
				_exit(1);
			_exit(0);
		}
		close(alive[1]);
		int st;
		waitpid(c, &st, __WALL);
		if (exitkill)
			ptrace(PTRACE_SETOPTIONS, c, 0, (void *)PTRACE_O_EXITKILL);
		if (write(report[1], &c, sizeof(c)) != sizeof(c))
			_exit(1);
		for (;;)
			pause();
	}
	close(alive[1]);
	pid_t c = 0;
	if (read(report[0], &c, sizeof(c)) != sizeof(c)) {
		printf("no tracee: FAIL\n");
		failures++;
		return;
	}
	kill(tracer, SIGKILL);
	wait_expect("tracer", tracer, "signal 9");
	sleep_ms(100);
	kill(c, SIGCONT);
	struct pollfd p = { alive[0], POLLIN, 0 };
	char buf[8] = { 0 };
	int n = poll(&p, 1, 3000) == 1 ? (int)read(alive[0], buf, 5) : -1;
	printf("tracee after its tracer died: %s\n", n == 5 ? buf : n == 0 ? "gone" : "silent");
}

static void tracer_dies_plain(void) { tracer_dies(0); }
static void tracer_dies_exitkill(void) { tracer_dies(1); }

/* A traces B (seized); B attaches to A, sees its SIGSTOP and detaches.
 * Neither asks for SIGCHLD on stops (SA_NOCLDSTOP): otherwise A's stop
 * would stop B, a tracee of A, for its SIGCHLD, and each would wait for
 * the other, on Linux as here. */
static void attach_loop(void)
{
	int go[2], back[2];
	struct sigaction sa = { .sa_handler = SIG_DFL, .sa_flags = SA_NOCLDSTOP };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	if (pipe(go) || pipe(back))
		return;
	pid_t a = getpid();
	fflush(stdout);
	pid_t b = fork();
	if (b == 0) {
		char c;
		char line[128];
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		long r = pt(PTRACE_ATTACH, a, 0, 0);
		int e = errno, st = 0;
		const char *seen = "-";
		if (r == 0 && waitpid(a, &st, __WALL) == a)
			seen = describe_status(st);
		long d = r == 0 ? pt(PTRACE_DETACH, a, 0, 0) : -1;
		int n = snprintf(line, sizeof(line), "B attaches to A: %ld %s; A: %s; detach: %ld\n", r,
				 r ? errno_name(e) : "", seen, d);
		if (write(back[1], line, (size_t)n) != n)
			_exit(1);
		for (;;)
			pause();
	}
	pt_ok("A seizes B", PTRACE_SEIZE, b, 0, 0);
	if (write(go[1], "g", 1) != 1)
		return;
	char line[128] = { 0 };
	ssize_t n;
	while ((n = read(back[0], line, sizeof(line) - 1)) < 0 && errno == EINTR)
		;
	printf("%s", n > 0 ? line : "no answer from B\n");
	pt_ok("A kills B", PTRACE_KILL, b, 0, 0);
	wait_expect("B", b, "signal 9");
}

/* S traces X; Y attaches to S (the tracer), stops it, lets it go and
 * exits; S still controls X. */
static void trace_the_tracer(void)
{
	int back[2];
	if (pipe(back))
		return;
	pid_t s = getpid();
	fflush(stdout);
	pid_t x = fork();
	if (x == 0) {
		for (;;)
			pause();
	}
	pt_ok("S seizes X", PTRACE_SEIZE, x, 0, 0);
	pid_t y = fork();
	if (y == 0) {
		char line[128];
		long r = pt(PTRACE_ATTACH, s, 0, 0);
		int st = 0;
		const char *seen = "-";
		if (r == 0 && waitpid(s, &st, __WALL) == s)
			seen = describe_status(st);
		long c = pt(PTRACE_CONT, s, 0, 0);
		int n = snprintf(line, sizeof(line), "Y attaches to S: %ld; S: %s; cont: %ld\n", r, seen, c);
		if (write(back[1], line, (size_t)n) != n)
			_exit(1);
		_exit(0);
	}
	char line[128] = { 0 };
	ssize_t n;
	while ((n = read(back[0], line, sizeof(line) - 1)) < 0 && errno == EINTR)
		;
	printf("%s", n > 0 ? line : "no answer from Y\n");
	wait_expect("Y", y, "exit 0");
	pt_ok("S interrupts X", PTRACE_INTERRUPT, x, 0, 0);
	wait_expect("X", x, "event-stop 5");
	pt_ok("S kills X", PTRACE_KILL, x, 0, 0);
	wait_expect("X", x, "signal 9");
}

int main(void)
{
	check_start();
	section("kernel rip", kernel_rip, 20);
	section("non-canonical rip", noncanonical_rip, 20);
	section("selectors and flags", selectors, 20);
	section("poke text", poke_text, 20);
	section("tracer dies", tracer_dies_plain, 20);
	section("tracer dies, exitkill", tracer_dies_exitkill, 20);
	section("attach loop", attach_loop, 20);
	section("trace the tracer", trace_the_tracer, 20);
	return check_exit();
}
