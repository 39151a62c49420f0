/*
 * lex.c - the lexer: operators, redirections ("2>" included), words kept
 * raw with their quotes, comments, and the bodies of here-documents, read
 * when the newline that ends their command line is reached.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

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

void lex(struct token *t)
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
	mem_free(delim);
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
