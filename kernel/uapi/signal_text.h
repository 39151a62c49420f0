/*
 * uapi/signal_text.h - the name and the description of every standard
 * signal of uapi/signal.h, as one list shared by the kernel (its exit and
 * crash lines) and user programs (kill -l, the shell's job messages,
 * /bin/strace's lines), so none keeps a copy. Invariant: the names are Linux's
 * x86-64 ones (arch/x86/include/uapi/asm/signal.h) without "SIG"; the
 * descriptions are byte for byte glibc's strsignal(3) texts.
 */
#ifndef MINOS_UAPI_SIGNAL_TEXT_H
#define MINOS_UAPI_SIGNAL_TEXT_H

#include "signal.h"

/* SIGNAL_TEXT(X) calls X(NUMBER, NAME, "description") once per signal from
 * 1 to 31, in order; NAME is a bare word ("SIG" #NAME spells the macro). */
#define SIGNAL_TEXT(X) \
	X(SIGHUP, HUP, "Hangup") \
	X(SIGINT, INT, "Interrupt") \
	X(SIGQUIT, QUIT, "Quit") \
	X(SIGILL, ILL, "Illegal instruction") \
	X(SIGTRAP, TRAP, "Trace/breakpoint trap") \
	X(SIGABRT, ABRT, "Aborted") \
	X(SIGBUS, BUS, "Bus error") \
	X(SIGFPE, FPE, "Floating point exception") \
	X(SIGKILL, KILL, "Killed") \
	X(SIGUSR1, USR1, "User defined signal 1") \
	X(SIGSEGV, SEGV, "Segmentation fault") \
	X(SIGUSR2, USR2, "User defined signal 2") \
	X(SIGPIPE, PIPE, "Broken pipe") \
	X(SIGALRM, ALRM, "Alarm clock") \
	X(SIGTERM, TERM, "Terminated") \
	X(SIGSTKFLT, STKFLT, "Stack fault") \
	X(SIGCHLD, CHLD, "Child exited") \
	X(SIGCONT, CONT, "Continued") \
	X(SIGSTOP, STOP, "Stopped (signal)") \
	X(SIGTSTP, TSTP, "Stopped") \
	X(SIGTTIN, TTIN, "Stopped (tty input)") \
	X(SIGTTOU, TTOU, "Stopped (tty output)") \
	X(SIGURG, URG, "Urgent I/O condition") \
	X(SIGXCPU, XCPU, "CPU time limit exceeded") \
	X(SIGXFSZ, XFSZ, "File size limit exceeded") \
	X(SIGVTALRM, VTALRM, "Virtual timer expired") \
	X(SIGPROF, PROF, "Profiling timer expired") \
	X(SIGWINCH, WINCH, "Window changed") \
	X(SIGIO, IO, "I/O possible") \
	X(SIGPWR, PWR, "Power failure") \
	X(SIGSYS, SYS, "Bad system call")

#endif
