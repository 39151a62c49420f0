/*
 * util.c - the helpers of minos_util.h that the programs of user/bin share
 * (getopt, buffered output, the never-freeing allocator, messages, lines,
 * paths, sorting). Invariant: nothing here keeps state a program could
 * not reset, except the output buffer, which out_flush() empties.
 */
#include <errno.h>
#include <limits.h>
#include <minos_util.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/format.h" /* kernel/lib/format.h: kvformat */

/* --- messages ------------------------------------------------------------- */

const char *prog_name = "minos";

static void vwarn_err(int errnum, const char *fmt, va_list ap)
{
	char msg[STDIO_BUF_SIZE];

	/* What was printed before the error comes out before it, as with
	 * glibc's error(), which flushes stdout first. */
	out_flush();
	/* One write, so that the line is not torn by another process's. */
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (errnum)
		dprintf(STDERR_FILENO, "%s: %s: %s\n", prog_name, msg,
			strerror(errnum));
	else
		dprintf(STDERR_FILENO, "%s: %s\n", prog_name, msg);
}

void warn_err(int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_err(errnum, fmt, ap);
	va_end(ap);
}

void die(int status, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_err(errnum, fmt, ap);
	va_end(ap);
	out_flush();
	exit(status);
}

void try_help(int status)
{
	out_flush();
	dprintf(STDERR_FILENO, "Try '%s --help' for more information.\n",
		prog_name);
	exit(status);
}

/* --- getopt --------------------------------------------------------------- */

char *optarg;
int optind = 1, opterr = 1, optopt;
static int nextchar;  /* index in argv[optind] of the next letter, 0: none */
static int permuted;  /* the operands were moved behind the options */

/* Whether letter c takes an argument: 1 yes, 0 no or not an option. */
static int takes_arg(const char *opts, char c)
{
	const char *p = c == ':' ? NULL : strchr(opts, c);

	return p && p[1] == ':';
}

/*
 * GNU's permutation, done once before parsing: the options (with the
 * arguments of those that take one) move to the front in their order,
 * then "--" if present, then the operands in their order. Two passes over
 * argv: the first collects the options, the second the operands.
 */
static void permute(int argc, char **argv, const char *opts)
{
	char **tmp;
	int n = 0;

	if (argc < 3)
		return;
	tmp = xalloc((size_t)argc * sizeof(char *));
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 1; i < argc; i++) {
			char *a = argv[i];

			if (strcmp(a, "--") == 0) {
				if (pass == 0)
					tmp[n++] = a;
				else
					while (++i < argc)
						tmp[n++] = argv[i];
				break;
			}
			if (a[0] != '-' || a[1] == '\0') {
				if (pass == 1)
					tmp[n++] = a; /* an operand */
				continue;
			}
			if (pass == 0)
				tmp[n++] = a;
			if (a[1] == '-')
				continue; /* a long option: never takes the next word */
			for (int j = 1; a[j]; j++) {
				if (!takes_arg(opts, a[j]))
					continue;
				/* The rest of the word is the argument, or else
				 * the next word is. */
				if (a[j + 1] == '\0' && i + 1 < argc) {
					i++;
					if (pass == 0)
						tmp[n++] = argv[i];
				}
				break;
			}
		}
	}
	memcpy(argv + 1, tmp, (size_t)(argc - 1) * sizeof(char *));
}

/* Moves past the current word. */
static void next_word(void)
{
	optind++;
	nextchar = 0;
}

int getopt(int argc, char *const argv[], const char *optstring)
{
	char **av = (char **)argv; /* permuted in place, as GNU's is */
	const char *opts = optstring;
	char *a;
	char c;

	if (*opts == '+') {
		opts++;
	} else if (!permuted && optind == 1) {
		permuted = 1;
		permute(argc, av, opts);
	}
	optarg = NULL;
	if (nextchar == 0) {
		if (optind >= argc)
			return -1;
		a = av[optind];
		if (a[0] != '-' || a[1] == '\0')
			return -1; /* an operand ("-" is one too) */
		if (strcmp(a, "--") == 0) {
			optind++;
			return -1;
		}
		if (a[1] == '-') {
			if (opterr)
				warn_err(0, "unrecognized option '%s'", a);
			optopt = 0;
			optind++;
			return '?';
		}
		nextchar = 1;
	}
	a = av[optind];
	c = a[nextchar++];
	optopt = c;
	if (c == ':' || !strchr(opts, c)) {
		if (opterr)
			warn_err(0, "invalid option -- '%c'", c);
		if (a[nextchar] == '\0')
			next_word();
		return '?';
	}
	if (!takes_arg(opts, c)) {
		if (a[nextchar] == '\0')
			next_word();
		return c;
	}
	if (a[nextchar] != '\0') {
		optarg = a + nextchar; /* -n5 */
	} else if (optind + 1 < argc) {
		optarg = av[optind + 1]; /* -n 5 */
		optind++;
	} else {
		if (opterr)
			warn_err(0, "option requires an argument -- '%c'", c);
		next_word();
		return optstring[0] == ':' ? ':' : '?';
	}
	next_word();
	return c;
}

