/*
 * mu-sig-ucontext - what a SIGSEGV handler reads in its ucontext and what
 * it may change there. It reads the faulting instruction's RIP, the RSP
 * of the interrupted code, trapno 14, the page-fault error code and CR2,
 * uc_link and uc_stack; it changes RIP to step over the faulting
 * instruction ("skip the fault") and RAX to give the interrupted code a
 * value, an xmm register through fpregs, the mask through uc_sigmask
 * (SIGKILL and SIGSTOP cannot be added) and the flags through REG_EFL (CF
 * and DF are taken, IOPL, NT and a clear IF are not). A handler that
 * fixes nothing returns to the same fault. A fault inside the SIGSEGV
 * handler kills the process, unless SA_NODEFER lets the handler nest.
 * Each part runs in a section (mu-sig.h). Expected: the reference
 * Linux's results.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>

#include "mu-sig.h"

#define SIGSET_BYTES 8
#define BIT(sig) (1UL << ((sig) - 1))
#define TRAP_PF 14                  /* Intel SDM vol. 3A, 6.15 */
#define PF_PROT 0x1                 /* page-fault error code bits (ibid.) */
#define PF_WRITE 0x2
#define PF_USER 0x4
#define FL_CF (1UL << 0)            /* Intel SDM vol. 1, 3.4.3 */
#define FL_IF (1UL << 9)
#define FL_DF (1UL << 10)
#define FL_IOPL (3UL << 12)
#define FL_NT (1UL << 14)

/*
 * Functions with one faulting instruction each, and the labels around it:
 *   long uc_load(const long *p)    returns *p; RSP at the load in uc_rsp
 *   long uc_store(long *p)         stores 7 at *p, then returns 1
 *   long uc_flags_probe(long *p)   loads *p, returns RFLAGS after the load
 *   void uc_xmm_probe(long *p)     xmm5 = 0, loads *p, stores xmm5 in uc_xmm
 */
long uc_load(const long *p), uc_store(long *p), uc_flags_probe(long *p);
void uc_xmm_probe(long *p);
extern const char uc_load_insn[], uc_load_next[], uc_store_insn[], uc_store_next[];
extern const char uc_flags_insn[], uc_flags_next[], uc_xmm_insn[], uc_xmm_next[];
unsigned long uc_rsp;
uint32_t uc_xmm[4];
__asm__(".text\n"
	".globl uc_load, uc_load_insn, uc_load_next\n"
	"uc_load:\n"
	"	mov %rsp, uc_rsp(%rip)\n"
	"uc_load_insn:\n"
	"	mov (%rdi), %rax\n"
	"uc_load_next:\n"
	"	ret\n"
	".globl uc_store, uc_store_insn, uc_store_next\n"
	"uc_store:\n"
	"uc_store_insn:\n"
	"	movq $7, (%rdi)\n"
	"uc_store_next:\n"
	"	mov $1, %eax\n"
	"	ret\n"
	".globl uc_flags_probe, uc_flags_insn, uc_flags_next\n"
	"uc_flags_probe:\n"
	"uc_flags_insn:\n"
	"	mov (%rdi), %rax\n"
	"uc_flags_next:\n"
	"	pushfq\n"
	"	pop %rax\n"
	"	cld\n"
	"	ret\n"
	".globl uc_xmm_probe, uc_xmm_insn, uc_xmm_next\n"
	"uc_xmm_probe:\n"
	"	pxor %xmm5, %xmm5\n"
	"uc_xmm_insn:\n"
	"	mov (%rdi), %rax\n"
	"uc_xmm_next:\n"
	"	movdqu %xmm5, uc_xmm(%rip)\n"
	"	ret\n");

/* What the handler saw, and what it is told to do. */
static volatile int runs;
static volatile int fix_after = 1; /* the run that fixes the fault */
static volatile long seen_rip, seen_rsp, seen_trapno, seen_err, seen_cr2;
static volatile long seen_uc_link = -1, seen_ss_flags = -1, seen_ss_size = -1;
static volatile void *seen_ss_sp = (void *)1;
static const char *volatile resume_at;
static volatile long new_rax;
static volatile unsigned long add_mask, set_flags, clear_flags;
static volatile int set_xmm5;

static void on_segv(int sig, siginfo_t *info, void *ucv)
{
	ucontext_t *uc = ucv;
	greg_t *g = uc->uc_mcontext.gregs;

	(void)sig;
	(void)info;
	if (++runs < fix_after)
		return;
	seen_rip = g[REG_RIP];
	seen_rsp = g[REG_RSP];
	seen_trapno = g[REG_TRAPNO];
	seen_err = g[REG_ERR];
	seen_cr2 = g[REG_CR2];
	seen_uc_link = (long)uc->uc_link;
	seen_ss_sp = uc->uc_stack.ss_sp;
	seen_ss_flags = uc->uc_stack.ss_flags;
	seen_ss_size = uc->uc_stack.ss_size;
	g[REG_RIP] = (greg_t)resume_at;
	g[REG_RAX] = new_rax;
	g[REG_EFL] = (g[REG_EFL] | set_flags) & ~clear_flags;
	*(unsigned long *)&uc->uc_sigmask |= add_mask;
	if (set_xmm5)
		for (int i = 0; i < 4; i++)
			uc->uc_mcontext.fpregs->_xmm[5].element[i] = 0x11111111u * (i + 1);
}

