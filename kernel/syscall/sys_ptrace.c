/*
 * sys_ptrace.c - ptrace(2), with Linux's requests, structures (uapi/ptrace.h) and errors: -ESRCH for
 * a task the caller does not trace or that is not stopped where the request
 * needs a stop, -EPERM for attaching to oneself, to pid 1 or to a task
 * already traced, -EIO for an unknown request, a bad PEEKUSER offset, an
 * invalid signal or an address that cannot be read or written, -EINVAL
 * for unknown options. The stops themselves live in proc/ptrace.c.
 *
 * Invariant: nothing a tracer writes can give the tracee more than ring 3
 * has: SETREGS keeps Linux's checks (selectors with RPL 3, FS/GS bases in
 * the user half, RFLAGS limited to the bits a program may change: never
 * IOPL, IF or VM), and a RIP or selector the return to ring 3 cannot
 * take becomes a SIGSEGV there (task_return_to_user), never a fault in the
 * kernel. Every user is root in MinOS, so the uid check always passes.
 */
#include "syscall/syscall.h"
#include "proc/ptrace.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "proc/sched.h"
#include "mm/uaccess.h"
#include "arch/x86_64/cpu.h"
#include "uapi/ptrace.h"
#include "uapi/misc.h"
#include "uapi/sigcontext.h"
#include "lib/string.h"
#include "errno.h"

/* The RFLAGS bits a tracer may set (Linux's 64-bit FLAG_MASK): NT too,
 * harmless to IRETQ and SYSRET, which look at the kernel's own NT (clear:
 * FMASK and the interrupt gates clear it on entry). */
#define RFLAGS_PTRACE_MASK (RFLAGS_CF | RFLAGS_PF | RFLAGS_AF | RFLAGS_ZF | RFLAGS_SF | \
			    RFLAGS_TF | RFLAGS_DF | RFLAGS_OF | RFLAGS_RF | RFLAGS_AC | RFLAGS_NT)
#define DR7_ENABLE_BITS 0xffULL
/* MXCSR bits a tracer may set: all but DAZ, which not every CPU has. */
#define MXCSR_SETTABLE 0xffbfU
#define MAX_ERRNO 4095

#define UREG(name) offsetof(struct user_regs_struct, name)

/* The general registers of struct user_regs_struct that are a plain copy
 * of the frame's. */
static u64 *reg_slot(struct regs *r, u64 off)
{
	switch (off) {
	case UREG(r15): return &r->r15;
	case UREG(r14): return &r->r14;
	case UREG(r13): return &r->r13;
	case UREG(r12): return &r->r12;
	case UREG(rbp): return &r->rbp;
	case UREG(rbx): return &r->rbx;
	case UREG(r11): return &r->r11;
	case UREG(r10): return &r->r10;
	case UREG(r9): return &r->r9;
	case UREG(r8): return &r->r8;
	case UREG(rax): return &r->rax;
	case UREG(rcx): return &r->rcx;
	case UREG(rdx): return &r->rdx;
	case UREG(rsi): return &r->rsi;
	case UREG(rdi): return &r->rdi;
	case UREG(rip): return &r->rip;
	case UREG(rsp): return &r->rsp;
	}
	return NULL;
}

static u64 getreg(struct task *c, u64 off)
{
	struct regs *r = ptrace_user_regs(c);
	u64 *slot = reg_slot(r, off);

	if (slot)
		return *slot;
	switch (off) {
	case UREG(orig_rax):
		return c->pt.flags & PT_SYSCALL_FRAME ? r->vector : (u64)-1;
	case UREG(cs):
		return r->cs;
	case UREG(ss):
		return r->ss;
	case UREG(eflags):
		return c->pt.flags & PT_FORCED_TF ? r->rflags & ~RFLAGS_TF : r->rflags;
	case UREG(fs_base):
		return c->fs_base;
	case UREG(gs_base):
		return c->gs_base;
	}
	return 0; /* ds, es, fs, gs: 0 in a 64-bit MinOS process */
}

