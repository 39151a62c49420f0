/*
 * wc - counts the newlines, words and bytes of each file named, or of
 * standard input ("-" or no operand), and prints them with the name, plus
 * a "total" line for several files. -l, -w, -c choose counts (-m, bytes
 * in the C locale, counts as -c); all three by default, always in the
 * order lines, words, bytes. Words are separated by space, \t, \n, \v,
 * \f and \r; as in GNU wc, a word starts only at a printable ASCII
 * character, and other bytes neither start nor end one. Column widths follow GNU wc: wide enough for the
 * sum of the regular files' sizes, at least 7 when an input is not a
 * regular file, and 1 for a single count of a single input. Exits 0, or 1
 * if an input could not be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <minos_util.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIN_WIDTH_NON_REGULAR 7 /* GNU wc's guess for pipes and terminals */

struct counts {
	unsigned long lines, words, bytes;
};

static bool show_lines, show_words, show_bytes;
static int width;

static bool is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Counts fd into *c; false (after the message) if a read failed. */
static bool count_fd(int fd, const char *name, struct counts *c)
{
	static char buf[65536];
	bool in_word = false;

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n == 0)
			return true;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			warn_err(errno, "%s", name);
			return false;
		}
		c->bytes += (unsigned long)n;
		for (ssize_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)buf[i];

			if (ch == '\n')
				c->lines++;
			if (is_space(ch)) {
				in_word = false;
			} else if (ch > ' ' && ch < 0x7f && !in_word) {
				in_word = true;
				c->words++;
			}
		}
	}
}

static void print_counts(const struct counts *c, const char *name)
{
	const char *sep = "";

	if (show_lines) {
		out_printf("%s%*lu", sep, width, c->lines);
		sep = " ";
	}
	if (show_words) {
		out_printf("%s%*lu", sep, width, c->words);
		sep = " ";
	}
	if (show_bytes)
		out_printf("%s%*lu", sep, width, c->bytes);
	if (name)
		out_printf(" %s", name);
	out_char('\n');
}

static bool is_stdin(const char *name)
{
	return strcmp(name, "-") == 0;
}

/*
 * GNU wc's width: the digits of the regular files' total size, at least
 * MIN_WIDTH_NON_REGULAR if any input is something else; 1 when a single
 * count of a single input is printed (no columns to line up).
 */
static int column_width(char **names, int n)
{
	unsigned long total = 0;
	int w = 1, min = 1;

	if (n == 1 && show_lines + show_words + show_bytes == 1)
		return 1;
	for (int i = 0; i < n; i++) {
		struct stat st;
		int r = is_stdin(names[i]) ? fstat(STDIN_FILENO, &st)
					   : stat(names[i], &st);
		if (r < 0)
			continue;
		if (S_ISREG(st.st_mode))
			total += (unsigned long)st.st_size;
		else
			min = MIN_WIDTH_NON_REGULAR;
	}
	for (; total >= 10; total /= 10)
		w++;
	return w > min ? w : min;
}

int main(int argc, char **argv)
{
	struct counts total = { 0, 0, 0 };
	char *stdin_only[] = { "-", NULL };
	char **names;
	bool ok = true;
	int opt, n;

	prog_name = "wc";
	while ((opt = getopt(argc, argv, "lwcm")) != -1) {
		switch (opt) {
		case 'l': show_lines = true; break;
		case 'w': show_words = true; break;
		case 'c':
		case 'm': show_bytes = true; break;
		default: try_help(1);
		}
	}
	if (!show_lines && !show_words && !show_bytes)
		show_lines = show_words = show_bytes = true;
	names = optind < argc ? argv + optind : stdin_only;
	n = optind < argc ? argc - optind : 1;
	width = column_width(names, n);
	for (int i = 0; i < n; i++) {
		struct counts c = { 0, 0, 0 };
		/* Standard input by default is printed without a name. */
		const char *label = optind < argc ? names[i] : NULL;
		int fd = STDIN_FILENO;

		if (!is_stdin(names[i])) {
			fd = open(names[i], O_RDONLY | O_CLOEXEC);
			if (fd < 0) {
				warn_err(errno, "%s", names[i]);
				ok = false;
				continue;
			}
		}
		if (!count_fd(fd, names[i], &c))
			ok = false;
		if (fd != STDIN_FILENO)
			close(fd);
		print_counts(&c, label);
		total.lines += c.lines;
		total.words += c.words;
		total.bytes += c.bytes;
	}
	if (n > 1)
		print_counts(&total, "total");
	if (out_flush() < 0)
		die(1, errno, "write error");
	return ok ? 0 : 1;
}
