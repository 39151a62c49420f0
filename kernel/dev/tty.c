/*
 * tty.c - the terminal on COM1 (tty.h). Input is polled: the UART raises
 * no interrupt, so a waiting reader checks it in a short busy loop and
 * then sleeps until the next timer tick.
 * Invariant: in pipe mode every byte of input reaches read() unchanged,
 * in order, and end of input is reported once per read after it arrives.
 */
#include "dev/tty.h"
#include "dev/serial.h"
#include "dev/vga.h"
#include "cmdline.h"
#include "lib/string.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/timer.h"

#define LINE_MAX 1024
#define SPIN_NS 2000000 /* poll this long before sleeping till the next tick */

static bool pipe_mode;
static bool input_ended;
static bool escape_pending;

/* tty mode: the line being typed, and the finished line being read. */
static char line[LINE_MAX];
static size_t line_len, line_read;
static bool line_ready;

void tty_init(void)
{
	const char *mode = cmdline_get("console");
	pipe_mode = mode && strcmp(mode, "pipe") == 0;
}

static void put(char c)
{
	if (c == '\n' && !pipe_mode)
		serial_put_raw(SERIAL_COM1, '\r');
	serial_put_raw(SERIAL_COM1, c);
	vga_putc(c);
}

long tty_write(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put(buf[i]);
	return (long)n;
}

/* Next input byte, decoding the pipe-mode escapes; -1 if none yet. */
static int next_byte(void)
{
	for (;;) {
		int c = serial_getc(SERIAL_COM1);
		if (c < 0 || !pipe_mode)
			return c;
		if (escape_pending) {
			escape_pending = false;
			if (c == TTY_ESCAPE_EOF) {
				input_ended = true;
				return -1;
			}
			return c; /* 0xFF 0xFF, or an unknown escape: the byte */
		}
		if (c != TTY_ESCAPE)
			return c;
		escape_pending = true;
	}
}

/* Sleeps (interrupts on) until input may have arrived. */
static void wait_for_input(void)
{
	u64 spin_until = rdtsc() + tsc_khz() * SPIN_NS / 1000000;
	while (rdtsc() < spin_until) {
		if (serial_getc_ready())
			return;
		cpu_relax();
	}
	irq_enable();
	cpu_halt();
	irq_disable();
}

static long read_pipe(char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		int c = next_byte();
		if (c >= 0) {
			buf[got++] = (char)c;
			continue;
		}
		if (got || input_ended)
			break;
		wait_for_input();
	}
	return (long)got;
}

/* Canonical input: echo, backspace, a line at a time. */
static long read_line(char *buf, size_t n)
{
	while (!line_ready) {
		int c = next_byte();
		if (c < 0) {
			wait_for_input();
			continue;
		}
		if (c == '\r')
			c = '\n';
		if (c == '\b' || c == 0x7F) {
			if (line_len) {
				line_len--;
				tty_write("\b \b", 3);
			}
			continue;
		}
		if (c == 0x04 /* ^D */ && line_len == 0) {
			line_ready = true; /* an empty read: end of file */
			break;
		}
		if (line_len < LINE_MAX - 1 || c == '\n')
			line[line_len++] = (char)c;
		put((char)c);
		if (c == '\n')
			line_ready = true;
	}
	size_t avail = line_len - line_read;
	size_t take = MIN(avail, n);
	memcpy(buf, line + line_read, take);
	line_read += take;
	if (line_read == line_len) {
		line_len = line_read = 0;
		line_ready = false;
	}
	return (long)take;
}

long tty_read(char *buf, size_t n)
{
	if (n == 0)
		return 0;
	return pipe_mode ? read_pipe(buf, n) : read_line(buf, n);
}
