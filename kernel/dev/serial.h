/*
 * serial.h - 16550 UARTs: COM1 carries the console (the kernel log, and
 * what programs read and write), COM2 can carry the kernel log instead
 * (log=ttyS1) so that COM1 holds only the programs' bytes.
 */
#ifndef MINOS_DEV_SERIAL_H
#define MINOS_DEV_SERIAL_H

#include "types.h"

enum { SERIAL_COM1 = 0, SERIAL_COM2 = 1, SERIAL_PORTS = 2 };
/* Their I/O ports, the PC's standard ones (boot.asm writes COM1 too). */
#define SERIAL_COM1_IO 0x3F8
#define SERIAL_COM2_IO 0x2F8

void serial_init(int port);
bool serial_present(int port);
/* Sends one byte as it is. */
void serial_put_raw(int port, char c);
/* -1 when no byte is waiting. */
int serial_getc(int port);
/* Asks the UART to interrupt when a byte arrives. */
void serial_enable_rx_interrupt(int port);

#endif
