/*
 * arith.c - $((...)): C's integer operators on longs, parsed by
 * recursive descent over a table of precedence levels, with variables
 * read and assigned by name. In the branch that && || ?: do not take
 * (noeval), nothing is assigned and division by zero is no error.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

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
		char *name = mem_strndup(a->p, n);
		long v = arith_value(a, name);
		mem_free(name);
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
				char *name = mem_strndup(save, n);
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
				mem_free(name);
				return v;
			}
		}
		a->p = save;
	}
	return arith_cond(a);
}

long arith_eval(const char *expr)
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
