/*
 * sys/wait.h - wait4(2), waitpid and wait with glibc's prototypes (-1 and
 * errno on failure), the options and the macros that take apart a wait
 * status. The status word is Linux's: exit code << 8 for an exit, the
 * signal number (with 0x80 for a core dump) for a death by signal, and
 * (signal << 8) | 0x7f for a stopped child.
 */
#ifndef MINC_SYS_WAIT_H
#define MINC_SYS_WAIT_H

#include <sys/types.h>

/* Options, from Linux's include/uapi/linux/wait.h. */
#define WNOHANG 0x00000001
#define WUNTRACED 0x00000002
#define WSTOPPED WUNTRACED
#define WEXITED 0x00000004
#define WCONTINUED 0x00000008
#define WNOWAIT 0x01000000

#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WTERMSIG(s) ((s) & 0x7f)
#define WSTOPSIG(s) WEXITSTATUS(s)
#define WCOREDUMP(s) (((s) & 0x80) != 0)
#define WIFEXITED(s) (WTERMSIG(s) == 0)
#define WIFSTOPPED(s) (((s) & 0xff) == 0x7f)
#define WIFSIGNALED(s) (WTERMSIG(s) != 0 && WTERMSIG(s) != 0x7f)
#define WIFCONTINUED(s) ((s) == 0xffff)

struct rusage; /* not defined by libminc: pass NULL */

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);
pid_t waitpid(pid_t pid, int *status, int options); /* wait4(..., NULL) */
pid_t wait(int *status);                            /* waitpid(-1, s, 0) */

#endif
