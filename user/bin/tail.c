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
#include <minos_headtail.h>
#include <minos_util.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int tail_print(struct headtail *ht, int fd, const char *name)
{
	size_t len, start;
	char *data = read_all(fd, &len);
	bool by_bytes = ht->by_bytes, from_start = ht->sign == '+';
	unsigned long count = ht->count;

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
	struct headtail ht = { .plus_form = true, .print = tail_print };

	prog_name = "tail";
	return headtail_main(&ht, argc, argv);
}
