/*
 * cmdtext.c - a command tree written back as one line of text, for the
 * job table: what `jobs`, `fg`, `bg` and the "Stopped" and "Done" reports
 * show. Words are printed as they were typed (they keep their quotes
 * until expansion), compound commands in the shape bash gives them:
 * `for i in 1 2; do echo $i; done`, `( sleep 1; echo x )`. Here-document
 * bodies are left out.
 */
#include <stdio.h>
#include <string.h>

#include "sh.h"

static void text_node(struct sbuf *b, struct node *n);

static const char *redir_op_text(int op)
{
	switch (op) {
	case R_IN: return "<";
	case R_OUT: return ">";
	case R_APPEND: return ">>";
	case R_DUPIN: return "<&";
	case R_DUPOUT: return ">&";
	case R_RDWR: return "<>";
	case R_CLOBBER: return ">|";
	case R_HERE: return "<<";
	case R_HERETAB: return "<<-";
	}
	return "?";
}

/* " 2>err": the descriptor only where it is not the operator's own. */
static void text_redirs(struct sbuf *b, struct redir *r)
{
	for (; r; r = r->next) {
		bool input = r->op == R_IN || r->op == R_DUPIN || r->op == R_RDWR ||
			     r->op == R_HERE || r->op == R_HERETAB;
		sb_addc(b, ' ');
		if (r->fd != (input ? 0 : 1)) {
			char fd[16];
			snprintf(fd, sizeof(fd), "%d", r->fd);
			sb_adds(b, fd);
		}
		sb_adds(b, redir_op_text(r->op));
		sb_adds(b, r->word);
	}
}

static void text_words(struct sbuf *b, struct strv *v, bool space_first)
{
	for (int i = 0; i < v->n; i++) {
		if (i || space_first)
			sb_addc(b, ' ');
		sb_adds(b, v->v[i]);
	}
}

/* A list inside a compound command, with the ";" that ends it unless it
 * ends with "&". */
static void text_body(struct sbuf *b, struct node *n)
{
	text_node(b, n);
	if (!n || n->type != N_BG)
		sb_addc(b, ';');
}

static void text_if(struct sbuf *b, struct node *n, const char *kw)
{
	sb_adds(b, kw);
	text_body(b, n->a);
	sb_adds(b, " then ");
	text_body(b, n->b);
	if (n->c && n->c->type == N_IF && !n->c->redirs) {
		sb_addc(b, ' ');
		text_if(b, n->c, "elif "); /* its "fi" is this one's */
		return;
	}
	if (n->c) {
		sb_adds(b, " else ");
		text_body(b, n->c);
	}
	sb_adds(b, " fi");
}

static void text_node(struct sbuf *b, struct node *n)
{
	if (!n)
		return;
	switch (n->type) {
	case N_CMD:
		text_words(b, &n->assigns, false);
		text_words(b, &n->words, n->assigns.n > 0);
		text_redirs(b, n->redirs);
		return; /* its redirections are done */
	case N_PIPE:
		if (n->bang)
			sb_adds(b, "! ");
		for (int i = 0; i < n->ncmds; i++) {
			if (i)
				sb_adds(b, " | ");
			text_node(b, n->cmds[i]);
		}
		break;
	case N_AND:
	case N_OR:
		text_node(b, n->a);
		sb_adds(b, n->type == N_AND ? " && " : " || ");
		text_node(b, n->b);
		break;
	case N_SEQ:
		text_node(b, n->a);
		sb_adds(b, n->a && n->a->type == N_BG ? " " : "; ");
		text_node(b, n->b);
		break;
	case N_BG:
		text_node(b, n->a);
		sb_adds(b, " &");
		break;
	case N_NOT:
		sb_adds(b, "! ");
		text_node(b, n->a);
		break;
	case N_IF:
		text_if(b, n, "if ");
		break;
	case N_WHILE:
	case N_UNTIL:
		sb_adds(b, n->type == N_WHILE ? "while " : "until ");
		text_body(b, n->a);
		sb_adds(b, " do ");
		text_body(b, n->b);
		sb_adds(b, " done");
		break;
	case N_FOR:
		sb_adds(b, "for ");
		sb_adds(b, n->name);
		if (n->has_in) {
			sb_adds(b, " in");
			text_words(b, &n->words, true);
		}
		sb_adds(b, "; do ");
		text_body(b, n->a);
		sb_adds(b, " done");
		break;
	case N_CASE:
		sb_adds(b, "case ");
		sb_adds(b, n->name);
		sb_adds(b, " in");
		for (struct case_arm *a = n->arms; a; a = a->next) {
			sb_addc(b, ' ');
			for (int i = 0; i < a->pats.n; i++) {
				if (i)
					sb_adds(b, " | ");
				sb_adds(b, a->pats.v[i]);
			}
			sb_adds(b, ") ");
			text_node(b, a->body);
			sb_adds(b, ";;");
		}
		sb_adds(b, " esac");
		break;
	case N_SUBSHELL:
		sb_adds(b, "( ");
		text_node(b, n->a);
		sb_adds(b, " )");
		break;
	case N_GROUP:
		sb_adds(b, "{ ");
		text_body(b, n->a);
		sb_adds(b, " }");
		break;
	case N_FUNC:
		sb_adds(b, n->name);
		sb_adds(b, " () ");
		text_node(b, n->a);
		break;
	}
	text_redirs(b, n->redirs);
}

/* The text of a command tree; the caller frees it. */
char *cmd_text(struct node *n)
{
	struct sbuf b = { 0 };

	text_node(&b, n);
	return sb_take(&b);
}

/* The text of a command given as words (`command ls -l`). */
char *argv_text(char **argv)
{
	struct sbuf b = { 0 };

	for (int i = 0; argv[i]; i++) {
		if (i)
			sb_addc(&b, ' ');
		sb_adds(&b, argv[i]);
	}
	return sb_take(&b);
}
