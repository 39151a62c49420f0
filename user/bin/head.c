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
#include <minos_headtail.h>
#include <minos_util.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

/* The first count lines (or bytes) of fd; reads no further than needed. */
static int head_first(struct headtail *ht, int fd, const char *name)
{
	static char buf[65536];
	unsigned long left = ht->count;

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
		if (ht->by_bytes) {
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

/* All but the last count lines (or bytes): the whole input is read. */
static int head_all_but(struct headtail *ht, int fd, const char *name)
{
	size_t len, end;
	char *data = read_all(fd, &len);
	unsigned long left = ht->count;

	if (!data) {
		warn_err(errno, "error reading '%s'", name);
		return 1;
	}
	if (ht->by_bytes) {
		end = ht->count < len ? len - ht->count : 0;
	} else {
		end = len;
		for (; left > 0 && end > 0; left--)
			end = last_line_start(data, end);
	}
	out_bytes(data, end);
	return 0;
}

static int head_print(struct headtail *ht, int fd, const char *name)
{
	return ht->sign == '-' ? head_all_but(ht, fd, name) : head_first(ht, fd, name);
}

int main(int argc, char **argv)
{
	struct headtail ht = { .print = head_print };

	prog_name = "head";
	return headtail_main(&ht, argc, argv);
}
