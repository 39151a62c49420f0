/*
 * proc.c - process calls: fork, the exec family and its PATH search,
 * wait4 and its variants, process groups and sessions, the terminal's
 * foreground group, kill, sigaction with its restorer, the sigset
 * functions, and sleeping. Invariant: each wrapper is one system call (the
 * exec search, execvpe's script fallback and sleep aside), its result
 * returned as the kernel gave it or as -1 with errno.
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

/* SYSCALL_RET for the calls with a fourth argument. */
#define SYSCALL4_RET(nr, a1, a2, a3, a4) \
	__syscall_ret(__syscall6((nr), (long)(a1), (long)(a2), (long)(a3), \
				 (long)(a4), 0, 0))

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

int kill(pid_t pid, int sig)
{
	return (int)SYSCALL_RET(__NR_kill, pid, sig, 0);
}

int raise(int sig)
{
	return kill(getpid(), sig);
}

/*
 * The restorer a handler returns into: the kernel pushed its address as
 * the handler's return address, with the signal frame (ucontext) above it;
 * rt_sigreturn(2) reads that frame back. It never returns; ud2 traps if a
 * kernel ever lets it.
 */
#define STR_(x) #x
#define STR(x) STR_(x)
void __minc_restore_rt(void);
__asm__(".text\n"
	".globl __minc_restore_rt\n"
	".type __minc_restore_rt, @function\n"
	"__minc_restore_rt:\n"
	"\tmovl $" STR(__NR_rt_sigreturn) ", %eax\n"
	"\tsyscall\n"
	"\tud2\n"
	".size __minc_restore_rt, . - __minc_restore_rt\n");

int sigaction(int sig, const struct sigaction *restrict act,
	      struct sigaction *restrict old)
{
	struct kernel_sigaction k, ko;
	long r;

	if (act) {
		k.handler = (unsigned long)act->sa_handler;
		k.flags = (unsigned long)(unsigned int)act->sa_flags | SA_RESTORER;
		k.restorer = (unsigned long)__minc_restore_rt;
		k.mask = act->sa_mask;
	}
	r = __syscall6(__NR_rt_sigaction, sig, act ? (long)&k : 0,
		       old ? (long)&ko : 0, sizeof(sigset_t), 0, 0);
	if (__syscall_ret(r) < 0)
		return -1;
	if (old) {
		old->sa_handler = (sighandler_t)ko.handler;
		old->sa_mask = ko.mask;
		old->sa_flags = (int)(unsigned int)ko.flags;
		old->sa_restorer = (void (*)(void))ko.restorer;
	}
	return 0;
}

sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART };
	struct sigaction old;

	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
	return (int)SYSCALL4_RET(__NR_rt_sigprocmask, how, set, old,
				 sizeof(sigset_t));
}

static bool sig_valid(int sig)
{
	if (sig < 1 || sig > NSIG) {
		errno = EINVAL;
		return false;
	}
	return true;
}

int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	*set = ~0UL;
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (!sig_valid(sig))
		return -1;
	*set |= 1UL << (sig - 1);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (!sig_valid(sig))
		return -1;
	*set &= ~(1UL << (sig - 1));
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (!sig_valid(sig))
		return -1;
	return (*set >> (sig - 1)) & 1;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)SYSCALL_RET(__NR_nanosleep, req, rem, 0);
}

unsigned int sleep(unsigned int seconds)
{
	struct timespec ts = { .tv_sec = seconds, .tv_nsec = 0 };

	if (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		return (unsigned int)ts.tv_sec + (ts.tv_nsec > 0);
	return 0;
}
