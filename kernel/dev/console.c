/*
 * console.c - the output path to the serial ports and the VGA screen
 * (console.h): console_emit() is the only place a byte is sent to either,
 * for the kernel log and for the terminal alike.
 * Invariant: usable from the first line of kmain() and from crash reports.
 * Written once at boot, before other CPUs run tasks (log_port); read-only
 * after.
 */
#include "dev/console.h"
#include "dev/serial.h"
#include "dev/vga.h"
#include "cmdline.h"
#include "lib/string.h"

static int log_port = SERIAL_COM1;

void console_init(void)
{
	serial_init(SERIAL_COM1);
	vga_init();
}

void console_configure(void)
{
	const char *log = cmdline_get("log");
	if (log && strcmp(log, "ttyS1") == 0) {
		serial_init(SERIAL_COM2);
		if (serial_present(SERIAL_COM2))
			log_port = SERIAL_COM2;
	}
}

/* c to the serial port, preceded by "\r" for a "\n" when crlf (so a raw
 * terminal shows proper lines), and to the screen, which needs no "\r". */
static void console_emit(int port, char c, bool crlf)
{
	if (c == '\n' && crlf)
		serial_put_raw(port, '\r');
	serial_put_raw(port, c);
	vga_putc(c);
}

void console_putc(char c) { console_emit(log_port, c, true); }

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i]);
}

void console_tty_putc(char c, bool onlcr) { console_emit(SERIAL_COM1, c, onlcr); }
