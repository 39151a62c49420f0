/*
 * mu-ptrace-sys.c - ptrace's syscall stops, compared with Linux: a child
 * under PTRACE_TRACEME is resumed with PTRACE_SYSCALL and every stop is
 * printed (number at entry, number and result at exit, with
 * PTRACE_O_TRACESYSGOOD); the tracer changes one call's number (orig_rax),
 * skips one (orig_rax = -1, its RAX standing as the result), changes one
 * call's argument and another's result, and reads PTRACE_GET_SYSCALL_INFO,
 * PTRACE_GETEVENTMSG and PEEKUSER at the stops; then PTRACE_EVENT_EXIT and
 * the end. Without TRACESYSGOOD a syscall stop is a plain SIGTRAP.
 */
#include "mu-ptrace.h"

#define NR_UNKNOWN 100000

static volatile long res[8];

static int sys_child(void)
{
	res[0] = syscall(SYS_getppid);         /* made getpid at entry */
	res[1] = syscall(SYS_getuid);          /* skipped: 42 */
	res[2] = syscall(SYS_getppid);         /* its result made 7777 */
	res[3] = syscall(SYS_getpgid, 999999); /* its argument made 0 */
	res[4] = syscall(NR_UNKNOWN);          /* -ENOSYS, seen by the tracer */
	res[5] = getpid();
	return 3;
}

/* A result as printed: the pids and group of this test by name. */
static const char *result_text(long v, pid_t child)
{
	static char text[32];
	if (v == child)
		return "child-pid";
	if (v == getpid())
		return "tracer-pid";
	if (v == getpgrp())
		return "pgid";
	snprintf(text, sizeof(text), "%ld", v);
	return text;
}

static void show_info(pid_t pid)
{
	struct __ptrace_syscall_info info;
	memset(&info, 0, sizeof(info));
	long size = pt(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info);
	if (info.op == PTRACE_SYSCALL_INFO_ENTRY)
		printf("  info: size %ld op entry arch 0x%x nr %llu arg0 %llu\n", size, info.arch,
		       (unsigned long long)info.entry.nr, (unsigned long long)info.entry.args[0]);
	else if (info.op == PTRACE_SYSCALL_INFO_EXIT)
		printf("  info: size %ld op exit rval %s is_error %d\n", size,
		       result_text((long)info.exit.rval, pid), info.exit.is_error);
	else
		printf("  info: size %ld op %d\n", size, info.op);
}

static void syscall_stops(void)
{
	pid_t pid = traced_child(sys_child);
	wait_expect("first stop", pid, "stop 19");
	pt_ok("setoptions", PTRACE_SETOPTIONS, pid, 0,
	      (void *)(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXIT));
	pt_ok("syscall", PTRACE_SYSCALL, pid, 0, 0);

	int entry = 1, getppid_seen = 0;
	for (int n = 0; n < 40; n++) {
		int st = wait_show(entry ? "entry stop" : "exit stop", pid);
		if (st < 0 || !WIFSTOPPED(st) || WSTOPSIG(st) != (SIGTRAP | 0x80))
			break;
		struct user_regs_struct r;
		pt(PTRACE_GETREGS, pid, 0, &r);
		long nr = (long)r.orig_rax;
		if (entry) {
			printf("  entry %ld\n", nr);
			if (nr == SYS_getppid && getppid_seen++ == 0) {
				r.orig_rax = SYS_getpid;
				pt_ok("  set orig_rax getpid", PTRACE_SETREGS, pid, 0, &r);
			} else if (nr == SYS_getuid) {
				r.orig_rax = -1;
				r.rax = 42;
				pt_ok("  skip with rax 42", PTRACE_SETREGS, pid, 0, &r);
			} else if (nr == SYS_getpgid) {
				show_info(pid);
				r.rdi = 0;
				pt_ok("  set rdi 0", PTRACE_SETREGS, pid, 0, &r);
			} else if (nr == NR_UNKNOWN) {
				long word = 0, msg = 0;
				printf("  rax at entry: %lld\n", (long long)r.rax);
				pt(PTRACE_PEEKUSER, pid, (void *)offsetof(struct user_regs_struct, orig_rax),
				   &word);
				pt(PTRACE_GETEVENTMSG, pid, 0, &msg);
				printf("  peekuser orig_rax %ld, eventmsg %ld\n", word, msg);
				show_info(pid);
			}
		} else {
			printf("  exit %ld = %s\n", nr, result_text((long)r.rax, pid));
			if (nr == SYS_getppid) {
				r.rax = 7777;
				pt_ok("  set rax 7777", PTRACE_SETREGS, pid, 0, &r);
			} else if (nr == NR_UNKNOWN) {
				long msg = 0;
				pt(PTRACE_GETEVENTMSG, pid, 0, &msg);
				printf("  eventmsg %ld\n", msg);
				show_info(pid);
			}
		}
		entry = !entry;
		pt(PTRACE_SYSCALL, pid, 0, 0);
	}
	/* The loop ends at PTRACE_EVENT_EXIT. */
	long msg = 0;
	pt_ok("geteventmsg", PTRACE_GETEVENTMSG, pid, 0, &msg);
	printf("exit event message: 0x%lx\n", msg);
	const char *names[] = { "changed number", "skipped", "changed result", "changed argument",
				"unknown number" };
	for (int i = 0; i < 5; i++) {
		errno = 0;
		long v = ptrace(PTRACE_PEEKDATA, pid, (void *)&res[i], 0);
		printf("child's %s: %s\n", names[i], result_text(v, pid));
	}
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("end", pid, "exit 3");
}

