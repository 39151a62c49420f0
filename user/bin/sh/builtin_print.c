/*
 * builtin_print.c - echo and printf, as dash has them: escapes always
 * interpreted, \c ends all output. Output goes through a struct out, so a
 * built-in's text reaches standard output in 1 KiB writes, all of it
 * before the built-in returns.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

static bool is_octal(int c)
{
	return c >= '0' && c <= '7';
}

/* After a backslash in printf's format (dash's rules): \\ \a \b \f \n \r
 * \t \v and up to three octal digits; any other character leaves the
 * backslash as it is. Returns where to go on. */
static const char *conv_escape(const char *s, int *ch)
{
	static const char from[] = "\\abfnrtv";
	static const char to[] = "\\\a\b\f\n\r\t\v";
	const char *p = strchr(from, *s);

	if (*s && p) {
		*ch = to[p - from];
		return s + 1;
	}
	if (is_octal(*s)) {
		int v = 0;
		for (int i = 0; i < 3 && is_octal(*s); i++)
			v = v * 8 + (*s++ - '0');
		*ch = v;
		return s;
	}
	*ch = '\\';
	return s;
}

/* echo's and %b's escapes: those of conv_escape, \0NNN for octal, and \c,
 * which ends all output (returns true). */
static bool out_escaped(struct out *o, const char *s)
{
	while (*s) {
		int ch;
		if (*s != '\\') {
			out_addc(o, *s++);
			continue;
		}
		s++;
		if (*s == 'c')
			return true;
		if (*s == '0') {
			int v = 0;
			s++;
			for (int i = 0; i < 3 && is_octal(*s); i++)
				v = v * 8 + (*s++ - '0');
			out_addc(o, v);
			continue;
		}
		s = conv_escape(s, &ch);
		out_addc(o, ch);
	}
	return false;
}

/* echo as dash has it: -n alone as the first argument, escapes always. */
int bi_echo(int argc, char **argv)
{
	struct out o = { .fd = STDOUT_FILENO };
	bool nl = true;
	int i = 1;

	if (argc > 1 && !strcmp(argv[1], "-n")) {
		nl = false;
		i = 2;
	}
	for (; i < argc; i++) {
		if (out_escaped(&o, argv[i]))
			return out_done(&o);
		if (i + 1 < argc)
			out_addc(&o, ' ');
	}
	if (nl)
		out_addc(&o, '\n');
	return out_done(&o);
}

/* A numeric printf argument: a number, or 'c for a character's code. */
static long printf_num(const char *s, int *st)
{
	char *end;
	long v;

	if (*s == '\'' || *s == '"')
		return (unsigned char)s[1];
	if (!*s)
		return 0;
	errno = 0;
	v = strtol(s, &end, 0);
	if (*end || errno) {
		sh_warn("printf: %s: invalid number", s);
		*st = 1;
	}
	return v;
}

int bi_printf(int argc, char **argv)
{
	struct out o = { .fd = STDOUT_FILENO };
	int ai = 2, st = 0;

	if (argc > 1 && !strcmp(argv[1], "--")) {
		argc--;
		argv++;
	}
	if (argc < 2) {
		sh_warn("printf: usage: printf format [arg ...]");
		return STATUS_SYNTAX;
	}
	do {
		int first = ai;
		for (const char *p = argv[1]; *p;) {
			char spec[32], conv;
			const char *arg;
			size_t k = 0;
			int ch;

			if (*p == '\\') {
				p = conv_escape(p + 1, &ch);
				out_addc(&o, ch);
				continue;
			}
			if (*p != '%') {
				out_addc(&o, *p++);
				continue;
			}
			if (p[1] == '%') {
				out_addc(&o, '%');
				p += 2;
				continue;
			}
			spec[k++] = *p++;
			while (*p && strchr("-+ #0", *p) && k < 8)
				spec[k++] = *p++;
			while (is_digit(*p) && k < 16)
				spec[k++] = *p++;
			if (*p == '.') {
				spec[k++] = *p++;
				while (is_digit(*p) && k < 24)
					spec[k++] = *p++;
			}
			conv = *p;
			if (!conv || !strchr("sbcdiouxX", conv)) {
				sh_warn("printf: %%%c: invalid directive", conv);
				out_done(&o);
				return 1;
			}
			p++;
			arg = ai < argc ? argv[ai++] : NULL;
			if (conv == 'b') {
				if (out_escaped(&o, arg ? arg : ""))
					return out_done(&o);
				continue;
			}
			if (conv == 'c') {
				if (arg && *arg)
					out_addc(&o, *arg);
				continue;
			}
			if (conv == 's') {
				spec[k++] = 's';
				spec[k] = 0;
				if (k == 2) { /* plain %s: any length */
					out_adds(&o, arg ? arg : "");
				} else {
					char buf[512];
					snprintf(buf, sizeof(buf), spec, arg ? arg : "");
					out_adds(&o, buf);
				}
				continue;
			}
			{
				char buf[128];
				long v = arg ? printf_num(arg, &st) : 0;
				spec[k++] = 'l';
				spec[k++] = conv;
				spec[k] = 0;
				snprintf(buf, sizeof(buf), spec, v);
				out_adds(&o, buf);
			}
		}
		if (ai == first)
			break; /* the format took no argument: once is enough */
	} while (ai < argc);
	return out_done(&o) | st;
}
