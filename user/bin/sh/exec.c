/*
 * exec.c - running a parse tree: simple commands (built-ins, functions,
 * external programs), pipelines, background lists, the compound commands,
 * and whole inputs (run_source). Every node's status becomes $?; break,
 * continue and return unwind through evalskip, never by a jump.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <minos_files.h>
#include <minos_proc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

int last_status;
int subst_status;
int evalskip, skipcount, ret_value;
int loop_depth, func_depth, dot_depth;

static void run_script_child(const char *path, char **argv);

/* Replaces the process with argv[0] found on PATH; reports and exits on
 * failure (127 not found, 126 found but not runnable). */
static __attribute__((noreturn)) void exec_external(char **argv)
{
	const char *path = var_get("PATH");
	char found[PATH_MAX];
	int err;

	sig_restore_defaults();
	minc_exec_search(argv[0], path ? path : SH_DEFAULT_PATH, argv, build_env(),
			 found, sizeof(found));
	err = errno;
	if (err == ENOEXEC)
		run_script_child(found, argv);
	if (err == ENOENT) {
		sh_warn("%s: not found", argv[0]);
		exit(STATUS_NOT_FOUND);
	}
	sh_warn("%s: %s", argv[0], strerror(err));
	exit(err == ENOTDIR ? STATUS_NOT_FOUND : STATUS_NOEXEC);
}

/*
 * An external command (n: its tree, for the job's text; NULL when
 * `command` runs it): assignments go to its environment only. As in dash,
 * the redirections are made by the shell before it forks (and undone
 * after), so a failed one costs no process and the report of a death by
 * signal goes where the command's standard error went.
 */
int run_external(struct node *n, char **argv, struct strv *assigns,
		 struct redir *redirs, int flags)
{
	struct redir_save rs;
	struct job *j = NULL;
	pid_t pid = 0;
	int st;

	if (flags & EV_EXIT) {
		if (apply_redirs(redirs, NULL) < 0)
			exit(1);
	} else {
		redir_push(&rs);
		if (apply_redirs(redirs, &rs) < 0) {
			redir_pop(&rs);
			return 1;
		}
		j = job_new(n ? cmd_text(n) : argv_text(argv));
		pid = fork_member(j, true);
		if (pid < 0) {
			job_free(j);
			redir_pop(&rs);
			return STATUS_SYNTAX;
		}
	}
	if (pid == 0) {
		for (int i = 0; assigns && i < assigns->n; i++)
			var_assign(assigns->v[i], VAR_EXPORT);
		exec_external(argv);
	}
	st = wait_fg(j);
	redir_pop(&rs);
	return st;
}

static int call_func(struct func *f, int argc, char **argv, int flags)
{
	struct frame fr = { .prev = frames, .pos_v = pos_v, .pos_n = pos_n };
	int st;
	int outer_loops = loop_depth;

	frames = &fr;
	pos_v = copy_args(argv + 1, argc - 1);
	pos_n = argc - 1;
	func_depth++;
	loop_depth = 0; /* break and continue stop at the function */
	st = run(f->body, flags & EV_TESTED);
	loop_depth = outer_loops;
	if (evalskip == SKIP_RETURN) {
		evalskip = SKIP_NONE;
		st = ret_value;
	}
	func_depth--;
	var_restore(&fr.locals);
	free_args(pos_v, pos_n);
	pos_v = fr.pos_v;
	pos_n = fr.pos_n;
	frames = fr.prev;
	return st;
}

static void trace_command(struct strv *assigns, struct strv *args)
{
	struct sbuf b = { 0 };
	const char *ps4 = var_get("PS4");

	sb_adds(&b, ps4 ? ps4 : "+ ");
	for (int i = 0; i < assigns->n; i++) {
		sb_adds(&b, assigns->v[i]);
		if (i + 1 < assigns->n || args->n)
			sb_addc(&b, ' ');
	}
	for (int i = 0; i < args->n; i++) {
		sb_adds(&b, args->v[i]);
		if (i + 1 < args->n)
			sb_addc(&b, ' ');
	}
	sb_addc(&b, '\n');
	write(STDERR_FILENO, b.s, b.len);
	sb_free(&b);
}

