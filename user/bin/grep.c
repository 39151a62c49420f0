/*
 * grep - prints the lines of each file named, or of standard input ("-"
 * or no operand), that contain one of the patterns: fixed strings only
 * (-F is accepted and changes nothing), given as the first operand or
 * with -e, a pattern with newlines being several. Options: -v (lines that
 * match none), -i (ASCII case ignored), -x (the whole line must be the
 * pattern), -c (counts), -n (line numbers), -l (names of files with a
 * selected line), -q (nothing; exit at the first selected line), -s (no
 * messages about files), -H/-h (always/never prefix "NAME:", the default
 * with several files), -a (binary files as text). As GNU grep, a file
 * holding a NUL byte is binary: instead of its lines, "grep: NAME: binary
 * file matches" on standard error. Exits 0 if a line was selected, 1 if
 * none, 2 after an error (unless -q found a line).
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <minos_util.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define GREP_MATCH 0
#define GREP_NO_MATCH 1
#define GREP_TROUBLE 2

struct pattern {
	const char *s;
	size_t len;
};

static struct pattern *patterns;
static size_t npatterns;
static bool invert, ignore_case, whole_line, count_only, line_numbers, list_files,
	quiet, no_messages, as_text;
static int with_names = -1; /* -H 1, -h 0, -1: by the number of files */

/* Adds each newline-separated part of s as a pattern. */
static void add_patterns(const char *s)
{
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		struct pattern *bigger = xalloc((npatterns + 1) * sizeof(*bigger));

		/* Few patterns: the array is simply copied each time. */
		memcpy(bigger, patterns, npatterns * sizeof(*bigger));
		bigger[npatterns].s = s;
		bigger[npatterns].len = len;
		patterns = bigger;
		npatterns++;
		if (!nl)
			break;
		s = nl + 1;
	}
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_bytes(const char *a, const char *b, size_t n)
{
	if (!ignore_case)
		return memcmp(a, b, n) == 0;
	for (size_t i = 0; i < n; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	return true;
}

/* Whether line[0, len) contains a pattern. */
static bool matches(const char *line, size_t len)
{
	for (size_t p = 0; p < npatterns; p++) {
		const struct pattern *pat = &patterns[p];

		if (whole_line) {
			if (pat->len == len && same_bytes(line, pat->s, len))
				return true;
			continue;
		}
		for (size_t i = 0; i + pat->len <= len; i++)
			if (same_bytes(line + i, pat->s, pat->len))
				return true;
	}
	return false;
}

/*
 * Searches fd; returns the number of lines selected, or -1 after a read
 * error (reported unless -s).
 */
static long grep_fd(int fd, const char *name, bool show_name)
{
	struct line_reader r;
	unsigned long lineno = 0;
	long selected = 0;
	char *line;
	size_t len;
	int got;

	lr_init(&r, fd);
	while ((got = lr_next(&r, &line, &len)) > 0) {
		size_t text = len > 0 && line[len - 1] == '\n' ? len - 1 : len;

		lineno++;
		if (matches(line, text) == invert)
			continue;
		selected++;
		if (quiet) {
			out_flush();
			_exit(GREP_MATCH); /* the answer is known */
		}
		if (list_files)
			break;
		if (count_only)
			continue;
		if (r.saw_nul && !as_text) {
			out_flush();
			dprintf(STDERR_FILENO, "grep: %s: binary file matches\n", name);
			break;
		}
		if (show_name)
			out_printf("%s:", name);
		if (line_numbers)
			out_printf("%lu:", lineno);
		out_bytes(line, text);
		out_char('\n');
	}
	if (got < 0) {
		if (!no_messages)
			warn_err(errno, "%s", name);
		return -1;
	}
	if (count_only) {
		if (show_name)
			out_printf("%s:", name);
		out_printf("%ld\n", selected);
	}
	if (list_files && selected)
		out_printf("%s\n", name);
	return selected;
}

static void usage(void)
{
	dprintf(STDERR_FILENO, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
	try_help(GREP_TROUBLE);
}

int main(int argc, char **argv)
{
	char *stdin_only[] = { "-", NULL };
	char **names;
	bool any = false, trouble = false, have_e = false;
	int opt, n;

	prog_name = "grep";
	xalloc_status = GREP_TROUBLE;
	while ((opt = getopt(argc, argv, "Fvixcnlqse:Hha")) != -1) {
		switch (opt) {
		case 'F': break;
		case 'v': invert = true; break;
		case 'i': ignore_case = true; break;
		case 'x': whole_line = true; break;
		case 'c': count_only = true; break;
		case 'n': line_numbers = true; break;
		case 'l': list_files = true; break;
		case 'q': quiet = true; break;
		case 's': no_messages = true; break;
		case 'e':
			add_patterns(optarg);
			have_e = true;
			break;
		case 'H': with_names = 1; break;
		case 'h': with_names = 0; break;
		case 'a': as_text = true; break;
		default: usage();
		}
	}
	if (!have_e) {
		if (optind == argc)
			usage();
		add_patterns(argv[optind++]);
	}
	names = optind < argc ? argv + optind : stdin_only;
	n = optind < argc ? argc - optind : 1;
	if (with_names < 0)
		with_names = n > 1;
	for (int i = 0; i < n; i++) {
		bool is_stdin = strcmp(names[i], "-") == 0;
		const char *shown = is_stdin ? "(standard input)" : names[i];
		void *mark = xalloc_mark();
		int fd = STDIN_FILENO;
		long found;

		if (!is_stdin && (fd = open(names[i], O_RDONLY | O_CLOEXEC)) < 0) {
			if (!no_messages)
				warn_err(errno, "%s", names[i]);
			trouble = true;
			continue;
		}
		found = grep_fd(fd, shown, with_names);
		if (found < 0)
			trouble = true;
		else if (found > 0)
			any = true;
		if (!is_stdin)
			close(fd);
		xalloc_release(mark);
	}
	if (out_flush() < 0) {
		warn_err(errno, "write error");
		return GREP_TROUBLE;
	}
	if (trouble)
		return GREP_TROUBLE;
	return any ? GREP_MATCH : GREP_NO_MATCH;
}
