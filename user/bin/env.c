/*
 * env - prints the environment, one NAME=VALUE a line, or runs a command
 * in a changed one: `env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND
 * [ARG]...]`. -i (or a lone -) starts from an empty environment, -u
 * removes NAME, -0 ends printed entries with NUL instead of newline. The
 * command is found through PATH (/bin:/usr/bin when unset) with execvp.
 * Exits with the command's status; else 0, 125 when env itself failed,
 * 126 when the command could not be run, 127 when it was not found.
 */
#include <errno.h>
#include <minos_proc.h>
#include <minos_util.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#define ENV_FAILURE 125
#define CANNOT_INVOKE 126
#define NOT_FOUND 127

static char **env;
static size_t env_len;

/* The index of the entry for name (its first len bytes), or env_len. */
static size_t env_find(const char *name, size_t len)
{
	size_t i = 0;

	for (; i < env_len; i++)
		if (strncmp(env[i], name, len) == 0 && env[i][len] == '=')
			break;
	return i;
}

static void env_unset(const char *name)
{
	size_t len = strlen(name), i;

	while ((i = env_find(name, len)) < env_len) {
		memmove(env + i, env + i + 1, (env_len - i) * sizeof(char *));
		env_len--;
	}
}

/* assignment is "NAME=VALUE": replaces NAME's entry or adds one. */
static void env_set(char *assignment)
{
	size_t len = (size_t)(strchr(assignment, '=') - assignment);
	size_t i = env_find(assignment, len);

	env[i] = assignment;
	if (i == env_len)
		env[++env_len] = NULL;
}

int main(int argc, char **argv)
{
	bool ignore_env = false, nul = false;
	char **unsets;
	size_t nunsets = 0, n = 0;
	int opt;

	prog_name = "env";
	xalloc_status = ENV_FAILURE;
	unsets = xalloc((size_t)argc * sizeof(char *));
	/* '+': options only before the first operand, which may be a
	 * command with options of its own. */
	while ((opt = getopt(argc, argv, "+iu:0")) != -1) {
		switch (opt) {
		case 'i': ignore_env = true; break;
		case 'u': unsets[nunsets++] = optarg; break;
		case '0': nul = true; break;
		default: try_help(ENV_FAILURE);
		}
	}
	if (optind < argc && strcmp(argv[optind], "-") == 0) {
		ignore_env = true;
		optind++;
	}
	while (!ignore_env && environ[n])
		n++;
	env = xalloc((n + (size_t)argc + 1) * sizeof(char *));
	memcpy(env, environ, n * sizeof(char *));
	env[n] = NULL;
	env_len = n;
	for (size_t i = 0; i < nunsets; i++) {
		if (!*unsets[i] || strchr(unsets[i], '='))
			die(ENV_FAILURE, EINVAL, "cannot unset '%s'", unsets[i]);
		env_unset(unsets[i]);
	}
	for (; optind < argc && strchr(argv[optind], '='); optind++)
		env_set(argv[optind]);
	if (optind == argc) {
		for (size_t i = 0; i < env_len; i++) {
			out_str(env[i]);
			out_char(nul ? '\0' : '\n');
		}
		if (out_flush() < 0)
			die(ENV_FAILURE, errno, "write error");
		return 0;
	}
	if (nul) {
		warn_err(0, "cannot specify --null (-0) with command");
		try_help(ENV_FAILURE);
	}
	/* execvp looks PATH up in environ: the new one's PATH counts. */
	environ = env;
	execvp(argv[optind], argv + optind);
	die(errno == ENOENT ? NOT_FOUND : CANNOT_INVOKE, errno, "'%s'",
	    argv[optind]);
}
