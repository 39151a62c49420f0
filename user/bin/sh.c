/*
 * sh.c - /bin/sh: parses each complete command (from a terminal, -c, a
 * script or a pipe) into a tree and runs it with fork, execve and wait4, as
 * POSIX sh says and dash does. Invariants: the shell's own descriptors sit
 * at SH_FD_MIN and up, close-on-exec; a line is parsed whole before any of
 * it runs; words keep their quotes until expansion interprets them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <minos_files.h>
#include <minos_proc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SH_FD_MIN 10          /* the shell's own descriptors: 10 and up */
#define SH_DEFAULT_PATH "/bin" /* PATH when the variable is unset */
#define STATUS_NOT_FOUND 127
#define STATUS_NOEXEC 126
#define STATUS_SYNTAX 2
#define HERE_PIPE_MAX 4096 /* PIPE_BUF: a body this short never blocks */

/* ===== memory =====
 * libminc has no malloc: a power-of-two allocator on sbrk with one free
 * list per size class. Blocks are never given back to the kernel. */

#define MEM_MIN_SHIFT 5
#define MEM_CLASSES 48
#define MEM_CHUNK (64 * 1024)
#define MEM_ALIGN 16

struct mem_hdr {
	size_t shift;
	size_t unused; /* keeps the payload 16-byte aligned */
};

static void *mem_free_list[MEM_CLASSES];
static char *mem_cur, *mem_end;

static __attribute__((noreturn)) void sh_oom(void)
{
	static const char msg[] = "sh: out of memory\n";

	write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(STATUS_SYNTAX);
}

static void *xmalloc(size_t n)
{
	size_t shift = MEM_MIN_SHIFT, size;
	struct mem_hdr *h;

	while (((size_t)1 << shift) < n + sizeof(*h)) {
		if (++shift >= MEM_CLASSES)
			sh_oom();
	}
	size = (size_t)1 << shift;
	if (mem_free_list[shift]) {
		h = mem_free_list[shift];
		mem_free_list[shift] = *(void **)(h + 1);
	} else {
		if ((size_t)(mem_end - mem_cur) < size) {
			size_t grow = size > MEM_CHUNK ? size : MEM_CHUNK;
			char *p = sbrk((long)(grow + MEM_ALIGN));
			if (p == (void *)-1)
				sh_oom();
			if (p != mem_end) /* not contiguous: start afresh */
				mem_cur = (char *)(((uintptr_t)p + MEM_ALIGN - 1) &
						   ~(uintptr_t)(MEM_ALIGN - 1));
			mem_end = p + grow + MEM_ALIGN;
		}
		h = (struct mem_hdr *)mem_cur;
		mem_cur += size;
	}
	h->shift = shift;
	return h + 1;
}

static void xfree(void *p)
{
	struct mem_hdr *h;

	if (!p)
		return;
	h = (struct mem_hdr *)p - 1;
	*(void **)p = mem_free_list[h->shift];
	mem_free_list[h->shift] = h;
}

