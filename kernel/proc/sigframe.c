/*
 * sigframe.c - the signal frame a handler runs on, Linux's x86-64 layout
 * (arch/x86/kernel/signal.c), and rt_sigreturn(2), which takes it back.
 *
 *   higher addresses
 *   ------------------------------ the interrupted RSP (or the top of the
 *   128-byte red zone               alternate stack: then no red zone)
 *   ------------------------------
 *   FXSAVE image, 512 bytes         64-byte aligned; uc_mcontext.fpstate
 *   ------------------------------
 *   struct kernel_siginfo (128)     the handler's second argument (RSI)
 *   struct kernel_ucontext (304)    its third (RDX): the registers, mask,
 *                                   alternate stack to restore
 *   pretcode (8): sa_restorer       RSP at the handler's first instruction,
 *   ------------------------------  with (RSP + 8) % 16 == 0, as after a call
 *
 * The handler returns into sa_restorer, which calls rt_sigreturn with RSP
 * at the ucontext. Invariant: rt_sigreturn trusts nothing in the frame: it
 * returns with the user CS and SS whatever the frame says (other saved
 * selectors give SIGSEGV, as the IRETQ Linux would try faults), takes from
 * the saved RFLAGS only the bits a program may change, refuses an FXSAVE
 * image whose MXCSR has reserved bits set, and a frame it cannot read ends
 * the task with SIGSEGV; a RIP that is not canonical or not in the user
 * half faults in ring 3 on the way out (task_return_to_user), never in the
 * kernel.
 * Locking: the scratch frame and image (f, fpu, and mxcsr_mask's cache) under
 * the kernel lock (arch/x86_64/klock.h); nothing between filling and copying
 * them out sleeps.
 */
#include "proc/signal.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"
#include "uapi/sigcontext.h"
#include "errno.h"

#define RED_ZONE 128
#define FPSTATE_ALIGN 64

/* The bits of RFLAGS a frame may set (Linux's FIX_EFLAGS): the
 * arithmetic flags, DF, TF, RF and AC. Never IOPL, IF, NT, VM... */
#define RFLAGS_USER_FIX (RFLAGS_CF | RFLAGS_PF | RFLAGS_AF | RFLAGS_ZF | RFLAGS_SF | \
			 RFLAGS_TF | RFLAGS_DF | RFLAGS_OF | RFLAGS_RF | RFLAGS_AC)

struct rt_sigframe {
	u64 pretcode;
	struct kernel_ucontext uc;
	struct kernel_siginfo info;
};

/* MXCSR's reserved bits are those clear in the CPU's MXCSR_MASK; FXRSTOR
 * of an image with one of them set is #GP (Intel SDM vol. 1, 11.6.6). */
static u32 mxcsr_mask(void)
{
	static u32 mask;
	if (!mask) {
		static u8 image[FXSAVE_SIZE] __aligned(16);
		__asm__ volatile("fxsave64 %0" : "=m"(image));
		memcpy(&mask, image + FXSAVE_MXCSR_MASK, sizeof(mask));
		if (!mask)
			mask = 0xFFBF; /* the default when the CPU reports 0 */
	}
	return mask;
}

static bool on_altstack(const struct task *t, u64 sp)
{
	const struct kernel_sigaltstack *ss = &t->sig.altstack;
	if (ss->ss_flags & SS_AUTODISARM)
		return false;
	return sp > ss->ss_sp && sp - ss->ss_sp <= ss->ss_size;
}

int signal_altstack_flags(const struct task *t, u64 sp)
{
	if (!t->sig.altstack.ss_size)
		return SS_DISABLE;
	return on_altstack(t, sp) ? SS_ONSTACK : 0;
}

void signal_fill_siginfo(struct kernel_siginfo *si, int sig, const struct sig_info *info)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_code = info->code;
	switch (sig) {
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
		if (info->code > 0 && info->code != SI_KERNEL) {
			si->u.fault.addr = info->addr;
			return;
		}
		break;
	case SIGCHLD:
		if (info->code > 0 && info->code != SI_KERNEL) {
			si->u.chld.pid = info->pid;
			si->u.chld.uid = info->uid;
			si->u.chld.status = info->status;
			return;
		}
		break;
	}
	if (info->code == SI_KERNEL)
		return;
	/* kill (SI_USER) fills the sender; a process's sigqueue, tkill or
	 * timer (negative codes) also the value it carries. */
	si->u.rt.pid = info->pid;
	si->u.rt.uid = info->uid;
	if (info->code < 0)
		si->u.rt.value = info->addr;
}