/* --- buffered standard output ---------------------------------------------- */

#define OUT_BUF_SIZE 4096

static char out_buf[OUT_BUF_SIZE];
static size_t out_len;
static int out_errno; /* the first failed write's, 0 while none failed */

int out_flush(void)
{
	if (!out_errno && out_len && write_all(STDOUT_FILENO, out_buf, out_len) < 0)
		out_errno = errno;
	out_len = 0;
	if (out_errno) {
		errno = out_errno;
		return -1;
	}
	return 0;
}

void out_bytes(const void *p, size_t n)
{
	const char *s = p;

	if (out_errno)
		return;
	if (n >= OUT_BUF_SIZE) { /* large: straight through, in order */
		out_flush();
		if (!out_errno && write_all(STDOUT_FILENO, s, n) < 0)
			out_errno = errno;
		return;
	}
	if (out_len + n > OUT_BUF_SIZE)
		out_flush();
	memcpy(out_buf + out_len, s, n);
	out_len += n;
}

void out_str(const char *s)
{
	out_bytes(s, strlen(s));
}

void out_char(char c)
{
	if (out_len == OUT_BUF_SIZE)
		out_flush();
	if (!out_errno)
		out_buf[out_len++] = c;
}

static void out_emit(char c, void *ctx)
{
	(void)ctx;
	out_char(c);
}

void out_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvformat(out_emit, NULL, fmt, ap);
	va_end(ap);
}

/* --- memory ---------------------------------------------------------------- */

#define HEAP_ALIGN 16
#define HEAP_GROW (64 * 1024) /* the least the break moves by */

int xalloc_status = EXIT_FAILURE;
static char *heap_cur, *heap_end; /* [heap_cur, heap_end) is free */
static char *heap_region;          /* where the contiguous part in use starts */

void *xalloc(size_t n)
{
	char *p;

	n = (n + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1);
	if ((size_t)(heap_end - heap_cur) < n) {
		size_t grow = n > HEAP_GROW ? n : HEAP_GROW;
		char *old;

		/* The extra HEAP_ALIGN bytes let an unaligned break be aligned. */
		if (grow > (size_t)LONG_MAX - HEAP_ALIGN)
			die(xalloc_status, 0, "memory exhausted");
		old = sbrk((long)(grow + HEAP_ALIGN));
		if (old == (void *)-1)
			die(xalloc_status, 0, "memory exhausted");
		/* Contiguous with the free part unless someone else moved
		 * the break; then the rest of the old part is given up. */
		if (old != heap_end)
			heap_region = heap_cur =
				(char *)(((unsigned long)old + HEAP_ALIGN - 1) &
					 ~(unsigned long)(HEAP_ALIGN - 1));
		heap_end = old + grow + HEAP_ALIGN;
	}
	p = heap_cur;
	heap_cur += n;
	return p;
}

void *xalloc_mark(void)
{
	return heap_cur;
}

/* Only a mark inside the part in use now can be gone back to: a mark taken
 * before the first xalloc (NULL), or before the break moved elsewhere, is
 * in no part xalloc still hands out, and releasing it keeps everything. */
void xalloc_release(void *mark)
{
	char *m = mark;

	if (m && heap_region && m >= heap_region && m <= heap_cur)
		heap_cur = m;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xalloc(n), s, n);
}

