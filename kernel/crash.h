/*
 * crash.h - the crash report: what the kernel prints when it stops on a bug
 * (an unexpected exception in ring 0, or panic()). The report names the
 * exception, shows its error code, CR2 for page faults, every register and
 * a symbolized backtrace, then halts the machine (or, on a test boot, tells
 * QEMU to exit with MINOS_EXIT_PANIC so the harness needs no timeout).
 */
#ifndef MINOS_CRASH_H
#define MINOS_CRASH_H

#include "arch/x86_64/frame.h"

__noreturn void crash_report_exception(const struct regs *r);
__noreturn void crash_report(const char *title, const struct regs *r);
/* Prints "  #n 0xaddr symbol+0xoff" lines from rip, then up the RBP chain. */
void print_backtrace(u64 rip, u64 rbp);

#endif
