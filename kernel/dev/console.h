/*
 * console.h - the kernel's output fan-out: every character of the kernel
 * log goes to the serial port and the VGA screen.
 */
#ifndef MINOS_DEV_CONSOLE_H
#define MINOS_DEV_CONSOLE_H

#include "types.h"

void console_init(void);
void console_putc(char c);
void console_write(const char *s, size_t n);

#endif
