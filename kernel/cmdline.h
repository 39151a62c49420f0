/*
 * cmdline.h - the kernel command line: words separated by spaces, each a
 * flag (`quiet`) or key=value (`loglevel=7`, `init=/bin/sh`); a value may
 * be double-quoted to hold spaces. Everything after a lone `--` is passed
 * to the first process as its arguments, as Linux does.
 * Recognised keys are listed in docs/boot.md ("Kernel command line").
 * Invariant: when a key appears twice the last one wins.
 */
#ifndef MINOS_CMDLINE_H
#define MINOS_CMDLINE_H

#include "types.h"

#define CMDLINE_MAX_WORDS 64

/* Copies and splits s; returns -E2BIG if words had to be dropped. */
int cmdline_init(const char *s);
/* The command line as the boot loader gave it (cut at BOOT_CMDLINE_MAX),
 * for /proc/cmdline. */
const char *cmdline_text(void);
/* The value of key=value, "" for a bare flag, NULL when absent. */
const char *cmdline_get(const char *key);
bool cmdline_flag(const char *key);
/* Parses the value as a number (decimal, 0x hex, 0 octal); -ENOENT when
 * absent, -EINVAL when not a number, -ERANGE when too large. */
int cmdline_get_u64(const char *key, u64 *out);
/* Words after "--". */
unsigned cmdline_init_argc(void);
const char *cmdline_init_arg(unsigned i);
/* True if key=value lists `item` among its comma-separated items. */
bool cmdline_list_has(const char *key, const char *item);

#endif
