/*
 * main.c - /bin/strace's command line (docs/strace.md): the options,
 * Linux strace's, then PROG [ARGS...] to start traced or -p PID to attach
 * to, and the end: the -c table, then strace exits as PROG did (or dies
 * of the same signal). Invariant: nothing is traced before the options
 * are all valid.
 */
#include <errno.h>
#include <minos_files.h>
#include <minos_proc.h>
#include <minos_util.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "syscall.h"
#include "text.h"
#include "tracer.h"

struct options opt = { .string_max = TRACE_STRING_MAX_DEFAULT, .status_set = STATUS_ALL };

#define MAX_ATTACH 32

static char found_path[4096];

static __attribute__((noreturn)) void usage(void)
{
	dprintf(2, "usage: strace [-cCfFqrtTvyzZ] [-e EXPR]... [-o FILE] [-s STRSIZE]\n"
		   "              { -p PID | PROG [ARGS] }\n"
		   "  -c  count calls, errors and time, print a table at the end\n"
		   "  -C  the table and the lines\n"
		   "  -f  follow forks; -ff with -o FILE: one file per process, FILE.PID\n"
		   "  -e trace=SET, signal=SET, status=SET  (SET: names, %%classes, !negation)\n"
		   "  -o FILE  write the lines to FILE\n"
		   "  -p PID   attach to a running process (several -p allowed)\n"
		   "  -r  relative timestamps; -t, -tt, -ttt absolute ones\n"
		   "  -s N     show at most N bytes of each string\n"
		   "  -T  time spent in each call; -v unabbreviated; -y descriptors' paths\n"
		   "  -z  successful calls only; -Z failed calls only\n"
		   "  -q  no \"Process N attached/detached\" messages\n");
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

int main(int argc, char **argv)
{
	int pids[MAX_ATTACH], npids = 0, o;

	prog_name = argv[0]; /* in messages, as Linux's strace names itself */
	while ((o = getopt(argc, argv, "+cCfFrtTvyzZe:o:p:s:qh")) != -1) {
		switch (o) {
		case 'c': opt.count = true; break;
		case 'C': opt.count = opt.count_and_trace = true; break;
		case 'f': case 'F': opt.follow = MIN(opt.follow + 1, 2); break;
		case 'r': opt.relative = true; break;
		case 't': opt.timestamps = MIN(opt.timestamps + 1, 3); break;
		case 'T': opt.syscall_time = true; break;
		case 'v': opt.verbose = true; break;
		case 'y': opt.decode_fds = true; break;
		case 'z': opt.status_set = STATUS_SUCCESSFUL; break;
		case 'Z': opt.status_set = STATUS_FAILED; break;
		case 'q': opt.quiet = true; break;
		case 'e':
			if (!filter_parse(optarg))
				exit(1);
			break;
		case 'o': opt.outfile = optarg; break;
		case 's': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 0) {
				dprintf(2, "%s: invalid -s argument: '%s'\n", prog_name, optarg);
				exit(1);
			}
			opt.string_max = (unsigned)n;
			break;
		}
		case 'p': {
			/* -p takes a list too: "-p 12,34" or "-p '12 34'" */
			char *p = optarg;
			while (*p) {
				char *end;
				long pid = strtol(p, &end, 10);
				if (end == p || pid <= 0) {
					dprintf(2, "%s: Invalid process id: '%s'\n", prog_name, optarg);
					exit(1);
				}
				if (npids < MAX_ATTACH)
					pids[npids++] = (int)pid;
				p = end;
				while (*p == ',' || *p == ' ')
					p++;
			}
			break;
		}
		default: usage();
		}
	}
	if (optind >= argc && !npids)
		usage();
	if (opt.follow == 2 && !opt.outfile)
		opt.follow = 1;

	const char *path = optind < argc ? find_program(argv[optind]) : NULL;
	output_open();
	for (int i = 0; i < npids; i++)
		tracer_attach(pids[i]);
	if (path)
		tracer_start(path, argv + optind);
	else if (!tcb_count())
		exit(1);

	output_started();
	int killed_by;
	int status = tracer_loop(&killed_by);
	if (opt.count)
		summary_print(output_summary_fd());
	output_flush();
	if (killed_by) {
		signal(killed_by, SIG_DFL);
		raise(killed_by);
	}
	return status;
}