static int run_simple(struct node *n, int flags)
{
	struct strv args = { 0 }, assigns = { 0 };
	struct saved_var *saved = NULL;
	const struct builtin *b = NULL;
	struct func *f = NULL;
	int st;

	/* POSIX order: the words, then the assignments, each one made (for
	 * now) before the next is expanded, so b=$a sees a=1 before it. */
	subst_status = 0;
	for (int i = 0; i < n->words.n; i++)
		expand_word(n->words.v[i], EXP_SPLIT | EXP_GLOB | EXP_TILDE, &args);
	for (int i = 0; i < n->assigns.n; i++) {
		const char *a = n->assigns.v[i];
		size_t nl = name_len(a);
		char *val = expand_str(a + nl + 1, EXP_TILDE);
		struct sbuf s = { 0 };
		sb_addn(&s, a, nl + 1);
		sb_adds(&s, val);
		var_save(&saved, a, nl);
		var_set_n(a, nl, val, 0);
		mem_free(val);
		sv_push(&assigns, sb_take(&s));
	}
	if (opt_x && (args.n || assigns.n))
		trace_command(&assigns, &args);

	if (args.n == 0) {
		struct redir_save rs;
		var_forget(&saved); /* they stay */
		st = subst_status;
		if (n->redirs) {
			redir_push(&rs);
			if (apply_redirs(n->redirs, &rs) < 0)
				st = 1;
			redir_pop(&rs);
		}
		goto done;
	}

	b = builtin_find(args.v[0]);
	if (!b || !b->special)
		f = func_find(args.v[0]);
	if (b && !strcmp(b->name, "exec") && !f) {
		/* exec: the redirections stay; with a command, it replaces
		 * the shell */
		var_forget(&saved);
		if (apply_redirs(n->redirs, NULL) < 0)
			sh_abort(STATUS_SYNTAX);
		for (int i = 0; args.n > 1 && i < assigns.n; i++)
			var_assign(assigns.v[i], VAR_EXPORT);
		if (args.n > 1)
			exec_external(args.v + 1);
		st = 0;
		goto done;
	}
	if (b || f) {
		struct redir_save rs;
		if (b && b->special) {
			var_forget(&saved); /* a special built-in's stay */
		} else {
			for (int i = 0; i < assigns.n; i++)
				var_assign(assigns.v[i], VAR_EXPORT);
		}
		redir_push(&rs);
		if (apply_redirs(n->redirs, &rs) < 0) {
			st = 1;
			if (b && b->special) {
				/* POSIX: a special built-in's error ends a
				 * shell that is not interactive */
				redir_pop(&rs);
				sh_abort(STATUS_SYNTAX);
			}
		} else if (f)
			st = call_func(f, args.n, args.v, flags);
		else
			st = b->fn(args.n, args.v);
		redir_pop(&rs);
		var_restore(&saved);
		goto done;
	}
	var_restore(&saved); /* the command's environment gets them */
	st = run_external(n, args.v, &assigns, n->redirs, flags);
done:
	sv_free(&args);
	sv_free(&assigns);
	return st;
}

static int run_pipeline(struct node *n)
{
	struct job *j = job_new(cmd_text(n));
	int in_fd = -1, forked, st;

	for (int i = 0; i < n->ncmds; i++) {
		int p[2] = { -1, -1 };
		pid_t pid;

		if (i + 1 < n->ncmds && pipe(p) < 0) {
			sh_warn("pipe: %s", strerror(errno));
			break;
		}
		pid = fork_member(j, true);
		if (pid == 0) {
			if (in_fd >= 0 && in_fd != STDIN_FILENO) {
				dup2(in_fd, STDIN_FILENO);
				close(in_fd);
			}
			if (p[1] >= 0) {
				close(p[0]);
				if (p[1] != STDOUT_FILENO) {
					dup2(p[1], STDOUT_FILENO);
					close(p[1]);
				}
			}
			sh_exit(run(n->cmds[i], EV_EXIT));
		}
		if (in_fd >= 0)
			close(in_fd);
		if (p[1] >= 0)
			close(p[1]);
		in_fd = p[0];
		if (pid < 0)
			break;
	}
	if (in_fd >= 0)
		close(in_fd);
	forked = j->nprocs;
	if (forked) {
		st = wait_fg(j);
	} else {
		job_free(j);
		st = STATUS_SYNTAX;
	}
	if (forked < n->ncmds)
		st = STATUS_SYNTAX;
	return n->bang ? !st : st;
}

