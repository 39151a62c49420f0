/*
 * serial.h - the 16550 UART on COM1, the kernel's main console: the test
 * harness and `make run` read the kernel log from it.
 */
#ifndef MINOS_DEV_SERIAL_H
#define MINOS_DEV_SERIAL_H

#include "types.h"

void serial_init(void);
void serial_putc(char c);
/* -1 when no byte is waiting. */
int serial_getc(void);

#endif
