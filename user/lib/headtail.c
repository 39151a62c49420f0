/*
 * headtail.c - the command line and input loop of head and tail
 * (minos_headtail.h). The old forms are rewritten as -nN (and -n+N) before
 * getopt sees them, and only as the first operand, as GNU's programs do.
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <minos_headtail.h>
#include <minos_util.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Parses a count ("5", "-5" or "+5"); false if it is not one. */
static bool parse_count(struct headtail *ht, const char *s)
{
	unsigned long v = 0;

	ht->sign = *s == '-' || *s == '+' ? *s : 0;
	if (ht->sign)
		s++;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v > (~0UL - 9) / 10 ? ~0UL : v * 10 + (unsigned long)(*s - '0');
	}
	ht->count = v;
	return true;
}

size_t last_line_start(const char *data, size_t end)
{
	size_t j = end - 1; /* the line's last byte, its '\n' or not */

	while (j > 0 && data[j - 1] != '\n')
		j--;
	return j;
}

int headtail_main(struct headtail *ht, int argc, char **argv)
{
	char *stdin_only[] = { "-", NULL }, old_form[32];
	char first = argc > 1 ? argv[1][0] : 0;
	int headers = -1, printed = 0, status = 0, opt, n;

	ht->count = HEADTAIL_DEFAULT_COUNT;
	if ((first == '-' || (first == '+' && ht->plus_form)) && argv[1][1] >= '0' &&
	    argv[1][1] <= '9' && strlen(argv[1]) < sizeof(old_form) - 3) {
		snprintf(old_form, sizeof(old_form), "-n%s%s", first == '+' ? "+" : "",
			 argv[1] + 1);
		argv[1] = old_form;
	}
	while ((opt = getopt(argc, argv, "n:c:qv")) != -1) {
		switch (opt) {
		case 'n':
		case 'c':
			ht->by_bytes = opt == 'c';
			if (!parse_count(ht, optarg))
				die(1, 0, "invalid number of %s: '%s'",
				    ht->by_bytes ? "bytes" : "lines", optarg);
			break;
		case 'q': headers = 0; break;
		case 'v': headers = 1; break;
		default: try_help(1);
		}
	}
	char **names = optind < argc ? argv + optind : stdin_only;
	n = optind < argc ? argc - optind : 1;
	if (headers < 0)
		headers = n > 1;
	for (int i = 0; i < n; i++) {
		bool is_stdin = strcmp(names[i], "-") == 0;
		const char *shown = is_stdin ? "standard input" : names[i];
		void *mark = xalloc_mark();
		int fd = STDIN_FILENO;

		if (!is_stdin && (fd = open(names[i], O_RDONLY | O_CLOEXEC)) < 0) {
			warn_err(errno, "cannot open '%s' for reading", names[i]);
			status = 1;
			continue;
		}
		if (headers)
			out_printf("%s==> %s <==\n", printed++ ? "\n" : "", shown);
		status |= ht->print(ht, fd, shown);
		xalloc_release(mark);
		if (!is_stdin)
			close(fd);
	}
	if (out_flush() < 0)
		die(1, errno, "write error");
	return status;
}
