/*
 * tail - prints the last 10 lines of each file named, or of standard
 * input ("-" or no operand). -n N: the last N lines; -n +N: from line N
 * on; -c N and -c +N the same in bytes; -N and +N as the first operand
 * (the old forms) are -n N and -n +N. With several files each gets a
 * "==> NAME <==" header (-q never, -v always). There is no -f. Each input
 * is read whole into memory. Exits 0, or 1 if an input could not be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <minos_util.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_LINES 10

static bool by_bytes, from_start;
static unsigned long count = DEFAULT_LINES;

/* Parses a count ("5", "-5", or "+5" for from the 5th on); false if bad. */
static bool parse_count(const char *s)
{
	unsigned long v = 0;

	from_start = *s == '+';
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v > (~0UL - 9) / 10 ? ~0UL : v * 10 + (unsigned long)(*s - '0');
	}
	count = v;
	return true;
}

/*
 * Where the last line of data[0, end) starts (end > 0): after the '\n'
 * that ends the line before it, or at 0. The last line may lack its '\n'.
 */
static size_t last_line_start(const char *data, size_t end)
{
	size_t j = end - 1; /* the line's last byte, its '\n' or not */

	while (j > 0 && data[j - 1] != '\n')
		j--;
	return j;
}

static int tail_fd(int fd, const char *name)
{
	size_t len, start;
	char *data = read_all(fd, &len);

	if (!data) {
		warn_err(errno, "error reading '%s'", name);
		return 1;
	}
	if (by_bytes && from_start) {
		start = count > 0 && count - 1 < len ? count - 1 : (count ? len : 0);
	} else if (by_bytes) {
		start = count < len ? len - count : 0;
	} else if (from_start) {
		/* Skip count - 1 lines (+0 is +1: everything). */
		start = 0;
		for (unsigned long skip = count > 0 ? count - 1 : 0;
		     skip > 0 && start < len; skip--) {
			while (start < len && data[start] != '\n')
				start++;
			if (start < len)
				start++; /* past the '\n' */
		}
	} else {
		start = len;
		for (unsigned long left = count; left > 0 && start > 0; left--)
			start = last_line_start(data, start);
	}
	out_bytes(data + start, len - start);
	return 0;
}

int main(int argc, char **argv)
{
	char *stdin_only[] = { "-", NULL }, old_form[32];
	char **names;
	int headers = -1, printed = 0, status = 0, opt, n;

	prog_name = "tail";
	/* tail -5 and tail +5: the old forms, rewritten as -n5 and -n+5. */
	if (argc > 1 && (argv[1][0] == '-' || argv[1][0] == '+') &&
	    argv[1][1] >= '0' && argv[1][1] <= '9' &&
	    strlen(argv[1]) < sizeof(old_form) - 3) {
		snprintf(old_form, sizeof(old_form), "-n%s%s",
			 argv[1][0] == '+' ? "+" : "", argv[1] + 1);
		argv[1] = old_form;
	}
	while ((opt = getopt(argc, argv, "n:c:qv")) != -1) {
		switch (opt) {
		case 'n':
		case 'c':
			by_bytes = opt == 'c';
			if (!parse_count(optarg))
				die(1, 0, "invalid number of %s: '%s'",
				    by_bytes ? "bytes" : "lines", optarg);
			break;
		case 'q': headers = 0; break;
		case 'v': headers = 1; break;
		default: try_help(1);
		}
	}
	names = optind < argc ? argv + optind : stdin_only;
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
		status |= tail_fd(fd, shown);
		xalloc_release(mark);
		if (!is_stdin)
			close(fd);
	}
	if (out_flush() < 0)
		die(1, errno, "write error");
	return status;
}