int signal_frame_setup(struct regs *r, int sig, const struct kernel_sigaction *ka,
		       const struct sig_info *info, u64 oldmask)
{
	struct task *t = current_task();
	struct kernel_sigaltstack *ss = &t->sig.altstack;
	u64 sp = r->rsp - RED_ZONE;
	bool nested = on_altstack(t, r->rsp), entering = false;
	static struct rt_sigframe f; /* under the kernel lock: not reentered */
	static u8 fpu[FXSAVE_SIZE] __aligned(16);

	if (!(ka->flags & SA_RESTORER))
		return -EFAULT; /* x86-64 has no default restorer: Linux refuses too */
	if ((ka->flags & SA_ONSTACK) && signal_altstack_flags(t, sp) == 0) {
		sp = ss->ss_sp + ss->ss_size;
		entering = true;
	}
	/* LAB signals BEGIN: write the FXSAVE image and rt_sigframe below sp; enter the handler */
	u64 fpstate = (sp - FXSAVE_SIZE) & ~(u64)(FPSTATE_ALIGN - 1);
	u64 frame = ((fpstate - sizeof(struct rt_sigframe)) & ~15ULL) - 8;
	/* A frame that runs off the alternate stack is not built there. */
	if ((nested || entering) && !(frame > ss->ss_sp && frame - ss->ss_sp <= ss->ss_size))
		return -EFAULT;

	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	f.uc.uc_stack = *ss; /* as installed: SS_DISABLE, 0 or SS_AUTODISARM */
	struct sigcontext *sc = &f.uc.uc_mcontext;
	sc->r8 = r->r8, sc->r9 = r->r9, sc->r10 = r->r10, sc->r11 = r->r11;
	sc->r12 = r->r12, sc->r13 = r->r13, sc->r14 = r->r14, sc->r15 = r->r15;
	sc->rdi = r->rdi, sc->rsi = r->rsi, sc->rbp = r->rbp, sc->rbx = r->rbx;
	sc->rdx = r->rdx, sc->rax = r->rax, sc->rcx = r->rcx, sc->rsp = r->rsp;
	sc->rip = r->rip;
	sc->eflags = r->rflags;
	sc->cs = (u16)r->cs;
	sc->ss = (u16)r->ss;
	sc->err = t->sig.fault_error;
	sc->trapno = t->sig.fault_trapno;
	sc->cr2 = t->sig.fault_cr2;
	sc->oldmask = oldmask;
	sc->fpstate = fpstate;
	f.uc.uc_sigmask = oldmask;
	signal_fill_siginfo(&f.info, sig, info);

	/* The registers the program had, then a clean state for the handler
	 * (the kernel itself never touches x87/SSE). */
	__asm__ volatile("fxsave64 %0" : "=m"(fpu));
	if (put_user_bytes((void __user *)fpstate, fpu, sizeof(fpu)) ||
	    put_user_bytes((void __user *)frame, &f, sizeof(f)))
		return -EFAULT;
	task_fpu_reset(t);
	__asm__ volatile("fxrstor64 %0" ::"m"(t->fpu));
	if (ss->ss_flags & SS_AUTODISARM) /* until rt_sigreturn puts it back */
		*ss = (struct kernel_sigaltstack){ .ss_flags = SS_DISABLE };

	r->rdi = (u64)sig;
	r->rsi = frame + offsetof(struct rt_sigframe, info);
	r->rdx = frame + offsetof(struct rt_sigframe, uc);
	r->rax = 0; /* for handlers declared without a prototype */
	r->rsp = frame;
	r->rip = ka->handler;
	r->rflags &= ~(RFLAGS_DF | RFLAGS_RF | RFLAGS_TF);
	r->cs = GDT_USER_CS;
	r->ss = GDT_USER_DS;
	return 0;
	/* LAB signals STUB: (void)sig; (void)info; (void)oldmask; (void)nested; (void)entering; */
	/* LAB signals STUB: (void)f; (void)fpu; */
	/* LAB signals STUB: return -EFAULT; */
	/* LAB signals END */
}