/* Linux's invalid_selector(): a selector must be null or have RPL 3. */
static bool bad_selector(u16 sel) { return sel != 0 && (sel & 3) != 3; }

static long putreg(struct task *c, u64 off, u64 value)
{
	struct regs *r = ptrace_user_regs(c);
	u64 *slot = reg_slot(r, off);

	if (slot) {
		*slot = value;
		return 0;
	}
	switch (off) {
	case UREG(orig_rax):
		/* At a syscall stop, the call to make (-1: none). */
		if (c->pt.flags & PT_SYSCALL_FRAME)
			r->vector = value;
		return 0;
	case UREG(cs):
	case UREG(ss):
		if (bad_selector((u16)value) || (u16)value == 0)
			return -EIO;
		/* Any other RPL-3 selector is taken, as on Linux; the way
		 * back to ring 3 refuses all but the user ones (SIGSEGV). */
		if (off == UREG(cs))
			r->cs = (u16)value;
		else
			r->ss = (u16)value;
		return 0;
	case UREG(eflags):
		if (c->pt.flags & PT_FORCED_TF) {
			if (value & RFLAGS_TF)
				c->pt.flags &= ~PT_FORCED_TF; /* now the program's own */
			else
				value |= RFLAGS_TF; /* still stepping */
		}
		r->rflags = (r->rflags & ~RFLAGS_PTRACE_MASK) | (value & RFLAGS_PTRACE_MASK);
		return 0;
	case UREG(fs_base):
	case UREG(gs_base):
		if (value >= USER_TOP)
			return -EIO;
		if (off == UREG(fs_base))
			c->fs_base = value;
		else
			c->gs_base = value;
		return 0;
	case UREG(ds):
	case UREG(es):
	case UREG(fs):
	case UREG(gs):
		return bad_selector((u16)value) ? -EIO : 0; /* not kept */
	}
	return -EIO;
}

static void get_regs(struct task *c, struct user_regs_struct *u)
{
	u64 *w = (u64 *)u;
	for (u64 off = 0; off < sizeof(*u); off += 8)
		w[off / 8] = getreg(c, off);
}

/* Field by field, in the structure's order, stopping at the first refused
 * one, as Linux's genregs_set does. */
static long set_regs(struct task *c, const struct user_regs_struct *u)
{
	const u64 *w = (const u64 *)u;
	for (u64 off = 0; off < sizeof(*u); off += 8) {
		long err = putreg(c, off, w[off / 8]);
		if (err)
			return err;
	}
	return 0;
}

static long set_fpregs(struct task *c, const u8 *image)
{
	u32 mxcsr;
	memcpy(&mxcsr, image + FXSAVE_MXCSR, sizeof(mxcsr));
	if (mxcsr & ~MXCSR_SETTABLE)
		return -EINVAL; /* FXRSTOR would fault on it */
	memcpy(c->fpu, image, USER_FPREGS_SIZE);
	return 0;
}

static long peek_user(struct task *c, u64 off, u64 __user *out)
{
	u64 v = 0;
	if ((off & 7) || off >= USER_STRUCT_SIZE)
		return -EIO;
	if (off < USER_REGS_SIZE)
		v = getreg(c, off);
	else if (off >= USER_DEBUGREG_OFFSET && off < USER_DEBUGREG_OFFSET + 8 * 8)
		v = c->pt.debugreg[(off - USER_DEBUGREG_OFFSET) / 8];
	return put_user_bytes(out, &v, sizeof(v));
}

/* Debug registers are kept for PEEKUSER but never armed: DR0-DR3 take a
 * user address, DR6 anything, DR7 only with no breakpoint enabled. */
