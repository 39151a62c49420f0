/*
 * unistd.h - the POSIX-style system call wrappers. Each returns -1 and sets
 * errno on failure, like a C library's; <sys/syscall.h> gives the raw forms.
 */
#ifndef MINC_UNISTD_H
#define MINC_UNISTD_H

#include <stddef.h>

typedef long ssize_t;
typedef int pid_t;

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
__attribute__((noreturn)) void _exit(int status); /* exit_group, as glibc's */
pid_t getpid(void);

/*
 * brk() asks for the break at addr: 0, or -1 with ENOMEM if the kernel kept
 * another break (Linux's brk returns the break it ended with).
 * sbrk(incr) moves the break by incr and returns the old one, or
 * (void *)-1 with ENOMEM.
 */
int brk(void *addr);
void *sbrk(long incr);

/* Any call by number: libc-style (-1 and errno for results in [-4095,-1]). */
long syscall(long nr, ...);

extern char **environ;

#endif
