/*
 * expand.c - word expansion: parameters, command substitution, arithmetic,
 * tilde, then field splitting on IFS, pathname expansion and quote
 * removal. While a field is built, a quoted character that would be
 * special to pattern matching carries a backslash (EXP_GLOB, EXP_PAT), so
 * globbing and case know which characters were quoted.
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <minos_proc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

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

const char *ifs_value(void)
{
	const char *ifs = var_get("IFS");

	return ifs ? ifs : " \t\n";
}

bool is_ifs_space(int c)
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
		mem_free(f);
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
					sv_push(&e->out, mem_strdup(""));
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

static char *expand_strn(const char *w, size_t n, int flags)
{
	char *s = mem_strndup(w, n);
	char *r = expand_str(s, flags);

	mem_free(s);
	return r;
}

/* ${name%pat} and friends: op 1 '%', 2 '%%', 3 '#', 4 '##'. */
static char *remove_pattern(const char *val, const char *pat, int op)
{
	size_t n = strlen(val);
	char *tmp = mem_strdup(val);
	char *r = NULL;

	for (size_t i = 0; i <= n && !r; i++) {
		/* '#' tries short prefixes first, '##' long ones; '%' tries
		 * short suffixes first (cut late), '%%' long ones. */
		size_t k = (op == 3 || op == 2) ? i : n - i;
		if (op >= 3) {
			char c = tmp[k];
			tmp[k] = 0;
			if (pmatch(pat, tmp))
				r = mem_strdup(val + k);
			tmp[k] = c;
		} else if (pmatch(pat, val + k)) {
			r = mem_strndup(val, k);
		}
	}
	mem_free(tmp);
	return r ? r : mem_strdup(val);
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
		name = mem_strndup(s + 1, len - 1);
		if (!strcmp(name, "@") || !strcmp(name, "*")) {
			snprintf(num, sizeof(num), "%d", pos_n);
		} else {
			v = param_value(name, buf, sizeof(buf));
			snprintf(num, sizeof(num), "%zu", v ? strlen(v) : (size_t)0);
		}
		mem_free(name);
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
	name = mem_strndup(s, n);
	if (n == len) {
		exp_param(e, name, dq);
		mem_free(name);
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
			mem_free(val);
		} else {
			exp_param(e, name, dq);
		}
		break;
	case '?':
		if (colon ? !nonnull : !set) {
			char *msg = expand_strn(word, wlen, 0);
			sh_warn("%s: %s", name, *msg ? msg : "parameter not set");
			mem_free(msg);
			sh_abort(STATUS_SYNTAX);
		}
		exp_param(e, name, dq);
		break;
	default: { /* % %% # ## */
		char *pat = expand_strn(word, wlen, EXP_PAT);
		int kind = (*op == '%' ? 1 : 3) + (word - op == 2);
		char *r = remove_pattern(v ? v : "", pat, kind);
		exp_text(e, r, strlen(r), dq);
		mem_free(r);
		mem_free(pat);
		break;
	}
	}
	mem_free(name);
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
	pid = fork_subshell();
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
		subshell_ready();
		run_string(cmd, len, true);
		sh_exit(last_status);
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
		mem_free(expr);
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
		name = mem_strndup(s + j, k - j);
		exp_param(e, name, dq);
		mem_free(name);
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
		return h ? mem_strdup(h) : NULL;
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
				home = mem_strndup(f, end ? (size_t)(end - f) : strlen(f));
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
				mem_free(home);
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
void expand_word(const char *w, int flags, struct strv *out)
{
	struct exp e = { .flags = flags, .out = *out };

	exp_part(&e, w, strlen(w), (flags & EXP_HERE) != 0);
	if (e.started || e.cur.len)
		exp_end_field(&e);
	sb_free(&e.cur);
	*out = e.out;
}

/* Expands a word into one string: no field splitting, no globbing. */
char *expand_str(const char *w, int flags)
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
