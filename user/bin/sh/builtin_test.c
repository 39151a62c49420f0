/*
 * builtin_test.c - test and [: POSIX's rules by the number of arguments
 * up to four, then a recursive descent over ! -a -o and parentheses. A
 * malformed expression gives status 2, never a syntax error of the shell.
 */
#include <errno.h>
#include <minos_files.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sh.h"

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

int bi_test(int argc, char **argv)
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
