/*
 * main.c - /bin/sh, a POSIX shell modelled on dash: parses each complete
 * command (from a terminal, -c, a script or a pipe) into a tree and runs
 * it with fork, execve and wait4. This file owns start-up (options,
 * variables from the environment, job control) and the way back to the
 * prompt after an error (sh_abort, recover).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <minos_files.h>
#include <minos_proc.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

pid_t root_pid;
bool interactive;
bool opt_e, opt_x, opt_f, opt_u;
bool have_top_jmp;
static void *top_jmp[5]; /* __builtin_setjmp: the interactive loop */

/* Back to the prompt (an interactive shell that has reached its loop),
 * else out of the shell. */
void sh_abort(int status)
{
	last_status = status;
	if (interactive && have_top_jmp)
		__builtin_longjmp(top_jmp, 1);
	sh_exit(status);
}

/* After an error in an interactive shell: undo what the abandoned command
 * left behind and drop the rest of its input line. */
static void recover(void)
{
	while (redir_stack)
		redir_pop(redir_stack);
	while (frames) {
		struct frame *f = frames;
		var_restore(&f->locals);
		free_args(pos_v, pos_n);
		pos_v = f->pos_v;
		pos_n = f->pos_n;
		frames = f->prev;
	}
	while (in->prev)
		pop_input();
	ncaptures = 0;
	in->bpos = in->blen;
	in->mid_line = false;
	in->nunget = 0;
	in->havetok = false;
	in->here_head = in->here_tail = NULL;
	evalskip = SKIP_NONE;
	loop_depth = func_depth = dot_depth = 0;
	if (jobctl)
		tcsetpgrp(tty_fd, shell_pgid);
}

/* PWD from the environment if it names the current directory, else the
 * kernel's answer. */
static void init_pwd(void)
{
	const char *pwd = var_get("PWD");
	struct stat a, b;
	char cwd[PATH_MAX];

	if (pwd && pwd[0] == '/' && stat(pwd, &a) == 0 && stat(".", &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return;
	if (getcwd(cwd, sizeof(cwd)))
		var_set("PWD", cwd, 0);
}

/*
 * An interactive shell ignores SIGINT, SIGQUIT and SIGTERM. On a terminal
 * it also does job control: it leads a process group of its own, owns
 * the terminal (its foreground group), ignores the stop signals SIGTSTP,
 * SIGTTIN and SIGTTOU (so ^Z stops only the foreground job, and the
 * shell may take the terminal back from a background group), and keeps
 * the terminal's settings to give them back after each job. Its children
 * get every one of these signals back as SIG_DFL.
 */
static void init_interactive(void)
{
	sig_ignore_own(SIGINT);
	sig_ignore_own(SIGQUIT);
	sig_ignore_own(SIGTERM);
	tty_fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, SH_FD_MIN);
	if (tty_fd < 0 || !sh_isatty(tty_fd))
		return;
	sig_ignore_own(SIGTSTP);
	sig_ignore_own(SIGTTIN);
	sig_ignore_own(SIGTTOU);
	shell_pgid = getpid();
	if (getpgrp() != shell_pgid && setpgid(0, shell_pgid) < 0)
		return;
	if (tcsetpgrp(tty_fd, shell_pgid) < 0)
		return;
	jobs_save_tty();
	jobctl = true;
}

int main(int argc, char **argv)
{
	bool cflag = false, sflag = false, iflag = false;
	const char *cmd = NULL;
	int i;

	root_pid = getpid();
	for (char **e = environ; e && *e; e++) {
		if (is_assignment(*e))
			var_assign(*e, VAR_EXPORT);
	}
	var_set("IFS", " \t\n", 0);
	if (!var_get("PS1"))
		var_set("PS1", "$ ", 0);
	if (!var_get("PS2"))
		var_set("PS2", "> ", 0);
	if (!var_get("PS4"))
		var_set("PS4", "+ ", 0);
	{
		char ppid[16];
		snprintf(ppid, sizeof(ppid), "%d", getppid());
		var_set("PPID", ppid, 0);
	}
	init_pwd();

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool on = a[0] == '-';
		if (!strcmp(a, "--") || !strcmp(a, "-")) {
			i++;
			break;
		}
		if ((a[0] != '-' && a[0] != '+') || !a[1])
			break;
		for (const char *p = a + 1; *p; p++) {
			switch (*p) {
			case 'c': cflag = on; break;
			case 's': sflag = on; break;
			case 'i': iflag = on; break;
			case 'e': opt_e = on; break;
			case 'x': opt_x = on; break;
			case 'f': opt_f = on; break;
			case 'u': opt_u = on; break;
			case 'v': case 'm': case 'C': break;
			default:
				sh_warn("Illegal option %c%c", a[0], *p);
				return STATUS_SYNTAX;
			}
		}
	}
	arg0 = mem_strdup(argv[0] ? argv[0] : "sh");
	if (cflag) {
		if (i >= argc) {
			sh_warn("-c requires an argument");
			return STATUS_SYNTAX;
		}
		cmd = argv[i++];
		if (i < argc) {
			mem_free(arg0);
			arg0 = mem_strdup(argv[i++]);
		}
		pos_set(argv + i, argc - i);
		push_input_string(cmd, strlen(cmd));
		interactive = iflag;
	} else if (!sflag && i < argc) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0 || (fd = move_high(fd)) < 0) {
			sh_warn("cannot open %s: %s", argv[i], strerror(errno));
			return STATUS_NOT_FOUND;
		}
		mem_free(arg0);
		arg0 = mem_strdup(argv[i++]);
		pos_set(argv + i, argc - i);
		push_input_fd(fd, true, false, false);
		interactive = iflag;
	} else {
		bool tty = sh_isatty(STDIN_FILENO);
		pos_set(argv + i, argc - i);
		interactive = iflag || (tty && sh_isatty(STDERR_FILENO));
		push_input_fd(STDIN_FILENO, false, interactive,
			      !tty_canonical(STDIN_FILENO));
	}
	if (interactive)
		init_interactive();

	for (;;) {
		if (interactive) {
			if (__builtin_setjmp(top_jmp)) {
				recover();
				continue;
			}
			have_top_jmp = true;
		}
		run_source(SRC_TOP | (cflag ? SRC_LAST_EXIT : 0));
		break;
	}
	sh_exit(last_status);
}
