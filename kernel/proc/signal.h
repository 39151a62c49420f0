/*
 * signal.h - signals, kernel side: what each signal does to a task
 * (handler, mask) and how one is sent and acted on. Numbers and structures
 * are Linux's (uapi/signal.h).
 *
 * A signal becomes pending on its target and takes effect when the target
 * next returns to user mode (a sleeping target is woken for it). Then:
 * ignored (SIG_IGN, or SIG_DFL for signals whose default is to ignore)
 * signals are dropped; SIG_DFL signals whose default is to terminate end
 * the task; stop signals are ignored (no job control); a signal with a
 * user handler stays pending, since MinOS does not build signal frames.
 * Blocked signals wait. Faults (SIGSEGV, SIGILL...) always terminate, as
 * Linux does when it cannot deliver them.
 */
#ifndef MINOS_PROC_SIGNAL_H
#define MINOS_PROC_SIGNAL_H

#include "types.h"
#include "uapi/signal.h"

struct task;

#define SIG_BIT(sig) (1ULL << ((sig) - 1))

const char *signal_name(int sig);
/* Makes sig pending on t and wakes t if it sleeps. */
void signal_send(struct task *t, int sig);
/* Sends sig to the current task: false when it is ignored. */
bool signal_send_current(int sig);
/* Acts on the current task's deliverable signals (may not return). */
void signal_deliver(void);
/* Signals that are pending, unblocked and not ignored. */
u64 signal_deliverable(const struct task *t);
/* execve: handlers go back to SIG_DFL (ignored signals stay ignored). */
void signal_reset_on_exec(struct task *t);

#endif
