/*
 * mu-sig-info - a handler installed with SA_SIGINFO runs, and its siginfo
 * says who sent the signal and why: kill (SI_USER, si_pid, si_uid), from
 * another process too, tgkill (SI_TKILL); the faults (SIGSEGV with
 * SEGV_MAPERR or SEGV_ACCERR and si_addr the address touched, SIGBUS with
 * BUS_ADRERR beyond the end of a mapped file, SIGILL, SIGFPE and SIGTRAP
 * with their codes and si_addr the instruction, a #GP fault's SI_KERNEL);
 * SIGCHLD when a child exits or is killed (CLD_EXITED, CLD_KILLED,
 * si_status, si_pid); SIGALRM from alarm(), whose si_code is printed.
 * The fault handlers leave with siglongjmp. Each part runs in a section
 * (mu-sig.h). Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "mu-sig.h"

#define PAGE 4096

static volatile sig_atomic_t deliveries;
static volatile int last_sig;
static siginfo_t last_info;

static void record(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	last_sig = sig;
	last_info = *info;
	deliveries++;
}

static void block(int how, int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(how, &s, NULL);
}

/* Waits at most ms for a delivery beyond `seen`. */
static int wait_delivery(int seen, long ms)
{
	long end = now_ms() + ms;
	while (deliveries == seen && now_ms() < end) {
		struct timespec t = { 0, 5000000 };
		nanosleep(&t, NULL);
	}
	return deliveries != seen;
}

static void sent_by_kill(void)
{
	on_siginfo(SIGUSR1, record, 0);
	kill(getpid(), SIGUSR1);
	check("kill(self): the handler ran before kill returned", deliveries == 1);
	check_eq("kill(self): handler's signal number", last_sig, SIGUSR1);
	check_eq("kill(self): si_signo", last_info.si_signo, SIGUSR1);
	check_eq("kill(self): si_code (SI_USER)", last_info.si_code, SI_USER);
	check("kill(self): si_pid is the sender", last_info.si_pid == getpid());
	check("kill(self): si_uid is the sender's", last_info.si_uid == getuid());

	on_siginfo(SIGUSR2, record, 0);
	int seen = deliveries;
	syscall(SYS_tgkill, getpid(), gettid(), SIGUSR2);
	check("tgkill(self): the handler ran", deliveries == seen + 1);
	check_eq("tgkill(self): si_signo", last_info.si_signo, SIGUSR2);
	check_eq("tgkill(self): si_code (SI_TKILL)", last_info.si_code, SI_TKILL);
	check("tgkill(self): si_pid is the sender", last_info.si_pid == getpid());

	/* From a child, while blocked: delivered when unblocked. */
	block(SIG_BLOCK, SIGUSR1);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0)
		_exit(kill(parent, SIGUSR1) == 0 ? 0 : 1);
	int status;
	waitpid(pid, &status, 0);
	seen = deliveries;
	check("kill from a child, blocked: the child's kill succeeded",
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	check("kill from a child, blocked: not delivered yet", deliveries == seen);
	block(SIG_UNBLOCK, SIGUSR1);
	check("kill from a child: delivered when unblocked", deliveries == seen + 1);
	check_eq("kill from a child: si_code (SI_USER)", last_info.si_code, SI_USER);
	check("kill from a child: si_pid is the child", last_info.si_pid == pid);
}

/* Faults: the handler records and jumps back to the test. */
static sigjmp_buf back;

static void record_and_leave(int sig, siginfo_t *info, void *uc)
{
	record(sig, info, uc);
	siglongjmp(back, 1);
}

/* Instructions whose address the faults must report. */
void insn_ud2(void), insn_div0(void), insn_int3(void), insn_hlt(void);
extern const char insn_ud2_at[], insn_div0_at[], insn_int3_at[], insn_hlt_at[];
__asm__(".text\n"
	"insn_ud2:\n"
	".globl insn_ud2_at\n"
	"insn_ud2_at: ud2\n"
	"	ret\n"
	"insn_div0:\n"
	"	mov $1, %eax\n"
	"	xor %edx, %edx\n"
	"	xor %ecx, %ecx\n"
	".globl insn_div0_at\n"
	"insn_div0_at: div %ecx\n"
	"	ret\n"
	"insn_int3:\n"
	".globl insn_int3_at\n"
	"insn_int3_at: int3\n"
	"	ret\n"
	"insn_hlt:\n"
	".globl insn_hlt_at\n"
	"insn_hlt_at: hlt\n"
	"	ret\n");

/* Reads or writes *p (kept opaque to the compiler); 1 if a signal came. */
static int touch(volatile char *p, int write)
{
	int seen = deliveries;
	if (sigsetjmp(back, 1) == 0) {
		__asm__ volatile("" : "+r"(p));
		if (write)
			*p = 1;
		else
			(void)*p;
	}
	return deliveries != seen;
}

static int run(void (*fn)(void))
{
	int seen = deliveries;
	if (sigsetjmp(back, 1) == 0)
		fn();
	return deliveries != seen;
}

#define fault_report(what, sig, code, addr) fault_check(what, sig, code, #code, addr)

