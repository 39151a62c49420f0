/*
 * text.h - the text of one strace line: a bounded buffer, quoting and
 * escaping as Linux's strace does, numbers, named constants and flags.
 * Invariants: always NUL-terminated; what does not fit is dropped and
 * remembered (`cut`); tracee memory is read only through mem.h.
 */
#ifndef STRACE_TEXT_H
#define STRACE_TEXT_H

#include "strace.h"

/* strace's default -s: strings and buffers show at most this many bytes,
 * then "..." after the closing quote; arrays this many elements. */
#define TRACE_STRING_MAX_DEFAULT 32
#define TRACE_STRING_MAX (opt.string_max)
/* File names are shown whole up to PATH_MAX - 1 bytes (Linux's PATH_MAX
 * counts the NUL), then "...". */
#define TRACE_PATH_MAX 4095

struct trace_text {
	char *buf;
	u32 len, cap; /* cap counts the NUL */
	bool cut;     /* something did not fit */
};

void trace_text_init(struct trace_text *t, char *buf, u32 cap);
void trace_putc(struct trace_text *t, char c);
void trace_puts(struct trace_text *t, const char *s);
__attribute__((format(printf, 2, 3))) void trace_printf(struct trace_text *t, const char *fmt, ...);

/* Numbers as strace prints them: NULL or 0x..., "%#lx", "%#o" with at
 * least three digits (modes). */
void trace_ptr(struct trace_text *t, u64 p);
void trace_hex(struct trace_text *t, u64 v);
void trace_octal(struct trace_text *t, u64 v);

/* Bytes between double quotes, C-escaped: \t \n \v \f \r \" \\, other
 * bytes outside ' '..'~' in octal (three digits when an octal digit
 * follows). hex_all: every byte as \xNN (strace's getrandom). */
void trace_quote(struct trace_text *t, const u8 *s, u64 n, bool hex_all);

/* A buffer of len bytes at tracee address p: at most -s bytes shown,
 * then "..."; an address that cannot be read is shown as a number. */
void trace_user_buf(struct trace_text *t, u64 p, u64 len, bool hex_all);
/* A NUL-terminated tracee string, cut after max bytes with "..." (max is
 * -s for strings, TRACE_PATH_MAX for file names). Returns false (after
 * printing the address) when it cannot be read up to its NUL or its
 * max + 1st byte. */
bool trace_user_string(struct trace_text *t, u64 p, u64 max);

/* One name of a table, or the number in hex with a comment naming the
 * family: 0x3e7 /- CLOCK_??? -/. */
struct trace_name {
	u64 value;
	const char *name;
};
void trace_value(struct trace_text *t, const struct trace_name *names, size_t n, u64 v,
		 const char *family);
/* A set of flags in the table's order, joined with '|'; leftover bits
 * follow as |0x...; a value with no known bit is printed as above; zero
 * as zero_name (or "0" when it is NULL). */
void trace_flags(struct trace_text *t, const struct trace_name *names, size_t n, u64 v,
		 const char *family, const char *zero_name);
/* The same after something already printed (O_RDONLY, MAP_PRIVATE): each
 * flag, then leftover bits, as |NAME and |0x...; nothing for zero. */
void trace_more_flags(struct trace_text *t, const struct trace_name *names, size_t n, u64 v);

#endif
