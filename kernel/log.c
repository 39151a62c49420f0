/*
 * log.c - kprintf() and klog(): formats straight onto the consoles through
 * kvformat(), so printing needs no buffer and works in a crash.
 * Default level 7 shows everything up to LOG_INFO (levels as in log.h).
 * Written once at boot, before other CPUs run tasks (console_loglevel, from
 * the command line); read-only after.
 */
#include "log.h"
#include "dev/console.h"
#include "lib/format.h"

static int console_loglevel = LOG_DEBUG;

static void emit(char c, void *ctx)
{
	(void)ctx;
	console_putc(c);
}

int kvprintf(const char *fmt, va_list ap) { return kvformat(emit, NULL, fmt, ap); }

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

void klog(int level, const char *fmt, ...)
{
	if (level >= console_loglevel)
		return;
	va_list ap;
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

void log_set_level(int level)
{
	if (level < 0)
		level = 0;
	if (level > 8)
		level = 8;
	console_loglevel = level;
}

int log_get_level(void) { return console_loglevel; }
