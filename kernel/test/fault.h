/*
 * fault.h - deliberate kernel crashes, selected by fault=KIND on the command
 * line, that prove a crash is reported (exception name, registers,
 * symbolized backtrace) and seen by the test harness instead of hanging.
 * Kinds: page, gp, ud, divide, breakpoint, panic, stack, triple, ap-panic
 * (the last CPU to come up panics; needs -smp 2 or more), lock-order and
 * lock-sleep (the lock checker of proc/spinlock.h).
 */
#ifndef MINOS_TEST_FAULT_H
#define MINOS_TEST_FAULT_H

#include "types.h"

/* Crashes the kernel as asked; returns only for an unknown kind. */
void fault_inject(const char *kind);

#endif
