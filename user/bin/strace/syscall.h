/*
 * syscall.h - one call's two stops (syscall.c): at the entry, the name and
 * the arguments the call reads; at the exit, the arguments it wrote, the
 * result and the time. Also the filters' verdict (filter.c) and the -c
 * counts (summary.c) each call feeds.
 */
#ifndef STRACE_SYSCALL_H
#define STRACE_SYSCALL_H

#include "ptrace.h"
#include "strace.h"

void syscall_entry(struct tcb *t, const struct user_regs_struct *r);
void syscall_exit(struct tcb *t, const struct user_regs_struct *r);
/* The process ended inside a call: its line ends with " = ?". */
void syscall_unfinished(struct tcb *t);

/* filter.c: -e trace=, -e signal=, -e status= */
bool filter_parse(const char *expr); /* false: strace's message was printed */
bool filter_call(u64 nr);            /* the call's lines are wanted */
bool filter_signal(int sig);         /* its "--- SIG ---" line is wanted */

/* summary.c: -c, -C */
void summary_add(u64 nr, const struct timespec *spent, bool failed);
void summary_print(int fd);

#endif
