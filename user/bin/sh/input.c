/*
 * input.c - where the parser's characters come from: a stack of inputs
 * (the terminal or a file read in blocks or byte by byte, strings for -c,
 * eval, traps and $(...)), with prompts and a little push-back. Bytes are
 * read byte by byte whenever a command run next may read the same file.
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sh.h"

#define IN_BUF 1024

struct input *in;
bool want_ps1;
struct sbuf *captures[MAX_CAPTURE]; /* see sh.h */
int ncaptures;

static void push_input(struct input *n)
{
	n->prev = in;
	in = n;
}

void push_input_string(const char *s, size_t len)
{
	struct input *n = mem_alloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->fd = -1;
	n->str = s;
	n->slen = len;
	push_input(n);
}

void push_input_fd(int fd, bool own, bool prompt, bool onebyte)
{
	struct input *n = mem_alloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->fd = fd;
	n->own_fd = own;
	n->prompt = prompt;
	n->onebyte = onebyte;
	n->buf = mem_alloc(IN_BUF);
	push_input(n);
}

void pop_input(void)
{
	struct input *n = in;

	in = n->prev;
	if (n->own_fd)
		close(n->fd);
	mem_free(n->buf);
	mem_free(n);
}

static void print_prompt(void)
{
	const char *p = var_get(want_ps1 ? "PS1" : "PS2");

	want_ps1 = false;
	if (p)
		write(STDERR_FILENO, p, strlen(p));
}

static int in_getc_raw(void)
{
	ssize_t n;

	if (in->nunget)
		return in->unget[--in->nunget];
	if (in->fd < 0)
		return in->spos < in->slen ? (unsigned char)in->str[in->spos++] : EOF;
	if (in->bpos == in->blen) {
		if (in->eof)
			return EOF;
		if (in->prompt && !in->mid_line)
			print_prompt();
		do
			n = read(in->fd, in->buf, in->onebyte ? 1 : IN_BUF);
		while (n < 0 && errno == EINTR);
		if (n <= 0) {
			in->eof = true;
			return EOF;
		}
		in->blen = (size_t)n;
		in->bpos = 0;
	}
	in->mid_line = in->buf[in->bpos] != '\n';
	return (unsigned char)in->buf[in->bpos++];
}

int in_getc(void)
{
	int c = in_getc_raw();

	if (c != EOF) {
		for (int i = 0; i < ncaptures; i++)
			sb_addc(captures[i], c);
	}
	return c;
}

void in_ungetc(int c)
{
	if (c == EOF)
		return;
	if (in->nunget < (int)(sizeof(in->unget) / sizeof(in->unget[0])))
		in->unget[in->nunget++] = c;
	for (int i = 0; i < ncaptures; i++) {
		if (captures[i]->len)
			sb_trunc(captures[i], captures[i]->len - 1);
	}
}

/* Whether a string source has nothing left to parse. */
bool in_exhausted(void)
{
	if (in->fd >= 0)
		return false;
	if (in->havetok)
		return in->tok.type == T_EOF;
	return !in->nunget && in->spos >= in->slen;
}

/* --- terminals and the shell's own descriptors ------------------------- */

bool sh_isatty(int fd)
{
	struct termios t;

	return ioctl(fd, TCGETS, &t) == 0;
}

/* A terminal in canonical mode: each read returns at most one line, so
 * reading in blocks takes nothing a command run next should get. */
bool tty_canonical(int fd)
{
	struct termios t;

	return ioctl(fd, TCGETS, &t) == 0 && (t.c_lflag & ICANON);
}

/* Moves fd to SH_FD_MIN or above, close-on-exec. */
int move_high(int fd)
{
	int h = fcntl(fd, F_DUPFD_CLOEXEC, SH_FD_MIN);

	close(fd);
	return h;
}
