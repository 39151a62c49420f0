/*
 * panic.h - stopping the machine when a kernel invariant is broken.
 * panic() prints the message, the registers at the call and a symbolized
 * backtrace, then halts. User input must never reach panic(): it is for
 * kernel bugs only. BUG_ON() states an invariant that must hold.
 */
#ifndef MINOS_PANIC_H
#define MINOS_PANIC_H

#include "types.h"

__noreturn __printf(1, 2) void panic(const char *fmt, ...);

#define BUG_ON(cond)                                                       \
	do {                                                               \
		if (cond)                                                  \
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__,      \
			      __LINE__);                                   \
	} while (0)

#endif
