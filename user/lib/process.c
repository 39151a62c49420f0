/*
 * process.c - process calls: fork, the exec family and its PATH search,
 * wait4 and its variants, the process ids, process groups and sessions,
 * and the terminal's foreground group. Invariant: each wrapper is one
 * system call (the exec search and execvpe's script fallback aside), its
 * result returned as the kernel gave it or as -1 with errno.
 */
#include <errno.h>
#include <limits.h>
#include <minos_proc.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

#define SH_PATH "/bin/sh" /* where POSIX puts the shell for ENOEXEC files */

pid_t fork(void)
{
	return (pid_t)SYSCALL_RET(__NR_fork, 0, 0, 0);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)SYSCALL_RET(__NR_execve, path, argv, envp);
}

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

static void keep_found(char *found, size_t size, const char *path)
{
	if (found && size)
		strlcpy(found, path, size);
}

int minc_exec_search(const char *file, const char *path, char *const argv[],
		     char *const envp[], char *found, size_t size)
{
	char buf[PATH_MAX];
	size_t flen = strlen(file);
	bool denied = false;

	keep_found(found, size, "");
	if (flen == 0) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/')) {
		execve(file, argv, envp);
		if (errno == ENOEXEC)
			keep_found(found, size, file);
		return -1;
	}
	for (const char *p = path;;) {
		const char *colon = strchr(p, ':');
		size_t dlen = colon ? (size_t)(colon - p) : strlen(p);

		/* An empty entry is the current directory, as POSIX says. */
		if (dlen + 1 + flen + 1 <= sizeof(buf)) {
			size_t at = 0;
			if (dlen) {
				memcpy(buf, p, dlen);
				buf[dlen] = '/';
				at = dlen + 1;
			}
			memcpy(buf + at, file, flen + 1);
			execve(buf, argv, envp);
			switch (errno) {
			case EACCES:
				denied = true;
				break;
			case ENOENT:
			case ENOTDIR:
			case ENAMETOOLONG:
				break;
			case ENOEXEC:
				keep_found(found, size, buf);
				return -1;
			default:
				return -1;
			}
		}
		if (!colon)
			break;
		p = colon + 1;
	}
	errno = denied ? EACCES : ENOENT;
	return -1;
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
	char found[PATH_MAX];
	const char *path = getenv("PATH");
	size_t argc = 0;

	minc_exec_search(file, path ? path : MINC_DEFAULT_PATH, argv, envp,
			 found, sizeof(found));
	if (errno != ENOEXEC)
		return -1;
	/* A file without #! or ELF header: a script for the shell. */
	while (argv[argc])
		argc++;
	char *sh_argv[argc + 3];
	size_t n = 0;
	sh_argv[n++] = "sh";
	sh_argv[n++] = found;
	for (size_t i = 1; i < argc; i++)
		sh_argv[n++] = argv[i];
	sh_argv[n] = NULL;
	execve(SH_PATH, sh_argv, envp);
	return -1;
}

int execvp(const char *file, char *const argv[])
{
	return execvpe(file, argv, environ);
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	return (pid_t)SYSCALL4_RET(__NR_wait4, pid, status, options, ru);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

pid_t wait(int *status)
{
	return wait4(-1, status, 0, NULL);
}

pid_t getpid(void)
{
	return (pid_t)__syscall0(__NR_getpid); /* cannot fail */
}

pid_t getppid(void)
{
	return (pid_t)__syscall0(__NR_getppid); /* cannot fail */
}

pid_t getpgrp(void)
{
	return (pid_t)__syscall0(__NR_getpgrp); /* cannot fail */
}

pid_t getpgid(pid_t pid)
{
	return (pid_t)SYSCALL_RET(__NR_getpgid, pid, 0, 0);
}

int setpgid(pid_t pid, pid_t pgid)
{
	return (int)SYSCALL_RET(__NR_setpgid, pid, pgid, 0);
}

pid_t setsid(void)
{
	return (pid_t)SYSCALL_RET(__NR_setsid, 0, 0, 0);
}

pid_t tcgetpgrp(int fd)
{
	int pgrp;

	if (ioctl(fd, TIOCGPGRP, &pgrp) < 0)
		return -1;
	return pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	int arg = pgrp;

	return ioctl(fd, TIOCSPGRP, &arg);
}
