/*
 * console.c - sends kernel output to every console (serial, VGA).
 * Invariant: usable from the first line of kmain() and from crash reports.
 */
#include "dev/console.h"
#include "dev/serial.h"
#include "dev/vga.h"

void console_init(void)
{
	serial_init();
	vga_init();
}

void console_putc(char c)
{
	serial_putc(c);
	vga_putc(c);
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i]);
}
