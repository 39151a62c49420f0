/*
 * power.h - leaving the machine: halt forever, or ask QEMU to exit with a
 * status the test harness can read (isa-debug-exit at port 0xf4 turns a
 * written value v into QEMU's exit status (v << 1) | 1).
 */
#ifndef MINOS_POWER_H
#define MINOS_POWER_H

#include "types.h"

#define MINOS_EXIT_SUCCESS 0x10 /* QEMU exits with 33 */
#define MINOS_EXIT_FAILURE 0x11 /* 35 */
#define MINOS_EXIT_PANIC 0x12   /* 37 */

__noreturn void machine_halt(void);
/* Exits QEMU if isa-debug-exit is there, else powers off, else halts. */
__noreturn void machine_exit(u32 code);

#endif