static long poke_user(struct task *c, u64 off, u64 value)
{
	if ((off & 7) || off >= USER_STRUCT_SIZE)
		return -EIO;
	if (off < USER_REGS_SIZE)
		return putreg(c, off, value);
	if (off < USER_DEBUGREG_OFFSET || off >= USER_DEBUGREG_OFFSET + 8 * 8)
		return -EIO;
	int n = (int)((off - USER_DEBUGREG_OFFSET) / 8);
	if (n == 4 || n == 5 || (n < 4 && value >= USER_TOP) || (n == 7 && (value & DR7_ENABLE_BITS)))
		return -EIO;
	c->pt.debugreg[n] = value;
	return 0;
}

static long get_syscall_info(struct task *c, u64 size, void __user *out)
{
	struct regs *r = ptrace_user_regs(c);
	struct ptrace_syscall_info info;
	u64 len = PTRACE_SYSCALL_INFO_HEAD;

	memset(&info, 0, sizeof(info));
	info.arch = c->sc_compat ? AUDIT_ARCH_I386 : AUDIT_ARCH_X86_64;
	info.instruction_pointer = r->rip;
	info.stack_pointer = r->rsp;
	/* Only a syscall stop of a TRACESYSGOOD tracee says which it is. */
	if ((c->pt.flags & PT_HAS_SIGINFO) && c->pt.siginfo.si_code == (SIGTRAP | 0x80)) {
		if (c->pt.message == PTRACE_EVENTMSG_SYSCALL_ENTRY) {
			info.op = PTRACE_SYSCALL_INFO_ENTRY;
			info.entry.nr = r->vector;
			u64 args[6] = { r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9 };
			u64 args32[6] = { (u32)r->rbx, (u32)r->rcx, (u32)r->rdx,
					  (u32)r->rsi, (u32)r->rdi, (u32)r->rbp };
			memcpy(info.entry.args, c->sc_compat ? args32 : args, sizeof(args));
			len = PTRACE_SYSCALL_INFO_ENTRY_SIZE;
		} else if (c->pt.message == PTRACE_EVENTMSG_SYSCALL_EXIT) {
			info.op = PTRACE_SYSCALL_INFO_EXIT;
			s64 rv = c->sc_compat ? (s64)(s32)r->rax : (s64)r->rax;
			info.exit.is_error = rv < 0 && rv >= -MAX_ERRNO;
			info.exit.rval = rv;
			len = PTRACE_SYSCALL_INFO_EXIT_SIZE;
		}
	}
	if (put_user_bytes(out, &info, MIN(size, len)))
		return -EFAULT;
	return (long)len;
}

/* PTRACE_GETREGSET/SETREGSET: NT_PRSTATUS and NT_PRFPREG through an iovec. */
static long regset(struct task *c, u64 type, struct iovec __user *uiov, bool set)
{
	struct iovec iov;
	struct user_regs_struct regs;
	u8 *buf;
	u64 size;

	if (get_user_bytes(&iov, uiov, sizeof(iov)))
		return -EFAULT;
	if (type == NT_PRSTATUS) {
		get_regs(c, &regs);
		buf = (u8 *)&regs, size = sizeof(regs);
	} else if (type == NT_PRFPREG) {
		buf = c->fpu, size = USER_FPREGS_SIZE;
	} else {
		return -EINVAL;
	}
	size = MIN(size, iov.iov_len);
	if (!set) {
		if (put_user_bytes(iov.iov_base, buf, size))
			return -EFAULT;
	} else {
		u8 image[USER_FPREGS_SIZE];
		memcpy(image, buf, type == NT_PRSTATUS ? sizeof(regs) : USER_FPREGS_SIZE);
		if (get_user_bytes(image, iov.iov_base, size))
			return -EFAULT;
		long err = type == NT_PRSTATUS ? set_regs(c, (struct user_regs_struct *)image)
					       : set_fpregs(c, image);
		if (err)
			return err;
	}
	iov.iov_len = size;
	return put_user_bytes(&uiov->iov_len, &iov.iov_len, sizeof(iov.iov_len));
}

