/*
 * builtin_flow.c - the built-ins that change what runs next: exit, eval,
 * . (dot), return, break and continue. The last three only set evalskip;
 * the loops, functions and dot scripts that run() unwinds through act on
 * it.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

int bi_exit(int argc, char **argv)
{
	static bool warned;
	long st = last_status;

	/* as bash: a second exit leaves anyway (and ends the stopped jobs) */
	if (jobctl && jobs_stopped() && !warned) {
		warned = true;
		write(STDERR_FILENO, "There are stopped jobs.\n", 24);
		return 1;
	}
	if (argc > 1) {
		st = number_arg("exit", argv[1]);
		if (st < 0)
			sh_abort(STATUS_SYNTAX);
	}
	sh_exit((int)(st & 255));
}

int bi_eval(int argc, char **argv)
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
		return mem_strdup(name);
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
	return mem_strdup(name);
}

int bi_dot(int argc, char **argv)
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
		mem_free(path);
		sh_abort(STATUS_SYNTAX);
	}
	mem_free(path);
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

int bi_return(int argc, char **argv)
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

int bi_break(int argc, char **argv)
{
	return loop_control(argc, argv, SKIP_BREAK);
}

int bi_continue(int argc, char **argv)
{
	return loop_control(argc, argv, SKIP_CONT);
}
