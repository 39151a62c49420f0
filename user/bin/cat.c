/*
 * cat - copies its standard input to its standard output, byte for byte,
 * until end of input (the file arguments of a full cat need open(2)).
 * Exits 0, or 1 after printing the error of a failed read or write.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[4096];

int main(void)
{
	for (;;) {
		long n = read(0, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n < 0) {
			dprintf(2, "cat: read: %s\n", strerror(errno));
			return 1;
		}
		for (long done = 0; done < n;) {
			long w = write(1, buf + done, (size_t)(n - done));
			if (w < 0) {
				dprintf(2, "cat: write: %s\n", strerror(errno));
				return 1;
			}
			done += w;
		}
	}
}
