/*
 * mu-sig-calls - the other signal calls. rt_sigtimedwait takes a blocked
 * pending signal with its siginfo (no handler runs, nothing stays
 * pending), waits for one sent later, gives EAGAIN when the time runs out
 * and EINTR when a handled signal outside its set comes. rt_sigqueueinfo
 * carries si_code and si_value as the sender wrote them (to itself even a
 * non-negative si_code; to another process only a negative one that is not
 * SI_TKILL, else EPERM). Real-time signals queue, each with its value; a
 * standard signal sent three times while blocked is delivered once; the
 * order in which the handlers run is printed. tkill and tgkill refuse bad
 * ids (EINVAL), unknown threads (ESRCH) and bad signals (EINVAL); kill
 * with signal 0 only asks whether the target exists (a zombie does). Each
 * part runs in a section (mu-sig.h). Expected: the reference Linux's
 * results.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <sys/syscall.h>

#include "mu-sig.h"

#define SIGSET_BYTES 8
#define BIT(sig) (1UL << ((sig) - 1))

static volatile int runs;
static volatile int seen_sig[8];
static volatile int seen_value[8];
static siginfo_t last;

static void record(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	if (runs < 8) {
		seen_sig[runs] = sig;
		seen_value[runs] = info->si_value.sival_int;
	}
	last = *info;
	runs++;
}

static void set_kmask(unsigned long m)
{
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, SIGSET_BYTES);
}

static unsigned long kpending(void)
{
	unsigned long p = 0;
	syscall(SYS_rt_sigpending, &p, SIGSET_BYTES);
	return p;
}

/* rt_sigtimedwait on a raw 64-bit set. */
static long timedwait(unsigned long set, siginfo_t *info, long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
	return syscall(SYS_rt_sigtimedwait, &set, info, ms < 0 ? NULL : &t, SIGSET_BYTES);
}

static void sigtimedwait_calls(void)
{
	siginfo_t info;

	on_siginfo(SIGUSR1, record, 0);
	set_kmask(BIT(SIGUSR1) | BIT(SIGUSR2));
	kill(getpid(), SIGUSR1);
	memset(&info, 0, sizeof(info));
	check_eq("a pending blocked SIGUSR1: rt_sigtimedwait returns it",
		 timedwait(BIT(SIGUSR1), &info, 1000), SIGUSR1);
	check_eq("... si_signo", info.si_signo, SIGUSR1);
	check_eq("... si_code (SI_USER)", info.si_code, SI_USER);
	check("... si_pid is the sender", info.si_pid == getpid());
	check("... no handler ran, nothing left pending", runs == 0 && kpending() == 0);

	long t0 = now_ms();
	check_errno("nothing pending, 100 ms", timedwait(BIT(SIGUSR1), &info, 100), EAGAIN);
	check("... after about 100 ms", now_ms() - t0 >= 90);
	check_errno("nothing pending, no time at all", timedwait(BIT(SIGUSR1), &info, 0), EAGAIN);

	pid_t helper = signal_later(100, SIGUSR2, -1, 0);
	check_eq("SIGUSR2 sent later by another process: returned",
		 timedwait(BIT(SIGUSR1) | BIT(SIGUSR2), &info, 3000), SIGUSR2);
	check("... si_pid is that process", info.si_pid == helper);
	stop_helper(helper);

	/* A handled signal outside the set interrupts the wait. */
	on_siginfo(SIGHUP, record, 0);
	helper = signal_later(100, SIGHUP, -1, 0);
	check_errno("SIGHUP (handled, not in the set) while waiting",
		    timedwait(BIT(SIGUSR1), &info, 3000), EINTR);
	check_eq("... its handler ran", runs, 1);
	stop_helper(helper);

	struct timespec bad = { 0, 1000000000 };
	unsigned long set = BIT(SIGUSR1);
	check_errno("rt_sigtimedwait with tv_nsec 1000000000",
		    syscall(SYS_rt_sigtimedwait, &set, &info, &bad, SIGSET_BYTES), EINVAL);
	check_errno("rt_sigtimedwait with sigsetsize 4",
		    syscall(SYS_rt_sigtimedwait, &set, &info, NULL, 4), EINVAL);
}

static long queueinfo(pid_t pid, int sig, int code, int value, pid_t claimed_pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = code;
	si.si_pid = claimed_pid;
	si.si_uid = 4321;
	si.si_value.sival_int = value;
	return syscall(SYS_rt_sigqueueinfo, pid, sig, &si);
}

static void sigqueueinfo_calls(void)
{
	on_siginfo(SIGUSR1, record, 0);
	check_eq("rt_sigqueueinfo(self, SI_QUEUE, value 77)",
		 queueinfo(getpid(), SIGUSR1, SI_QUEUE, 77, 12345), 0);
	check_eq("... delivered", runs, 1);
	check_eq("... si_code (SI_QUEUE)", last.si_code, SI_QUEUE);
	check_eq("... si_value", last.si_value.sival_int, 77);
	check_eq("... si_pid as the sender wrote it", last.si_pid, 12345);
	check_eq("... si_uid as the sender wrote it", last.si_uid, 4321);
	check_eq("rt_sigqueueinfo(self, SI_USER)", queueinfo(getpid(), SIGUSR1, SI_USER, 1, 0), 0);
	check_eq("rt_sigqueueinfo(self, SI_KERNEL)",
		 queueinfo(getpid(), SIGUSR1, SI_KERNEL, 1, 0), 0);
	check_eq("... si_code as given", last.si_code, SI_KERNEL);

	/* To another process: only a negative si_code that is not SI_TKILL. */
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		set_kmask(BIT(SIGUSR1));
		sleep_ms(3000);
		_exit(0);
	}
	check_errno("rt_sigqueueinfo(child, SI_USER)", queueinfo(child, SIGUSR1, SI_USER, 1, 0),
		    EPERM);
	check_errno("rt_sigqueueinfo(child, SI_KERNEL)",
		    queueinfo(child, SIGUSR1, SI_KERNEL, 1, 0), EPERM);
	check_errno("rt_sigqueueinfo(child, SI_TKILL)", queueinfo(child, SIGUSR1, SI_TKILL, 1, 0),
		    EPERM);
	check_errno("rt_sigqueueinfo(child, signal 65)", queueinfo(child, 65, SI_QUEUE, 1, 0),
		    EINVAL);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	check_errno("rt_sigqueueinfo(a reaped child, SI_QUEUE)",
		    queueinfo(child, SIGUSR1, SI_QUEUE, 1, 0), ESRCH);
	check_errno("rt_sigqueueinfo with a bad siginfo pointer",
		    syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, (void *)16), EFAULT);
}

