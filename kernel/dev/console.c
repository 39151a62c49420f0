/*
 * console.c - the kernel log's output (console.h). "\n" goes out as
 * "\r\n" so a raw terminal shows proper lines.
 * Invariant: usable from the first line of kmain() and from crash reports.
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

void console_putc(char c)
{
	if (c == '\n')
		serial_put_raw(log_port, '\r');
	serial_put_raw(log_port, c);
	vga_putc(c);
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i]);
}
