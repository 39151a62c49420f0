/*
 * parse.c - the recursive-descent parser: one complete command into a
 * tree (struct node), the syntax errors, and freeing trees. Reserved
 * words are recognised only unquoted and where a command may start; the
 * parser never reads past the newline that ends a command.
 */
#include <string.h>

#include "sh.h"

void syntax_error(const char *msg)
{
	sh_warn("syntax error: %s", msg);
	sh_abort(STATUS_SYNTAX);
}

static struct node *node_new(int type)
{
	struct node *n = mem_alloc(sizeof(*n));

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

struct token *peek(void)
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
	mem_free(in->tok.word);
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

void syntax_unexpected(struct token *t)
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
struct node *parse_compound_list(bool allow_empty)
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
	struct redir *r = mem_alloc(sizeof(*r)), **pp;

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
				mem_free(n->words.v);
				mem_free(n);
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
		arm = mem_alloc(sizeof(*arm));
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
	p->cmds = mem_alloc(sizeof(struct node *));
	p->cmds[p->ncmds++] = n;
	while (peek()->type == T_PIPE) {
		consume();
		skip_newlines();
		p->cmds = mem_realloc(p->cmds, (size_t)(p->ncmds + 1) * sizeof(struct node *));
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
struct node *parse_line(bool *eof)
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
		mem_free(r->word);
		mem_free(r->here);
		mem_free(r);
		r = next;
	}
}

/* Whether running the tree could have kept a pointer into it. */
bool node_has_func(struct node *n)
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
void node_free(struct node *n)
{
	if (!n)
		return;
	node_free(n->a);
	node_free(n->b);
	node_free(n->c);
	sv_free(&n->words);
	sv_free(&n->assigns);
	redir_free(n->redirs);
	mem_free(n->name);
	for (int i = 0; i < n->ncmds; i++)
		node_free(n->cmds[i]);
	mem_free(n->cmds);
	while (n->arms) {
		struct case_arm *a = n->arms;
		n->arms = a->next;
		sv_free(&a->pats);
		node_free(a->body);
		mem_free(a);
	}
	mem_free(n);
}
