/*
 * mu-exec-txtbsy - ETXTBSY, as Linux 6.1 gives it: a program's file
 * cannot be opened for writing (O_WRONLY, O_RDWR, O_TRUNC) or truncated
 * while a process runs it, and a file open for writing cannot be
 * executed, as a program or as a script or a script's interpreter; a
 * script that is running can be written (only its interpreter runs).
 * When the process ends or the writer closes, all of it works again.
 * Expected: the reference Linux's results. Works in /tmp/mu-exec-txtbsy.PID
 * on a copy of this program, which run as "prog pause" sleeps until
 * killed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "mu-check.h"

static char dir[64], prog[96], script[96];

/* Starts path with one argument; the child's pid. */
static int start(const char *path, const char *arg)
{
	fflush(stdout);
	int pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)path, (char *)arg, NULL };
		execv(path, argv);
		_exit(100 + errno);
	}
	return pid;
}

/* What became of a child: its exit status, or its execve's errno. */
static void report(const char *what, int pid)
{
	int status;
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) >= 100)
		printf("%s: execve -%s\n", what, errno_name(WEXITSTATUS(status) - 100));
	else if (WIFEXITED(status))
		printf("%s: ran, status %d\n", what, WEXITSTATUS(status));
	else
		printf("%s: killed by signal %d\n", what, WTERMSIG(status));
}

static void show_open(const char *what, const char *path, int flags)
{
	int fd = open(path, flags);
	if (fd >= 0) {
		printf("%s: ok\n", what);
		close(fd);
	} else {
		printf("%s: -%s\n", what, errno_name(errno));
	}
}

static void copy_self(void)
{
	static char buf[1 << 16];
	int in = open("/proc/self/exe", O_RDONLY);
	int out = open(prog, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	long n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		write(out, buf, (size_t)n);
	close(in);
	close(out);
}

static void running_program(void)
{
	int pid = start(prog, "pause");
	wait_asleep(pid);
	show_open("running: open O_WRONLY", prog, O_WRONLY);
	show_open("running: open O_RDWR", prog, O_RDWR);
	show_open("running: open O_RDONLY|O_TRUNC", prog, O_RDONLY | O_TRUNC);
	show_open("running: open O_RDONLY", prog, O_RDONLY);
	printf("running: truncate: %s\n", truncate(prog, 0) ? errno_name(errno) : "ok");
	kill(pid, SIGKILL);
	report("the running copy", pid);
	show_open("ended: open O_WRONLY", prog, O_WRONLY);
}

static void open_for_writing(void)
{
	int w = open(prog, O_WRONLY);
	check("open the program for writing", w >= 0);
	report("execve while open for writing", start(prog, "exit"));
	int r = open(prog, O_RDONLY);
	report("execve while also open for reading", start(prog, "exit"));
	close(w);
	report("execve after the writer's close", start(prog, "exit"));
	close(r);
}

static void scripts(void)
{
	int fd = open(script, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	dprintf(fd, "#!%s\n", prog);
	report("a script while it is open for writing", start(script, "exit"));
	close(fd);
	int w = open(prog, O_WRONLY);
	report("a script while its interpreter is open for writing", start(script, "exit"));
	close(w);
	report("the script, nothing open", start(script, "exit"));

	int pid = start(script, "pause");
	wait_asleep(pid);
	show_open("script running: open the script O_WRONLY", script, O_WRONLY);
	show_open("script running: open its interpreter O_WRONLY", prog, O_WRONLY);
	kill(pid, SIGKILL);
	report("the running script", pid);
}

int main(int argc, char **argv)
{
	/* Run by the test itself: a script's interpreter gets the script's
	 * path, then the argument. */
	const char *what = argc > 1 ? argv[argc - 1] : "";
	if (!strcmp(what, "pause")) {
		pause();
		return 3;
	}
	if (!strcmp(what, "exit"))
		return 7;

	check_start();
	snprintf(dir, sizeof(dir), "/tmp/mu-exec-txtbsy.%d", getpid());
	mkdir(dir, 0700);
	snprintf(prog, sizeof(prog), "%s/prog", dir);
	snprintf(script, sizeof(script), "%s/script", dir);
	copy_self();
	section("a running program", running_program, 30);
	section("a program open for writing", open_for_writing, 30);
	section("scripts", scripts, 30);
	unlink(script);
	unlink(prog);
	rmdir(dir);
	return check_exit();
}