static int plain_child(void)
{
	syscall(SYS_getppid);
	return 4;
}

/* Without TRACESYSGOOD: SIGTRAP, a siginfo saying so, no syscall info;
 * PTRACE_CONT from an entry stop gives no exit stop. */
static void plain_stops(void)
{
	pid_t pid = traced_child(plain_child);
	wait_expect("first stop", pid, "stop 19");
	pt_ok("syscall", PTRACE_SYSCALL, pid, 0, 0);
	wait_expect("entry stop", pid, "stop 5");
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	pt_ok("getsiginfo", PTRACE_GETSIGINFO, pid, 0, &si);
	printf("siginfo: signo %d code %d pid is child %d\n", si.si_signo, si.si_code,
	       si.si_pid == pid);
	show_info(pid);
	long msg = -1;
	pt(PTRACE_GETEVENTMSG, pid, 0, &msg);
	printf("eventmsg: %ld\n", msg);
	pt_ok("cont", PTRACE_CONT, pid, 0, 0);
	wait_expect("end", pid, "exit 4");
}

static long int80(long nr, long a1)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a1) : "memory");
	return ret;
}

static int int80_child(void)
{
	long pid = int80(20, 11);      /* i386 getpid */
	long none = int80(0x7fff, 12); /* no such number: -ENOSYS */
	long skipped = int80(20, 13);  /* skipped by the tracer: 55 */
	return (pid == getpid()) + 2 * (none == -38) + 4 * (skipped == 55);
}

/* Calls through int 0x80 stop too: the i386 number in orig_rax, the
 * i386 argument registers in PTRACE_GET_SYSCALL_INFO. */
static void int80_stops(void)
{
	pid_t pid = traced_child(int80_child);

	wait_expect("first stop", pid, "stop 19");
	pt_ok("setoptions", PTRACE_SETOPTIONS, pid, 0, (void *)PTRACE_O_TRACESYSGOOD);
	pt_ok("syscall", PTRACE_SYSCALL, pid, 0, 0);
	int entry = 1;
	for (int n = 0; n < 20; n++) {
		int st = wait_show(entry ? "entry stop" : "exit stop", pid);
		if (st < 0 || !WIFSTOPPED(st))
			return;
		struct user_regs_struct r;
		pt(PTRACE_GETREGS, pid, 0, &r);
		printf("  orig_rax %ld rax %s\n", (long)r.orig_rax, result_text((long)r.rax, pid));
		if (r.orig_rax == 20 || r.orig_rax == 0x7fff)
			show_info(pid);
		if (entry && r.orig_rax == 20 && r.rbx == 13) {
			r.orig_rax = -1;
			r.rax = 55;
			pt_ok("  skip with rax 55", PTRACE_SETREGS, pid, 0, &r);
		}
		if (!entry && r.orig_rax == SYS_exit_group)
			break;
		entry = !entry;
		pt(PTRACE_SYSCALL, pid, 0, 0);
	}
}

int main(void)
{
	check_start();
	section("syscall stops", syscall_stops, 20);
	section("plain stops", plain_stops, 20);
	section("int 0x80 stops", int80_stops, 20);
	return check_exit();
}