/* sigaltstack(2)'s work, also for rt_sigreturn's saved stack: -EPERM
 * while running on it, -EINVAL for unknown flags, -ENOMEM when too small. */
long signal_altstack_set(struct task *t, const struct kernel_sigaltstack *ss, u64 sp)
{
	u32 mode = (u32)ss->ss_flags & ~SS_AUTODISARM;

	if (on_altstack(t, sp))
		return -EPERM;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		t->sig.altstack = (struct kernel_sigaltstack){ .ss_flags = SS_DISABLE };
		return 0;
	}
	if (ss->ss_size < MINSIGSTKSZ)
		return -ENOMEM;
	t->sig.altstack = *ss;
	t->sig.altstack.ss_flags &= (int)SS_AUTODISARM;
	return 0;
}

long sys_rt_sigreturn(void)
{
	struct task *t = current_task();
	struct regs *r = t->regs;
	struct kernel_ucontext uc;
	static u8 fpu[FXSAVE_SIZE] __aligned(16);

	t->sc_nr = -1; /* the restored RAX is a result, never a restart */
	if (get_user_bytes(&uc, (const void __user *)r->rsp, sizeof(uc)))
		goto bad;
	/* LAB signals BEGIN: check fpstate; restore mask, registers, RFLAGS, CS and SS, FPU, altstack */
	const struct sigcontext *sc = &uc.uc_mcontext;
	if (sc->fpstate) {
		u32 mxcsr;
		if (sc->fpstate & 15 ||
		    get_user_bytes(fpu, (const void __user *)sc->fpstate, sizeof(fpu)))
			goto bad;
		memcpy(&mxcsr, fpu + FXSAVE_MXCSR, sizeof(mxcsr));
		if (mxcsr & ~mxcsr_mask())
			goto bad;
	}

	t->sig.blocked = uc.uc_sigmask & ~SIG_UNBLOCKABLE;
	r->r8 = sc->r8, r->r9 = sc->r9, r->r10 = sc->r10, r->r11 = sc->r11;
	r->r12 = sc->r12, r->r13 = sc->r13, r->r14 = sc->r14, r->r15 = sc->r15;
	r->rdi = sc->rdi, r->rsi = sc->rsi, r->rbp = sc->rbp, r->rbx = sc->rbx;
	r->rdx = sc->rdx, r->rax = sc->rax, r->rcx = sc->rcx, r->rsp = sc->rsp;
	r->rip = sc->rip;
	r->rflags = (r->rflags & ~RFLAGS_USER_FIX) | (sc->eflags & RFLAGS_USER_FIX);
	/* Linux takes the saved CS and SS with RPL forced to 3, and replaces
	 * a bad SS unless UC_STRICT_RESTORE_SS says to keep it. Any selector
	 * but the user ones would make the IRETQ fault; Linux turns that
	 * into SIGSEGV, and so does MinOS, without trying the IRETQ. (A
	 * 32-bit code segment, which Linux would return to, is one of them:
	 * MinOS has none.) */
	u64 cs = sc->cs | 3, ss = sc->ss | 3;
	if (cs == GDT_USER_CS && !(uc.uc_flags & UC_STRICT_RESTORE_SS))
		ss = GDT_USER_DS;
	r->cs = GDT_USER_CS;
	r->ss = GDT_USER_DS;
	bool bad_segments = cs != GDT_USER_CS || ss != GDT_USER_DS;
	if (sc->fpstate) {
		__asm__ volatile("fxrstor64 %0" ::"m"(fpu));
	} else {
		task_fpu_reset(t);
		__asm__ volatile("fxrstor64 %0" ::"m"(t->fpu));
	}
	/* The alternate stack as the handler left it; only a fault reading
	 * it matters (Linux squashes the other errors too). */
	(void)signal_altstack_set(t, &uc.uc_stack, r->rsp);
	if (bad_segments) {
		struct sig_info segv = { .code = SI_KERNEL };
		signal_force(SIGSEGV, &segv);
	}
	return (long)r->rax;
	/* LAB signals STUB: (void)fpu; (void)mxcsr_mask; */
	/* LAB signals STUB: goto bad; */
	/* LAB signals END */

bad:;
	struct sig_info segv = { .code = SI_KERNEL };
	signal_force(SIGSEGV, &segv);
	return (long)r->rax;
}
