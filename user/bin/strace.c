/*
 * strace - strace [-f] [-c] [-T] [-o FILE] PROG [ARGS...]: runs PROG with
 * the kernel writing a line per system call (minos_trace(2) just before the
 * execve, docs/strace.md), passes the lines on or counts them (-c), and
 * ends as PROG ended. Lines come through a pipe whose end of file says
 * every traced process has ended; with only -o, the kernel writes FILE.
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <minos_proc.h>
#include <minos_util.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <uapi/minos_trace.h>

#define SUMMARY_MAX 512   /* distinct calls counted by -c */
#define NAME_MAX_LEN 40

struct summary_row {
	char name[NAME_MAX_LEN];
	unsigned long calls, errors;
	unsigned long usecs; /* time spent in the call, from " <s.uuuuuu>" */
};

static struct summary_row rows[SUMMARY_MAX];
static size_t nrows;
static char found_path[4096];

static __attribute__((noreturn)) void usage(void)
{
	dprintf(2, "strace: must have PROG [ARGS]\n"
		   "usage: strace [-f] [-c] [-T] [-o FILE] PROG [ARGS...]\n");
	exit(1);
}

/* PROG as execve will be given it: a name without '/' is looked for in
 * PATH, as strace does before it starts anything. */
static const char *find_program(const char *prog)
{
	struct stat st;

	if (strchr(prog, '/')) {
		if (stat(prog, &st) < 0)
			die(1, errno, "Can't stat '%s'", prog);
		return prog;
	}
	const char *path = getenv("PATH");
	if (!path)
		path = MINC_DEFAULT_PATH;
	while (*path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);
		char dir[4096];
		snprintf(dir, sizeof(dir), "%.*s", (int)len, path);
		if (path_join(found_path, sizeof(found_path), len ? dir : ".", prog) == 0 &&
		    stat(found_path, &st) == 0 && S_ISREG(st.st_mode) && access(found_path, X_OK) == 0)
			return found_path;
		path += len + (colon ? 1 : 0);
	}
	die(1, ENOENT, "Can't stat '%s'", prog);
}

/* -c: one line counted. Lines are "name(args) = result <s.uuuuuu>"; the
 * "--- signal ---" and "+++ end +++" lines, calls that never returned
 * ("= ?") and unknown numbers (syscall_0x...) are not counted, as strace
 * does not count them. */
static void count_line(const char *line)
{
	const char *paren = strchr(line, '(');
	const char *end = line + strlen(line);
	if (!paren || line[0] == '-' || line[0] == '+' || !strncmp(line, "syscall_", 8))
		return;
	/* the time, then the last " = " before it */
	const char *lt = strrchr(line, '<');
	if (!lt || lt < paren || end[-1] != '>')
		return;
	const char *eq = NULL;
	for (const char *p = paren; p + 3 <= lt; p++)
		if (!strncmp(p, " = ", 3))
			eq = p;
	if (!eq || eq[3] == '?')
		return;
	char *frac;
	unsigned long secs = strtoul(lt + 1, &frac, 10);
	unsigned long usecs = *frac == '.' ? strtoul(frac + 1, NULL, 10) : 0;

	size_t len = (size_t)(paren - line);
	if (len >= NAME_MAX_LEN)
		return;
	struct summary_row *r = NULL;
	for (size_t i = 0; i < nrows && !r; i++)
		if (strlen(rows[i].name) == len && !strncmp(rows[i].name, line, len))
			r = &rows[i];
	if (!r) {
		if (nrows == SUMMARY_MAX)
			return;
		r = &rows[nrows++];
		memcpy(r->name, line, len);
		r->name[len] = 0;
	}
	r->calls++;
	if (!strncmp(eq + 3, "-1 E", 4) || !strncmp(eq + 3, "-1 (", 4))
		r->errors++;
	r->usecs += secs * 1000000 + usecs;
}

static int by_time(const void *a, const void *b)
{
	const struct summary_row *x = a, *y = b;
	return x->usecs < y->usecs ? 1 : x->usecs > y->usecs ? -1 : 0;
}