static int run_background(struct node *n)
{
	bool jc = jobctl;
	struct job *j = job_new(cmd_text(n->a));
	pid_t pid = fork_member(j, false);

	if (pid < 0) {
		job_free(j);
		return STATUS_SYNTAX;
	}
	if (pid == 0) {
		if (!jc) {
			/* POSIX: without job control an asynchronous list
			 * reads /dev/null (and ignores SIGINT and SIGQUIT:
			 * fork_member) */
			int fd = open("/dev/null", O_RDONLY);
			if (fd >= 0 && fd != STDIN_FILENO) {
				dup2(fd, STDIN_FILENO);
				close(fd);
			}
		}
		sh_exit(run(n->a, EV_EXIT));
	}
	last_bg = pid;
	job_add(j);
	if (interactive)
		dprintf(STDERR_FILENO, "[%d] %d\n", j->id, pid);
	return 0;
}

/* After a loop's body: whether break/continue/return ends the loop. */
static bool loop_ends(void)
{
	if (evalskip == SKIP_CONT && --skipcount <= 0) {
		evalskip = SKIP_NONE;
		return false;
	}
	if (evalskip == SKIP_BREAK && --skipcount <= 0)
		evalskip = SKIP_NONE;
	return true;
}

static int run_loop(struct node *n, int flags)
{
	int st = 0;

	loop_depth++;
	for (;;) {
		int c = run(n->a, flags | EV_TESTED);
		if (evalskip) {
			if (loop_ends())
				break;
			continue;
		}
		if ((c == 0) != (n->type == N_WHILE))
			break;
		st = run(n->b, flags);
		if (evalskip && loop_ends())
			break;
	}
	loop_depth--;
	return st;
}

static int run_for(struct node *n, int flags)
{
	struct strv list = { 0 };
	int st = 0;

	if (n->has_in) {
		for (int i = 0; i < n->words.n; i++)
			expand_word(n->words.v[i], EXP_SPLIT | EXP_GLOB | EXP_TILDE, &list);
	} else {
		for (int i = 0; i < pos_n; i++)
			sv_push(&list, mem_strdup(pos_v[i]));
	}
	loop_depth++;
	for (int i = 0; i < list.n; i++) {
		var_set(n->name, list.v[i], 0);
		st = run(n->a, flags);
		if (evalskip && loop_ends())
			break;
	}
	loop_depth--;
	sv_free(&list);
	return st;
}

static int run_case(struct node *n, int flags)
{
	char *word = expand_str(n->name, EXP_TILDE);
	int st = 0;

	for (struct case_arm *a = n->arms; a; a = a->next) {
		for (int i = 0; i < a->pats.n; i++) {
			char *pat = expand_str(a->pats.v[i], EXP_TILDE | EXP_PAT);
			bool m = pmatch(pat, word);
			mem_free(pat);
			if (m) {
				st = run(a->body, flags);
				mem_free(word);
				return st;
			}
		}
	}
	mem_free(word);
	return st;
}