char *read_all(int fd, size_t *len)
{
	size_t cap = 16384, n = 0;
	char *buf = xalloc(cap + 1);

	for (;;) {
		ssize_t r;

		if (n == cap) { /* double: the old copy is simply left behind */
			char *bigger = xalloc(2 * cap + 1);
			memcpy(bigger, buf, n);
			buf = bigger;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* --- lines ----------------------------------------------------------------- */

#define LR_START_SIZE 16384

/* memchr, which libminc's string.h lacks. */
static char *find_byte(char *p, char c, size_t n)
{
	for (; n > 0; p++, n--)
		if (*p == c)
			return p;
	return NULL;
}

void lr_init(struct line_reader *r, int fd)
{
	r->fd = fd;
	r->buf = NULL;
	r->cap = r->start = r->end = 0;
	r->eof = 0;
	r->saw_nul = 0;
}

int lr_next(struct line_reader *r, char **line, size_t *len)
{
	size_t scanned = 0; /* bytes after start already known to hold no '\n' */

	if (!r->buf) {
		r->cap = LR_START_SIZE;
		r->buf = xalloc(r->cap);
	}
	for (;;) {
		char *nl = find_byte(r->buf + r->start + scanned, '\n',
					 r->end - r->start - scanned);
		ssize_t n;

		if (nl || (r->eof && r->end > r->start)) {
			size_t l = nl ? (size_t)(nl - (r->buf + r->start)) + 1
				      : r->end - r->start;
			*line = r->buf + r->start;
			*len = l;
			r->start += l;
			return 1;
		}
		if (r->eof)
			return 0;
		scanned = r->end - r->start;
		/* Make room: move the partial line down, or grow. */
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, scanned);
			r->start = 0;
			r->end = scanned;
		}
		if (r->end == r->cap) {
			char *bigger = xalloc(2 * r->cap);
			memcpy(bigger, r->buf, r->end);
			r->buf = bigger;
			r->cap *= 2;
		}
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			r->eof = 1;
		if (!r->saw_nul && find_byte(r->buf + r->end, '\0', (size_t)n))
			r->saw_nul = 1;
		r->end += (size_t)n;
	}
}

/* --- files and paths -------------------------------------------------------- */

int write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int copy_fd(int in, int out)
{
	static char buf[65536];

	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		if (write_all(out, buf, (size_t)n) < 0)
			return -2;
	}
}

void path_base(const char *path, char *out, size_t size)
{
	size_t end = strlen(path), start;

	while (end > 1 && path[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (end == 1 && path[0] == '/')
		start = 0; /* "/" itself */
	if (size == 0)
		return;
	if (end - start >= size)
		end = start + size - 1;
	memcpy(out, path + start, end - start);
	out[end - start] = '\0';
}

int path_join(char *out, size_t size, const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	int n;

	if (dl > 0 && dir[dl - 1] == '/')
		n = snprintf(out, size, "%s%s", dir, name);
	else
		n = snprintf(out, size, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int for_each_to_target(int argc, char **argv, int first, const char *verb,
		       int (*act)(const char *src, const char *dst))
{
	struct stat st;
	const char *target;
	bool into_dir = false;
	int status = 0, n = argc - first;

	if (n == 0) {
		warn_err(0, "missing file operand");
		try_help(1);
	}
	if (n == 1) {
		warn_err(0, "missing destination file operand after '%s'", argv[first]);
		try_help(1);
	}
	target = argv[argc - 1];
	if (stat(target, &st) == 0)
		into_dir = S_ISDIR(st.st_mode);
	else if (n > 2)
		die(1, errno, "target '%s'", target);
	if (n > 2 && !into_dir)
		die(1, 0, "target '%s' is not a directory", target);
	for (int i = first; i < argc - 1; i++) {
		char base[PATH_MAX], dst[PATH_MAX];

		if (!into_dir) {
			status |= act(argv[i], target);
			continue;
		}
		path_base(argv[i], base, sizeof(base));
		if (path_join(dst, sizeof(dst), target, base) < 0) {
			warn_err(errno, "cannot %s '%s'", verb, argv[i]);
			status = 1;
			continue;
		}
		status |= act(argv[i], dst);
	}
	return status;
}

/* --- sorting ----------------------------------------------------------------- */

/* Merges the sorted halves [lo, mid) and [mid, hi) of v through tmp. */
static void merge(void **v, void **tmp, size_t lo, size_t mid, size_t hi,
		  int (*cmp)(const void *, const void *))
{
	size_t i = lo, j = mid, k = lo;

	while (i < mid && j < hi)
		/* <= keeps equal items in their order: the sort is stable. */
		tmp[k++] = cmp(v[i], v[j]) <= 0 ? v[i++] : v[j++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < hi)
		tmp[k++] = v[j++];
	memcpy(v + lo, tmp + lo, (hi - lo) * sizeof(void *));
}

void sort_ptrs(void **v, size_t n, int (*cmp)(const void *a, const void *b))
{
	void *mark = xalloc_mark();
	void **tmp;

	if (n < 2)
		return;
	tmp = xalloc(n * sizeof(void *));
	/* Bottom-up: runs of 1, 2, 4, ... merged pairwise. */
	for (size_t width = 1; width < n; width *= 2)
		for (size_t lo = 0; lo + width < n; lo += 2 * width) {
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			merge(v, tmp, lo, lo + width, hi, cmp);
		}
	xalloc_release(mark);
}