static long attach(int pid, bool seize, u64 addr, u64 options)
{
	struct task *self = current_task();
	struct task *c = task_by_pid(pid);

	if (seize && (addr != 0 || (options & ~(u64)PTRACE_O_MASK)))
		return -EIO;
	if (!c || c->state == TASK_ZOMBIE)
		return c ? -EPERM : -ESRCH;
	if (c == self || c->pid == 1 || c->pt.tracer)
		return -EPERM;
	ptrace_link(c, self, seize ? PT_SEIZED : 0, seize ? (u32)options : 0);
	if (seize)
		return 0;
	struct sig_info info = { .code = SI_KERNEL };
	signal_send_info(c, SIGSTOP, &info);
	if (c->state == TASK_STOPPED) {
		/* Already stopped: it becomes a tracing stop at once. */
		c->pt.group_stop_sig = c->stop_sig;
		c->pt.stop_code = c->stop_sig;
		c->pt.flags |= PT_STOP_UNREPORTED;
		c->state = TASK_TRACED;
		wake_up(&self->group_leader->child_exit);
	}
	return 0;
}

static long traceme(void)
{
	struct task *t = current_task();
	if (t->pt.tracer || t->parent == t)
		return -EPERM;
	ptrace_link(t, t->parent, 0, 0);
	return 0;
}

static long resume(struct task *c, long request, u64 data)
{
	struct regs *r = ptrace_user_regs(c);

	if (data > NSIG)
		return -EIO;
	if (request == PTRACE_SYSCALL)
		c->pt.flags |= PT_SYSCALL_STOPS;
	else
		c->pt.flags &= ~PT_SYSCALL_STOPS;
	if (request == PTRACE_SINGLESTEP) {
		if (!(r->rflags & RFLAGS_TF)) {
			r->rflags |= RFLAGS_TF;
			c->pt.flags |= PT_FORCED_TF;
		}
	} else if (c->pt.flags & PT_FORCED_TF) {
		r->rflags &= ~RFLAGS_TF;
		c->pt.flags &= ~PT_FORCED_TF;
	}
	c->pt.resume_sig = (int)data;
	c->pt.flags &= ~PT_LISTENING;
	sched_enqueue(c);
	return 0;
}

static long interrupt(struct task *c)
{
	if (!(c->pt.flags & PT_SEIZED))
		return -EIO;
	c->pt.flags |= PT_TRAP_PENDING;
	if (c->state == TASK_SLEEPING) {
		wake_task(c); /* its call gives up and is restarted after the stop */
	} else if (c->state == TASK_TRACED && (c->pt.flags & PT_LISTENING)) {
		c->pt.flags &= ~PT_LISTENING;
		sched_enqueue(c);
	}
	return 0;
}

static long listen(struct task *c)
{
	if (!(c->pt.flags & PT_SEIZED) || !(c->pt.flags & PT_HAS_SIGINFO) ||
	    (c->pt.siginfo.si_code >> 8) != PTRACE_EVENT_STOP)
		return -EIO;
	c->pt.flags |= PT_LISTENING;
	if (c->pt.flags & PT_TRAP_PENDING) { /* a trap is due: no wait */
		c->pt.flags &= ~PT_LISTENING;
		sched_enqueue(c);
	}
	return 0;
}

/* The tracee pid of the caller: -ESRCH unless traced by it and, when the
 * request needs it, stopped for it (not running, not listening). */
static struct task *tracee(int pid, bool need_stop, long *err)
{
	struct task *c = task_by_pid(pid);
	*err = -ESRCH;
	if (!c || c->pt.tracer != current_task() || c->state == TASK_ZOMBIE)
		return NULL;
	if (need_stop && (c->state != TASK_TRACED || (c->pt.flags & PT_LISTENING)))
		return NULL;
	*err = 0;
	return c;
}

