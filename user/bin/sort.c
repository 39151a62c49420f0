/*
 * sort - prints the lines of the files named, or of standard input ("-"
 * or no operand), together and sorted by their bytes (the C locale's
 * order). -r reverses it; -n compares the leading numbers instead ([-]
 * digits [. digits] after blanks; a line without one counts as 0), lines
 * of equal number keeping byte order among themselves; -u prints only
 * the first of lines that compare equal; -o FILE writes to FILE once all
 * input is read (so it may be an input). A last line without a newline
 * gets one. Exits 0, or 2 after an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <minos_util.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#define SORT_TROUBLE 2

struct line {
	const char *s;
	size_t len; /* without the '\n' */
};

static bool reverse, numeric, unique;

/* The first '\n' in p[0, n), or NULL (libminc has no memchr). */
static const char *find_newline(const char *p, size_t n)
{
	for (; n > 0; p++, n--)
		if (*p == '\n')
			return p;
	return NULL;
}

static int compare_bytes(const struct line *a, const struct line *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->s, b->s, n);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* The parts of a line's leading number, as -n reads it. */
struct number {
	bool negative;
	const char *intpart; /* without leading zeros */
	size_t intlen;
	const char *frac;    /* without trailing zeros */
	size_t fraclen;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void parse_number(const struct line *l, struct number *num)
{
	const char *p = l->s, *end = l->s + l->len;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	num->negative = p < end && *p == '-';
	if (num->negative)
		p++;
	while (p < end && *p == '0')
		p++;
	num->intpart = p;
	while (p < end && is_digit(*p))
		p++;
	num->intlen = (size_t)(p - num->intpart);
	num->frac = p;
	num->fraclen = 0;
	if (p < end && *p == '.') {
		num->frac = ++p;
		while (p < end && is_digit(*p))
			p++;
		num->fraclen = (size_t)(p - num->frac);
		while (num->fraclen > 0 && num->frac[num->fraclen - 1] == '0')
			num->fraclen--;
	}
	if (num->intlen == 0 && num->fraclen == 0)
		num->negative = false; /* -0 is 0, and so is no number at all */
}

/*
 * Compares the magnitudes digit by digit, so any length works: more
 * integer digits is larger, then the first differing digit decides, the
 * shorter fraction padded with zeros.
 */
static int compare_magnitudes(const struct number *a, const struct number *b)
{
	size_t n;
	int c;

	if (a->intlen != b->intlen)
		return a->intlen < b->intlen ? -1 : 1;
	c = memcmp(a->intpart, b->intpart, a->intlen);
	if (c)
		return c;
	n = a->fraclen > b->fraclen ? a->fraclen : b->fraclen;
	for (size_t i = 0; i < n; i++) {
		char x = i < a->fraclen ? a->frac[i] : '0';
		char y = i < b->fraclen ? b->frac[i] : '0';
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

static int compare_numbers(const struct line *a, const struct line *b)
{
	struct number x, y;

	parse_number(a, &x);
	parse_number(b, &y);
	if (x.negative != y.negative)
		return x.negative ? -1 : 1;
	return x.negative ? compare_magnitudes(&y, &x) : compare_magnitudes(&x, &y);
}

/* The key comparison: what -u calls equal. */
static int compare_keys(const struct line *a, const struct line *b)
{
	return numeric ? compare_numbers(a, b) : compare_bytes(a, b);
}

/* The order: keys, then (for -n without -u) the bytes as a last resort,
 * as GNU sort does; -r reverses both. */
static int compare_lines(const void *pa, const void *pb)
{
	const struct line *a = pa, *b = pb;
	int c = compare_keys(a, b);

	if (c == 0 && numeric && !unique)
		c = compare_bytes(a, b);
	return reverse ? -c : c;
}

int main(int argc, char **argv)
{
	char *stdin_only[] = { "-", NULL };
	const char *output = NULL;
	struct line **lines;
	size_t nlines = 0, cap = 1024;
	char **names;
	int opt, n, out_fd;

	prog_name = "sort";
	xalloc_status = SORT_TROUBLE;
	while ((opt = getopt(argc, argv, "rnuo:")) != -1) {
		switch (opt) {
		case 'r': reverse = true; break;
		case 'n': numeric = true; break;
		case 'u': unique = true; break;
		case 'o': output = optarg; break;
		default: try_help(SORT_TROUBLE);
		}
	}
	names = optind < argc ? argv + optind : stdin_only;
	n = optind < argc ? argc - optind : 1;
	lines = xalloc(cap * sizeof(*lines));
	for (int i = 0; i < n; i++) {
		bool is_stdin = strcmp(names[i], "-") == 0;
		int fd = is_stdin ? STDIN_FILENO : open(names[i], O_RDONLY | O_CLOEXEC);
		size_t len;
		char *data;

		if (fd < 0)
			die(SORT_TROUBLE, errno, "cannot read: %s", names[i]);
		data = read_all(fd, &len);
		if (!data)
			die(SORT_TROUBLE, errno, "read failed: %s", names[i]);
		if (!is_stdin)
			close(fd);
		for (size_t at = 0; at < len;) {
			const char *nl = find_newline(data + at, len - at);
			size_t l = nl ? (size_t)(nl - (data + at)) : len - at;
			struct line *line = xalloc(sizeof(*line));

			line->s = data + at;
			line->len = l;
			if (nlines == cap) {
				struct line **bigger = xalloc(2 * cap * sizeof(*lines));
				memcpy(bigger, lines, nlines * sizeof(*lines));
				lines = bigger;
				cap *= 2;
			}
			lines[nlines++] = line;
			at += l + 1;
		}
	}
	sort_ptrs((void **)lines, nlines, compare_lines);
	if (output) {
		out_fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (out_fd < 0)
			die(SORT_TROUBLE, errno, "open failed: %s", output);
		if (dup2(out_fd, STDOUT_FILENO) < 0)
			die(SORT_TROUBLE, errno, "open failed: %s", output);
		close(out_fd);
	}
	for (size_t i = 0; i < nlines; i++) {
		if (unique && i > 0 && compare_keys(lines[i - 1], lines[i]) == 0)
			continue;
		out_bytes(lines[i]->s, lines[i]->len);
		out_char('\n');
	}
	if (out_flush() < 0)
		die(SORT_TROUBLE, errno, "write failed: %s",
		    output ? output : "standard output");
	return 0;
}
