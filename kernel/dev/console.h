/*
 * console.h - where the kernel log goes: the VGA screen and one serial
 * port, COM1 by default or COM2 with log=ttyS1. Programs' input and output
 * go through the terminal (dev/tty.h), which always uses COM1.
 */
#ifndef MINOS_DEV_CONSOLE_H
#define MINOS_DEV_CONSOLE_H

#include "types.h"

void console_init(void);
/* Reads log= from the command line (after cmdline_init()). */
void console_configure(void);
void console_putc(char c);
void console_write(const char *s, size_t n);

#endif