/* "  48.17" and "   0.000409": the fixed-point columns of strace -c. */
static void summary_line(int fd, unsigned long usecs, unsigned long total,
			 unsigned long calls, unsigned long errors, const char *name)
{
	unsigned long pct = total ? (usecs * 10000 + total / 2) / total : 0;
	char pcts[16], secs[24], errs[16] = "";

	if (!total && !strcmp(name, "total"))
		pct = 10000;
	snprintf(pcts, sizeof(pcts), "%lu.%02lu", pct / 100, pct % 100);
	snprintf(secs, sizeof(secs), "%lu.%06lu", usecs / 1000000, usecs % 1000000);
	if (errors)
		snprintf(errs, sizeof(errs), "%lu", errors);
	dprintf(fd, "%6s %11s %11lu %9lu %9s %s\n", pcts, secs, calls ? usecs / calls : 0, calls,
		errs, name);
}

static void print_summary(int fd)
{
	static const char rule[] = "------ ----------- ----------- --------- --------- ----------------\n";
	unsigned long total = 0, calls = 0, errors = 0;
	void *order[SUMMARY_MAX];

	for (size_t i = 0; i < nrows; i++) {
		total += rows[i].usecs;
		calls += rows[i].calls;
		errors += rows[i].errors;
		order[i] = &rows[i];
	}
	sort_ptrs(order, nrows, by_time);
	dprintf(fd, "%% time     seconds  usecs/call     calls    errors syscall\n%s", rule);
	for (size_t i = 0; i < nrows; i++) {
		const struct summary_row *r = order[i];
		summary_line(fd, r->usecs, total, r->calls, r->errors, r->name);
	}
	dprintf(fd, "%s", rule);
	summary_line(fd, total, total, calls, errors, "total");
}

int main(int argc, char **argv)
{
	bool follow = false, count = false, timed = false;
	const char *outfile = NULL;
	int opt, out = 2;

	prog_name = "strace";
	while ((opt = getopt(argc, argv, "+fcTo:")) != -1) {
		switch (opt) {
		case 'f': follow = true; break;
		case 'c': count = true; break;
		case 'T': timed = true; break;
		case 'o': outfile = optarg; break;
		default: usage();
		}
	}
	if (optind >= argc)
		usage();
	const char *path = find_program(argv[optind]);
	if (outfile) {
		out = open(outfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (out < 0)
			die(1, errno, "Can't fopen '%s'", outfile);
	}

	/* Where the kernel writes: FILE itself when only one process is
	 * traced and nothing is counted, else a pipe read here. */
	bool direct = outfile && !follow && !count;
	int p[2] = { -1, -1 };
	if (!direct && pipe2(p, O_CLOEXEC) < 0)
		die(1, errno, "pipe");
	unsigned long flags = 0;
	if (follow)
		flags |= MINOS_TRACE_FOLLOW | (outfile ? MINOS_TRACE_PID : MINOS_TRACE_PID_MANY);
	if (count || timed)
		flags |= MINOS_TRACE_TIME;
	if (count)
		flags &= ~(MINOS_TRACE_PID | MINOS_TRACE_PID_MANY);

	pid_t child = fork();
	if (child < 0)
		die(1, errno, "fork");
	if (child == 0) {
		/* Both pipe ends and FILE close on exec: the traced program
		 * sees only the descriptors strace was given. */
		long r = syscall(NR_MINOS_TRACE, direct ? out : p[1], flags);
		if (r < 0)
			die(1, errno, "minos_trace");
		execve(path, argv + optind, environ);
		_exit(127); /* the failed execve is the trace's first line */
	}

	if (!direct) {
		struct line_reader lr;
		char *line;
		size_t len;

		close(p[1]);
		lr_init(&lr, p[0]);
		while (lr_next(&lr, &line, &len) > 0) {
			if (count) {
				if (len && line[len - 1] == '\n')
					line[len - 1] = 0;
				count_line(line);
			} else {
				write_all(out, line, len);
			}
		}
	}
	int status;
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (count)
		print_summary(out);
	if (WIFSIGNALED(status)) {
		signal(WTERMSIG(status), SIG_DFL);
		raise(WTERMSIG(status));
	}
	return WEXITSTATUS(status);
}
