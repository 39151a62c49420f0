/*
 * echo - writes its arguments, separated by single spaces and followed by
 * a newline, to standard output. Options, as GNU's, only while every
 * letter of a leading argument is one of them: -n (no newline), -e (the
 * backslash escapes \\ \a \b \c \e \f \n \r \t \v \0NNN \xHH), -E (none,
 * the default). Exits 0, or 1 if the write fails.
 */
#include <errno.h>
#include <minos_util.h>
#include <stdbool.h>
#include <string.h>

/* Whether arg is -[neE]+, a cluster of echo's options. */
static bool is_option(const char *arg)
{
	if (arg[0] != '-' || arg[1] == '\0')
		return false;
	for (const char *p = arg + 1; *p; p++)
		if (*p != 'n' && *p != 'e' && *p != 'E')
			return false;
	return true;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Writes s with its escapes decoded; returns false after \c (stop all). */
static bool out_escaped(const char *s)
{
	while (*s) {
		char c = *s++;
		int v;

		if (c != '\\' || *s == '\0') {
			out_char(c);
			continue;
		}
		c = *s++;
		switch (c) {
		case 'a': out_char('\a'); break;
		case 'b': out_char('\b'); break;
		case 'c': return false;
		case 'e': out_char('\033'); break;
		case 'f': out_char('\f'); break;
		case 'n': out_char('\n'); break;
		case 'r': out_char('\r'); break;
		case 't': out_char('\t'); break;
		case 'v': out_char('\v'); break;
		case '\\': out_char('\\'); break;
		case 'x':
			if (hex_value(*s) < 0) { /* not an escape after all */
				out_str("\\x");
				break;
			}
			v = hex_value(*s++);
			if (hex_value(*s) >= 0)
				v = v * 16 + hex_value(*s++);
			out_char((char)v);
			break;
		case '0': /* up to three octal digits after the 0 */
			v = 0;
			for (int i = 0; i < 3 && *s >= '0' && *s <= '7'; i++)
				v = v * 8 + (*s++ - '0');
			out_char((char)v);
			break;
		default:
			out_char('\\');
			out_char(c);
		}
	}
	return true;
}

int main(int argc, char **argv)
{
	bool newline = true, escapes = false;
	int i = 1;

	prog_name = "echo";
	for (; i < argc && is_option(argv[i]); i++) {
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'n')
				newline = false;
			else
				escapes = *p == 'e';
		}
	}
	for (int first = i; i < argc; i++) {
		if (i > first)
			out_char(' ');
		if (!escapes) {
			out_str(argv[i]);
		} else if (!out_escaped(argv[i])) {
			newline = false;
			break;
		}
	}
	if (newline)
		out_char('\n');
	if (out_flush() < 0)
		die(1, errno, "write error");
	return 0;
}
