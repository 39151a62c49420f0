/*
 * minos_proc.h - process calls that glibc declares in unistd.h and
 * stdlib.h (fork, execve and the exec family, process groups and sessions,
 * sleeping, the environment), kept in a header of their own so that they
 * do not collide with other additions to unistd.h; a program includes it
 * next to unistd.h. Each returns -1 and sets errno on failure, with
 * glibc's prototype. waitpid and friends are in sys/wait.h, kill and
 * sigaction in signal.h. There is no vfork: a C wrapper cannot return
 * twice on a shared stack; use fork.
 */
#ifndef MINC_MINOS_PROC_H
#define MINC_MINOS_PROC_H

#include <sys/types.h>

#include <uapi/time.h> /* struct timespec */

pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
/* environ for the environment. */
int execv(const char *path, char *const argv[]);

/*
 * The PATH used when the variable is unset (glibc's default has "." too,
 * which no shell wants any more).
 */
#define MINC_DEFAULT_PATH "/bin:/usr/bin"

/*
 * execvp searches getenv("PATH") (MINC_DEFAULT_PATH if unset) for file
 * unless it contains a slash, trying each directory in turn as glibc does:
 * ENOENT, ENOTDIR and EACCES move on to the next directory (EACCES is
 * reported if nothing better turns up), any other error stops the search.
 * A file that exists but is not an executable format (ENOEXEC) is run by
 * /bin/sh, as POSIX asks. execvpe takes the environment explicitly.
 */
int execvp(const char *file, char *const argv[]);
int execvpe(const char *file, char *const argv[], char *const envp[]);

/*
 * minc_exec_search is execvpe's search with the PATH string given (a
 * shell keeps its own variables) and no ENOEXEC fallback: it returns only
 * on failure, -1 with errno as above; with ENOEXEC, found (size bytes)
 * holds the path of the file that could not be run, so the caller can run
 * it as a script itself. found may be NULL when size is 0.
 */
int minc_exec_search(const char *file, const char *path, char *const argv[],
		     char *const envp[], char *found, size_t size);

pid_t getppid(void);                    /* cannot fail */
pid_t getpgrp(void);                    /* cannot fail */
pid_t getpgid(pid_t pid);
int setpgid(pid_t pid, pid_t pgid);
pid_t setsid(void);
/* The terminal's foreground process group: ioctl TIOCGPGRP/TIOCSPGRP. */
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);

/* Returns 0, or -1 and EINTR with the time left in *rem (if not NULL). */
int nanosleep(const struct timespec *req, struct timespec *rem);
/* The seconds left when interrupted, else 0. */
unsigned int sleep(unsigned int seconds);

/*
 * The environment, on environ (unistd.h). setenv copies name=value into
 * memory taken with sbrk and never given back, and the first change
 * copies the environ array there too: fine for the short-lived programs
 * libminc serves. getenv returns a pointer into the entry; setenv and
 * unsetenv refuse a NULL or empty name or one with '=' (EINVAL).
 */
char *getenv(const char *name);
int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);

#endif