static void prepare(const char *resume, long rax)
{
	runs = 0;
	resume_at = resume;
	new_rax = rax;
}

static long *unmapped_page(void)
{
	char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, 4096);
	return (long *)(p + 0x88);
}

static void read_and_skip(void)
{
	long *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long *bad = unmapped_page(); /* no mmap after this one: it stays a hole */

	on_siginfo(SIGSEGV, on_segv, 0);
	prepare(uc_load_next, 42);
	long r = uc_load(bad);
	check_eq("load from an unmapped page: handler runs", runs, 1);
	check("REG_RIP is the faulting load", seen_rip == (long)uc_load_insn);
	check("REG_RSP is the interrupted code's", seen_rsp == (long)uc_rsp);
	check_eq("REG_TRAPNO (#PF)", seen_trapno, TRAP_PF);
	check_eq("REG_ERR (user read, not present)", seen_err, PF_USER);
	check("REG_CR2 is the address", seen_cr2 == (long)bad);
	check_eq("uc_link", seen_uc_link, 0);
	check("uc_stack.ss_sp (no alternate stack)", seen_ss_sp == NULL);
	check_eq("uc_stack.ss_flags (SS_DISABLE)", seen_ss_flags, SS_DISABLE);
	check_eq("uc_stack.ss_size", seen_ss_size, 0);
	check_eq("RIP moved past the load: uc_load returns the handler's RAX", r, 42);

	check_eq("a read-only page reads", ro[3], 0);
	prepare(uc_store_next, 0);
	r = uc_store(ro + 3);
	check_eq("store to a read-only page: handler runs", runs, 1);
	check("REG_RIP is the faulting store", seen_rip == (long)uc_store_insn);
	check_eq("REG_ERR (user write, protection)", seen_err, PF_USER | PF_WRITE | PF_PROT);
	check("REG_CR2 is the address", seen_cr2 == (long)(ro + 3));
	check_eq("RIP moved past the store: execution goes on", r, 1);
	check_eq("the page is unchanged", ro[3], 0);

	/* A handler that fixes nothing returns to the same fault. */
	fix_after = 3;
	prepare(uc_load_next, 5);
	r = uc_load(bad);
	check_eq("handler returns unfixed twice: runs", runs, 3);
	check_eq("... then skips the load", r, 5);
	fix_after = 1;
}

static void change_state(void)
{
	long *bad = unmapped_page();
	unsigned long m = 0;

	on_siginfo(SIGSEGV, on_segv, 0);
	prepare(uc_flags_next, 0);
	set_flags = FL_CF | FL_DF | FL_IOPL | FL_NT;
	clear_flags = FL_IF;
	unsigned long fl = uc_flags_probe(bad);
	set_flags = clear_flags = 0;
	check("REG_EFL: CF set by the handler is kept", (fl & FL_CF) != 0);
	check("REG_EFL: DF set by the handler is kept", (fl & FL_DF) != 0);
	check("REG_EFL: IOPL 3 is refused", (fl & FL_IOPL) == 0);
	check("REG_EFL: NT is refused", (fl & FL_NT) == 0);
	check("REG_EFL: IF stays set", (fl & FL_IF) != 0);

	prepare(uc_xmm_next, 0);
	set_xmm5 = 1;
	uc_xmm_probe(bad);
	set_xmm5 = 0;
	check("fpregs: xmm5 written by the handler is xmm5 after",
	      uc_xmm[0] == 0x11111111u && uc_xmm[1] == 0x22222222u && uc_xmm[2] == 0x33333333u &&
		      uc_xmm[3] == 0x44444444u);

	prepare(uc_load_next, 0);
	add_mask = BIT(SIGUSR2) | BIT(SIGKILL) | BIT(SIGSTOP);
	uc_load(bad);
	add_mask = 0;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, SIGSET_BYTES);
	check("uc_sigmask: SIGUSR2 added by the handler is blocked after", (m & BIT(SIGUSR2)) != 0);
	check("uc_sigmask: SIGKILL and SIGSTOP are not", (m & (BIT(SIGKILL) | BIT(SIGSTOP))) == 0);
	check("uc_sigmask: nothing else", m == BIT(SIGUSR2));
}

/* Faults again inside the handler. */
static volatile int nested_runs;

static void fault_again(int sig, siginfo_t *info, void *ucv)
{
	ucontext_t *uc = ucv;
	(void)sig;
	(void)info;
	if (++nested_runs == 1)
		uc_load(unmapped_page()); /* nested: the same handler, if anything */
	uc->uc_mcontext.gregs[REG_RIP] = (greg_t)uc_load_next;
	uc->uc_mcontext.gregs[REG_RAX] = 9;
}

static int nested(int flags)
{
	on_siginfo(SIGSEGV, fault_again, flags);
	return uc_load(unmapped_page()) == 9 && nested_runs == 2 ? 0 : 3;
}

static void how_child_ends(const char *what, int flags, const char *want)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(nested(flags));
	check_child(what, pid, want);
}

static void fault_in_handler(void)
{
	how_child_ends("a fault in the SIGSEGV handler", 0, "signal 11");
	how_child_ends("a fault in the SIGSEGV handler with SA_NODEFER", SA_NODEFER, "exit 0");
}

int main(void)
{
	sig_test_start();
	section("read and skip", read_and_skip, 5);
	section("change the state", change_state, 5);
	section("a fault in the handler", fault_in_handler, 5);
	return sig_test_exit();
}
