/*
 * serial.c - polled output on COM1 (115200 baud, 8N1, FIFOs on).
 * Register layout: the 16550 datasheet (THR/RBR at +0, IER +1, FCR +2,
 * LCR +3, MCR +4, LSR +5). Invariant: serial_putc() may be called at any
 * time after serial_init(), even from a crash report; it never sleeps.
 * "\n" goes out as "\r\n" so a raw terminal shows proper lines.
 */
#include "dev/serial.h"
#include "arch/x86_64/io.h"

#define COM1 0x3F8
#define UART_DATA 0
#define UART_IER 1
#define UART_DIVISOR_LOW 0
#define UART_DIVISOR_HIGH 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define FCR_ENABLE_CLEAR_14 0xC7
#define MCR_DTR_RTS_OUT2 0x0B
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define BAUD_DIVISOR_115200 1

static bool present;

void serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DIVISOR_LOW, BAUD_DIVISOR_115200);
	outb(COM1 + UART_DIVISOR_HIGH, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR_14);
	outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
	/* A missing UART reads back all ones. */
	present = inb(COM1 + UART_LSR) != 0xFF;
}

static void serial_put_raw(char c)
{
	/* Bounded wait: a wedged UART must not hang a crash report. */
	for (unsigned spin = 0; spin < 100000; spin++) {
		if (inb(COM1 + UART_LSR) & LSR_THR_EMPTY)
			break;
		cpu_relax();
	}
	outb(COM1 + UART_DATA, (u8)c);
}

void serial_putc(char c)
{
	if (!present)
		return;
	if (c == '\n')
		serial_put_raw('\r');
	serial_put_raw(c);
}

int serial_getc(void)
{
	if (!present || !(inb(COM1 + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + UART_DATA);
}
