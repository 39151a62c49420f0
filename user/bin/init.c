/*
 * init - MinOS's first process (pid 1). Runs the shell, /bin/sh, on the
 * terminal it was given as descriptors 0-2 (it opens nothing itself), or
 * the command in its arguments instead; reaps every child, its own and
 * the orphans the kernel hands it; and when the shell ends starts a new
 * one. Invariant: init never exits (the kernel would panic): every
 * failure is reported and retried, at most once a second.
 */
#include <errno.h>
#include <minos_proc.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SHELL_PATH "/bin/sh"
#define DEFAULT_PATH "PATH=/bin:/usr/bin"
#define DEFAULT_HOME "HOME=/"
#define ENV_MAX 64             /* init's own environment is small */
#define RESTART_DELAY_SEC 1    /* a program that dies at once waits this */

static char *env[ENV_MAX + 3]; /* room for PATH, HOME and the NULL */

static long now_seconds(void)
{
	struct timespec ts = { 0, 0 };

	__syscall2(__NR_clock_gettime, CLOCK_MONOTONIC, (long)&ts);
	return ts.tv_sec;
}

static void pause_a_moment(void)
{
	struct timespec ts = { RESTART_DELAY_SEC, 0 };

	nanosleep(&ts, NULL);
}

/* The environment for the shell: init's own, plus PATH and HOME if the
 * kernel did not pass them (MinOS passes HOME, PATH and TERM). */
static void make_env(void)
{
	size_t n = 0;
	int has_path = 0, has_home = 0;

	for (char **e = environ; e && *e && n < ENV_MAX; e++) {
		has_path |= strncmp(*e, "PATH=", 5) == 0;
		has_home |= strncmp(*e, "HOME=", 5) == 0;
		env[n++] = *e;
	}
	if (!has_path)
		env[n++] = DEFAULT_PATH;
	if (!has_home)
		env[n++] = DEFAULT_HOME;
	env[n] = NULL;
}

/* Starts file with argv in a child; its pid, or -1 after the message. */
static pid_t start(const char *file, char **argv)
{
	pid_t pid = fork();

	if (pid < 0) {
		dprintf(STDERR_FILENO, "init: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execve(file, argv, env);
		dprintf(STDERR_FILENO, "init: %s: %s\n", file, strerror(errno));
		_exit(127);
	}
	return pid;
}

static void report_end(const char *path, int status)
{
	if (WIFSIGNALED(status))
		printf("MinOS init: %s killed by signal %d, starting it again\n",
		       path, WTERMSIG(status));
	else
		printf("MinOS init: %s exited with status %d, starting it again\n",
		       path, WEXITSTATUS(status));
}

int main(int argc, char **argv)
{
	char *shell_argv[] = { "sh", NULL };
	char **cmd = argc > 1 ? argv + 1 : shell_argv;
	const char *path = argc > 1 ? argv[1] : SHELL_PATH;

	make_env();
	for (;;) {
		long started = now_seconds();
		pid_t child;
		int status;

		printf("MinOS init: starting %s\n", path);
		child = start(path, cmd);
		if (child < 0) {
			pause_a_moment();
			continue;
		}
		/* Reap everything until the shell itself is among the dead. */
		for (;;) {
			pid_t pid = wait4(-1, &status, 0, NULL);

			if (pid == child)
				break;
			if (pid < 0 && errno != EINTR) {
				dprintf(STDERR_FILENO, "init: wait4: %s\n",
					strerror(errno));
				status = 0;
				break; /* ECHILD: the shell is gone somehow */
			}
		}
		report_end(path, status);
		if (now_seconds() - started < RESTART_DELAY_SEC)
			pause_a_moment(); /* no tight loop if it cannot start */
	}
}
