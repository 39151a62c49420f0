/*
 * minos_util.h - what the programs of user/bin share beyond the C library:
 * option parsing (getopt, with GNU's argument permutation), buffered
 * standard output, an allocator that never frees, error messages in the
 * coreutils format, path and copy helpers, a line reader and a stable
 * sort. Implemented in user/lib/util.c; programs are single-threaded.
 */
#ifndef MINC_MINOS_UTIL_H
#define MINC_MINOS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

/* --- messages ------------------------------------------------------------ */

/* The name that starts every message ("ls"); main sets it first thing. */
extern const char *prog_name;

/*
 * Prints "PROG: MESSAGE\n", or "PROG: MESSAGE: strerror(errnum)\n" when
 * errnum is not 0, on standard error: coreutils' error(0, errnum, ...).
 * Standard output's buffer (out_*) is flushed first, as glibc's error()
 * does, so messages keep their place among the output.
 */
__attribute__((format(printf, 2, 3))) void warn_err(int errnum,
						     const char *fmt, ...);
/* warn_err, then exit(status). */
__attribute__((noreturn, format(printf, 3, 4))) void die(int status,
							 int errnum,
							 const char *fmt,
							 ...);

/* Prints "Try 'PROG --help' for more information." and exits(status):
 * what coreutils says after a usage error. */
__attribute__((noreturn)) void try_help(int status);

/* --- options ------------------------------------------------------------- */

/*
 * POSIX getopt(3): optstring lists the option letters, a ':' after one
 * that takes an argument. As GNU's, it first moves the operands after the
 * options (so `ls dir -l` works) unless optstring starts with '+'; "--"
 * ends the options. Messages ("invalid option -- 'x'", "option requires
 * an argument -- 'n'", "unrecognized option '--x'") start with prog_name;
 * opterr = 0 silences them. Returns '?' on an error, -1 at the first
 * operand, which is argv[optind].
 */
extern char *optarg;
extern int optind, opterr, optopt;
int getopt(int argc, char *const argv[], const char *optstring);

/* --- buffered standard output ----------------------------------------- */

/*
 * Output to descriptor 1 through a 4 KiB buffer: out_flush() writes it
 * (call it before exiting, and before anything else writes to 1). After a
 * failed write everything is discarded and out_flush() returns -1 with
 * errno of the failure; otherwise 0.
 */
void out_bytes(const void *p, size_t n);
void out_str(const char *s);
void out_char(char c);
__attribute__((format(printf, 1, 2))) void out_printf(const char *fmt, ...);
int out_flush(void);

/* --- memory ---------------------------------------------------------------- */

/*
 * Allocation from the break, 16-byte aligned, never freed one by one; on
 * failure prints "PROG: memory exhausted" and exits with xalloc_status (1
 * unless the program sets another). xalloc_mark() and xalloc_release()
 * free in stack order: everything allocated after the mark.
 */
extern int xalloc_status;
void *xalloc(size_t n);
void *xalloc_mark(void);
void xalloc_release(void *mark);
char *xstrdup(const char *s);

/*
 * Reads fd to its end into memory from xalloc; the length in *len. Returns
 * the data (NUL-terminated past *len), or NULL with errno after a failed
 * read.
 */
char *read_all(int fd, size_t *len);

/* --- lines ---------------------------------------------------------------- */

/*
 * Reads fd one line at a time; a line is returned with its '\n' (the last
 * one may lack it) and stays valid until the next call. lr_next returns 1
 * with a line, 0 at the end, -1 with errno after a failed read. saw_nul
 * tells whether any byte read so far (up to 16 KiB ahead of the lines
 * returned) was NUL: how grep recognises a binary file.
 */
struct line_reader {
	int fd;
	char *buf;
	size_t cap, start, end;
	int eof;
	int saw_nul;
};
void lr_init(struct line_reader *r, int fd);
int lr_next(struct line_reader *r, char **line, size_t *len);

/* --- files and paths ------------------------------------------------------- */

/* write() until all n bytes are out: 0, or -1 with errno. */
int write_all(int fd, const void *buf, size_t n);
/* Copies in to out until in's end: 0, or with errno -1 when a read
 * failed, -2 when a write did. */
int copy_fd(int in, int out);
/*
 * The last component of path, without trailing slashes ("a/b/" -> "b",
 * "/" -> "/"), into out (size bytes, truncated if needed).
 */
void path_base(const char *path, char *out, size_t size);
/* dir "/" name, with no doubled '/', into out: 0, or -1 (ENAMETOOLONG). */
int path_join(char *out, size_t size, const char *dir, const char *name);

/*
 * cp's and mv's operands, argv[first] ... argv[argc - 1]: SOURCE... TARGET.
 * When TARGET is a directory, act(SOURCE, TARGET/base of SOURCE) for each
 * source; else there must be one source: act(SOURCE, TARGET). Usage errors
 * are reported as GNU's programs report them ("missing file operand",
 * "target '...' is not a directory"; verb names the action in "cannot
 * VERB '...'"). Returns the OR of act's results.
 */
int for_each_to_target(int argc, char **argv, int first, const char *verb,
		       int (*act)(const char *src, const char *dst));

/* --- sorting ---------------------------------------------------------------- */

/* A stable merge sort of n pointers (scratch space from xalloc). */
void sort_ptrs(void **v, size_t n, int (*cmp)(const void *a, const void *b));

#endif