static void *xrealloc(void *p, size_t n)
{
	struct mem_hdr *h;
	size_t room;
	void *q;

	if (!p)
		return xmalloc(n);
	h = (struct mem_hdr *)p - 1;
	room = ((size_t)1 << h->shift) - sizeof(*h);
	if (n <= room)
		return p;
	q = xmalloc(n);
	memcpy(q, p, room);
	xfree(p);
	return q;
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* ===== growing strings and string vectors ===== */

struct sbuf {
	char *s; /* NUL-terminated whenever non-NULL */
	size_t len, cap;
};

static void sb_need(struct sbuf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		while (cap < b->len + extra + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
}

static void sb_addn(struct sbuf *b, const char *s, size_t n)
{
	sb_need(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

static void sb_addc(struct sbuf *b, int c)
{
	char ch = (char)c;

	sb_addn(b, &ch, 1);
}

static void sb_adds(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

static void sb_trunc(struct sbuf *b, size_t len)
{
	b->len = len;
	if (b->s)
		b->s[len] = 0;
}

/* The string, now the caller's; b is empty again. */
static char *sb_take(struct sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

static void sb_free(struct sbuf *b)
{
	xfree(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

struct strv {
	char **v; /* NULL-terminated whenever non-NULL */
	int n, cap;
};

static void sv_push(struct strv *a, char *s)
{
	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		a->v = xrealloc(a->v, (size_t)a->cap * sizeof(char *));
	}
	a->v[a->n++] = s;
	a->v[a->n] = NULL;
}

static void sv_free(struct strv *a)
{
	for (int i = 0; i < a->n; i++)
		xfree(a->v[i]);
	xfree(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

static void sort_strings(char **v, int n)
{
	for (int i = 1; i < n; i++) {
		char *x = v[i];
		int j = i;
		while (j > 0 && strcmp(v[j - 1], x) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/* ===== shell state ===== */

/* Flags of run(): how a command is being run. */
#define EV_EXIT 1   /* the process ends after it: exec without forking */
#define EV_TESTED 2 /* its status is tested (if, while, &&, ||, !): no set -e */

enum { SKIP_NONE, SKIP_BREAK, SKIP_CONT, SKIP_RETURN };

static int last_status;       /* $? */
static int subst_status;      /* status of the last $(...) of this command */
static pid_t root_pid;        /* $$ */
static pid_t last_bg;         /* $!, 0 before the first background job */
static bool interactive;      /* prompts; errors return to the prompt */
static bool jobctl;           /* jobs get their own groups and the terminal */
static int tty_fd = -1;
static pid_t shell_pgid;
static bool opt_e, opt_x, opt_f, opt_u;
static unsigned long sig_reset; /* ignored by the shell itself: children
				   get SIG_DFL back (bit N-1: signal N) */
static int evalskip, skipcount, ret_value;
static int loop_depth, func_depth, dot_depth;
static void *top_jmp[5];      /* __builtin_setjmp: the interactive loop */
static bool have_top_jmp;

static void sh_vmsg(bool prefix, const char *fmt, va_list ap)
{
	char buf[512];
	size_t len = 0;

	if (prefix)
		len = (size_t)snprintf(buf, sizeof(buf), "sh: ");
	vsnprintf(buf + len, sizeof(buf) - len - 1, fmt, ap);
	len = strlen(buf);
	buf[len++] = '\n';
	write(STDERR_FILENO, buf, len);
}

/* "sh: message" on standard error, in one write. */
static __attribute__((format(printf, 1, 2))) void sh_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sh_vmsg(true, fmt, ap);
	va_end(ap);
}

/*
 * An error that abandons the command: an interactive shell goes back to
 * its prompt, any other shell exits, as dash does.
 */
static __attribute__((noreturn)) void sh_exit(int status);

static __attribute__((noreturn)) void sh_abort(int status)
{
	last_status = status;
	if (interactive && have_top_jmp)
		__builtin_longjmp(top_jmp, 1);
	sh_exit(status);
}

static __attribute__((noreturn)) void syntax_error(const char *msg)
{
	sh_warn("syntax error: %s", msg);
	sh_abort(STATUS_SYNTAX);
}

static bool sh_isatty(int fd)
{
	struct termios t;

	return ioctl(fd, TCGETS, &t) == 0;
}

/* A terminal in canonical mode: each read returns at most one line, so
 * reading in blocks takes nothing a command run next should get. */
static bool tty_canonical(int fd)
{
	struct termios t;

	return ioctl(fd, TCGETS, &t) == 0 && (t.c_lflag & ICANON);
}

/* Moves fd to SH_FD_MIN or above, close-on-exec. */
static int move_high(int fd)
{
	int h = fcntl(fd, F_DUPFD_CLOEXEC, SH_FD_MIN);

	close(fd);
	return h;
}

/* ===== output of builtins: buffered, one write per 1 KiB ===== */

struct out {
	int fd;
	bool failed;
	size_t len;
	char buf[1024];
};

static void out_flush(struct out *o)
{
	size_t done = 0;

	while (done < o->len && !o->failed) {
		ssize_t n = write(o->fd, o->buf + done, o->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			o->failed = true;
		else
			done += (size_t)n;
	}
	o->len = 0;
}

static void out_addn(struct out *o, const char *s, size_t n)
{
	while (n) {
		size_t k = sizeof(o->buf) - o->len;
		if (k > n)
			k = n;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
		if (o->len == sizeof(o->buf))
			out_flush(o);
	}
}

static void out_adds(struct out *o, const char *s)
{
	out_addn(o, s, strlen(s));
}

static void out_addc(struct out *o, int c)
{
	char ch = (char)c;

	out_addn(o, &ch, 1);
}

/* Flushes; 0, or 1 after a write error (as a builtin's status). */
static int out_done(struct out *o)
{
	out_flush(o);
	return o->failed ? 1 : 0;
}

/* s in single quotes, as `export` and `set` print values. */
static void out_quoted(struct out *o, const char *s)
{
	out_addc(o, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			out_adds(o, "'\\''");
		else
			out_addc(o, *s);
	}
	out_addc(o, '\'');
}

/* ===== variables, positional parameters, functions ===== */

#define VAR_EXPORT 1
#define VAR_HASH 64

struct var {
	struct var *next;
	char *name;
	char *value; /* NULL: exported but never given a value */
	unsigned flags;
};

static struct var *var_tab[VAR_HASH];

static bool is_name_start(int c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* The length of the name s starts with (0 if none). */
static size_t name_len(const char *s)
{
	size_t n = 0;

	if (!is_name_start(s[0]))
		return 0;
	while (is_name_char(s[n]))
		n++;
	return n;
}

static bool is_name(const char *s)
{
	size_t n = name_len(s);

	return n && !s[n];
}

static unsigned var_hash(const char *s, size_t n)
{
	unsigned h = 5381;

	while (n--)
		h = h * 33 + (unsigned char)*s++;
	return h % VAR_HASH;
}

static struct var *var_find_n(const char *name, size_t n)
{
	for (struct var *v = var_tab[var_hash(name, n)]; v; v = v->next) {
		if (strncmp(v->name, name, n) == 0 && !v->name[n])
			return v;
	}
	return NULL;
}

static struct var *var_find(const char *name)
{
	return var_find_n(name, strlen(name));
}

static const char *var_get(const char *name)
{
	struct var *v = var_find(name);

	return v ? v->value : NULL;
}

/* Sets name (value NULL keeps the old one) and adds flags. */
static struct var *var_set_n(const char *name, size_t n, const char *value,
			     unsigned flags)
{
	struct var *v = var_find_n(name, n);

	if (!v) {
		unsigned h = var_hash(name, n);
		v = xmalloc(sizeof(*v));
		v->name = xstrndup(name, n);
		v->value = NULL;
		v->flags = 0;
		v->next = var_tab[h];
		var_tab[h] = v;
	}
	if (value) {
		char *old = v->value;
		v->value = xstrdup(value);
		xfree(old);
	}
	v->flags |= flags;
	return v;
}

static struct var *var_set(const char *name, const char *value, unsigned flags)
{
	return var_set_n(name, strlen(name), value, flags);
}

/* "name=value": sets it. */
static void var_assign(const char *assignment, unsigned flags)
{
	size_t n = name_len(assignment);

	var_set_n(assignment, n, assignment + n + 1, flags);
}

static void var_unset(const char *name)
{
	struct var **pp = &var_tab[var_hash(name, strlen(name))];

	for (; *pp; pp = &(*pp)->next) {
		struct var *v = *pp;
		if (strcmp(v->name, name) == 0) {
			*pp = v->next;
			xfree(v->name);
			xfree(v->value);
			xfree(v);
			return;
		}
	}
}

/* Every variable (exported only, if so asked), sorted by name. */
static struct strv var_list(bool exported_only)
{
	struct strv names = { 0 };

	for (int i = 0; i < VAR_HASH; i++) {
		for (struct var *v = var_tab[i]; v; v = v->next) {
			if (!exported_only || (v->flags & VAR_EXPORT))
				sv_push(&names, v->name);
		}
	}
	if (names.n)
		sort_strings(names.v, names.n);
	return names; /* the strings are the variables': free only .v */
}

/* The environment of a command: the exported variables with values. */
static char **build_env(void)
{
	struct strv env = { 0 };

	for (int i = 0; i < VAR_HASH; i++) {
		for (struct var *v = var_tab[i]; v; v = v->next) {
			if ((v->flags & VAR_EXPORT) && v->value) {
				size_t n = strlen(v->name), m = strlen(v->value);
				char *s = xmalloc(n + m + 2);
				memcpy(s, v->name, n);
				s[n] = '=';
				memcpy(s + n + 1, v->value, m + 1);
				sv_push(&env, s);
			}
		}
	}
	if (!env.v)
		sv_push(&env, NULL);
	return env.v;
}

/* A variable's state, kept to be put back (temporary assignments, local). */
struct saved_var {
	struct saved_var *next;
	char *name;
	char *value;
	unsigned flags;
	bool existed;
};

static void var_save(struct saved_var **list, const char *name, size_t n)
{
	struct var *v = var_find_n(name, n);
	struct saved_var *s;

	for (s = *list; s; s = s->next) {
		if (strncmp(s->name, name, n) == 0 && !s->name[n])
			return; /* the first saved state is the one to restore */
	}
	s = xmalloc(sizeof(*s));
	s->name = xstrndup(name, n);
	s->existed = v != NULL;
	s->value = v && v->value ? xstrdup(v->value) : NULL;
	s->flags = v ? v->flags : 0;
	s->next = *list;
	*list = s;
}

/* Drops the saved states: the current values stay. */
static void var_forget(struct saved_var **list)
{
	while (*list) {
		struct saved_var *s = *list;
		*list = s->next;
		xfree(s->name);
		xfree(s->value);
		xfree(s);
	}
}

static void var_restore(struct saved_var **list)
{
	while (*list) {
		struct saved_var *s = *list;
		*list = s->next;
		if (s->existed) {
			struct var *v = var_set(s->name, NULL, 0);
			xfree(v->value);
			v->value = s->value;
			v->flags = s->flags;
		} else {
			var_unset(s->name);
			xfree(s->value);
		}
		xfree(s->name);
		xfree(s);
	}
}

static char *arg0;  /* $0 */
static char **pos_v; /* $1 ... */
static int pos_n;

static char **copy_args(char **argv, int n)
{
	char **v = xmalloc(((size_t)n + 1) * sizeof(char *));

	for (int i = 0; i < n; i++)
		v[i] = xstrdup(argv[i]);
	v[n] = NULL;
	return v;
}

static void free_args(char **v, int n)
{
	for (int i = 0; i < n; i++)
		xfree(v[i]);
	xfree(v);
}

static void pos_set(char **argv, int n)
{
	char **v = copy_args(argv, n); /* argv may be pos_v itself */

	free_args(pos_v, pos_n);
	pos_v = v;
	pos_n = n;
}

struct node;

struct func {
	struct func *next;
	char *name;
	struct node *body; /* parse trees are never freed: no lifetime issue */
};

static struct func *funcs;

static struct func *func_find(const char *name)
{
	for (struct func *f = funcs; f; f = f->next) {
		if (strcmp(f->name, name) == 0)
			return f;
	}
	return NULL;
}

static void func_set(const char *name, struct node *body)
{
	struct func *f = func_find(name);

	if (!f) {
		f = xmalloc(sizeof(*f));
		f->name = xstrdup(name);
		f->next = funcs;
		funcs = f;
	}
	f->body = body;
}

static void func_unset(const char *name)
{
	for (struct func **pp = &funcs; *pp; pp = &(*pp)->next) {
		if (strcmp((*pp)->name, name) == 0) {
			struct func *f = *pp;
			*pp = f->next;
			xfree(f->name);
			xfree(f);
			return;
		}
	}
}

/* A function call's frame: what to put back when it returns. */
struct frame {
	struct frame *prev;
	char **pos_v;
	int pos_n;
	struct saved_var *locals;
};

static struct frame *frames;

/* ===== input ===== */

enum tok_type {
	T_EOF, T_NL, T_WORD, T_SEMI, T_DSEMI, T_AMP, T_ANDAND, T_PIPE, T_OROR,
	T_LPAREN, T_RPAREN, T_REDIR
};

enum redir_op {
	R_IN, R_OUT, R_APPEND, R_DUPIN, R_DUPOUT, R_RDWR, R_CLOBBER, R_HERE,
	R_HERETAB
};

struct token {
	int type;
	char *word;  /* T_WORD: the raw text, quotes and all */
	bool quoted; /* T_WORD: has a quote or backslash (not a keyword) */
	int op;      /* T_REDIR */
	int fd;      /* T_REDIR: the explicit descriptor, or -1 */
};

struct redir {
	struct redir *next;
	struct redir *here_next; /* pending here-documents, in order */
	int op;
	int fd;
	char *word;   /* target, or the here-document's delimiter */
	char *here;   /* here-document body */
	bool here_quoted;
};

#define IN_BUF 1024

struct input {
	struct input *prev;
	int fd;              /* -1: a string */
	bool own_fd;         /* close it when done */
	const char *str;
	size_t slen, spos;
	char *buf;
	size_t blen, bpos;
	bool onebyte;        /* read byte by byte: commands share the fd */
	bool prompt;         /* interactive: prompt before reading a line */
	bool mid_line;       /* the last byte read was not a newline: a
				terminal in raw mode returns part of a line,
				and the rest needs no prompt */
	bool eof;
	int unget[4];
	int nunget;
	struct token tok;    /* the parser's lookahead */
	bool havetok;
	struct redir *here_head, *here_tail;
};

static struct input *in;
static bool want_ps1;

/* While the lexer parses the inside of $(...), every character read is
 * also appended here: the command's text, kept for running it later. */
#define MAX_CAPTURE 16
static struct sbuf *captures[MAX_CAPTURE];
static int ncaptures;

static void push_input(struct input *n)
{
	n->prev = in;
	in = n;
}

static void push_input_string(const char *s, size_t len)
{
	struct input *n = xmalloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->fd = -1;
	n->str = s;
	n->slen = len;
	push_input(n);
}

static void push_input_fd(int fd, bool own, bool prompt, bool onebyte)
{
	struct input *n = xmalloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->fd = fd;
	n->own_fd = own;
	n->prompt = prompt;
	n->onebyte = onebyte;
	n->buf = xmalloc(IN_BUF);
	push_input(n);
}

static void pop_input(void)
{
	struct input *n = in;

	in = n->prev;
	if (n->own_fd)
		close(n->fd);
	xfree(n->buf);
	xfree(n);
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

static int in_getc(void)
{
	int c = in_getc_raw();

	if (c != EOF) {
		for (int i = 0; i < ncaptures; i++)
			sb_addc(captures[i], c);
	}
	return c;
}

static void in_ungetc(int c)
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
static bool in_exhausted(void)
{
	if (in->fd >= 0)
		return false;
	if (in->havetok)
		return in->tok.type == T_EOF;
	return !in->nunget && in->spos >= in->slen;
}

/* ===== scanning quoted constructs =====
 * The same scanners find where a quote, ${...}, $(...), $((...)) or `...`
 * ends for the lexer (reading input, keeping every character) and for the
 * expander (reading a stored word, only to find the end). */

struct src {
	const char *s; /* expander: the word */
	size_t pos, len;
	bool lexer;    /* read through in_getc instead */
};

static int src_get(struct src *p)
{
	if (p->lexer)
		return in_getc();
	return p->pos < p->len ? (unsigned char)p->s[p->pos++] : EOF;
}

static void put(struct sbuf *b, int c)
{
	if (b)
		sb_addc(b, c);
}

static void scan_dollar(struct src *p, struct sbuf *b, bool dq);

/* A backslash was read: keeps it and the next character, but drops a
 * backslash-newline (line continuation) altogether. */
static void scan_backslash(struct src *p, struct sbuf *b)
{
	int d = src_get(p);

	if (d == '\n')
		return;
	put(b, '\\');
	if (d != EOF)
		put(b, d);
}

static void scan_squote(struct src *p, struct sbuf *b)
{
	for (;;) {
		int c = src_get(p);
		if (c == EOF)
			syntax_error("unterminated quoted string");
		put(b, c);
		if (c == '\'')
			return;
	}
}

static void scan_bquote(struct src *p, struct sbuf *b)
{
	for (;;) {
		int c = src_get(p);
		if (c == EOF)
			syntax_error("unterminated `...`");
		put(b, c);
		if (c == '`')
			return;
		if (c == '\\') {
			c = src_get(p);
			if (c != EOF)
				put(b, c);
		}
	}
}

static void scan_dquote(struct src *p, struct sbuf *b)
{
	for (;;) {
		int c = src_get(p);
		if (c == EOF)
			syntax_error("unterminated quoted string");
		if (c == '\\') {
			scan_backslash(p, b);
			continue;
		}
		put(b, c);
		if (c == '"')
			return;
		if (c == '$')
			scan_dollar(p, b, true);
		else if (c == '`')
			scan_bquote(p, b);
	}
}

/* After "${": up to and including the matching '}'. */
static void scan_brace(struct src *p, struct sbuf *b, bool dq)
{
	for (;;) {
		int c = src_get(p);
		if (c == EOF)
			syntax_error("missing '}'");
		if (c == '\\') {
			scan_backslash(p, b);
			continue;
		}
		put(b, c);
		if (c == '}')
			return;
		if (c == '\'' && !dq)
			scan_squote(p, b);
		else if (c == '"')
			scan_dquote(p, b);
		else if (c == '$')
			scan_dollar(p, b, dq);
		else if (c == '`')
			scan_bquote(p, b);
	}
}

static void scan_paren(struct src *p, struct sbuf *b);

/* After "$((": up to and including the closing "))". */
static void scan_arith(struct src *p, struct sbuf *b)
{
	int depth = 0;

	for (;;) {
		int c = src_get(p);
		if (c == EOF)
			syntax_error("missing '))'");
		if (c == '\\') {
			scan_backslash(p, b);
			continue;
		}
		put(b, c);
		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (depth > 0) {
				depth--;
			} else {
				c = src_get(p);
				if (c != ')')
					syntax_error("missing '))'");
				put(b, c);
				return;
			}
		} else if (c == '$') {
			scan_dollar(p, b, true);
		} else if (c == '`') {
			scan_bquote(p, b);
		}
	}
}

/* After '$': the rest of a ${...}, $(...) or $((...)), if one starts. */
static void scan_dollar(struct src *p, struct sbuf *b, bool dq)
{
	int c = src_get(p);

	if (c == '{') {
		put(b, c);
		scan_brace(p, b, dq);
	} else if (c == '(') {
		put(b, c);
		c = src_get(p);
		if (c == '(') {
			put(b, c);
			scan_arith(p, b);
		} else {
			if (p->lexer)
				in_ungetc(c);
			else if (c != EOF)
				p->pos--;
			scan_paren(p, b);
		}
	} else if (p->lexer) {
		in_ungetc(c);
	} else if (c != EOF) {
		p->pos--;
	}
}

/* ===== lexer ===== */

static void read_heredocs(void);

/* Whether the next character is c (";;", "&&", "||"): consumed if so. */
static bool doubled(int c)
{
	int d = in_getc();

	if (d == c)
		return true;
	in_ungetc(d);
	return false;
}

static void lex_redir(int c, struct token *t)
{
	int d = in_getc();

	t->type = T_REDIR;
	if (c == '<') {
		if (d == '<') {
			int e = in_getc();
			if (e == '-') {
				t->op = R_HERETAB;
			} else {
				in_ungetc(e);
				t->op = R_HERE;
			}
		} else if (d == '&') {
			t->op = R_DUPIN;
		} else if (d == '>') {
			t->op = R_RDWR;
		} else {
			in_ungetc(d);
			t->op = R_IN;
		}
	} else {
		if (d == '>') {
			t->op = R_APPEND;
		} else if (d == '&') {
			t->op = R_DUPOUT;
		} else if (d == '|') {
			t->op = R_CLOBBER;
		} else {
			in_ungetc(d);
			t->op = R_OUT;
		}
	}
}

static bool is_meta(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' ||
	       c == '|' || c == '<' || c == '>' || c == '(' || c == ')';
}

static void lex_word(int c, struct token *t)
{
	struct sbuf b = { 0 };
	struct src p = { .lexer = true };
	bool digits = true;

	for (;; c = in_getc()) {
		if (c == EOF)
			break;
		if (is_meta(c)) {
			in_ungetc(c);
			break;
		}
		if (c == '\\') {
			size_t before = b.len;
			scan_backslash(&p, &b);
			if (b.len != before) {
				t->quoted = true;
				digits = false;
			}
			continue;
		}
		if (!is_digit(c))
			digits = false;
		sb_addc(&b, c);
		switch (c) {
		case '\'':
			t->quoted = true;
			scan_squote(&p, &b);
			break;
		case '"':
			t->quoted = true;
			scan_dquote(&p, &b);
			break;
		case '$':
			scan_dollar(&p, &b, false);
			break;
		case '`':
			scan_bquote(&p, &b);
			break;
		}
	}
	/* "2>file": digits right before a redirection name its descriptor. */
	if (digits && b.len > 0 && b.len < 5) {
		int d = in_getc();
		if (d == '<' || d == '>') {
			lex_redir(d, t);
			t->fd = atoi(b.s);
			sb_free(&b);
			return;
		}
		in_ungetc(d);
	}
	t->type = T_WORD;
	t->word = sb_take(&b);
}

static void lex(struct token *t)
{
	int c, d;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	for (;;) {
		c = in_getc();
		if (c == ' ' || c == '\t')
			continue;
		if (c == '\\') {
			d = in_getc();
			if (d == '\n')
				continue;
			in_ungetc(d);
		}
		if (c == '#') {
			while ((c = in_getc()) != EOF && c != '\n')
				;
		}
		break;
	}
	switch (c) {
	case EOF:
		read_heredocs();
		t->type = T_EOF;
		return;
	case '\n':
		read_heredocs();
		t->type = T_NL;
		return;
	case ';':
		t->type = doubled(';') ? T_DSEMI : T_SEMI;
		return;
	case '&':
		t->type = doubled('&') ? T_ANDAND : T_AMP;
		return;
	case '|':
		t->type = doubled('|') ? T_OROR : T_PIPE;
		return;
	case '(':
		t->type = T_LPAREN;
		return;
	case ')':
		t->type = T_RPAREN;
		return;
	case '<':
	case '>':
		t->fd = -1;
		lex_redir(c, t);
		return;
	}
	lex_word(c, t);
}

/* Quote removal without expansion: for here-document delimiters. */
static char *unquote(const char *w)
{
	struct sbuf b = { 0 };

	for (; *w; w++) {
		if (*w == '\\' && w[1]) {
			sb_addc(&b, *++w);
		} else if (*w == '\'') {
			while (*++w && *w != '\'')
				sb_addc(&b, *w);
			if (!*w)
				break;
		} else if (*w == '"') {
			while (*++w && *w != '"') {
				if (*w == '\\' && strchr("$`\"\\", w[1]) && w[1])
					w++;
				sb_addc(&b, *w);
			}
			if (!*w)
				break;
		} else {
			sb_addc(&b, *w);
		}
	}
	return sb_take(&b);
}

static void read_heredoc(struct redir *r)
{
	char *delim = unquote(r->word);
	struct sbuf body = { 0 }, line = { 0 };

	for (;;) {
		const char *l;
		int c;

		sb_trunc(&line, 0);
		while ((c = in_getc()) != EOF && c != '\n')
			sb_addc(&line, c);
		l = line.s ? line.s : "";
		if (r->op == R_HERETAB) {
			while (*l == '\t')
				l++;
		}
		if (strcmp(l, delim) == 0)
			break;
		if (c == EOF && !*l)
			break;
		sb_adds(&body, l);
		sb_addc(&body, '\n');
		if (c == EOF)
			break;
	}
	r->here = sb_take(&body);
	sb_free(&line);
	xfree(delim);
}

/* A newline ends the line the here-documents were named on: read them. */
static void read_heredocs(void)
{
	struct redir *r;

	while ((r = in->here_head) != NULL) {
		in->here_head = r->here_next;
		read_heredoc(r);
	}
	in->here_tail = NULL;
}

/* ===== parser ===== */

enum node_type {
	N_CMD, N_PIPE, N_AND, N_OR, N_SEQ, N_BG, N_NOT, N_IF, N_WHILE, N_UNTIL,
	N_FOR, N_CASE, N_SUBSHELL, N_GROUP, N_FUNC
};

struct case_arm {
	struct case_arm *next;
	struct strv pats;
	struct node *body;
};

struct node {
	int type;
	struct node *a, *b, *c;  /* children: and/or/seq; if: cond, then, else;
				    loops: cond/body; bodies of the rest */
	struct strv words;       /* N_CMD: words; N_FOR: the list */
	struct strv assigns;     /* N_CMD: "name=value" prefixes */
	struct redir *redirs;
	char *name;              /* N_FOR: variable; N_FUNC: name; N_CASE: word */
	struct node **cmds;      /* N_PIPE */
	int ncmds;
	bool bang;               /* N_PIPE: ! in front */
	bool has_in;             /* N_FOR: an "in" list was given */
	struct case_arm *arms;   /* N_CASE */
};

static struct node *node_new(int type)
{
	struct node *n = xmalloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->type = type;
	return n;
}

static struct node *node_pair(int type, struct node *a, struct node *b)
{
	struct node *n;

	if (!a)
		return b;
	n = node_new(type);
	n->a = a;
	n->b = b;
	return n;
}

static struct token *peek(void)
{
	if (!in->havetok) {
		lex(&in->tok);
		in->havetok = true;
	}
	return &in->tok;
}

/* Drops the lookahead; its word too, unless the parser took it (take). */
static void consume(void)
{
	xfree(in->tok.word);
	in->tok.word = NULL;
	in->havetok = false;
}

/* The lookahead's word, now the caller's. */
static char *take(struct token *t)
{
	char *w = t->word;

	t->word = NULL;
	return w;
}

static bool is_kw(struct token *t, const char *kw)
{
	return t->type == T_WORD && !t->quoted && strcmp(t->word, kw) == 0;
}

static __attribute__((noreturn)) void syntax_unexpected(struct token *t)
{
	static const char *const tok_names[] = {
		[T_SEMI] = ";", [T_DSEMI] = ";;", [T_AMP] = "&",
		[T_ANDAND] = "&&", [T_PIPE] = "|", [T_OROR] = "||",
		[T_LPAREN] = "(", [T_RPAREN] = ")",
	};
	static const char *const redir_names[] = {
		[R_IN] = "<", [R_OUT] = ">", [R_APPEND] = ">>", [R_DUPIN] = "<&",
		[R_DUPOUT] = ">&", [R_RDWR] = "<>", [R_CLOBBER] = ">|",
		[R_HERE] = "<<", [R_HERETAB] = "<<-",
	};
	const char *what;

	if (t->type == T_EOF)
		syntax_error("end of file unexpected");
	if (t->type == T_NL)
		syntax_error("newline unexpected");
	what = t->type == T_WORD ? t->word :
	       t->type == T_REDIR ? redir_names[t->op] : tok_names[t->type];
	sh_warn("syntax error: \"%s\" unexpected", what);
	sh_abort(STATUS_SYNTAX);
}

static void expect_kw(const char *kw)
{
	struct token *t = peek();

	if (!is_kw(t, kw))
		syntax_unexpected(t);
	consume();
}

static void skip_newlines(void)
{
	while (peek()->type == T_NL)
		consume();
}

static struct node *parse_and_or(void);
static struct node *parse_command(void);

/* Where a compound list stops: a closing keyword, ')' or ';;'. */
static bool at_list_end(struct token *t)
{
	static const char *const stops[] = {
		"then", "else", "elif", "fi", "do", "done", "esac", "}", NULL
	};

	if (t->type == T_EOF || t->type == T_RPAREN || t->type == T_DSEMI)
		return true;
	if (t->type != T_WORD || t->quoted)
		return false;
	for (int i = 0; stops[i]; i++) {
		if (strcmp(t->word, stops[i]) == 0)
			return true;
	}
	return false;
}

/* Commands separated by ';', '&' or newlines, up to a closing word. */
static struct node *parse_compound_list(bool allow_empty)
{
	struct node *n = NULL;

	for (;;) {
		struct node *a;
		struct token *t;

		skip_newlines();
		if (at_list_end(peek()))
			break;
		a = parse_and_or();
		t = peek();
		if (t->type == T_AMP) {
			consume();
			a = node_pair(N_BG, a, NULL);
		} else if (t->type == T_SEMI || t->type == T_NL) {
			consume();
		} else {
			n = node_pair(N_SEQ, n, a);
			break;
		}
		n = node_pair(N_SEQ, n, a);
	}
	if (!n && !allow_empty)
		syntax_unexpected(peek());
	return n;
}

static void parse_redir(struct redir **list)
{
	struct token *t = peek();
	struct redir *r = xmalloc(sizeof(*r)), **pp;

	memset(r, 0, sizeof(*r));
	r->op = t->op;
	r->fd = t->fd;
	if (r->fd < 0) {
		r->fd = (r->op == R_IN || r->op == R_DUPIN || r->op == R_RDWR ||
			 r->op == R_HERE || r->op == R_HERETAB) ? 0 : 1;
	}
	consume();
	t = peek();
	if (t->type != T_WORD)
		syntax_unexpected(t);
	r->word = take(t);
	consume();
	if (r->op == R_HERE || r->op == R_HERETAB) {
		r->here_quoted = strchr(r->word, '\'') || strchr(r->word, '"') ||
				 strchr(r->word, '\\');
		if (in->here_tail)
			in->here_tail->here_next = r;
		else
			in->here_head = r;
		in->here_tail = r;
	}
	for (pp = list; *pp; pp = &(*pp)->next)
		;
	*pp = r;
}

static bool is_assignment(const char *w)
{
	size_t n = name_len(w);

	return n && w[n] == '=';
}

static struct node *parse_simple(void)
{
	struct node *n = node_new(N_CMD);

	for (;;) {
		struct token *t = peek();
		if (t->type == T_WORD) {
			/* a closing reserved word cannot start a command */
			if (!n->words.n && !n->assigns.n && !n->redirs && at_list_end(t))
				syntax_unexpected(t);
			if (n->words.n == 0 && is_assignment(t->word))
				sv_push(&n->assigns, take(t));
			else
				sv_push(&n->words, take(t));
			consume();
			/* name() compound-command: a function definition */
			if (n->words.n == 1 && !n->assigns.n && !n->redirs &&
			    peek()->type == T_LPAREN) {
				struct node *f = node_new(N_FUNC);
				consume();
				if (peek()->type != T_RPAREN)
					syntax_unexpected(peek());
				consume();
				if (!is_name(n->words.v[0]))
					syntax_error("bad function name");
				f->name = n->words.v[0];
				xfree(n->words.v);
				xfree(n);
				skip_newlines();
				f->a = parse_command();
				return f;
			}
		} else if (t->type == T_REDIR) {
			parse_redir(&n->redirs);
		} else {
			break;
		}
	}
	if (!n->words.n && !n->assigns.n && !n->redirs)
		syntax_unexpected(peek());
	return n;
}

static struct node *parse_if(void)
{
	struct node *n = node_new(N_IF);
	struct token *t;

	n->a = parse_compound_list(false);
	expect_kw("then");
	n->b = parse_compound_list(false);
	t = peek();
	if (is_kw(t, "elif")) {
		consume();
		n->c = parse_if(); /* its "fi" closes this one too */
		return n;
	}
	if (is_kw(t, "else")) {
		consume();
		n->c = parse_compound_list(false);
	}
	expect_kw("fi");
	return n;
}

static struct node *parse_for(void)
{
	struct node *n = node_new(N_FOR);
	struct token *t = peek();

	if (t->type != T_WORD || !is_name(t->word))
		syntax_unexpected(t);
	n->name = take(t);
	consume();
	skip_newlines();
	t = peek();
	if (is_kw(t, "in")) {
		consume();
		n->has_in = true;
		while ((t = peek())->type == T_WORD) {
			sv_push(&n->words, take(t));
			consume();
		}
		if (t->type != T_SEMI && t->type != T_NL)
			syntax_unexpected(t);
		consume();
	} else if (t->type == T_SEMI) {
		consume();
	}
	skip_newlines();
	expect_kw("do");
	n->a = parse_compound_list(false);
	expect_kw("done");
	return n;
}

static struct node *parse_case(void)
{
	struct node *n = node_new(N_CASE);
	struct case_arm **tail = &n->arms;
	struct token *t = peek();

	if (t->type != T_WORD)
		syntax_unexpected(t);
	n->name = take(t);
	consume();
	skip_newlines();
	expect_kw("in");
	for (;;) {
		struct case_arm *arm;

		skip_newlines();
		t = peek();
		if (is_kw(t, "esac")) {
			consume();
			break;
		}
		if (t->type == T_LPAREN)
			consume();
		arm = xmalloc(sizeof(*arm));
		memset(arm, 0, sizeof(*arm));
		for (;;) {
			t = peek();
			if (t->type != T_WORD)
				syntax_unexpected(t);
			sv_push(&arm->pats, take(t));
			consume();
			t = peek();
			if (t->type == T_PIPE) {
				consume();
				continue;
			}
			if (t->type != T_RPAREN)
				syntax_unexpected(t);
			consume();
			break;
		}
		arm->body = parse_compound_list(true);
		*tail = arm;
		tail = &arm->next;
		t = peek();
		if (t->type == T_DSEMI) {
			consume();
			continue;
		}
		if (!is_kw(t, "esac"))
			syntax_unexpected(t);
		consume();
		break;
	}
	return n;
}

static struct node *parse_command(void)
{
	struct token *t = peek();
	struct node *n;

	if (t->type == T_LPAREN) {
		consume();
		n = node_new(N_SUBSHELL);
		n->a = parse_compound_list(false);
		if (peek()->type != T_RPAREN)
			syntax_unexpected(peek());
		consume();
	} else if (is_kw(t, "{")) {
		consume();
		n = node_new(N_GROUP);
		n->a = parse_compound_list(false);
		expect_kw("}");
	} else if (is_kw(t, "if")) {
		consume();
		n = parse_if();
	} else if (is_kw(t, "while") || is_kw(t, "until")) {
		n = node_new(is_kw(t, "while") ? N_WHILE : N_UNTIL);
		consume();
		n->a = parse_compound_list(false);
		expect_kw("do");
		n->b = parse_compound_list(false);
		expect_kw("done");
	} else if (is_kw(t, "for")) {
		consume();
		n = parse_for();
	} else if (is_kw(t, "case")) {
		consume();
		n = parse_case();
	} else {
		return parse_simple();
	}
	while (peek()->type == T_REDIR)
		parse_redir(&n->redirs);
	return n;
}

static struct node *parse_pipeline(void)
{
	struct node *n, *p;
	bool bang = false;

	if (is_kw(peek(), "!")) {
		consume();
		bang = true;
	}
	n = parse_command();
	if (peek()->type != T_PIPE && !bang)
		return n;
	p = node_new(N_PIPE);
	p->bang = bang;
	p->cmds = xmalloc(sizeof(struct node *));
	p->cmds[p->ncmds++] = n;
	while (peek()->type == T_PIPE) {
		consume();
		skip_newlines();
		p->cmds = xrealloc(p->cmds, (size_t)(p->ncmds + 1) * sizeof(struct node *));
		p->cmds[p->ncmds++] = parse_command();
	}
	return p;
}

static struct node *parse_and_or(void)
{
	struct node *n = parse_pipeline();

	for (;;) {
		struct token *t = peek();
		int type;
		if (t->type == T_ANDAND)
			type = N_AND;
		else if (t->type == T_OROR)
			type = N_OR;
		else
			return n;
		consume();
		skip_newlines();
		n = node_pair(type, n, parse_pipeline());
	}
}

/*
 * One complete command, up to the newline that ends it (which is consumed,
 * but nothing after it is read: an interactive shell must not ask for the
 * next line early). NULL for an empty line; *eof at the end of input.
 */
static struct node *parse_line(bool *eof)
{
	struct token *t = peek();
	struct node *n = NULL;

	*eof = false;
	if (t->type == T_EOF) {
		*eof = true;
		return NULL;
	}
	if (t->type == T_NL) {
		consume();
		return NULL;
	}
	for (;;) {
		struct node *a = parse_and_or();
		t = peek();
		if (t->type == T_AMP || t->type == T_SEMI) {
			if (t->type == T_AMP)
				a = node_pair(N_BG, a, NULL);
			consume();
			n = node_pair(N_SEQ, n, a);
			t = peek();
			if (t->type == T_NL || t->type == T_EOF)
				break;
			continue;
		}
		n = node_pair(N_SEQ, n, a);
		break;
	}
	t = peek();
	if (t->type == T_NL)
		consume();
	else if (t->type != T_EOF)
		syntax_unexpected(t);
	return n;
}

static void redir_free(struct redir *r)
{
	while (r) {
		struct redir *next = r->next;
		xfree(r->word);
		xfree(r->here);
		xfree(r);
		r = next;
	}
}

/* Whether running the tree could have kept a pointer into it. */
static bool node_has_func(struct node *n)
{
	if (!n)
		return false;
	if (n->type == N_FUNC || node_has_func(n->a) || node_has_func(n->b) ||
	    node_has_func(n->c))
		return true;
	for (int i = 0; i < n->ncmds; i++) {
		if (node_has_func(n->cmds[i]))
			return true;
	}
	for (struct case_arm *a = n->arms; a; a = a->next) {
		if (node_has_func(a->body))
			return true;
	}
	return false;
}

/* Frees a tree that has been run or only parsed; not one holding a
 * function definition (node_has_func), whose body the function keeps. */
static void node_free(struct node *n)
{
	if (!n)
		return;
	node_free(n->a);
	node_free(n->b);
	node_free(n->c);
	sv_free(&n->words);
	sv_free(&n->assigns);
	redir_free(n->redirs);
	xfree(n->name);
	for (int i = 0; i < n->ncmds; i++)
		node_free(n->cmds[i]);
	xfree(n->cmds);
	while (n->arms) {
		struct case_arm *a = n->arms;
		n->arms = a->next;
		sv_free(&a->pats);
		node_free(a->body);
		xfree(a);
	}
	xfree(n);
}

/*
 * After "$(": up to and including the matching ')'. The inside is parsed
 * as commands, as dash does, so that a case pattern's ')' or a comment
 * cannot end it early. The lexer keeps the text it read (captures); the
 * expander, which only needs to know where the construct ends, parses a
 * copy and throws the tree away.
 */
static void scan_paren(struct src *p, struct sbuf *b)
{
	struct token save_tok;
	struct redir *save_head, *save_tail;
	struct sbuf cap = { 0 };
	bool save_have;

	if (!p->lexer) {
		struct node *n;
		size_t used;
		push_input_string(p->s + p->pos, p->len - p->pos);
		n = parse_compound_list(true);
		if (peek()->type != T_RPAREN)
			syntax_unexpected(peek());
		used = in->spos - (size_t)in->nunget;
		pop_input();
		node_free(n);
		p->pos += used;
		return;
	}
	if (ncaptures == MAX_CAPTURE)
		syntax_error("$(...) nested too deeply");
	/* the lexer is in the middle of a token: the inner parse must not
	 * disturb it, nor the here-documents still waiting for a newline */
	save_tok = in->tok;
	save_have = in->havetok;
	save_head = in->here_head;
	save_tail = in->here_tail;
	in->havetok = false;
	in->tok.word = NULL; /* saved_tok owns it */
	in->here_head = in->here_tail = NULL;
	captures[ncaptures++] = &cap;
	node_free(parse_compound_list(true)); /* only the text is kept */
	if (peek()->type != T_RPAREN) {
		ncaptures--;
		syntax_unexpected(peek());
	}
	ncaptures--;
	in->tok = save_tok;
	in->havetok = save_have;
	in->here_head = save_head;
	in->here_tail = save_tail;
	if (b && cap.len)
		sb_addn(b, cap.s, cap.len); /* the text, with its ')' */
	sb_free(&cap);
}

/* ===== pattern matching: * ? [...] with backslash escapes ===== */

/* p at '['; returns past the ']' with *matched set, or NULL when the
 * bracket expression is not closed (then '[' is an ordinary character). */
static const char *match_bracket(const char *p, unsigned char c, bool *matched)
{
	const char *q = p + 1;
	bool neg = false, ok = false, first = true;

	if (*q == '!' || *q == '^') {
		neg = true;
		q++;
	}
	for (;; first = false) {
		unsigned char lo, hi;
		if (!*q)
			return NULL;
		if (*q == ']' && !first)
			break;
		if (*q == '\\' && q[1])
			q++;
		lo = hi = (unsigned char)*q++;
		if (q[0] == '-' && q[1] && q[1] != ']') {
			q++;
			if (*q == '\\' && q[1])
				q++;
			hi = (unsigned char)*q++;
		}
		if (c >= lo && c <= hi)
			ok = true;
	}
	*matched = ok != neg;
	return q + 1;
}

static bool pmatch(const char *p, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	for (;;) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			star_p = p;
			star_s = s;
			continue;
		}
		if (!*s)
			return !*p;
		if (*p) {
			bool matched;
			const char *np;
			if (*p == '?') {
				matched = true;
				np = p + 1;
			} else if (*p == '[' &&
				   (np = match_bracket(p, (unsigned char)*s, &matched))) {
				/* np and matched set */
			} else if (*p == '\\' && p[1]) {
				matched = p[1] == *s;
				np = p + 2;
			} else {
				matched = *p == *s;
				np = p + 1;
			}
			if (matched) {
				p = np;
				s++;
				continue;
			}
		}
		if (!star_p)
			return false;
		p = star_p;
		s = ++star_s;
	}
}

static bool has_glob_meta(const char *p)
{
	for (; *p; p++) {
		bool unused;
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '*' || *p == '?')
			return true;
		else if (*p == '[' && match_bracket(p, 0, &unused))
			return true; /* a '[' with no ']' is an ordinary character */
	}
	return false;
}

static char *unescape(const char *p)
{
	struct sbuf b = { 0 };

	for (; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		sb_addc(&b, *p);
	}
	return sb_take(&b);
}

/* ===== pathname expansion ===== */

static void glob_dir(struct sbuf *path, const char *pat, struct strv *res);

/* path holds the directories matched so far (ending in '/', or empty). */
static void glob_dir(struct sbuf *path, const char *pat, struct strv *res)
{
	const char *end = pat, *rest;
	size_t base = path->len;
	char *comp;
	int fd;

	while (*end && *end != '/') {
		if (*end == '\\' && end[1])
			end++;
		end++;
	}
	comp = xstrndup(pat, (size_t)(end - pat));
	rest = *end ? end : NULL;
	while (rest && *rest == '/')
		rest++;
	if (!has_glob_meta(comp)) {
		char *lit = unescape(comp);
		struct stat st;
		sb_adds(path, lit);
		xfree(lit);
		if (rest) {
			sb_addc(path, '/');
			if (*rest)
				glob_dir(path, rest, res);
			else if (stat(path->s, &st) == 0)
				sv_push(res, xstrdup(path->s));
		} else if (lstat(path->s, &st) == 0) {
			sv_push(res, xstrdup(path->s));
		}
		sb_trunc(path, base);
		xfree(comp);
		return;
	}
	fd = open(base ? path->s : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		static char dbuf[4096]; /* not live across the recursion */
		bool dot = comp[0] == '.' || (comp[0] == '\\' && comp[1] == '.');
		struct strv names = { 0 };
		long n;

		while ((n = getdents64(fd, dbuf, sizeof(dbuf))) > 0) {
			for (long off = 0; off < n;) {
				struct linux_dirent64 *d = (void *)(dbuf + off);
				off += d->d_reclen;
				if (d->d_name[0] == '.' && !dot)
					continue;
				if (pmatch(comp, d->d_name))
					sv_push(&names, xstrdup(d->d_name));
			}
		}
		close(fd);
		for (int i = 0; i < names.n; i++) {
			struct stat st;
			sb_trunc(path, base);
			sb_adds(path, names.v[i]);
			if (!rest) {
				sv_push(res, xstrdup(path->s));
			} else if (stat(path->s, &st) == 0 && S_ISDIR(st.st_mode)) {
				sb_addc(path, '/');
				if (*rest)
					glob_dir(path, rest, res);
				else
					sv_push(res, xstrdup(path->s));
			}
		}
		sv_free(&names);
	}
	sb_trunc(path, base);
	xfree(comp);
}

/* Adds the pathnames pat matches, sorted, or pat itself if none. */
static void glob_push(struct strv *out, const char *pat)
{
	struct strv res = { 0 };
	struct sbuf path = { 0 };
	const char *p = pat;

	if (opt_f || !has_glob_meta(pat)) {
		sv_push(out, unescape(pat));
		return;
	}
	if (*p == '/') {
		sb_addc(&path, '/');
		while (*p == '/')
			p++;
	}
	glob_dir(&path, p, &res);
	sb_free(&path);
	if (!res.n) {
		sv_push(out, unescape(pat));
		return;
	}
	sort_strings(res.v, res.n);
	for (int i = 0; i < res.n; i++)
		sv_push(out, res.v[i]);
	xfree(res.v);
}

/* ===== arithmetic: $((...)) with C's integer operators ===== */

struct arith {
	const char *p;
	const char *expr;
	int noeval; /* inside the branch && || ?: do not take */
};

static __attribute__((noreturn)) void arith_error(struct arith *a, const char *msg)
{
	sh_warn("arithmetic expression: %s: \"%s\"", msg, a->expr);
	sh_abort(STATUS_SYNTAX);
}

static void arith_space(struct arith *a)
{
	while (*a->p == ' ' || *a->p == '\t' || *a->p == '\n')
		a->p++;
}

/* Consumes op if it is next (and not the start of a longer operator). */
static bool arith_op(struct arith *a, const char *op)
{
	size_t n = strlen(op);

	arith_space(a);
	if (strncmp(a->p, op, n) != 0)
		return false;
	/* "<" must not take "<<" or "<=", "&" not "&&", "=" not "==" ... */
	if (n == 1 && strchr("<>&|=!", op[0]) && (a->p[1] == '=' || a->p[1] == op[0]))
		return false;
	if (n == 2 && strchr("<>", op[0]) && op[1] == op[0] && a->p[2] == '=')
		return false;
	if (n == 1 && strchr("*/%+-^", op[0]) && a->p[1] == '=')
		return false;
	a->p += n;
	return true;
}

static long arith_value(struct arith *a, const char *name)
{
	const char *v = var_get(name);
	char *end;
	long x;

	if (!v || !*v)
		return 0;
	x = strtol(v, &end, 0);
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (*end || end == v)
		arith_error(a, "not a number");
	return x;
}

static long arith_assign(struct arith *a);

static long arith_primary(struct arith *a)
{
	arith_space(a);
	if (*a->p == '(') {
		long v;
		a->p++;
		v = arith_assign(a);
		arith_space(a);
		if (*a->p != ')')
			arith_error(a, "missing )");
		a->p++;
		return v;
	}
	if (is_digit(*a->p)) {
		char *end;
		long v = strtol(a->p, &end, 0);
		if (is_name_char(*end))
			arith_error(a, "bad number");
		a->p = end;
		return v;
	}
	if (is_name_start(*a->p)) {
		size_t n = name_len(a->p);
		char *name = xstrndup(a->p, n);
		long v = arith_value(a, name);
		xfree(name);
		a->p += n;
		return v;
	}
	arith_error(a, *a->p ? "syntax error" : "expression expected");
}

static long arith_unary(struct arith *a)
{
	if (arith_op(a, "!"))
		return !arith_unary(a);
	if (arith_op(a, "~"))
		return ~arith_unary(a);
	if (arith_op(a, "-"))
		return -arith_unary(a);
	if (arith_op(a, "+"))
		return arith_unary(a);
	return arith_primary(a);
}

/* Binary operators by precedence level, lowest first. */
static const char *const arith_levels[][5] = {
	{ "|", NULL }, { "^", NULL }, { "&", NULL }, { "==", "!=", NULL },
	{ "<=", ">=", "<", ">", NULL }, { "<<", ">>", NULL }, { "+", "-", NULL },
	{ "*", "/", "%", NULL },
};
#define ARITH_LEVELS (int)(sizeof(arith_levels) / sizeof(arith_levels[0]))

static long arith_apply(struct arith *a, const char *op, long x, long y)
{
	switch (op[0]) {
	case '|': return x | y;
	case '^': return x ^ y;
	case '&': return x & y;
	case '=': return x == y;
	case '!': return x != y;
	case '+': return x + y;
	case '-': return x - y;
	case '*': return x * y;
	case '/':
	case '%':
		if (y == 0) {
			if (a->noeval)
				return 0;
			arith_error(a, "division by zero");
		}
		if (x == LONG_MIN && y == -1)
			return op[0] == '/' ? x : 0;
		return op[0] == '/' ? x / y : x % y;
	case '<':
		return op[1] == '<' ? (long)((unsigned long)x << (y & 63)) :
		       op[1] == '=' ? x <= y : x < y;
	case '>':
		return op[1] == '>' ? x >> (y & 63) : op[1] == '=' ? x >= y : x > y;
	}
	return 0;
}

static long arith_binary(struct arith *a, int level)
{
	long x;

	if (level == ARITH_LEVELS)
		return arith_unary(a);
	x = arith_binary(a, level + 1);
	for (;;) {
		const char *op = NULL;
		for (int i = 0; arith_levels[level][i]; i++) {
			if (arith_op(a, arith_levels[level][i])) {
				op = arith_levels[level][i];
				break;
			}
		}
		if (!op)
			return x;
		x = arith_apply(a, op, x, arith_binary(a, level + 1));
	}
}

static long arith_logic(struct arith *a, bool is_or)
{
	long x = is_or ? arith_logic(a, false) : arith_binary(a, 0);

	while (arith_op(a, is_or ? "||" : "&&")) {
		bool skip = is_or ? x != 0 : x == 0;
		long y;
		a->noeval += skip;
		y = is_or ? arith_logic(a, false) : arith_binary(a, 0);
		a->noeval -= skip;
		x = is_or ? (x || y) : (x && y);
	}
	return x;
}

static long arith_cond(struct arith *a)
{
	long c = arith_logic(a, true), x, y;

	if (!arith_op(a, "?"))
		return c;
	a->noeval += !c;
	x = arith_assign(a);
	a->noeval -= !c;
	if (!arith_op(a, ":"))
		arith_error(a, "expecting ':'");
	a->noeval += !!c;
	y = arith_cond(a);
	a->noeval -= !!c;
	return c ? x : y;
}

static long arith_assign(struct arith *a)
{
	static const char *const ops[] = {
		"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|=", NULL
	};
	const char *save;
	size_t n;

	arith_space(a);
	save = a->p;
	n = name_len(a->p);
	if (n) {
		a->p += n;
		arith_space(a);
		for (int i = 0; ops[i]; i++) {
			size_t k = strlen(ops[i]);
			if (strncmp(a->p, ops[i], k) == 0 && a->p[k] != '=') {
				char *name = xstrndup(save, n);
				long v, old = arith_value(a, name);
				char num[32];
				a->p += k;
				v = arith_assign(a);
				if (ops[i][0] != '=') {
					char op[3] = { ops[i][0], k == 3 ? ops[i][1] : 0, 0 };
					v = arith_apply(a, op, old, v);
				}
				if (!a->noeval) {
					snprintf(num, sizeof(num), "%ld", v);
					var_set(name, num, 0);
				}
				xfree(name);
				return v;
			}
		}
		a->p = save;
	}
	return arith_cond(a);
}

static long arith_eval(const char *expr)
{
	struct arith a = { .p = expr, .expr = expr };
	long v;

	arith_space(&a);
	if (!*a.p)
		return 0;
	v = arith_assign(&a);
	arith_space(&a);
	if (*a.p)
		arith_error(&a, "syntax error");
	return v;
}

/* ===== word expansion =====
 * A word is expanded into fields: parameters, command substitution,
 * arithmetic, tilde, then field splitting on IFS, pathname expansion and
 * quote removal. While a field is built, a quoted character that would be
 * special to pattern matching carries a backslash (EXP_GLOB, EXP_PAT), so
 * globbing and case know which characters were quoted. */

#define EXP_SPLIT 1 /* field splitting */
#define EXP_GLOB 2  /* pathname expansion */
#define EXP_PAT 4   /* the result is a pattern: keep the escapes */
#define EXP_TILDE 8
#define EXP_HERE 16 /* here-document or $((...)): only \$ \` \\ \newline */

struct exp {
	int flags;
	struct sbuf cur;
	bool started; /* the field exists even if empty ("" was seen) */
	int dstate;   /* splitting: 0 in a field, 1 after IFS space, 2 after
			 another IFS character */
	bool brace_word; /* in the word of ${name-word}: its text is split
			    like an expansion's, and "" quotes even inside "" */
	struct strv out;
};

static void run_string(const char *s, size_t len, bool last_exit);
static int wait_one(pid_t pid, bool report);
static void enter_subshell(void);

static const char *ifs_value(void)
{
	const char *ifs = var_get("IFS");

	return ifs ? ifs : " \t\n";
}

static bool is_ifs_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static void exp_char(struct exp *e, int c, bool quoted)
{
	if ((e->flags & (EXP_GLOB | EXP_PAT)) &&
	    (c == '\\' || (quoted && (c == '*' || c == '?' || c == '[' || c == ']'))))
		sb_addc(&e->cur, '\\');
	sb_addc(&e->cur, c);
	e->dstate = 0;
}

static void exp_end_field(struct exp *e)
{
	char *f = sb_take(&e->cur);

	e->started = false;
	if (e->flags & EXP_GLOB) {
		glob_push(&e->out, f);
		xfree(f);
	} else {
		sv_push(&e->out, f);
	}
}

/* Text from an expansion: split on IFS unless quoted. */
static void exp_text(struct exp *e, const char *s, size_t n, bool quoted)
{
	const char *ifs;

	if (quoted || !(e->flags & EXP_SPLIT)) {
		for (size_t i = 0; i < n; i++)
			exp_char(e, s[i], quoted);
		if (quoted || n)
			e->started = true;
		return;
	}
	ifs = ifs_value();
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c && strchr(ifs, c)) {
			if (is_ifs_space(c)) {
				if (e->started) {
					exp_end_field(e);
					e->dstate = 1;
				}
			} else {
				if (e->started)
					exp_end_field(e);
				else if (e->dstate != 1)
					sv_push(&e->out, xstrdup(""));
				e->dstate = 2;
			}
		} else {
			exp_char(e, c, false);
			e->started = true;
		}
	}
}

/* The value of a special or named parameter, NULL if unset; numbers are
 * formatted into buf. */
static const char *param_value(const char *name, char *buf, size_t size)
{
	if (!name[1]) {
		switch (name[0]) {
		case '?':
			snprintf(buf, size, "%d", last_status);
			return buf;
		case '$':
			snprintf(buf, size, "%d", root_pid);
			return buf;
		case '!':
			if (!last_bg)
				return NULL;
			snprintf(buf, size, "%d", last_bg);
			return buf;
		case '#':
			snprintf(buf, size, "%d", pos_n);
			return buf;
		case '-':
			snprintf(buf, size, "%s%s%s%s%s", opt_e ? "e" : "",
				 opt_f ? "f" : "", interactive ? "i" : "",
				 opt_u ? "u" : "", opt_x ? "x" : "");
			return buf;
		}
	}
	if (is_digit(name[0])) {
		long i = strtol(name, NULL, 10);
		if (i == 0)
			return arg0;
		return i <= pos_n ? pos_v[i - 1] : NULL;
	}
	return var_get(name);
}

/* $@ and $*, unquoted or quoted. */
static void exp_all_params(struct exp *e, bool at, bool dq)
{
	if (dq && at && (e->flags & EXP_SPLIT)) {
		for (int i = 0; i < pos_n; i++) {
			exp_text(e, pos_v[i], strlen(pos_v[i]), true);
			if (i + 1 < pos_n)
				exp_end_field(e);
		}
		return;
	}
	if (dq || !(e->flags & EXP_SPLIT)) {
		const char *ifs = var_get("IFS");
		char sep = at || !ifs ? ' ' : ifs[0];
		for (int i = 0; i < pos_n; i++) {
			if (i && sep)
				exp_text(e, &sep, 1, dq);
			exp_text(e, pos_v[i], strlen(pos_v[i]), dq);
		}
		return;
	}
	for (int i = 0; i < pos_n; i++) {
		if (i && e->started) {
			exp_end_field(e);
			e->dstate = 1;
		}
		exp_text(e, pos_v[i], strlen(pos_v[i]), false);
	}
}

static void exp_param(struct exp *e, const char *name, bool dq)
{
	char buf[64];
	const char *v;

	if (!name[1] && (name[0] == '@' || name[0] == '*')) {
		exp_all_params(e, name[0] == '@', dq);
		return;
	}
	v = param_value(name, buf, sizeof(buf));
	if (!v) {
		if (opt_u) {
			sh_warn("%s: parameter not set", name);
			sh_abort(STATUS_SYNTAX);
		}
		return;
	}
	exp_text(e, v, strlen(v), dq);
}

static void exp_part(struct exp *e, const char *s, size_t len, bool dq);
static char *expand_str(const char *w, int flags);

static char *expand_strn(const char *w, size_t n, int flags)
{
	char *s = xstrndup(w, n);
	char *r = expand_str(s, flags);

	xfree(s);
	return r;
}

/* ${name%pat} and friends: op 1 '%', 2 '%%', 3 '#', 4 '##'. */
static char *remove_pattern(const char *val, const char *pat, int op)
{
	size_t n = strlen(val);
	char *tmp = xstrdup(val);
	char *r = NULL;

	for (size_t i = 0; i <= n && !r; i++) {
		/* '#' tries short prefixes first, '##' long ones; '%' tries
		 * short suffixes first (cut late), '%%' long ones. */
		size_t k = (op == 3 || op == 2) ? i : n - i;
		if (op >= 3) {
			char c = tmp[k];
			tmp[k] = 0;
			if (pmatch(pat, tmp))
				r = xstrdup(val + k);
			tmp[k] = c;
		} else if (pmatch(pat, val + k)) {
			r = xstrndup(val, k);
		}
	}
	xfree(tmp);
	return r ? r : xstrdup(val);
}

static void exp_brace_word(struct exp *e, const char *w, size_t len, bool dq)
{
	bool old = e->brace_word;

	e->brace_word = true;
	exp_part(e, w, len, dq);
	e->brace_word = old;
}

static void exp_brace(struct exp *e, const char *s, size_t len, bool dq)
{
	char buf[64];
	char *name;
	const char *v, *op, *word;
	size_t n = 0, wlen;
	bool colon = false, set, nonnull;

	if (len > 1 && s[0] == '#') {
		/* ${#name}: the length */
		char num[32];
		name = xstrndup(s + 1, len - 1);
		if (!strcmp(name, "@") || !strcmp(name, "*")) {
			snprintf(num, sizeof(num), "%d", pos_n);
		} else {
			v = param_value(name, buf, sizeof(buf));
			snprintf(num, sizeof(num), "%zu", v ? strlen(v) : (size_t)0);
		}
		xfree(name);
		exp_text(e, num, strlen(num), dq);
		return;
	}
	if (len && (strchr("@*#?$!-", s[0]) || is_digit(s[0]))) {
		n = 1;
		if (is_digit(s[0]))
			while (n < len && is_digit(s[n]))
				n++;
	} else {
		while (n < len && is_name_char(s[n]))
			n++;
		if (n && is_digit(s[0]))
			n = 0;
	}
	if (!n) {
		sh_warn("${%.*s}: bad substitution", (int)len, s);
		sh_abort(STATUS_SYNTAX);
	}
	name = xstrndup(s, n);
	if (n == len) {
		exp_param(e, name, dq);
		xfree(name);
		return;
	}
	op = s + n;
	if (*op == ':') {
		colon = true;
		op++;
	}
	if (!strchr("-=+?%#", *op) || (colon && strchr("%#", *op))) {
		sh_warn("${%.*s}: bad substitution", (int)len, s);
		sh_abort(STATUS_SYNTAX);
	}
	word = op + 1;
	if ((*op == '%' || *op == '#') && *word == *op)
		word++;
	wlen = len - (size_t)(word - s);
	if (!strcmp(name, "@") || !strcmp(name, "*")) {
		set = nonnull = pos_n > 0;
		v = NULL;
	} else {
		v = param_value(name, buf, sizeof(buf));
		set = v != NULL;
		nonnull = set && *v;
	}
	switch (*op) {
	case '-':
		if (colon ? !nonnull : !set)
			exp_brace_word(e, word, wlen, dq);
		else
			exp_param(e, name, dq);
		break;
	case '+':
		if (colon ? nonnull : set)
			exp_brace_word(e, word, wlen, dq);
		break;
	case '=':
		if (colon ? !nonnull : !set) {
			char *val = expand_strn(word, wlen, EXP_TILDE);
			if (!is_name(name)) {
				sh_warn("%s: cannot assign in this way", name);
				sh_abort(STATUS_SYNTAX);
			}
			var_set(name, val, 0);
			exp_text(e, val, strlen(val), dq);
			xfree(val);
		} else {
			exp_param(e, name, dq);
		}
		break;
	case '?':
		if (colon ? !nonnull : !set) {
			char *msg = expand_strn(word, wlen, 0);
			sh_warn("%s: %s", name, *msg ? msg : "parameter not set");
			xfree(msg);
			sh_abort(STATUS_SYNTAX);
		}
		exp_param(e, name, dq);
		break;
	default: { /* % %% # ## */
		char *pat = expand_strn(word, wlen, EXP_PAT);
		int kind = (*op == '%' ? 1 : 3) + (word - op == 2);
		char *r = remove_pattern(v ? v : "", pat, kind);
		exp_text(e, r, strlen(r), dq);
		xfree(r);
		xfree(pat);
		break;
	}
	}
	xfree(name);
}

/* $(cmd): runs cmd in a subshell and inserts its output, less the
 * trailing newlines. */
static void exp_command(struct exp *e, const char *cmd, size_t len, bool dq)
{
	struct sbuf out = { 0 };
	char buf[1024];
	int fds[2];
	pid_t pid;
	ssize_t n;

	if (pipe(fds) < 0) {
		sh_warn("pipe: %s", strerror(errno));
		sh_abort(STATUS_SYNTAX);
	}
	pid = fork();
	if (pid < 0) {
		sh_warn("fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		sh_abort(STATUS_SYNTAX);
	}
	if (pid == 0) {
		close(fds[0]);
		if (fds[1] != STDOUT_FILENO) {
			dup2(fds[1], STDOUT_FILENO);
			close(fds[1]);
		}
		enter_subshell();
		run_string(cmd, len, true);
		exit(last_status);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		sb_addn(&out, buf, (size_t)n);
	}
	close(fds[0]);
	subst_status = wait_one(pid, false);
	while (out.len && out.s[out.len - 1] == '\n')
		out.len--;
	exp_text(e, out.s ? out.s : "", out.len, dq);
	sb_free(&out);
}

/* `cmd`: inside, backslash quotes only $ ` \ (and " within "..."). */
static void exp_backquote(struct exp *e, const char *s, size_t len, bool dq)
{
	struct sbuf cmd = { 0 };

	for (size_t k = 0; k < len; k++) {
		if (s[k] == '\\' && k + 1 < len &&
		    (s[k + 1] == '$' || s[k + 1] == '`' || s[k + 1] == '\\' ||
		     (dq && s[k + 1] == '"')))
			k++;
		sb_addc(&cmd, s[k]);
	}
	exp_command(e, cmd.s ? cmd.s : "", cmd.len, dq);
	sb_free(&cmd);
}

/* Where the construct that starts at s[i] (after its opening character)
 * ends: scanned as the lexer did. */
static size_t exp_skip(const char *s, size_t i, size_t len,
		       void (*scan)(struct src *, struct sbuf *))
{
	struct src p = { .s = s, .pos = i, .len = len };

	scan(&p, NULL);
	return p.pos;
}

static void scan_brace_dq(struct src *p, struct sbuf *b)
{
	scan_brace(p, b, true);
}

static void scan_brace_nodq(struct src *p, struct sbuf *b)
{
	scan_brace(p, b, false);
}

/* s[i] is '$': expands what follows; returns the index after it. */
static size_t exp_dollar(struct exp *e, const char *s, size_t i, size_t len, bool dq)
{
	size_t j = i + 1, end;
	char c = j < len ? s[j] : 0;

	if (c == '{') {
		end = exp_skip(s, j + 1, len, dq ? scan_brace_dq : scan_brace_nodq);
		exp_brace(e, s + j + 1, end - j - 2, dq);
		return end;
	}
	if (c == '(' && j + 1 < len && s[j + 1] == '(') {
		char num[32];
		char *expr;
		end = exp_skip(s, j + 2, len, scan_arith);
		expr = expand_strn(s + j + 2, end - j - 4, EXP_HERE);
		snprintf(num, sizeof(num), "%ld", arith_eval(expr));
		xfree(expr);
		exp_text(e, num, strlen(num), dq);
		return end;
	}
	if (c == '(') {
		end = exp_skip(s, j + 1, len, scan_paren);
		exp_command(e, s + j + 1, end - j - 2, dq);
		return end;
	}
	if (c && (strchr("@*#?$!-", c) || is_digit(c))) {
		char name[2] = { c, 0 };
		exp_param(e, name, dq);
		return j + 1;
	}
	if (is_name_start(c)) {
		size_t k = j;
		char *name;
		while (k < len && is_name_char(s[k]))
			k++;
		name = xstrndup(s + j, k - j);
		exp_param(e, name, dq);
		xfree(name);
		return k;
	}
	exp_char(e, '$', dq);
	e->started = true;
	return j;
}

/* ~ (n == 0: $HOME) or ~user (from /etc/passwd): NULL if unknown. */
static char *home_dir(const char *user, size_t n)
{
	struct sbuf b = { 0 };
	char buf[512];
	char *home = NULL;
	ssize_t r;
	int fd;

	if (n == 0) {
		const char *h = var_get("HOME");
		return h ? xstrdup(h) : NULL;
	}
	fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		sb_addn(&b, buf, (size_t)r);
	close(fd);
	/* name:password:uid:gid:gecos:home:shell */
	for (char *line = b.s; line && *line && !home;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		if (!strncmp(line, user, n) && line[n] == ':') {
			char *f = line;
			for (int i = 0; i < 5 && f; i++) {
				f = strchr(f, ':');
				if (f)
					f++;
			}
			if (f) {
				char *end = strchr(f, ':');
				home = xstrndup(f, end ? (size_t)(end - f) : strlen(f));
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	sb_free(&b);
	return home;
}

/* Expands s[0..len) into e; dq: inside double quotes. */
static void exp_part(struct exp *e, const char *s, size_t len, bool dq)
{
	bool plain = !dq && !(e->flags & EXP_HERE); /* quotes are special */
	size_t i = 0;

	if (plain && (e->flags & EXP_TILDE) && len && s[0] == '~') {
		size_t k = 1;
		char *home;
		while (k < len && s[k] != '/' && (is_name_char(s[k]) || s[k] == '-' || s[k] == '.'))
			k++;
		if (k == len || s[k] == '/') {
			home = home_dir(s + 1, k - 1);
			if (home) {
				exp_text(e, home, strlen(home), true);
				xfree(home);
				i = k;
			}
		}
	}
	while (i < len) {
		char c = s[i];
		size_t end;

		if (c == '\\') {
			char d = i + 1 < len ? s[i + 1] : 0;
			if (!d) {
				exp_char(e, '\\', true);
			} else if (plain) {
				exp_char(e, d, true);
				i++;
			} else if (d == '\n') {
				i++;
			} else if (d == '$' || d == '`' || d == '\\' ||
				   (d == '"' && !(e->flags & EXP_HERE))) {
				exp_char(e, d, true);
				i++;
			} else {
				exp_char(e, '\\', true);
			}
			e->started = true;
			i++;
			continue;
		}
		if (plain && c == '\'') {
			end = exp_skip(s, i + 1, len, scan_squote);
			exp_text(e, s + i + 1, end - i - 2, true);
			i = end;
			continue;
		}
		if (c == '"' && (plain || (dq && e->brace_word))) {
			size_t inner;
			end = exp_skip(s, i + 1, len, scan_dquote);
			inner = end - i - 2;
			exp_part(e, s + i + 1, inner, true);
			/* "$@" with no parameters makes no field at all */
			if (!((inner == 2 && !strncmp(s + i + 1, "$@", 2)) ||
			      (inner == 4 && !strncmp(s + i + 1, "${@}", 4))))
				e->started = true;
			i = end;
			continue;
		}
		if (c == '$') {
			i = exp_dollar(e, s, i, len, dq);
			continue;
		}
		if (c == '`') {
			end = exp_skip(s, i + 1, len, scan_bquote);
			exp_backquote(e, s + i + 1, end - i - 2, dq);
			i = end;
			continue;
		}
		if (e->brace_word && !dq) {
			exp_text(e, &c, 1, false); /* sets started itself */
		} else {
			exp_char(e, c, dq);
			e->started = true;
		}
		i++;
	}
}

/* Expands a word into fields, appended to out. */
static void expand_word(const char *w, int flags, struct strv *out)
{
	struct exp e = { .flags = flags, .out = *out };

	exp_part(&e, w, strlen(w), (flags & EXP_HERE) != 0);
	if (e.started || e.cur.len)
		exp_end_field(&e);
	sb_free(&e.cur);
	*out = e.out;
}

/* Expands a word into one string: no field splitting, no globbing. */
static char *expand_str(const char *w, int flags)
{
	struct strv v = { 0 };
	struct sbuf b = { 0 };

	expand_word(w, flags & ~(EXP_SPLIT | EXP_GLOB), &v);
	for (int i = 0; i < v.n; i++) {
		if (i)
			sb_addc(&b, ' ');
		sb_adds(&b, v.v[i]);
	}
	sv_free(&v);
	return sb_take(&b);
}

/* ===== redirections =====
 * A command's redirections are undone afterwards unless it runs in a
 * process of its own: each saved descriptor is copied high (close-on-exec)
 * and put back in reverse order. The frames form a stack so that an error
 * that returns to the prompt can undo them all. */

struct saved_fd {
	int fd;
	int copy; /* -1: fd was closed */
};

struct redir_save {
	struct redir_save *prev;
	struct saved_fd *v;
	int n, cap;
};

static struct redir_save *redir_stack;

static void redir_push(struct redir_save *s)
{
	memset(s, 0, sizeof(*s));
	s->prev = redir_stack;
	redir_stack = s;
}

static void redir_pop(struct redir_save *s)
{
	for (int i = s->n - 1; i >= 0; i--) {
		if (s->v[i].copy >= 0) {
			dup2(s->v[i].copy, s->v[i].fd);
			close(s->v[i].copy);
		} else {
			close(s->v[i].fd);
		}
	}
	xfree(s->v);
	redir_stack = s->prev;
}

static void save_fd(struct redir_save *s, int fd)
{
	for (int i = 0; i < s->n; i++) {
		if (s->v[i].fd == fd)
			return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->v = xrealloc(s->v, (size_t)s->cap * sizeof(*s->v));
	}
	s->v[s->n].fd = fd;
	s->v[s->n].copy = fcntl(fd, F_DUPFD_CLOEXEC, SH_FD_MIN);
	s->n++;
}

/* A pipe whose read end yields the here-document. */
static int heredoc_fd(struct redir *r)
{
	char *body = r->here_quoted ? xstrdup(r->here) : expand_str(r->here, EXP_HERE);
	size_t len = strlen(body), done = 0;
	int p[2];

	if (pipe(p) < 0) {
		sh_warn("pipe: %s", strerror(errno));
		xfree(body);
		return -1;
	}
	if (len > HERE_PIPE_MAX) {
		/* Too big to sit in the pipe: a child writes it (and is
		 * reaped with the background jobs). */
		pid_t pid = fork();
		if (pid == 0) {
			close(p[0]);
			while (done < len) {
				ssize_t n = write(p[1], body + done, len - done);
				if (n <= 0)
					_exit(1);
				done += (size_t)n;
			}
			_exit(0);
		}
	} else {
		while (done < len) {
			ssize_t n = write(p[1], body + done, len - done);
			if (n <= 0)
				break;
			done += (size_t)n;
		}
	}
	close(p[1]);
	xfree(body);
	return p[0];
}

/* Applies the list left to right, saving into s (NULL: for good).
 * Returns 0, or -1 after reporting the one that failed. */
static int apply_redirs(struct redir *r, struct redir_save *s)
{
	for (; r; r = r->next) {
		int fd = r->fd, nfd, flags;
		char *word;

		if (s)
			save_fd(s, fd);
		if (r->op == R_HERE || r->op == R_HERETAB) {
			nfd = heredoc_fd(r);
			if (nfd < 0)
				return -1;
		} else {
			word = expand_str(r->word, EXP_TILDE);
			if (r->op == R_DUPIN || r->op == R_DUPOUT) {
				char *end;
				long from = strtol(word, &end, 10);
				if (!strcmp(word, "-")) {
					close(fd);
				} else if (!*word || *end || from < 0 || from > INT_MAX) {
					sh_warn("%s: bad fd number", word);
					xfree(word);
					return -1;
				} else if ((from == fd && fcntl(fd, F_GETFD) < 0) ||
					   (from != fd && dup2((int)from, fd) < 0)) {
					sh_warn("%ld: %s", from, strerror(errno));
					xfree(word);
					return -1;
				}
				xfree(word);
				continue;
			}
			flags = r->op == R_IN ? O_RDONLY :
				r->op == R_RDWR ? O_RDWR | O_CREAT :
				r->op == R_APPEND ? O_WRONLY | O_CREAT | O_APPEND :
				O_WRONLY | O_CREAT | O_TRUNC;
			nfd = open(word, flags, 0666);
			if (nfd < 0) {
				sh_warn("%s: %s", word, strerror(errno));
				xfree(word);
				return -1;
			}
			xfree(word);
		}
		if (nfd != fd) {
			if (dup2(nfd, fd) < 0) {
				sh_warn("%d: %s", fd, strerror(errno));
				close(nfd);
				return -1;
			}
			close(nfd);
		}
	}
	return 0;
}

/* ===== signals and jobs ===== */

struct signame {
	const char *name; /* without "SIG" */
	const char *text; /* what glibc's strsignal says */
};

static const struct signame signames[] = {
	[SIGHUP] = { "HUP", "Hangup" },
	[SIGINT] = { "INT", "Interrupt" },
	[SIGQUIT] = { "QUIT", "Quit" },
	[SIGILL] = { "ILL", "Illegal instruction" },
	[SIGTRAP] = { "TRAP", "Trace/breakpoint trap" },
	[SIGABRT] = { "ABRT", "Aborted" },
	[SIGBUS] = { "BUS", "Bus error" },
	[SIGFPE] = { "FPE", "Floating point exception" },
	[SIGKILL] = { "KILL", "Killed" },
	[SIGUSR1] = { "USR1", "User defined signal 1" },
	[SIGSEGV] = { "SEGV", "Segmentation fault" },
	[SIGUSR2] = { "USR2", "User defined signal 2" },
	[SIGPIPE] = { "PIPE", "Broken pipe" },
	[SIGALRM] = { "ALRM", "Alarm clock" },
	[SIGTERM] = { "TERM", "Terminated" },
	[SIGSTKFLT] = { "STKFLT", "Stack fault" },
	[SIGCHLD] = { "CHLD", "Child exited" },
	[SIGCONT] = { "CONT", "Continued" },
	[SIGSTOP] = { "STOP", "Stopped (signal)" },
	[SIGTSTP] = { "TSTP", "Stopped" },
	[SIGTTIN] = { "TTIN", "Stopped (tty input)" },
	[SIGTTOU] = { "TTOU", "Stopped (tty output)" },
	[SIGURG] = { "URG", "Urgent I/O condition" },
	[SIGXCPU] = { "XCPU", "CPU time limit exceeded" },
	[SIGXFSZ] = { "XFSZ", "File size limit exceeded" },
	[SIGVTALRM] = { "VTALRM", "Virtual timer expired" },
	[SIGPROF] = { "PROF", "Profiling timer expired" },
	[SIGWINCH] = { "WINCH", "Window changed" },
	[SIGIO] = { "IO", "I/O possible" },
	[SIGPWR] = { "PWR", "Power failure" },
	[SIGSYS] = { "SYS", "Bad system call" },
};
#define NSIGNAMES (int)(sizeof(signames) / sizeof(signames[0]))

/* A signal given as a number or a name (with or without SIG); -1 if bad. */
static int sig_number(const char *s)
{
	if (is_digit(s[0])) {
		char *end;
		long n = strtol(s, &end, 10);
		return *end || n > NSIG ? -1 : (int)n;
	}
	if (!strncmp(s, "SIG", 3))
		s += 3;
	for (int i = 1; i < NSIGNAMES; i++) {
		if (signames[i].name && !strcmp(s, signames[i].name))
			return i;
	}
	return -1;
}

static void sig_set(int sig, sighandler_t h)
{
	struct sigaction sa = { .sa_handler = h };

	sigaction(sig, &sa, NULL);
}

/* Ignores sig for the shell's own sake, unless it was ignored already
 * (then children inherit that, as POSIX asks). */
static void sig_ignore_own(int sig)
{
	struct sigaction old;

	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		return;
	sig_set(sig, SIG_IGN);
	sig_reset |= 1UL << (sig - 1);
}

static void sig_restore_defaults(void)
{
	for (int sig = 1; sig <= NSIG; sig++) {
		if (sig_reset & (1UL << (sig - 1)))
			sig_set(sig, SIG_DFL);
	}
	sig_reset = 0;
}

/*
 * Traps. A trapped signal only sets a flag; its command runs after the
 * command in progress (run() checks), as in dash. trap_action[0] is the
 * EXIT trap, run by sh_exit.
 */
static char *trap_action[NSIG + 1];
static volatile int trap_pending[NSIG + 1];
static volatile int any_trap_pending;
static bool in_trap;

static void trap_handler(int sig)
{
	trap_pending[sig] = 1;
	any_trap_pending = 1;
}

static void run_traps(void)
{
	int saved = last_status;

	if (in_trap)
		return;
	in_trap = true;
	any_trap_pending = 0;
	for (int sig = 1; sig <= NSIG; sig++) {
		if (trap_pending[sig]) {
			trap_pending[sig] = 0;
			if (trap_action[sig] && *trap_action[sig])
				run_string(trap_action[sig], strlen(trap_action[sig]), false);
		}
	}
	last_status = saved;
	in_trap = false;
}

/* Leaves the shell, running the EXIT trap first. */
static __attribute__((noreturn)) void sh_exit(int status)
{
	char *action = trap_action[0];

	if (action) {
		trap_action[0] = NULL; /* an exit inside it really exits */
		last_status = status;
		run_string(action, strlen(action), false);
	}
	exit(status);
}

/* The shell's status for a wait status; reports a death by signal. */
static int wait_status(int ws, bool report)
{
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	if (WIFSIGNALED(ws)) {
		int sig = WTERMSIG(ws);
		if (report && sig == SIGINT && interactive) {
			write(STDERR_FILENO, "\n", 1);
		} else if (report && sig != SIGINT && sig != SIGPIPE) {
			char buf[64];
			const char *text = sig < NSIGNAMES && signames[sig].text ?
					   signames[sig].text : "Unknown signal";
			snprintf(buf, sizeof(buf), "%s%s\n", text,
				 WCOREDUMP(ws) ? " (core dumped)" : "");
			write(STDERR_FILENO, buf, strlen(buf));
		}
		return 128 + sig;
	}
	return 128 + WSTOPSIG(ws);
}

static int wait_one(pid_t pid, bool report)
{
	int ws = 0;
	pid_t r;

	do
		r = wait4(pid, &ws, 0, NULL);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return STATUS_NOT_FOUND;
	return wait_status(ws, report);
}

/* Waits for a foreground job; its status is the last process's. */
static int wait_fg(pid_t *pids, int n)
{
	int st = 0;

	for (int i = 0; i < n; i++) {
		int s = wait_one(pids[i], i == n - 1);
		if (i == n - 1)
			st = s;
	}
	if (jobctl)
		tcsetpgrp(tty_fd, shell_pgid);
	return st;
}

struct job {
	struct job *next;
	int id;
	pid_t pid;
	bool done;
	int ws; /* wait status, once done */
};

static struct job *jobs;

static struct job *job_add(pid_t pid)
{
	struct job *j = xmalloc(sizeof(*j)), **pp = &jobs;
	int id = 1;

	/* the lowest free number, as dash picks it */
	for (struct job *k = jobs; k;) {
		if (k->id == id) {
			id++;
			k = jobs;
		} else {
			k = k->next;
		}
	}
	j->id = id;
	j->pid = pid;
	j->done = false;
	j->ws = 0;
	j->next = NULL;
	while (*pp)
		pp = &(*pp)->next;
	*pp = j;
	return j;
}

static void job_remove(struct job *j)
{
	for (struct job **pp = &jobs; *pp; pp = &(*pp)->next) {
		if (*pp == j) {
			*pp = j->next;
			xfree(j);
			return;
		}
	}
}

static struct job *job_find(pid_t pid)
{
	for (struct job *j = jobs; j; j = j->next) {
		if (j->pid == pid)
			return j;
	}
	return NULL;
}

/* Collects finished background processes without blocking. */
static void jobs_reap(void)
{
	int ws;
	pid_t pid;

	while ((pid = wait4(-1, &ws, WNOHANG, NULL)) > 0) {
		struct job *j = job_find(pid);
		if (j) {
			j->done = true;
			j->ws = ws;
		}
	}
	if (interactive) {
		/* nobody will `wait` for them: forget the finished ones */
		for (struct job *j = jobs, *next; j; j = next) {
			next = j->next;
			if (j->done)
				job_remove(j);
		}
	}
}

/* Waits for a background job (if still running) and reports it. */
static int job_wait(struct job *j)
{
	while (!j->done) {
		pid_t r = wait4(j->pid, &j->ws, 0, NULL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return STATUS_NOT_FOUND;
		j->done = true;
	}
	return wait_status(j->ws, true);
}

/* In a child: no longer the interactive shell; signals as on entry. */
static void enter_subshell(void)
{
	interactive = false;
	have_top_jmp = false;
	jobctl = false;
	while (jobs)
		job_remove(jobs); /* the parent's: not ours to wait for */
	sig_restore_defaults();
	/* traps are not inherited; ignored signals stay ignored */
	for (int sig = 0; sig <= NSIG; sig++) {
		if (trap_action[sig] && *trap_action[sig]) {
			if (sig)
				sig_set(sig, SIG_DFL);
			xfree(trap_action[sig]);
			trap_action[sig] = NULL;
		}
	}
}

/*
 * Forks one process of a job. With job control the child joins the job's
 * group (a new one led by the first child when *pgid is 0) and, in the
 * foreground, takes the terminal; both sides do it, so neither order of
 * running after fork leaves a window. Returns fork's result.
 */
static pid_t fork_member(pid_t *pgid, bool fg)
{
	pid_t pid = fork();

	if (pid < 0) {
		sh_warn("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (jobctl) {
			pid_t pg = *pgid ? *pgid : getpid();
			setpgid(0, pg);
			if (fg)
				tcsetpgrp(tty_fd, pg);
		}
		enter_subshell();
		return 0;
	}
	if (jobctl) {
		if (!*pgid)
			*pgid = pid;
		setpgid(pid, *pgid);
	}
	return pid;
}

/* ===== execution ===== */

static int run(struct node *n, int flags);
static void run_script_child(const char *path, char **argv);

/* Replaces the process with argv[0] found on PATH; reports and exits on
 * failure (127 not found, 126 found but not runnable). */
static __attribute__((noreturn)) void exec_external(char **argv)
{
	const char *path = var_get("PATH");
	char found[PATH_MAX];
	int err;

	sig_restore_defaults();
	minc_exec_search(argv[0], path ? path : SH_DEFAULT_PATH, argv, build_env(),
			 found, sizeof(found));
	err = errno;
	if (err == ENOEXEC)
		run_script_child(found, argv);
	if (err == ENOENT) {
		sh_warn("%s: not found", argv[0]);
		exit(STATUS_NOT_FOUND);
	}
	sh_warn("%s: %s", argv[0], strerror(err));
	exit(err == ENOTDIR ? STATUS_NOT_FOUND : STATUS_NOEXEC);
}

/*
 * An external command: assignments go to its environment only. As in
 * dash, the redirections are made by the shell before it forks (and undone
 * after), so a failed one costs no process and the report of a death by
 * signal goes where the command's standard error went.
 */
static int run_external(char **argv, struct strv *assigns, struct redir *redirs,
			int flags)
{
	struct redir_save rs;
	pid_t pgid = 0, pid = 0;
	int st;

	if (flags & EV_EXIT) {
		if (apply_redirs(redirs, NULL) < 0)
			exit(1);
	} else {
		redir_push(&rs);
		if (apply_redirs(redirs, &rs) < 0) {
			redir_pop(&rs);
			return 1;
		}
		pid = fork_member(&pgid, true);
		if (pid < 0) {
			redir_pop(&rs);
			return STATUS_SYNTAX;
		}
	}
	if (pid == 0) {
		for (int i = 0; assigns && i < assigns->n; i++)
			var_assign(assigns->v[i], VAR_EXPORT);
		exec_external(argv);
	}
	if (jobctl)
		tcsetpgrp(tty_fd, pgid);
	st = wait_fg(&pid, 1);
	redir_pop(&rs);
	return st;
}

struct builtin {
	const char *name;
	int (*fn)(int argc, char **argv);
	bool special; /* POSIX special built-in: found before functions,
			 its assignments stay */
};

static const struct builtin *builtin_find(const char *name);

static int call_func(struct func *f, int argc, char **argv, int flags)
{
	struct frame fr = { .prev = frames, .pos_v = pos_v, .pos_n = pos_n };
	int st;
	int outer_loops = loop_depth;

	frames = &fr;
	pos_v = copy_args(argv + 1, argc - 1);
	pos_n = argc - 1;
	func_depth++;
	loop_depth = 0; /* break and continue stop at the function */
	st = run(f->body, flags & EV_TESTED);
	loop_depth = outer_loops;
	if (evalskip == SKIP_RETURN) {
		evalskip = SKIP_NONE;
		st = ret_value;
	}
	func_depth--;
	var_restore(&fr.locals);
	free_args(pos_v, pos_n);
	pos_v = fr.pos_v;
	pos_n = fr.pos_n;
	frames = fr.prev;
	return st;
}

static void trace_command(struct strv *assigns, struct strv *args)
{
	struct sbuf b = { 0 };
	const char *ps4 = var_get("PS4");

	sb_adds(&b, ps4 ? ps4 : "+ ");
	for (int i = 0; i < assigns->n; i++) {
		sb_adds(&b, assigns->v[i]);
		if (i + 1 < assigns->n || args->n)
			sb_addc(&b, ' ');
	}
	for (int i = 0; i < args->n; i++) {
		sb_adds(&b, args->v[i]);
		if (i + 1 < args->n)
			sb_addc(&b, ' ');
	}
	sb_addc(&b, '\n');
	write(STDERR_FILENO, b.s, b.len);
	sb_free(&b);
}

static int run_simple(struct node *n, int flags)
{
	struct strv args = { 0 }, assigns = { 0 };
	struct saved_var *saved = NULL;
	const struct builtin *b = NULL;
	struct func *f = NULL;
	int st;

	/* POSIX order: the words, then the assignments, each one made (for
	 * now) before the next is expanded, so b=$a sees a=1 before it. */
	subst_status = 0;
	for (int i = 0; i < n->words.n; i++)
		expand_word(n->words.v[i], EXP_SPLIT | EXP_GLOB | EXP_TILDE, &args);
	for (int i = 0; i < n->assigns.n; i++) {
		const char *a = n->assigns.v[i];
		size_t nl = name_len(a);
		char *val = expand_str(a + nl + 1, EXP_TILDE);
		struct sbuf s = { 0 };
		sb_addn(&s, a, nl + 1);
		sb_adds(&s, val);
		var_save(&saved, a, nl);
		var_set_n(a, nl, val, 0);
		xfree(val);
		sv_push(&assigns, sb_take(&s));
	}
	if (opt_x && (args.n || assigns.n))
		trace_command(&assigns, &args);

	if (args.n == 0) {
		struct redir_save rs;
		var_forget(&saved); /* they stay */
		st = subst_status;
		if (n->redirs) {
			redir_push(&rs);
			if (apply_redirs(n->redirs, &rs) < 0)
				st = 1;
			redir_pop(&rs);
		}
		goto done;
	}

	b = builtin_find(args.v[0]);
	if (!b || !b->special)
		f = func_find(args.v[0]);
	if (b && !strcmp(b->name, "exec") && !f) {
		/* exec: the redirections stay; with a command, it replaces
		 * the shell */
		var_forget(&saved);
		if (apply_redirs(n->redirs, NULL) < 0)
			sh_abort(STATUS_SYNTAX);
		for (int i = 0; args.n > 1 && i < assigns.n; i++)
			var_assign(assigns.v[i], VAR_EXPORT);
		if (args.n > 1)
			exec_external(args.v + 1);
		st = 0;
		goto done;
	}
	if (b || f) {
		struct redir_save rs;
		if (b && b->special) {
			var_forget(&saved); /* a special built-in's stay */
		} else {
			for (int i = 0; i < assigns.n; i++)
				var_assign(assigns.v[i], VAR_EXPORT);
		}
		redir_push(&rs);
		if (apply_redirs(n->redirs, &rs) < 0) {
			st = 1;
			if (b && b->special) {
				/* POSIX: a special built-in's error ends a
				 * shell that is not interactive */
				redir_pop(&rs);
				sh_abort(STATUS_SYNTAX);
			}
		} else if (f)
			st = call_func(f, args.n, args.v, flags);
		else
			st = b->fn(args.n, args.v);
		redir_pop(&rs);
		var_restore(&saved);
		goto done;
	}
	var_restore(&saved); /* the command's environment gets them */
	st = run_external(args.v, &assigns, n->redirs, flags);
done:
	sv_free(&args);
	sv_free(&assigns);
	return st;
}

static int run_pipeline(struct node *n)
{
	pid_t *pids = xmalloc((size_t)n->ncmds * sizeof(pid_t));
	pid_t pgid = 0;
	int in_fd = -1, forked = 0, st;

	for (int i = 0; i < n->ncmds; i++) {
		int p[2] = { -1, -1 };
		pid_t pid;

		if (i + 1 < n->ncmds && pipe(p) < 0) {
			sh_warn("pipe: %s", strerror(errno));
			break;
		}
		pid = fork_member(&pgid, true);
		if (pid == 0) {
			if (in_fd >= 0 && in_fd != STDIN_FILENO) {
				dup2(in_fd, STDIN_FILENO);
				close(in_fd);
			}
			if (p[1] >= 0) {
				close(p[0]);
				if (p[1] != STDOUT_FILENO) {
					dup2(p[1], STDOUT_FILENO);
					close(p[1]);
				}
			}
			exit(run(n->cmds[i], EV_EXIT));
		}
		if (in_fd >= 0)
			close(in_fd);
		if (p[1] >= 0)
			close(p[1]);
		in_fd = p[0];
		if (pid < 0)
			break;
		pids[forked++] = pid;
	}
	if (in_fd >= 0)
		close(in_fd);
	if (jobctl && forked)
		tcsetpgrp(tty_fd, pgid);
	st = forked ? wait_fg(pids, forked) : STATUS_SYNTAX;
	xfree(pids);
	if (forked < n->ncmds)
		st = STATUS_SYNTAX;
	return n->bang ? !st : st;
}

static int run_background(struct node *n)
{
	bool jc = jobctl;
	pid_t pgid = 0;
	pid_t pid = fork_member(&pgid, false);
	struct job *j;

	if (pid < 0)
		return STATUS_SYNTAX;
	if (pid == 0) {
		if (!jc) {
			/* POSIX: without job control an asynchronous list
			 * ignores SIGINT and SIGQUIT and reads /dev/null */
			int fd = open("/dev/null", O_RDONLY);
			sig_set(SIGINT, SIG_IGN);
			sig_set(SIGQUIT, SIG_IGN);
			if (fd >= 0 && fd != STDIN_FILENO) {
				dup2(fd, STDIN_FILENO);
				close(fd);
			}
		}
		exit(run(n->a, EV_EXIT));
	}
	last_bg = pid;
	j = job_add(pid);
	if (interactive)
		dprintf(STDERR_FILENO, "[%d] %d\n", j->id, pid);
	return 0;
}

/* After a loop's body: whether break/continue/return ends the loop. */
static bool loop_ends(void)
{
	if (evalskip == SKIP_CONT && --skipcount <= 0) {
		evalskip = SKIP_NONE;
		return false;
	}
	if (evalskip == SKIP_BREAK && --skipcount <= 0)
		evalskip = SKIP_NONE;
	return true;
}

static int run_loop(struct node *n, int flags)
{
	int st = 0;

	loop_depth++;
	for (;;) {
		int c = run(n->a, flags | EV_TESTED);
		if (evalskip) {
			if (loop_ends())
				break;
			continue;
		}
		if ((c == 0) != (n->type == N_WHILE))
			break;
		st = run(n->b, flags);
		if (evalskip && loop_ends())
			break;
	}
	loop_depth--;
	return st;
}

static int run_for(struct node *n, int flags)
{
	struct strv list = { 0 };
	int st = 0;

	if (n->has_in) {
		for (int i = 0; i < n->words.n; i++)
			expand_word(n->words.v[i], EXP_SPLIT | EXP_GLOB | EXP_TILDE, &list);
	} else {
		for (int i = 0; i < pos_n; i++)
			sv_push(&list, xstrdup(pos_v[i]));
	}
	loop_depth++;
	for (int i = 0; i < list.n; i++) {
		var_set(n->name, list.v[i], 0);
		st = run(n->a, flags);
		if (evalskip && loop_ends())
			break;
	}
	loop_depth--;
	sv_free(&list);
	return st;
}

static int run_case(struct node *n, int flags)
{
	char *word = expand_str(n->name, EXP_TILDE);
	int st = 0;

	for (struct case_arm *a = n->arms; a; a = a->next) {
		for (int i = 0; i < a->pats.n; i++) {
			char *pat = expand_str(a->pats.v[i], EXP_TILDE | EXP_PAT);
			bool m = pmatch(pat, word);
			xfree(pat);
			if (m) {
				st = run(a->body, flags);
				xfree(word);
				return st;
			}
		}
	}
	xfree(word);
	return st;
}

static int run_body(struct node *n, int flags)
{
	int st = 0, c;
	pid_t pid, pgid = 0;

	switch (n->type) {
	case N_CMD:
		st = run_simple(n, flags);
		break;
	case N_PIPE:
		st = run_pipeline(n);
		if (n->bang)
			flags |= EV_TESTED;
		break;
	case N_AND:
	case N_OR:
		st = run(n->a, (flags & ~EV_EXIT) | EV_TESTED);
		if (!evalskip && (st == 0) == (n->type == N_AND))
			st = run(n->b, flags);
		return st;
	case N_SEQ:
		st = run(n->a, flags & ~EV_EXIT);
		if (!evalskip)
			st = run(n->b, flags);
		return st;
	case N_BG:
		return run_background(n);
	case N_NOT:
		return !run(n->a, (flags & ~EV_EXIT) | EV_TESTED);
	case N_IF:
		c = run(n->a, (flags & ~EV_EXIT) | EV_TESTED);
		if (evalskip)
			return c;
		if (c == 0)
			return run(n->b, flags);
		return n->c ? run(n->c, flags) : 0;
	case N_WHILE:
	case N_UNTIL:
		return run_loop(n, flags & ~EV_EXIT);
	case N_FOR:
		return run_for(n, flags & ~EV_EXIT);
	case N_CASE:
		return run_case(n, flags);
	case N_GROUP:
		return run(n->a, flags);
	case N_SUBSHELL:
		if (flags & EV_EXIT) {
			st = run(n->a, flags);
			break;
		}
		pid = fork_member(&pgid, true);
		if (pid < 0)
			return STATUS_SYNTAX;
		if (pid == 0)
			exit(run(n->a, EV_EXIT));
		if (jobctl)
			tcsetpgrp(tty_fd, pgid);
		st = wait_fg(&pid, 1);
		break;
	case N_FUNC:
		func_set(n->name, n->a);
		return 0;
	}
	/* set -e: an untested simple command, pipeline or subshell failed */
	if (opt_e && st != 0 && !(flags & EV_TESTED) && !evalskip)
		sh_exit(st);
	return st;
}

/* Runs a command tree; every node's status becomes $?. */
static int run(struct node *n, int flags)
{
	struct redir_save rs;
	int st;

	if (!n)
		return last_status = 0;
	if (n->redirs && n->type != N_CMD) {
		if (flags & EV_EXIT) {
			st = apply_redirs(n->redirs, NULL) < 0 ? 1 : run_body(n, flags);
		} else {
			redir_push(&rs);
			st = apply_redirs(n->redirs, &rs) < 0 ? 1 : run_body(n, flags);
			redir_pop(&rs);
		}
	} else {
		st = run_body(n, flags);
	}
	last_status = st;
	if (any_trap_pending)
		run_traps();
	return st;
}

#define SRC_TOP 1       /* the shell's main input: reap jobs between commands */
#define SRC_LAST_EXIT 2 /* the last command may exec without forking */

/* Parses and runs the current input to its end; returns $?. */
static int run_source(int mode)
{
	for (;;) {
		struct node *n;
		bool eof;

		if (mode & SRC_TOP) {
			jobs_reap();
			want_ps1 = true;
		}
		n = parse_line(&eof);
		if (eof)
			break;
		if (!n)
			continue;
		run(n, (mode & SRC_LAST_EXIT) && in_exhausted() && !trap_action[0] ?
			       EV_EXIT : 0);
		if (!node_has_func(n))
			node_free(n);
		if (evalskip == SKIP_RETURN && !func_depth) {
			/* return outside a function ends a dot script */
			if (dot_depth)
				break;
			evalskip = SKIP_NONE;
		}
		if (evalskip)
			break;
	}
	return last_status;
}

static void run_string(const char *s, size_t len, bool last_exit)
{
	push_input_string(s, len);
	run_source(last_exit ? SRC_LAST_EXIT : 0);
	pop_input();
}

/* In a child whose execve said ENOEXEC: runs the file as a script, as a
 * new shell would (dash asks /bin/sh; this shell is already here). */
static void run_script_child(const char *path, char **argv)
{
	int fd = open(path, O_RDONLY);
	int argc = 0;

	if (fd < 0 || (fd = move_high(fd)) < 0) {
		sh_warn("%s: %s", path, strerror(errno));
		exit(STATUS_NOEXEC);
	}
	while (argv[argc])
		argc++;
	xfree(arg0);
	arg0 = xstrdup(path);
	pos_set(argv + 1, argc - 1);
	while (funcs)
		func_unset(funcs->name);
	opt_e = opt_x = false;
	while (in)
		pop_input();
	push_input_fd(fd, true, false, false);
	run_source(SRC_TOP);
	exit(last_status);
}

/* ===== builtins ===== */

static int bi_true(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int bi_false(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 1;
}

static bool is_octal(int c)
{
	return c >= '0' && c <= '7';
}

/* After a backslash in printf's format (dash's rules): \\ \a \b \f \n \r
 * \t \v and up to three octal digits; any other character leaves the
 * backslash as it is. Returns where to go on. */
static const char *conv_escape(const char *s, int *ch)
{
	static const char from[] = "\\abfnrtv";
	static const char to[] = "\\\a\b\f\n\r\t\v";
	const char *p = strchr(from, *s);

	if (*s && p) {
		*ch = to[p - from];
		return s + 1;
	}
	if (is_octal(*s)) {
		int v = 0;
		for (int i = 0; i < 3 && is_octal(*s); i++)
			v = v * 8 + (*s++ - '0');
		*ch = v;
		return s;
	}
	*ch = '\\';
	return s;
}

/* echo's and %b's escapes: those of conv_escape, \0NNN for octal, and \c,
 * which ends all output (returns true). */
static bool out_escaped(struct out *o, const char *s)
{
	while (*s) {
		int ch;
		if (*s != '\\') {
			out_addc(o, *s++);
			continue;
		}
		s++;
		if (*s == 'c')
			return true;
		if (*s == '0') {
			int v = 0;
			s++;
			for (int i = 0; i < 3 && is_octal(*s); i++)
				v = v * 8 + (*s++ - '0');
			out_addc(o, v);
			continue;
		}
		s = conv_escape(s, &ch);
		out_addc(o, ch);
	}
	return false;
}

/* echo as dash has it: -n alone as the first argument, escapes always. */
static int bi_echo(int argc, char **argv)
{
	struct out o = { .fd = STDOUT_FILENO };
	bool nl = true;
	int i = 1;

	if (argc > 1 && !strcmp(argv[1], "-n")) {
		nl = false;
		i = 2;
	}
	for (; i < argc; i++) {
		if (out_escaped(&o, argv[i]))
			return out_done(&o);
		if (i + 1 < argc)
			out_addc(&o, ' ');
	}
	if (nl)
		out_addc(&o, '\n');
	return out_done(&o);
}

/* A numeric printf argument: a number, or 'c for a character's code. */
static long printf_num(const char *s, int *st)
{
	char *end;
	long v;

	if (*s == '\'' || *s == '"')
		return (unsigned char)s[1];
	if (!*s)
		return 0;
	errno = 0;
	v = strtol(s, &end, 0);
	if (*end || errno) {
		sh_warn("printf: %s: invalid number", s);
		*st = 1;
	}
	return v;
}

static int bi_printf(int argc, char **argv)
{
	struct out o = { .fd = STDOUT_FILENO };
	int ai = 2, st = 0;

	if (argc > 1 && !strcmp(argv[1], "--")) {
		argc--;
		argv++;
	}
	if (argc < 2) {
		sh_warn("printf: usage: printf format [arg ...]");
		return STATUS_SYNTAX;
	}
	do {
		int first = ai;
		for (const char *p = argv[1]; *p;) {
			char spec[32], conv;
			const char *arg;
			size_t k = 0;
			int ch;

			if (*p == '\\') {
				p = conv_escape(p + 1, &ch);
				out_addc(&o, ch);
				continue;
			}
			if (*p != '%') {
				out_addc(&o, *p++);
				continue;
			}
			if (p[1] == '%') {
				out_addc(&o, '%');
				p += 2;
				continue;
			}
			spec[k++] = *p++;
			while (*p && strchr("-+ #0", *p) && k < 8)
				spec[k++] = *p++;
			while (is_digit(*p) && k < 16)
				spec[k++] = *p++;
			if (*p == '.') {
				spec[k++] = *p++;
				while (is_digit(*p) && k < 24)
					spec[k++] = *p++;
			}
			conv = *p;
			if (!conv || !strchr("sbcdiouxX", conv)) {
				sh_warn("printf: %%%c: invalid directive", conv);
				out_done(&o);
				return 1;
			}
			p++;
			arg = ai < argc ? argv[ai++] : NULL;
			if (conv == 'b') {
				if (out_escaped(&o, arg ? arg : ""))
					return out_done(&o);
				continue;
			}
			if (conv == 'c') {
				if (arg && *arg)
					out_addc(&o, *arg);
				continue;
			}
			if (conv == 's') {
				spec[k++] = 's';
				spec[k] = 0;
				if (k == 2) { /* plain %s: any length */
					out_adds(&o, arg ? arg : "");
				} else {
					char buf[512];
					snprintf(buf, sizeof(buf), spec, arg ? arg : "");
					out_adds(&o, buf);
				}
				continue;
			}
			{
				char buf[128];
				long v = arg ? printf_num(arg, &st) : 0;
				spec[k++] = 'l';
				spec[k++] = conv;
				spec[k] = 0;
				snprintf(buf, sizeof(buf), spec, v);
				out_adds(&o, buf);
			}
		}
		if (ai == first)
			break; /* the format took no argument: once is enough */
	} while (ai < argc);
	return out_done(&o) | st;
}

/* --- test and [ --- */

struct tparse {
	char **v;
	int n, i;
	bool err;
};

static bool t_unary_op(const char *s)
{
	return s[0] == '-' && s[1] && !s[2] && strchr("bcdefghLnprsStwxz", s[1]);
}

static bool t_binary_op(const char *s)
{
	static const char *const ops[] = {
		"=", "!=", "==", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt",
		"-ge", "-nt", "-ot", "-ef", NULL
	};

	for (int i = 0; ops[i]; i++) {
		if (!strcmp(s, ops[i]))
			return true;
	}
	return false;
}

static long t_num(struct tparse *t, const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (!*s || *end || errno) {
		sh_warn("test: %s: bad number", s);
		t->err = true;
	}
	return v;
}

static bool t_unary(struct tparse *t, const char *op, const char *arg)
{
	struct stat st;

	switch (op[1]) {
	case 'z':
		return !*arg;
	case 'n':
		return *arg;
	case 't':
		return sh_isatty((int)t_num(t, arg));
	case 'r':
		return access(arg, R_OK) == 0;
	case 'w':
		return access(arg, W_OK) == 0;
	case 'x':
		return access(arg, X_OK) == 0;
	case 'h':
	case 'L':
		return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
	}
	if (stat(arg, &st) < 0)
		return false;
	switch (op[1]) {
	case 'b': return S_ISBLK(st.st_mode);
	case 'c': return S_ISCHR(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 'f': return S_ISREG(st.st_mode);
	case 'p': return S_ISFIFO(st.st_mode);
	case 'S': return S_ISSOCK(st.st_mode);
	case 's': return st.st_size > 0;
	case 'g': return (st.st_mode & 02000) != 0;
	case 'u': return (st.st_mode & 04000) != 0;
	}
	return true; /* -e */
}

static int mtime_cmp(const struct stat *a, const struct stat *b)
{
	if (a->st_mtim.tv_sec != b->st_mtim.tv_sec)
		return a->st_mtim.tv_sec < b->st_mtim.tv_sec ? -1 : 1;
	if (a->st_mtim.tv_nsec != b->st_mtim.tv_nsec)
		return a->st_mtim.tv_nsec < b->st_mtim.tv_nsec ? -1 : 1;
	return 0;
}

static bool t_binary(struct tparse *t, const char *a, const char *op, const char *b)
{
	struct stat sa, sb;
	long x, y;

	if (!strcmp(op, "=") || !strcmp(op, "=="))
		return !strcmp(a, b);
	if (!strcmp(op, "!="))
		return strcmp(a, b) != 0;
	if (!strcmp(op, "<"))
		return strcmp(a, b) < 0;
	if (!strcmp(op, ">"))
		return strcmp(a, b) > 0;
	if (!strcmp(op, "-nt") || !strcmp(op, "-ot") || !strcmp(op, "-ef")) {
		bool ha = stat(a, &sa) == 0, hb = stat(b, &sb) == 0;
		if (op[1] == 'e')
			return ha && hb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
		if (op[1] == 'n')
			return ha && (!hb || mtime_cmp(&sa, &sb) > 0);
		return hb && (!ha || mtime_cmp(&sa, &sb) < 0);
	}
	x = t_num(t, a);
	y = t_num(t, b);
	if (!strcmp(op, "-eq")) return x == y;
	if (!strcmp(op, "-ne")) return x != y;
	if (!strcmp(op, "-lt")) return x < y;
	if (!strcmp(op, "-le")) return x <= y;
	if (!strcmp(op, "-gt")) return x > y;
	return x >= y; /* -ge */
}

static bool t_or(struct tparse *t);

static bool t_primary(struct tparse *t)
{
	const char *a;

	if (t->i >= t->n) {
		sh_warn("test: argument expected");
		t->err = true;
		return false;
	}
	a = t->v[t->i];
	if (!strcmp(a, "!")) {
		t->i++;
		return !t_primary(t);
	}
	if (t->i + 2 < t->n && t_binary_op(t->v[t->i + 1])) {
		t->i += 3;
		return t_binary(t, a, t->v[t->i - 2], t->v[t->i - 1]);
	}
	if (t_unary_op(a) && t->i + 1 < t->n) {
		t->i += 2;
		return t_unary(t, a, t->v[t->i - 1]);
	}
	if (!strcmp(a, "(") && t->i + 1 < t->n) {
		bool r;
		t->i++;
		r = t_or(t);
		if (t->i >= t->n || strcmp(t->v[t->i], ")")) {
			sh_warn("test: closing paren expected");
			t->err = true;
		}
		t->i++;
		return r;
	}
	t->i++;
	return *a;
}

static bool t_and(struct tparse *t)
{
	bool r = t_primary(t);

	while (t->i < t->n && !strcmp(t->v[t->i], "-a")) {
		t->i++;
		r = t_primary(t) && r;
	}
	return r;
}

static bool t_or(struct tparse *t)
{
	bool r = t_and(t);

	while (t->i < t->n && !strcmp(t->v[t->i], "-o")) {
		t->i++;
		r = t_and(t) || r;
	}
	return r;
}

static int bi_test(int argc, char **argv)
{
	struct tparse t = { .v = argv + 1, .n = argc - 1 };
	bool r;

	if (!strcmp(argv[0], "[")) {
		if (strcmp(argv[argc - 1], "]")) {
			sh_warn("[: missing ]");
			return STATUS_SYNTAX;
		}
		t.n--;
	}
	if (t.n == 0)
		return 1;
	/* POSIX decides by the number of arguments up to four */
	if (t.n == 1)
		return !*t.v[0];
	if (t.n == 2 && !strcmp(t.v[0], "!"))
		return *t.v[1] != 0;
	if (t.n == 3 && t_binary_op(t.v[1])) {
		r = t_binary(&t, t.v[0], t.v[1], t.v[2]);
		return t.err ? STATUS_SYNTAX : !r;
	}
	if (t.n == 4 && !strcmp(t.v[0], "!") && t_binary_op(t.v[2])) {
		r = t_binary(&t, t.v[1], t.v[2], t.v[3]);
		return t.err ? STATUS_SYNTAX : r;
	}
	r = t_or(&t);
	if (!t.err && t.i < t.n) {
		sh_warn("test: %s: unexpected operator", t.v[t.i]);
		t.err = true;
	}
	return t.err ? STATUS_SYNTAX : !r;
}

/* --- directories --- */

/* base/rel (or rel, if absolute) with "." and ".." resolved by name. */
static char *path_logical(const char *base, const char *rel)
{
	struct sbuf in_path = { 0 }, out = { 0 };
	const char *p;

	if (rel[0] != '/') {
		sb_adds(&in_path, base);
		sb_addc(&in_path, '/');
	}
	sb_adds(&in_path, rel);
	for (p = in_path.s; *p;) {
		const char *e;
		size_t n;
		while (*p == '/')
			p++;
		e = p;
		while (*e && *e != '/')
			e++;
		n = (size_t)(e - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (out.len && out.s[out.len - 1] != '/')
				out.len--;
			if (out.len)
				out.len--;
			sb_trunc(&out, out.len);
		} else {
			sb_addc(&out, '/');
			sb_addn(&out, p, n);
		}
		p = e;
	}
	if (!out.len)
		sb_addc(&out, '/');
	sb_free(&in_path);
	return sb_take(&out);
}

static int bi_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : var_get("HOME");
	const char *pwd = var_get("PWD");
	char cwd[PATH_MAX];
	char *target;
	bool print = false;

	if (argc > 1 && !strcmp(argv[1], "--"))
		dir = argc > 2 ? argv[2] : var_get("HOME");
	if (!dir) {
		sh_warn("cd: HOME not set");
		return 1;
	}
	if (!strcmp(dir, "-")) {
		dir = var_get("OLDPWD");
		if (!dir) {
			sh_warn("cd: OLDPWD not set");
			return 1;
		}
		print = true;
	}
	if (!*dir)
		dir = ".";
	if (!pwd || pwd[0] != '/')
		pwd = getcwd(cwd, sizeof(cwd)) ? cwd : "/";
	target = path_logical(pwd, dir);
	if (chdir(target) < 0) {
		/* the name-based path failed (a symbolic link and ..?):
		 * try the kernel's reading of it */
		xfree(target);
		if (chdir(dir) < 0 || !getcwd(cwd, sizeof(cwd))) {
			sh_warn("cd: can't cd to %s", dir);
			return 1;
		}
		target = xstrdup(cwd);
	}
	pwd = var_get("PWD");
	if (pwd)
		var_set("OLDPWD", pwd, 0);
	var_set("PWD", target, 0);
	if (print)
		dprintf(STDOUT_FILENO, "%s\n", target);
	xfree(target);
	return 0;
}

static int bi_pwd(int argc, char **argv)
{
	const char *pwd = var_get("PWD");
	char cwd[PATH_MAX];

	if ((argc > 1 && !strcmp(argv[1], "-P")) || !pwd || pwd[0] != '/') {
		if (!getcwd(cwd, sizeof(cwd))) {
			sh_warn("pwd: %s", strerror(errno));
			return 1;
		}
		pwd = cwd;
	}
	return dprintf(STDOUT_FILENO, "%s\n", pwd) < 0;
}

/* --- the shell's own state --- */

/* A non-negative decimal argument, or -1 after an error message. */
static long number_arg(const char *cmd, const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 0) {
		sh_warn("%s: Illegal number: %s", cmd, s);
		return -1;
	}
	return v;
}

static int bi_exit(int argc, char **argv)
{
	long st = last_status;

	if (argc > 1) {
		st = number_arg("exit", argv[1]);
		if (st < 0)
			sh_abort(STATUS_SYNTAX);
	}
	sh_exit((int)(st & 255));
}

static int bi_export(int argc, char **argv)
{
	int st = 0, i = 1;

	if (argc > 1 && !strcmp(argv[1], "-p"))
		i = 2;
	if (i >= argc) {
		struct out o = { .fd = STDOUT_FILENO };
		struct strv names = var_list(true);
		for (int k = 0; k < names.n; k++) {
			const char *v = var_get(names.v[k]);
			out_adds(&o, "export ");
			out_adds(&o, names.v[k]);
			if (v) {
				out_addc(&o, '=');
				out_quoted(&o, v);
			}
			out_addc(&o, '\n');
		}
		xfree(names.v);
		return out_done(&o);
	}
	for (; i < argc; i++) {
		size_t n = name_len(argv[i]);
		if (!n || (argv[i][n] && argv[i][n] != '=')) {
			sh_warn("export: %s: bad variable name", argv[i]);
			sh_abort(STATUS_SYNTAX);
		}
		var_set_n(argv[i], n, argv[i][n] ? argv[i] + n + 1 : NULL, VAR_EXPORT);
	}
	return st;
}

static int bi_unset(int argc, char **argv)
{
	bool fn = false;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-f"))
			fn = true;
		else if (!strcmp(argv[i], "-v"))
			fn = false;
		else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
	}
	for (; i < argc; i++) {
		if (fn) {
			func_unset(argv[i]);
		} else if (!is_name(argv[i])) {
			sh_warn("unset: %s: bad variable name", argv[i]);
			sh_abort(STATUS_SYNTAX);
		} else {
			var_unset(argv[i]);
		}
	}
	return 0;
}

static int bi_set(int argc, char **argv)
{
	int i = 1;

	if (argc == 1) {
		struct out o = { .fd = STDOUT_FILENO };
		struct strv names = var_list(false);
		for (int k = 0; k < names.n; k++) {
			const char *v = var_get(names.v[k]);
			if (!v)
				continue;
			out_adds(&o, names.v[k]);
			out_addc(&o, '=');
			out_quoted(&o, v);
			out_addc(&o, '\n');
		}
		xfree(names.v);
		return out_done(&o);
	}
	for (; i < argc; i++) {
		const char *a = argv[i];
		bool on = a[0] == '-';
		if (!strcmp(a, "--")) {
			i++;
			pos_set(argv + i, argc - i);
			return 0;
		}
		if ((a[0] != '-' && a[0] != '+') || !a[1])
			break;
		if (a[1] == 'o' && !a[2]) {
			static const struct { const char *name; bool *opt; } longopts[] = {
				{ "errexit", &opt_e }, { "xtrace", &opt_x },
				{ "noglob", &opt_f }, { "nounset", &opt_u },
			};
			bool found = false;
			if (++i >= argc) {
				for (size_t k = 0; k < sizeof(longopts) / sizeof(longopts[0]); k++)
					dprintf(STDOUT_FILENO, "%-16s%s\n", longopts[k].name,
						*longopts[k].opt ? "on" : "off");
				return 0;
			}
			for (size_t k = 0; k < sizeof(longopts) / sizeof(longopts[0]); k++) {
				if (!strcmp(argv[i], longopts[k].name)) {
					*longopts[k].opt = on;
					found = true;
				}
			}
			if (!found) {
				sh_warn("set: Illegal option -o %s", argv[i]);
				sh_abort(STATUS_SYNTAX);
			}
			continue;
		}
		for (const char *p = a + 1; *p; p++) {
			switch (*p) {
			case 'e': opt_e = on; break;
			case 'x': opt_x = on; break;
			case 'f': opt_f = on; break;
			case 'u': opt_u = on; break;
			case 'v': case 'm': case 'C': break; /* accepted, no effect */
			default:
				sh_warn("set: Illegal option %c%c", a[0], *p);
				sh_abort(STATUS_SYNTAX);
			}
		}
	}
	if (i < argc)
		pos_set(argv + i, argc - i);
	return 0;
}

static int bi_shift(int argc, char **argv)
{
	long n = argc > 1 ? number_arg("shift", argv[1]) : 1;

	if (n < 0)
		sh_abort(STATUS_SYNTAX);
	if (n > pos_n) {
		sh_warn("shift: can't shift that many");
		sh_abort(STATUS_SYNTAX);
	}
	for (long i = 0; i < n; i++)
		xfree(pos_v[i]);
	memmove(pos_v, pos_v + n, (size_t)(pos_n - n + 1) * sizeof(char *));
	pos_n -= (int)n;
	return 0;
}

static int bi_read(int argc, char **argv)
{
	struct sbuf line = { 0 }, esc = { 0 };
	const char *ifs = ifs_value();
	bool raw = false;
	int i = 1, st = 0, nnames;
	char *reply[] = { "REPLY", NULL };
	char **names;
	size_t p = 0;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-r")) {
			raw = true;
		} else if (!strcmp(argv[i], "-p") && i + 1 < argc) {
			i++;
			write(STDERR_FILENO, argv[i], strlen(argv[i]));
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			sh_warn("read: Illegal option %s", argv[i]);
			return STATUS_SYNTAX;
		}
	}
	names = i < argc ? argv + i : reply;
	nnames = i < argc ? argc - i : 1;
	/* one byte at a time: what follows the line is not ours */
	for (;;) {
		char ch;
		ssize_t r = read(STDIN_FILENO, &ch, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			st = 1;
			break;
		}
		if (ch == '\n')
			break;
		if (!raw && ch == '\\') {
			do
				r = read(STDIN_FILENO, &ch, 1);
			while (r < 0 && errno == EINTR);
			if (r <= 0) {
				st = 1;
				break;
			}
			if (ch == '\n')
				continue;
			sb_addc(&line, ch);
			sb_addc(&esc, 1);
			continue;
		}
		sb_addc(&line, ch);
		sb_addc(&esc, 0);
	}
	/* split: each name takes a field, the last one the rest */
#define R_IFS(k) (!esc.s[k] && line.s[k] && strchr(ifs, line.s[k]))
#define R_SPACE(k) (R_IFS(k) && is_ifs_space(line.s[k]))
	for (int k = 0; k < nnames; k++) {
		size_t start, end;
		char *val;
		while (p < line.len && R_SPACE(p))
			p++;
		start = p;
		if (k == nnames - 1) {
			end = line.len;
			while (end > start && R_SPACE(end - 1))
				end--;
			p = line.len;
		} else {
			while (p < line.len && !R_IFS(p))
				p++;
			end = p;
			while (p < line.len && R_SPACE(p))
				p++;
			if (p < line.len && R_IFS(p) && !R_SPACE(p))
				p++;
		}
		val = xstrndup(line.s ? line.s + start : "", end - start);
		if (!is_name(names[k])) {
			sh_warn("read: %s: bad variable name", names[k]);
			st = STATUS_SYNTAX;
		} else {
			var_set(names[k], val, 0);
		}
		xfree(val);
	}
#undef R_IFS
#undef R_SPACE
	sb_free(&line);
	sb_free(&esc);
	return st;
}

static int bi_eval(int argc, char **argv)
{
	struct sbuf b = { 0 };

	for (int i = 1; i < argc; i++) {
		if (i > 1)
			sb_addc(&b, ' ');
		sb_adds(&b, argv[i]);
	}
	last_status = 0;
	if (b.len)
		run_string(b.s, b.len, false);
	sb_free(&b);
	return last_status;
}

/* Finds a file for `.`: a name with a slash as is, else on PATH, else in
 * the current directory. */
static char *dot_find(const char *name)
{
	const char *path = var_get("PATH");
	struct sbuf b = { 0 };

	if (strchr(name, '/'))
		return xstrdup(name);
	for (const char *p = path ? path : SH_DEFAULT_PATH;;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		struct stat st;
		sb_trunc(&b, 0);
		if (n) {
			sb_addn(&b, p, n);
			sb_addc(&b, '/');
		}
		sb_adds(&b, name);
		if (stat(b.s, &st) == 0 && S_ISREG(st.st_mode))
			return sb_take(&b);
		if (!colon)
			break;
		p = colon + 1;
	}
	sb_free(&b);
	return xstrdup(name);
}

static int bi_dot(int argc, char **argv)
{
	char *path;
	int fd;

	if (argc < 2) {
		sh_warn(".: filename argument required");
		return STATUS_SYNTAX;
	}
	path = dot_find(argv[1]);
	fd = open(path, O_RDONLY);
	if (fd < 0 || (fd = move_high(fd)) < 0) {
		sh_warn(".: cannot open %s: %s", argv[1], strerror(errno));
		xfree(path);
		sh_abort(STATUS_SYNTAX);
	}
	xfree(path);
	last_status = 0;
	push_input_fd(fd, true, false, false);
	dot_depth++;
	run_source(0);
	dot_depth--;
	pop_input();
	if (evalskip == SKIP_RETURN && !func_depth)
		evalskip = SKIP_NONE;
	return last_status;
}

static int bi_return(int argc, char **argv)
{
	long n = argc > 1 ? number_arg("return", argv[1]) : last_status;

	if (n < 0)
		sh_abort(STATUS_SYNTAX);
	ret_value = (int)(n & 255);
	evalskip = SKIP_RETURN;
	return ret_value;
}

static int loop_control(int argc, char **argv, int kind)
{
	long n = argc > 1 ? number_arg(argv[0], argv[1]) : 1;

	if (n <= 0) {
		if (n == 0)
			sh_warn("%s: Illegal number: %s", argv[0], argv[1]);
		sh_abort(STATUS_SYNTAX);
	}
	if (!loop_depth)
		return 0;
	evalskip = kind;
	skipcount = n > loop_depth ? loop_depth : (int)n;
	return 0;
}

static int bi_break(int argc, char **argv)
{
	return loop_control(argc, argv, SKIP_BREAK);
}

static int bi_continue(int argc, char **argv)
{
	return loop_control(argc, argv, SKIP_CONT);
}

static int bi_local(int argc, char **argv)
{
	int st = 0;

	if (!frames) {
		sh_warn("local: not in a function");
		sh_abort(STATUS_SYNTAX);
	}
	for (int i = 1; i < argc; i++) {
		size_t n = name_len(argv[i]);
		if (!n || (argv[i][n] && argv[i][n] != '=')) {
			sh_warn("local: %s: bad variable name", argv[i]);
			st = STATUS_SYNTAX;
			continue;
		}
		var_save(&frames->locals, argv[i], n);
		if (argv[i][n])
			var_set_n(argv[i], n, argv[i] + n + 1, 0);
	}
	return st;
}

static int bi_wait(int argc, char **argv)
{
	int st = 0;

	if (argc == 1) {
		while (jobs) {
			job_wait(jobs);
			job_remove(jobs);
		}
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		struct job *j;
		if (!*argv[i] || *end || pid <= 0) {
			sh_warn("wait: %s: bad process id", argv[i]);
			st = STATUS_SYNTAX;
			continue;
		}
		j = job_find((pid_t)pid);
		if (!j) {
			st = STATUS_NOT_FOUND;
			continue;
		}
		st = job_wait(j);
		job_remove(j);
	}
	return st;
}

static int bi_kill(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, st = 0;

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		struct out o = { .fd = STDOUT_FILENO };
		for (int k = 1; k < NSIGNAMES; k++) {
			if (signames[k].name) {
				out_adds(&o, signames[k].name);
				out_addc(&o, '\n');
			}
		}
		return out_done(&o);
	}
	if (argc > 2 && !strcmp(argv[1], "-s")) {
		sig = sig_number(argv[2]);
		i = 3;
		if (sig < 0) {
			sh_warn("kill: invalid signal %s", argv[2]);
			return STATUS_SYNTAX;
		}
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1] && strcmp(argv[1], "--")) {
		sig = sig_number(argv[1] + 1);
		i = 2;
		if (sig < 0) {
			sh_warn("kill: invalid signal %s", argv[1] + 1);
			return STATUS_SYNTAX;
		}
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc) {
		sh_warn("kill: usage: kill [-s sigspec | -signum] pid...");
		return STATUS_SYNTAX;
	}
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end) {
			sh_warn("kill: %s: arguments must be process ids", argv[i]);
			st = 1;
		} else if (kill((pid_t)pid, sig) < 0) {
			sh_warn("kill: %ld: %s", pid, strerror(errno));
			st = 1;
		}
	}
	return st;
}

/* Where PATH finds an executable regular file called name (a name with
 * a slash: itself, if executable); NULL if nowhere. */
static char *find_in_path(const char *name)
{
	const char *path = var_get("PATH");
	struct sbuf b = { 0 };

	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
	for (const char *p = path ? path : SH_DEFAULT_PATH;;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		struct stat st;
		sb_trunc(&b, 0);
		if (n) {
			sb_addn(&b, p, n);
			sb_addc(&b, '/');
		}
		sb_adds(&b, name);
		if (stat(b.s, &st) == 0 && S_ISREG(st.st_mode) && access(b.s, X_OK) == 0)
			return sb_take(&b);
		if (!colon)
			break;
		p = colon + 1;
	}
	sb_free(&b);
	return NULL;
}

static bool is_keyword(const char *s)
{
	static const char *const kws[] = {
		"!", "{", "}", "case", "do", "done", "elif", "else", "esac", "fi",
		"for", "if", "in", "then", "until", "while", NULL
	};

	for (int i = 0; kws[i]; i++) {
		if (!strcmp(s, kws[i]))
			return true;
	}
	return false;
}

/* `command -v NAME`: how NAME would run; `command NAME ...`: runs it
 * without looking for a function. */
static int bi_command(int argc, char **argv)
{
	const struct builtin *b;

	if (argc > 2 && !strcmp(argv[1], "-v")) {
		char *path;
		if (is_keyword(argv[2]) || builtin_find(argv[2]) || func_find(argv[2])) {
			dprintf(STDOUT_FILENO, "%s\n", argv[2]);
			return 0;
		}
		path = find_in_path(argv[2]);
		if (!path)
			return STATUS_NOT_FOUND;
		dprintf(STDOUT_FILENO, "%s\n", path);
		xfree(path);
		return 0;
	}
	if (argc < 2)
		return 0;
	b = builtin_find(argv[1]);
	if (b)
		return b->fn(argc - 1, argv + 1);
	return run_external(argv + 1, NULL, NULL, 0);
}

static int bi_type(int argc, char **argv)
{
	int st = 0;

	for (int i = 1; i < argc; i++) {
		const struct builtin *b = builtin_find(argv[i]);
		char *path;
		if (is_keyword(argv[i])) {
			dprintf(STDOUT_FILENO, "%s is a shell keyword\n", argv[i]);
		} else if (func_find(argv[i]) && !(b && b->special)) {
			dprintf(STDOUT_FILENO, "%s is a shell function\n", argv[i]);
		} else if (b) {
			dprintf(STDOUT_FILENO, "%s is a %sshell builtin\n", argv[i],
				b->special ? "special " : "");
		} else if ((path = find_in_path(argv[i])) != NULL) {
			dprintf(STDOUT_FILENO, "%s is %s\n", argv[i], path);
			xfree(path);
		} else {
			dprintf(STDOUT_FILENO, "%s: not found\n", argv[i]);
			st = STATUS_NOT_FOUND;
		}
	}
	return st;
}

static int bi_trap(int argc, char **argv)
{
	const char *action;
	int i = 1, st = 0;

	if (argc > 1 && !strcmp(argv[1], "--"))
		i++;
	if (i >= argc) {
		struct out o = { .fd = STDOUT_FILENO };
		for (int sig = 0; sig <= NSIG; sig++) {
			if (!trap_action[sig])
				continue;
			out_adds(&o, "trap -- ");
			out_quoted(&o, trap_action[sig]);
			out_addc(&o, ' ');
			out_adds(&o, sig == 0 ? "EXIT" : sig < NSIGNAMES && signames[sig].name ?
				     signames[sig].name : "?");
			out_addc(&o, '\n');
		}
		return out_done(&o);
	}
	/* "trap N..." with a number first resets those signals */
	action = is_digit(argv[i][0]) && sig_number(argv[i]) >= 0 ? "-" : argv[i++];
	for (; i < argc; i++) {
		int sig = !strcmp(argv[i], "EXIT") ? 0 : sig_number(argv[i]);
		if (sig < 0 || sig == SIGKILL || sig == SIGSTOP) {
			sh_warn("trap: %s: bad trap", argv[i]);
			st = 1;
			continue;
		}
		xfree(trap_action[sig]);
		trap_action[sig] = strcmp(action, "-") ? xstrdup(action) : NULL;
		if (sig == 0)
			continue;
		sig_reset &= ~(1UL << (sig - 1));
		if (!trap_action[sig])
			sig_set(sig, SIG_DFL);
		else if (!*trap_action[sig])
			sig_set(sig, SIG_IGN);
		else
			sig_set(sig, trap_handler);
	}
	return st;
}

static int bi_umask(int argc, char **argv)
{
	mode_t old = umask(0);

	umask(old);
	if (argc > 1 && strcmp(argv[1], "-S")) {
		char *end;
		long m = strtol(argv[1], &end, 8);
		if (!*argv[1] || *end || m < 0 || m > 0777) {
			sh_warn("umask: Illegal mode: %s", argv[1]);
			return STATUS_SYNTAX;
		}
		umask((mode_t)m);
		return 0;
	}
	if (argc > 1) {
		static const char who[] = "ugo";
		struct out o = { .fd = STDOUT_FILENO };
		for (int k = 0; k < 3; k++) {
			unsigned bits = ~(unsigned)old >> (3 * (2 - k)) & 7;
			out_addc(&o, who[k]);
			out_addc(&o, '=');
			if (bits & 4)
				out_addc(&o, 'r');
			if (bits & 2)
				out_addc(&o, 'w');
			if (bits & 1)
				out_addc(&o, 'x');
			out_addc(&o, k < 2 ? ',' : '\n');
		}
		return out_done(&o);
	}
	return dprintf(STDOUT_FILENO, "%04o\n", (unsigned)old) < 0;
}

static int bi_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0; /* run_simple does the work: it needs the redirections */
}

/* Sorted by name. */
static const struct builtin builtins[] = {
	{ ".", bi_dot, true },
	{ ":", bi_true, true },
	{ "[", bi_test, false },
	{ "break", bi_break, true },
	{ "cd", bi_cd, false },
	{ "command", bi_command, false },
	{ "continue", bi_continue, true },
	{ "echo", bi_echo, false },
	{ "eval", bi_eval, true },
	{ "exec", bi_exec, true },
	{ "exit", bi_exit, true },
	{ "export", bi_export, true },
	{ "false", bi_false, false },
	{ "kill", bi_kill, false },
	{ "local", bi_local, false },
	{ "printf", bi_printf, false },
	{ "pwd", bi_pwd, false },
	{ "read", bi_read, false },
	{ "return", bi_return, true },
	{ "set", bi_set, true },
	{ "shift", bi_shift, true },
	{ "test", bi_test, false },
	{ "trap", bi_trap, true },
	{ "true", bi_true, false },
	{ "type", bi_type, false },
	{ "umask", bi_umask, false },
	{ "unset", bi_unset, true },
	{ "wait", bi_wait, false },
};

static const struct builtin *builtin_find(const char *name)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		if (!strcmp(builtins[i].name, name))
			return &builtins[i];
	}
	return NULL;
}

/* ===== start-up ===== */

/* After an error in an interactive shell: undo what the abandoned command
 * left behind and drop the rest of its input line. */
static void recover(void)
{
	while (redir_stack)
		redir_pop(redir_stack);
	while (frames) {
		struct frame *f = frames;
		var_restore(&f->locals);
		free_args(pos_v, pos_n);
		pos_v = f->pos_v;
		pos_n = f->pos_n;
		frames = f->prev;
	}
	while (in->prev)
		pop_input();
	ncaptures = 0;
	in->bpos = in->blen;
	in->mid_line = false;
	in->nunget = 0;
	in->havetok = false;
	in->here_head = in->here_tail = NULL;
	evalskip = SKIP_NONE;
	loop_depth = func_depth = dot_depth = 0;
	if (jobctl)
		tcsetpgrp(tty_fd, shell_pgid);
}

/* PWD from the environment if it names the current directory, else the
 * kernel's answer. */
static void init_pwd(void)
{
	const char *pwd = var_get("PWD");
	struct stat a, b;
	char cwd[PATH_MAX];

	if (pwd && pwd[0] == '/' && stat(pwd, &a) == 0 && stat(".", &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return;
	if (getcwd(cwd, sizeof(cwd)))
		var_set("PWD", cwd, 0);
}

static void init_interactive(void)
{
	sig_ignore_own(SIGINT);
	sig_ignore_own(SIGQUIT);
	sig_ignore_own(SIGTERM);
	tty_fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, SH_FD_MIN);
	if (tty_fd < 0 || !sh_isatty(tty_fd))
		return;
	/* Job control: the shell leads its own group and owns the terminal;
	 * stop signals from the terminal are ignored by the shell and (as
	 * there is no fg/bg to resume a stopped job) by its commands too. */
	sig_set(SIGTSTP, SIG_IGN);
	sig_ignore_own(SIGTTIN);
	sig_ignore_own(SIGTTOU);
	shell_pgid = getpid();
	if (getpgrp() != shell_pgid && setpgid(0, shell_pgid) < 0)
		return;
	if (tcsetpgrp(tty_fd, shell_pgid) < 0)
		return;
	jobctl = true;
}

int main(int argc, char **argv)
{
	bool cflag = false, sflag = false, iflag = false;
	const char *cmd = NULL;
	int i;

	root_pid = getpid();
	for (char **e = environ; e && *e; e++) {
		if (is_assignment(*e))
			var_assign(*e, VAR_EXPORT);
	}
	var_set("IFS", " \t\n", 0);
	if (!var_get("PS1"))
		var_set("PS1", "$ ", 0);
	if (!var_get("PS2"))
		var_set("PS2", "> ", 0);
	if (!var_get("PS4"))
		var_set("PS4", "+ ", 0);
	{
		char ppid[16];
		snprintf(ppid, sizeof(ppid), "%d", getppid());
		var_set("PPID", ppid, 0);
	}
	init_pwd();

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool on = a[0] == '-';
		if (!strcmp(a, "--") || !strcmp(a, "-")) {
			i++;
			break;
		}
		if ((a[0] != '-' && a[0] != '+') || !a[1])
			break;
		for (const char *p = a + 1; *p; p++) {
			switch (*p) {
			case 'c': cflag = on; break;
			case 's': sflag = on; break;
			case 'i': iflag = on; break;
			case 'e': opt_e = on; break;
			case 'x': opt_x = on; break;
			case 'f': opt_f = on; break;
			case 'u': opt_u = on; break;
			case 'v': case 'm': case 'C': break;
			default:
				sh_warn("Illegal option %c%c", a[0], *p);
				return STATUS_SYNTAX;
			}
		}
	}
	arg0 = xstrdup(argv[0] ? argv[0] : "sh");
	if (cflag) {
		if (i >= argc) {
			sh_warn("-c requires an argument");
			return STATUS_SYNTAX;
		}
		cmd = argv[i++];
		if (i < argc) {
			xfree(arg0);
			arg0 = xstrdup(argv[i++]);
		}
		pos_set(argv + i, argc - i);
		push_input_string(cmd, strlen(cmd));
		interactive = iflag;
	} else if (!sflag && i < argc) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0 || (fd = move_high(fd)) < 0) {
			sh_warn("cannot open %s: %s", argv[i], strerror(errno));
			return STATUS_NOT_FOUND;
		}
		xfree(arg0);
		arg0 = xstrdup(argv[i++]);
		pos_set(argv + i, argc - i);
		push_input_fd(fd, true, false, false);
		interactive = iflag;
	} else {
		bool tty = sh_isatty(STDIN_FILENO);
		pos_set(argv + i, argc - i);
		interactive = iflag || (tty && sh_isatty(STDERR_FILENO));
		push_input_fd(STDIN_FILENO, false, interactive,
			      !tty_canonical(STDIN_FILENO));
	}
	if (interactive)
		init_interactive();

	for (;;) {
		if (interactive) {
			if (__builtin_setjmp(top_jmp)) {
				recover();
				continue;
			}
			have_top_jmp = true;
		}
		run_source(SRC_TOP | (cflag && !trap_action[0] ? SRC_LAST_EXIT : 0));
		break;
	}
	sh_exit(last_status);
}
