/*
 * pipe-sigpipe - a write to a pipe whose read end is closed raises
 * SIGPIPE, whose default action ends the process: the expected result is
 * exit status 141 (128 + SIGPIPE) after the first line. Expected: the
 * reference Linux's results. The same write with SIGPIPE ignored (EPIPE) is
 * pipe-epipe.
 */
#include <errno.h>
#include <minos_files.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	int p[2];
	long n;

	if (pipe(p) < 0 || close(p[0]) < 0) {
		printf("pipe: FAIL (%s)\n", strerror(errno));
		return 1;
	}
	printf("write to a pipe without a reader: expect death by SIGPIPE\n");
	n = write(p[1], "x", 1);
	printf("write returned %ld (%s): FAIL, the process is still alive\n", n,
	       n < 0 ? strerrorname_np(errno) : "no error");
	return 1;
}
