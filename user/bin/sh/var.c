/*
 * var.c - the names the shell keeps: variables (a hash table; exported
 * ones make the environment of commands), saved states for temporary
 * assignments and `local`, the positional parameters and the functions.
 * A variable's value is NULL only when exported but never given one.
 */
#include <string.h>

#include "sh.h"

#define VAR_HASH 64

struct var {
	struct var *next;
	char *name;
	char *value; /* NULL: exported but never given a value */
	unsigned flags;
};

static struct var *var_tab[VAR_HASH];

/* --- names ------------------------------------------------------------- */

bool is_name_start(int c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* The length of the name s starts with (0 if none). */
size_t name_len(const char *s)
{
	size_t n = 0;

	if (!is_name_start(s[0]))
		return 0;
	while (is_name_char(s[n]))
		n++;
	return n;
}

bool is_name(const char *s)
{
	size_t n = name_len(s);

	return n && !s[n];
}

bool is_assignment(const char *w)
{
	size_t n = name_len(w);

	return n && w[n] == '=';
}

/* --- variables --------------------------------------------------------- */

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

const char *var_get(const char *name)
{
	struct var *v = var_find(name);

	return v ? v->value : NULL;
}

/* Sets name (value NULL keeps the old one) and adds flags. */
struct var *var_set_n(const char *name, size_t n, const char *value,
			     unsigned flags)
{
	struct var *v = var_find_n(name, n);

	if (!v) {
		unsigned h = var_hash(name, n);
		v = mem_alloc(sizeof(*v));
		v->name = mem_strndup(name, n);
		v->value = NULL;
		v->flags = 0;
		v->next = var_tab[h];
		var_tab[h] = v;
	}
	if (value) {
		char *old = v->value;
		v->value = mem_strdup(value);
		mem_free(old);
	}
	v->flags |= flags;
	return v;
}

struct var *var_set(const char *name, const char *value, unsigned flags)
{
	return var_set_n(name, strlen(name), value, flags);
}

/* "name=value": sets it. */
void var_assign(const char *assignment, unsigned flags)
{
	size_t n = name_len(assignment);

	var_set_n(assignment, n, assignment + n + 1, flags);
}

void var_unset(const char *name)
{
	struct var **pp = &var_tab[var_hash(name, strlen(name))];

	for (; *pp; pp = &(*pp)->next) {
		struct var *v = *pp;
		if (strcmp(v->name, name) == 0) {
			*pp = v->next;
			mem_free(v->name);
			mem_free(v->value);
			mem_free(v);
			return;
		}
	}
}

/* Every variable (exported only, if so asked), sorted by name. */
struct strv var_list(bool exported_only)
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
char **build_env(void)
{
	struct strv env = { 0 };

	for (int i = 0; i < VAR_HASH; i++) {
		for (struct var *v = var_tab[i]; v; v = v->next) {
			if ((v->flags & VAR_EXPORT) && v->value) {
				size_t n = strlen(v->name), m = strlen(v->value);
				char *s = mem_alloc(n + m + 2);
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

void var_save(struct saved_var **list, const char *name, size_t n)
{
	struct var *v = var_find_n(name, n);
	struct saved_var *s;

	for (s = *list; s; s = s->next) {
		if (strncmp(s->name, name, n) == 0 && !s->name[n])
			return; /* the first saved state is the one to restore */
	}
	s = mem_alloc(sizeof(*s));
	s->name = mem_strndup(name, n);
	s->existed = v != NULL;
	s->value = v && v->value ? mem_strdup(v->value) : NULL;
	s->flags = v ? v->flags : 0;
	s->next = *list;
	*list = s;
}

/* Drops the saved states: the current values stay. */
void var_forget(struct saved_var **list)
{
	while (*list) {
		struct saved_var *s = *list;
		*list = s->next;
		mem_free(s->name);
		mem_free(s->value);
		mem_free(s);
	}
}

void var_restore(struct saved_var **list)
{
	while (*list) {
		struct saved_var *s = *list;
		*list = s->next;
		if (s->existed) {
			struct var *v = var_set(s->name, NULL, 0);
			mem_free(v->value);
			v->value = s->value;
			v->flags = s->flags;
		} else {
			var_unset(s->name);
			mem_free(s->value);
		}
		mem_free(s->name);
		mem_free(s);
	}
}

/* --- positional parameters --------------------------------------------- */

char *arg0;
char **pos_v;
int pos_n;

char **copy_args(char **argv, int n)
{
	char **v = mem_alloc(((size_t)n + 1) * sizeof(char *));

	for (int i = 0; i < n; i++)
		v[i] = mem_strdup(argv[i]);
	v[n] = NULL;
	return v;
}

void free_args(char **v, int n)
{
	for (int i = 0; i < n; i++)
		mem_free(v[i]);
	mem_free(v);
}

void pos_set(char **argv, int n)
{
	char **v = copy_args(argv, n); /* argv may be pos_v itself */

	free_args(pos_v, pos_n);
	pos_v = v;
	pos_n = n;
}

/* --- functions --------------------------------------------------------- */

struct func *funcs;
struct frame *frames; /* the innermost function call's, NULL outside */

struct func *func_find(const char *name)
{
	for (struct func *f = funcs; f; f = f->next) {
		if (strcmp(f->name, name) == 0)
			return f;
	}
	return NULL;
}

void func_set(const char *name, struct node *body)
{
	struct func *f = func_find(name);

	if (!f) {
		f = mem_alloc(sizeof(*f));
		f->name = mem_strdup(name);
		f->next = funcs;
		funcs = f;
	}
	f->body = body;
}

void func_unset(const char *name)
{
	for (struct func **pp = &funcs; *pp; pp = &(*pp)->next) {
		if (strcmp((*pp)->name, name) == 0) {
			struct func *f = *pp;
			*pp = f->next;
			mem_free(f->name);
			mem_free(f);
			return;
		}
	}
}
