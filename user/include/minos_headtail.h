/*
 * minos_headtail.h - what head and tail share: their command line (-n N,
 * -c N, -q, -v and the old forms -N and +N), the loop over the inputs
 * with "==> NAME <==" headers, and finding where a line starts. Each
 * program supplies only how it prints one input.
 */
#ifndef MINC_MINOS_HEADTAIL_H
#define MINC_MINOS_HEADTAIL_H

#include <stdbool.h>
#include <stddef.h>

#define HEADTAIL_DEFAULT_COUNT 10

struct headtail {
	bool plus_form;       /* set by the program: +N is an old form (tail) */
	bool by_bytes;        /* -c rather than -n */
	char sign;            /* the count's sign as written: '-', '+' or 0 */
	unsigned long count;  /* saturates at ~0UL */
	/* Prints one input (the open fd, shown as name in messages); returns
	 * 0, or 1 after a read error it has reported. */
	int (*print)(struct headtail *ht, int fd, const char *name);
};

/* Parses the command line into ht, then prints every operand ("-" or
 * none: standard input). Returns the exit status: 0, or 1 if an input
 * could not be opened or read. */
int headtail_main(struct headtail *ht, int argc, char **argv);

/* Where the last line of data[0, end) starts (end > 0): after the '\n'
 * that ends the line before it, or at 0. The last line may lack its '\n'. */
size_t last_line_start(const char *data, size_t end);

#endif
