/*
 * console.h - the one output path to the serial ports and the VGA screen.
 * The kernel log goes to one serial port, COM1 by default or COM2 with
 * log=ttyS1; the terminal's output (dev/tty.c), what programs write, always
 * goes to COM1. Both are drawn on the VGA screen too.
 */
#ifndef MINOS_DEV_CONSOLE_H
#define MINOS_DEV_CONSOLE_H

#include "types.h"

void console_init(void);
/* Reads log= from the command line (after cmdline_init()). */
void console_configure(void);
/* The kernel log's bytes: "\n" goes out as "\r\n". */
void console_putc(char c);
void console_write(const char *s, size_t n);
/* The terminal's bytes: "\n" goes out as "\r\n" only when onlcr (the
 * terminal's ONLCR; never in pipe mode, whose bytes pass unchanged). */
void console_tty_putc(char c, bool onlcr);

#endif
