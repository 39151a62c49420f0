/*
 * log.h - the kernel log: kprintf() and levelled messages (Linux's levels:
 * 0 emergency .. 7 debug). A message is shown when its level is below the
 * console log level (loglevel= on the command line, `quiet` = 4).
 * Invariant: callable from any context, including exception handlers.
 */
#ifndef MINOS_LOG_H
#define MINOS_LOG_H

#include "types.h"

enum log_level {
	LOG_EMERG = 0,
	LOG_ALERT = 1,
	LOG_CRIT = 2,
	LOG_ERR = 3,
	LOG_WARNING = 4,
	LOG_NOTICE = 5,
	LOG_INFO = 6,
	LOG_DEBUG = 7,
};

/* Print unconditionally to every console. */
__printf(1, 2) int kprintf(const char *fmt, ...);
int kvprintf(const char *fmt, va_list ap);

/* Print when level < the console log level. */
__printf(2, 3) void klog(int level, const char *fmt, ...);

void log_set_level(int level);
int log_get_level(void);

#define pr_err(...) klog(LOG_ERR, __VA_ARGS__)
#define pr_warn(...) klog(LOG_WARNING, __VA_ARGS__)
#define pr_notice(...) klog(LOG_NOTICE, __VA_ARGS__)
#define pr_info(...) klog(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) klog(LOG_DEBUG, __VA_ARGS__)

#endif
