/*
 * scan.c - where a quote, ${...}, $(...), $((...)) or `...` ends. The same
 * scanners serve the lexer (reading input, keeping every character) and
 * the expander (reading a stored word, only to find the end), so both
 * always agree on a construct's extent.
 */
#include <stdio.h>

#include "sh.h"

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

/* A backslash was read: keeps it and the next character, but drops a
 * backslash-newline (line continuation) altogether. */
void scan_backslash(struct src *p, struct sbuf *b)
{
	int d = src_get(p);

	if (d == '\n')
		return;
	put(b, '\\');
	if (d != EOF)
		put(b, d);
}

void scan_squote(struct src *p, struct sbuf *b)
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

void scan_bquote(struct src *p, struct sbuf *b)
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

void scan_dquote(struct src *p, struct sbuf *b)
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
void scan_brace(struct src *p, struct sbuf *b, bool dq)
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

/* After "$((": up to and including the closing "))". */
void scan_arith(struct src *p, struct sbuf *b)
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
void scan_dollar(struct src *p, struct sbuf *b, bool dq)
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

/*
 * After "$(": up to and including the matching ')'. The inside is parsed
 * as commands, as dash does, so that a case pattern's ')' or a comment
 * cannot end it early. The lexer keeps the text it read (captures); the
 * expander, which only needs to know where the construct ends, parses a
 * copy and throws the tree away.
 */
void scan_paren(struct src *p, struct sbuf *b)
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
