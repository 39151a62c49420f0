/*
 * signal.c - sending and acting on signals (signal.h). Default actions are
 * Linux's (signal(7)): ignore for SIGCHLD, SIGURG, SIGWINCH (and SIGCONT,
 * which also resumes); stop for SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU
 * (treated as ignore: no job control); terminate for everything else
 * (SIGQUIT, SIGILL... "dump core" on Linux; MinOS writes no core file).
 */
#include "proc/signal.h"
#include "proc/task.h"
#include "proc/wait.h"
#include "uapi/signal_text.h"

#define UNBLOCKABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))

static bool default_ignored(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGURG:
	case SIGWINCH:
	case SIGCONT:
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return true;
	default:
		return false;
	}
}

static bool ignored(const struct task *t, int sig)
{
	u64 h = t->sig_handler[sig];
	return h == SIG_IGN || (h == SIG_DFL && default_ignored(sig));
}

const char *signal_name(int sig)
{
#define SIGNAL_FULL_NAME(num, name, text) [num] = "SIG" #name,
	static const char *const names[] = { SIGNAL_TEXT(SIGNAL_FULL_NAME) };
#undef SIGNAL_FULL_NAME
	if (sig > 0 && (size_t)sig < ARRAY_SIZE(names) && names[sig])
		return names[sig];
	return "signal";
}

void signal_send(struct task *t, int sig)
{
	if (t->state == TASK_ZOMBIE || t->state == TASK_FREE)
		return;
	if (sig != SIGKILL && ignored(t, sig))
		return;
	t->sig_pending |= SIG_BIT(sig);
	if (t->state == TASK_SLEEPING && (signal_deliverable(t) & SIG_BIT(sig)))
		wake_task(t);
}

bool signal_send_current(int sig)
{
	struct task *t = current_task();
	if (ignored(t, sig))
		return false;
	signal_send(t, sig);
	return true;
}

u64 signal_deliverable(const struct task *t)
{
	u64 pending = t->sig_pending & ~(t->sig_blocked & ~UNBLOCKABLE);
	u64 act = 0;
	/* Only the pending bits are visited: every return to ring 3 asks,
	 * and almost always nothing is pending. */
	while (pending) {
		int sig = __builtin_ctzll(pending) + 1;
		pending &= pending - 1;
		if (t->sig_handler[sig] == SIG_DFL)
			act |= SIG_BIT(sig);
	}
	return act;
}

bool signal_pending(void)
{
	struct task *t = current_task();
	return t && signal_deliverable(t);
}

void signal_deliver(void)
{
	struct task *t = current_task();
	u64 act = signal_deliverable(t);
	for (int sig = 1; sig <= NSIG && act; sig++) {
		if (!(act & SIG_BIT(sig)))
			continue;
		t->sig_pending &= ~SIG_BIT(sig);
		if (!default_ignored(sig))
			task_kill(sig);
	}
}

void signal_reset_on_exec(struct task *t)
{
	for (int sig = 1; sig <= NSIG; sig++)
		if (t->sig_handler[sig] != SIG_IGN)
			t->sig_handler[sig] = SIG_DFL;
}