static void queueing(void)
{
	int rt = SIGRTMIN + 4, rt2 = SIGRTMIN + 2;

	on_siginfo(SIGUSR1, record, 0);
	on_siginfo(rt, record, 0);
	on_siginfo(rt2, record, 0);
	set_kmask(BIT(SIGUSR1) | BIT(rt) | BIT(rt2));
	for (int i = 1; i <= 3; i++) {
		queueinfo(getpid(), SIGUSR1, SI_QUEUE, i, getpid());
		queueinfo(getpid(), rt, SI_QUEUE, 10 + i, getpid());
	}
	queueinfo(getpid(), rt2, SI_QUEUE, 20, getpid());
	set_kmask(0);
	check_eq("SIGUSR1 three times, two real-time signals (three and one): deliveries", runs, 5);
	/* The order the handlers ran in, as "signal=value". */
	char order[160] = "";
	for (int i = 0; i < runs && i < 8; i++)
		snprintf(order + strlen(order), sizeof(order) - strlen(order), "%s%s=%d",
			 i ? " " : "", seen_sig[i] == SIGUSR1 ? "SIGUSR1"
				      : seen_sig[i] == rt  ? "SIGRTMIN+4"
							   : "SIGRTMIN+2",
			 seen_value[i]);
	/* Linux takes the lowest pending signal first and builds each new
	 * frame on top of the last, so the last taken runs first; a
	 * real-time handler blocks its own signal, so the next of its queue
	 * gets a frame only when it returns. */
	static const char linux_order[] =
		"SIGRTMIN+4=11 SIGRTMIN+4=12 SIGRTMIN+4=13 SIGRTMIN+2=20 SIGUSR1=1";
	if (strcmp(order, linux_order) == 0) {
		printf("the handlers ran in this order: %s\n", order);
	} else {
		printf("the handlers ran in this order: %s, expected %s: FAIL\n", order, linux_order);
		failures++;
	}
}

static void kill_calls(void)
{
	int status;

	fflush(stdout);
	pid_t child = fork();
	if (child == 0)
		_exit(0);
	sleep_ms(100);
	check_eq("kill(a zombie child, 0)", kill(child, 0), 0);
	waitpid(child, &status, 0);
	check_errno("kill(a reaped child, 0)", kill(child, 0), ESRCH);
	check_eq("kill(self, 0)", kill(getpid(), 0), 0);
	check_eq("kill(0, 0): own process group", kill(0, 0), 0);
	check_errno("kill(-(reaped child), 0): no such group", kill(-child, 0), ESRCH);
	check_errno("kill(INT_MIN, 0)", kill(INT_MIN, 0), ESRCH);
	check_errno("kill(self, 65)", kill(getpid(), 65), EINVAL);
	check_errno("kill(self, -1)", kill(getpid(), -1), EINVAL);

	pid_t me = getpid(), tid = gettid();
	check_eq("tkill(self, 0)", syscall(SYS_tkill, tid, 0), 0);
	check_errno("tkill(0, SIGUSR1)", syscall(SYS_tkill, 0, SIGUSR1), EINVAL);
	check_errno("tkill(-1, SIGUSR1)", syscall(SYS_tkill, -1, SIGUSR1), EINVAL);
	check_errno("tkill(a reaped child, SIGUSR1)", syscall(SYS_tkill, child, SIGUSR1), ESRCH);
	check_errno("tkill(self, 65)", syscall(SYS_tkill, tid, 65), EINVAL);
	check_eq("tgkill(self, self, 0)", syscall(SYS_tgkill, me, tid, 0), 0);
	check_errno("tgkill(0, self, SIGUSR1)", syscall(SYS_tgkill, 0, tid, SIGUSR1), EINVAL);
	check_errno("tgkill(self, 0, SIGUSR1)", syscall(SYS_tgkill, me, 0, SIGUSR1), EINVAL);
	check_errno("tgkill(a reaped child, self, SIGUSR1)",
		    syscall(SYS_tgkill, child, tid, SIGUSR1), ESRCH);
	check_errno("tgkill(self, a reaped child, SIGUSR1)",
		    syscall(SYS_tgkill, me, child, SIGUSR1), ESRCH);
	check_errno("tgkill(self, self, 65)", syscall(SYS_tgkill, me, tid, 65), EINVAL);
	check_errno("tgkill(self, self, -1)", syscall(SYS_tgkill, me, tid, -1), EINVAL);
}

int main(void)
{
	sig_test_start();
	section("rt_sigtimedwait", sigtimedwait_calls, 10);
	section("rt_sigqueueinfo", sigqueueinfo_calls, 5);
	section("queued signals", queueing, 5);
	section("kill, tkill and tgkill", kill_calls, 5);
	return sig_test_exit();
}