long sys_ptrace(long request, long pid, u64 addr, u64 data)
{
	long err;
	u64 word;

	switch (request) {
	case PTRACE_TRACEME:
		return traceme();
	case PTRACE_ATTACH:
	case PTRACE_SEIZE:
		return attach((int)pid, request == PTRACE_SEIZE, addr, data);
	}
	bool any_state = request == PTRACE_KILL || request == PTRACE_INTERRUPT;
	struct task *c = tracee((int)pid, !any_state, &err);
	if (!c)
		return err;

	switch (request) {
	case PTRACE_KILL:
		signal_send(c, SIGKILL);
		return 0;
	case PTRACE_INTERRUPT:
		return interrupt(c);
	case PTRACE_LISTEN:
		return listen(c);
	case PTRACE_CONT:
	case PTRACE_SYSCALL:
	case PTRACE_SINGLESTEP:
		return resume(c, request, data);
	case PTRACE_DETACH:
		if (data > NSIG)
			return -EIO;
		ptrace_release(c, (int)data);
		return 0;
	case PTRACE_PEEKTEXT:
	case PTRACE_PEEKDATA:
		if (ptrace_access_vm(c, addr, &word, sizeof(word), false, true) != sizeof(word))
			return -EIO;
		return put_user_bytes((void __user *)data, &word, sizeof(word));
	case PTRACE_POKETEXT:
	case PTRACE_POKEDATA:
		word = data;
		if (ptrace_access_vm(c, addr, &word, sizeof(word), true, true) != sizeof(word))
			return -EIO;
		return 0;
	case PTRACE_PEEKUSR:
		return peek_user(c, addr, (u64 __user *)data);
	case PTRACE_POKEUSR:
		return poke_user(c, addr, data);
	case PTRACE_GETREGS: {
		struct user_regs_struct regs;
		get_regs(c, &regs);
		return put_user_bytes((void __user *)data, &regs, sizeof(regs));
	}
	case PTRACE_SETREGS: {
		struct user_regs_struct regs;
		if (get_user_bytes(&regs, (void __user *)data, sizeof(regs)))
			return -EFAULT;
		return set_regs(c, &regs);
	}
	case PTRACE_GETFPREGS:
		return put_user_bytes((void __user *)data, c->fpu, USER_FPREGS_SIZE);
	case PTRACE_SETFPREGS: {
		u8 image[USER_FPREGS_SIZE];
		if (get_user_bytes(image, (void __user *)data, sizeof(image)))
			return -EFAULT;
		return set_fpregs(c, image);
	}
	case PTRACE_GETREGSET:
	case PTRACE_SETREGSET:
		return regset(c, addr, (struct iovec __user *)data, request == PTRACE_SETREGSET);
	case PTRACE_SETOPTIONS:
		if (data & ~(u64)PTRACE_O_MASK)
			return -EINVAL;
		c->pt.options = (u32)data;
		return 0;
	case PTRACE_GETEVENTMSG:
		return put_user_bytes((void __user *)data, &c->pt.message, sizeof(c->pt.message));
	case PTRACE_GETSIGINFO:
		if (!(c->pt.flags & PT_HAS_SIGINFO))
			return -EINVAL;
		return put_user_bytes((void __user *)data, &c->pt.siginfo, sizeof(c->pt.siginfo));
	case PTRACE_SETSIGINFO:
		if (!(c->pt.flags & PT_HAS_SIGINFO))
			return -EINVAL;
		return get_user_bytes(&c->pt.siginfo, (void __user *)data, sizeof(c->pt.siginfo));
	case PTRACE_GET_SYSCALL_INFO:
		return get_syscall_info(c, addr, (void __user *)data);
	case PTRACE_GETSIGMASK:
	case PTRACE_SETSIGMASK: /* addr: the sigset's size, 8 */
		if (addr != sizeof(c->sig.blocked))
			return -EINVAL;
		if (request == PTRACE_GETSIGMASK)
			return put_user_bytes((void __user *)data, &c->sig.blocked, sizeof(u64));
		if (get_user_bytes(&word, (void __user *)data, sizeof(word)))
			return -EFAULT;
		c->sig.blocked = word & ~SIG_UNBLOCKABLE;
		return 0;
	}
	return -EIO;
}