static void fault_check(const char *what, int sig, int code, const char *code_name,
			const void *addr)
{
	char line[160];

	snprintf(line, sizeof(line), "%s: the handler ran", what);
	check(line, deliveries > 0 && last_sig == sig);
	snprintf(line, sizeof(line), "%s: si_signo", what);
	check_eq(line, last_info.si_signo, sig);
	snprintf(line, sizeof(line), "%s: si_code (%s)", what, code_name);
	check_eq(line, last_info.si_code, code);
	snprintf(line, sizeof(line), "%s: si_addr", what);
	check(line, last_info.si_addr == addr);
}

static void faults(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	on_siginfo(SIGSEGV, record_and_leave, 0);
	on_siginfo(SIGBUS, record_and_leave, 0);
	on_siginfo(SIGILL, record_and_leave, 0);
	on_siginfo(SIGFPE, record_and_leave, 0);
	on_siginfo(SIGTRAP, record_and_leave, 0);

	munmap(p + PAGE, PAGE);
	touch(p + PAGE + 0x123, 0);
	fault_report("read of an unmapped page", SIGSEGV, SEGV_MAPERR, p + PAGE + 0x123);
	touch((char *)16, 1);
	fault_report("write to address 16", SIGSEGV, SEGV_MAPERR, (char *)16);
	mprotect(p, PAGE, PROT_READ);
	touch(p + 0x456, 1);
	fault_report("write to a read-only page", SIGSEGV, SEGV_ACCERR, p + 0x456);
	mprotect(p, PAGE, PROT_NONE);
	touch(p + 8, 0);
	fault_report("read of a PROT_NONE page", SIGSEGV, SEGV_ACCERR, p + 8);
	/* A #GP, not a page fault: Linux has no address to give. */
	touch((char *)(1UL << 63), 0);
	fault_report("read of a non-canonical address", SIGSEGV, SI_KERNEL, NULL);
	run(insn_hlt);
	fault_report("hlt in ring 3", SIGSEGV, SI_KERNEL, NULL);

	run(insn_ud2);
	fault_report("ud2", SIGILL, ILL_ILLOPN, insn_ud2_at);
	run(insn_div0);
	fault_report("div by zero", SIGFPE, FPE_INTDIV, insn_div0_at);
	run(insn_int3);
	check_eq("int3: si_code (SI_KERNEL)", last_sig == SIGTRAP ? last_info.si_code : -1, SI_KERNEL);

	/* SIGBUS: the second page of a shared mapping of a 100-byte file. */
	char path[64];
	snprintf(path, sizeof(path), "/tmp/mu-sig-info.%d", getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 100) != 0) {
		check("a file to map", 0);
		return;
	}
	char *m = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	unlink(path);
	check("read within the file's last page: no signal", !touch(m + 50, 0));
	touch(m + PAGE + 0x10, 0);
	fault_report("read beyond the end of a mapped file", SIGBUS, BUS_ADRERR, m + PAGE + 0x10);
	munmap(m, 2 * PAGE);
}

static void sigchld(void)
{
	int status;

	on_siginfo(SIGCHLD, record, 0);
	pid_t pid = fork();
	if (pid == 0)
		_exit(42);
	check("child exits: SIGCHLD's handler ran", wait_delivery(0, 5000));
	check_eq("child exits: signal", last_sig, SIGCHLD);
	check_eq("child exits: si_code (CLD_EXITED)", last_info.si_code, CLD_EXITED);
	check_eq("child exits: si_status", last_info.si_status, 42);
	check("child exits: si_pid is the child", last_info.si_pid == pid);
	check("child exits: si_uid is the child's", last_info.si_uid == getuid());
	check("child exits: still to be reaped", waitpid(pid, &status, 0) == pid &&
							 WIFEXITED(status) && WEXITSTATUS(status) == 42);

	int seen = deliveries;
	pid = fork();
	if (pid == 0) {
		kill(getpid(), SIGTERM);
		_exit(3);
	}
	check("child killed by SIGTERM: SIGCHLD's handler ran", wait_delivery(seen, 5000));
	check_eq("child killed by SIGTERM: si_code (CLD_KILLED)", last_info.si_code, CLD_KILLED);
	check_eq("child killed by SIGTERM: si_status", last_info.si_status, SIGTERM);
	check("child killed by SIGTERM: si_pid is the child", last_info.si_pid == pid);
	waitpid(pid, &status, 0);
}

static void alarm_signal(void)
{
	on_siginfo(SIGALRM, record, 0);
	check_eq("alarm(1) returns", alarm(1), 0);
	check("alarm(1): SIGALRM's handler ran", wait_delivery(0, 4000));
	check_eq("alarm(1): signal", last_sig, SIGALRM);
	check_eq("alarm(1): si_code (SI_KERNEL)", last_info.si_code, SI_KERNEL);
	check_eq("alarm(1): si_pid", last_info.si_pid, 0);
}

int main(void)
{
	sig_test_start();
	section("kill and tgkill", sent_by_kill, 10);
	section("faults", faults, 10);
	section("SIGCHLD", sigchld, 15);
	section("alarm", alarm_signal, 10);
	return sig_test_exit();
}
