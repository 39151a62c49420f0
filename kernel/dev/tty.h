/*
 * tty.h - the terminal programs read and write (file descriptors 0, 1, 2):
 * COM1 and the VGA screen.
 *
 * Two modes, chosen with console= on the command line:
 *  - tty (default): a person types. Input is echoed and given to read()
 *    a line at a time; backspace edits the line; output "\n" is sent as
 *    "\r\n" (as a terminal's ONLCR does).
 *  - pipe: another program feeds COM1 (scripts/minos-run when its input is
 *    not a terminal). Nothing is echoed or translated, so a program sees
 *    exactly what it would read from a pipe on Linux. Because a serial line
 *    cannot signal end of input, the feeder escapes its bytes: 0xFF 0xFF
 *    stands for one 0xFF byte, and 0xFF 0x45 ('E') marks the end of input,
 *    after which read() returns 0.
 */
#ifndef MINOS_DEV_TTY_H
#define MINOS_DEV_TTY_H

#include "types.h"

#define TTY_ESCAPE 0xFF
#define TTY_ESCAPE_EOF 0x45

void tty_init(void);
/* Kernel-space buffers; the syscall layer copies from and to user memory. */
long tty_write(const char *buf, size_t n);
/* Waits for at least one byte (or end of input: returns 0). */
long tty_read(char *buf, size_t n);

#endif
