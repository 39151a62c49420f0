/*
 * head - prints the first 10 lines of each file named, or of standard
 * input ("-" or no operand). -n N: the first N lines; -n -N: all but the
 * last N; -c N and -c -N the same in bytes; -N (first operand only, the
 * old form) is -n N. With several files each gets a "==> NAME <==" header
 * (-q never, -v always). When it stops early on a seekable input, the
 * offset is left just after what was printed, as GNU head leaves it.
 * Exits 0, or 1 if an input could not be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <minos_util.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_LINES 10

static bool by_bytes, all_but_last;
static unsigned long count = DEFAULT_LINES;

/* Parses a count ("5", or "-5" for all but the last 5); false if bad. */
static bool parse_count(const char *s)
{
	unsigned long v = 0;

	all_but_last = *s == '-';
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

/* The first count lines (or bytes) of fd; reads no further than needed. */
static int head_fd(int fd, const char *name)
{
	static char buf[65536];
	unsigned long left = count;

	while (left > 0) {
		ssize_t n = read(fd, buf, sizeof(buf)), used = n;

		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			warn_err(errno, "error reading '%s'", name);
			return 1;
		}
		if (by_bytes) {
			if ((unsigned long)n > left)
				used = (ssize_t)left;
			left -= (unsigned long)used;
		} else {
			for (used = 0; used < n && left > 0; used++)
				if (buf[used] == '\n')
					left--;
		}
		out_bytes(buf, (size_t)used);
		/* Give back what was read past the end (seekable inputs). */
		if (used < n)
			lseek(fd, used - n, SEEK_CUR);
	}
	return 0;
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

/* All but the last count lines (or bytes): the whole input is read. */
static int head_all_but(int fd, const char *name)
{
	size_t len, end;
	char *data = read_all(fd, &len);
	unsigned long left = count;

	if (!data) {
		warn_err(errno, "error reading '%s'", name);
		return 1;
	}
	if (by_bytes) {
		end = count < len ? len - count : 0;
	} else {
		end = len;
		for (; left > 0 && end > 0; left--)
			end = last_line_start(data, end);
	}
	out_bytes(data, end);
	return 0;
}

int main(int argc, char **argv)
{
	char *stdin_only[] = { "-", NULL }, old_form[32];
	char **names;
	int headers = -1, printed = 0, status = 0, opt, n;

	prog_name = "head";
	/* head -5: the old form, rewritten as -n5 for getopt. */
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' &&
	    argv[1][1] <= '9' && strlen(argv[1]) < sizeof(old_form) - 2) {
		snprintf(old_form, sizeof(old_form), "-n%s", argv[1] + 1);
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
		int fd = STDIN_FILENO;

		if (!is_stdin && (fd = open(names[i], O_RDONLY | O_CLOEXEC)) < 0) {
			warn_err(errno, "cannot open '%s' for reading", names[i]);
			status = 1;
			continue;
		}
		if (headers)
			out_printf("%s==> %s <==\n", printed++ ? "\n" : "", shown);
		status |= all_but_last ? head_all_but(fd, shown) : head_fd(fd, shown);
		if (!is_stdin)
			close(fd);
	}
	if (out_flush() < 0)
		die(1, errno, "write error");
	return status;
}
