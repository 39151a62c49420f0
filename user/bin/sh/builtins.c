/*
 * builtins.c - the table of built-in commands, and the ones about finding
 * commands (command, type) or doing nothing (:, true, false, exec, whose
 * work run_simple does). The table is sorted by name.
 */
#include <minos_files.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

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

/* A non-negative decimal argument, or -1 after an error message. */
long number_arg(const char *cmd, const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 0) {
		sh_warn("%s: Illegal number: %s", cmd, s);
		return -1;
	}
	return v;
}

/* Where PATH finds an executable regular file called name (a name with
 * a slash: itself, if executable); NULL if nowhere. */
static char *find_in_path(const char *name)
{
	const char *path = var_get("PATH");
	struct sbuf b = { 0 };

	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? mem_strdup(name) : NULL;
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
		mem_free(path);
		return 0;
	}
	if (argc < 2)
		return 0;
	b = builtin_find(argv[1]);
	if (b)
		return b->fn(argc - 1, argv + 1);
	return run_external(NULL, argv + 1, NULL, NULL, 0);
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
			mem_free(path);
		} else {
			dprintf(STDOUT_FILENO, "%s: not found\n", argv[i]);
			st = STATUS_NOT_FOUND;
		}
	}
	return st;
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
	{ "bg", bi_bg, false },
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
	{ "fg", bi_fg, false },
	{ "jobs", bi_jobs, false },
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

const struct builtin *builtin_find(const char *name)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		if (!strcmp(builtins[i].name, name))
			return &builtins[i];
	}
	return NULL;
}