static int run_body(struct node *n, int flags)
{
	int st = 0, c;
	struct job *j;

	switch (n->type) {
	case N_CMD:
		st = run_simple(n, flags);
		break;
	case N_PIPE:
		st = run_pipeline(n);
		if (n->bang)
			flags |= EV_TESTED;
		break;
	case N_AND:
	case N_OR:
		st = run(n->a, (flags & ~EV_EXIT) | EV_TESTED);
		if (!evalskip && (st == 0) == (n->type == N_AND))
			st = run(n->b, flags);
		return st;
	case N_SEQ:
		st = run(n->a, flags & ~EV_EXIT);
		if (!evalskip)
			st = run(n->b, flags);
		return st;
	case N_BG:
		return run_background(n);
	case N_NOT:
		return !run(n->a, (flags & ~EV_EXIT) | EV_TESTED);
	case N_IF:
		c = run(n->a, (flags & ~EV_EXIT) | EV_TESTED);
		if (evalskip)
			return c;
		if (c == 0)
			return run(n->b, flags);
		return n->c ? run(n->c, flags) : 0;
	case N_WHILE:
	case N_UNTIL:
		return run_loop(n, flags & ~EV_EXIT);
	case N_FOR:
		return run_for(n, flags & ~EV_EXIT);
	case N_CASE:
		return run_case(n, flags);
	case N_GROUP:
		return run(n->a, flags);
	case N_SUBSHELL:
		if (flags & EV_EXIT) {
			st = run(n->a, flags);
			break;
		}
		j = job_new(cmd_text(n));
		switch (fork_member(j, true)) {
		case -1:
			job_free(j);
			return STATUS_SYNTAX;
		case 0:
			sh_exit(run(n->a, EV_EXIT));
		}
		st = wait_fg(j);
		break;
	case N_FUNC:
		func_set(n->name, n->a);
		return 0;
	}
	/* set -e: an untested simple command, pipeline or subshell failed */
	if (opt_e && st != 0 && !(flags & EV_TESTED) && !evalskip)
		sh_exit(st);
	return st;
}

/* Runs a command tree; every node's status becomes $?. */
int run(struct node *n, int flags)
{
	struct redir_save rs;
	int st;

	if (!n)
		return last_status = 0;
	/* a trap needs the shell alive after the command: no exec in place */
	if ((flags & EV_EXIT) && have_traps())
		flags &= ~EV_EXIT;
	if (n->redirs && n->type != N_CMD) {
		if (flags & EV_EXIT) {
			st = apply_redirs(n->redirs, NULL) < 0 ? 1 : run_body(n, flags);
		} else {
			redir_push(&rs);
			st = apply_redirs(n->redirs, &rs) < 0 ? 1 : run_body(n, flags);
			redir_pop(&rs);
		}
	} else {
		st = run_body(n, flags);
	}
	last_status = st;
	if (any_trap_pending)
		run_traps();
	return st;
}

/* Parses and runs the current input to its end; returns $?. */
int run_source(int mode)
{
	for (;;) {
		struct node *n;
		bool eof;

		if (mode & SRC_TOP) {
			jobs_reap();
			want_ps1 = true;
		}
		n = parse_line(&eof);
		if (eof)
			break;
		if (!n)
			continue;
		run(n, (mode & SRC_LAST_EXIT) && in_exhausted() ? EV_EXIT : 0);
		if (!node_has_func(n))
			node_free(n);
		if (evalskip == SKIP_RETURN && !func_depth) {
			/* return outside a function ends a dot script */
			if (dot_depth)
				break;
			evalskip = SKIP_NONE;
		}
		if (evalskip)
			break;
	}
	return last_status;
}

void run_string(const char *s, size_t len, bool last_exit)
{
	push_input_string(s, len);
	run_source(last_exit ? SRC_LAST_EXIT : 0);
	pop_input();
}

/* In a child whose execve said ENOEXEC: runs the file as a script, as a
 * new shell would (dash asks /bin/sh; this shell is already here). */
static void run_script_child(const char *path, char **argv)
{
	int fd = open(path, O_RDONLY);
	int argc = 0;

	if (fd < 0 || (fd = move_high(fd)) < 0) {
		sh_warn("%s: %s", path, strerror(errno));
		exit(STATUS_NOEXEC);
	}
	while (argv[argc])
		argc++;
	mem_free(arg0);
	arg0 = mem_strdup(path);
	pos_set(argv + 1, argc - 1);
	while (funcs)
		func_unset(funcs->name);
	opt_e = opt_x = false;
	while (in)
		pop_input();
	push_input_fd(fd, true, false, false);
	run_source(SRC_TOP);
	sh_exit(last_status);
}
