/*
 * yes - writes its arguments, joined by spaces, or "y", followed by a
 * newline, again and again until the write fails. A closed pipe ends it
 * through SIGPIPE, as it does any program; with SIGPIPE ignored the write
 * fails with EPIPE and yes exits 1 with "yes: standard output: Broken
 * pipe", as GNU yes does.
 */
#include <errno.h>
#include <minos_util.h>
#include <string.h>
#include <unistd.h>

#define BUF_SIZE 8192 /* filled with whole copies of the line */

static char buf[BUF_SIZE];

int main(int argc, char **argv)
{
	size_t len = 0, line_len = 0;
	char *line;

	prog_name = "yes";
	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++; /* as GNU's: "--" ends (nonexistent) options */
		argc--;
	}
	for (int i = 1; i < argc; i++)
		line_len += strlen(argv[i]) + 1;
	if (argc < 2)
		line_len = 2;
	line = line_len <= BUF_SIZE ? buf : xalloc(line_len);
	if (argc < 2) {
		memcpy(line, "y\n", 2);
	} else {
		for (int i = 1; i < argc; i++) {
			size_t l = strlen(argv[i]);
			memcpy(line + len, argv[i], l);
			len += l;
			line[len++] = i + 1 < argc ? ' ' : '\n';
		}
	}
	/* Repeat the line in the buffer as often as it fits whole. */
	len = line_len;
	if (line == buf)
		while (len + line_len <= BUF_SIZE) {
			memcpy(buf + len, buf, line_len);
			len += line_len;
		}
	for (;;) {
		if (write_all(STDOUT_FILENO, line, len) < 0)
			die(1, errno, "standard output");
	}
}
