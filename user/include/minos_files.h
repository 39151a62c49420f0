/*
 * minos_files.h - the file calls that glibc declares in unistd.h (and
 * rename/renameat, which it declares in stdio.h), kept in a header of their
 * own so that they do not collide with other additions to unistd.h; a
 * program includes it next to unistd.h. Each returns -1 and sets errno on
 * failure, with glibc's prototype.
 */
#ifndef MINC_MINOS_FILES_H
#define MINC_MINOS_FILES_H

#include <sys/types.h>

#include <uapi/fcntl.h> /* SEEK_*, *_OK, AT_* */

int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
ssize_t pread(int fd, void *buf, size_t count, off_t offset);
ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset);

int access(const char *path, int mode);
/* flags 0 is faccessat(2); other flags need faccessat2(2). */
int faccessat(int dirfd, const char *path, int mode, int flags);

int rmdir(const char *path);
int unlink(const char *path);
int unlinkat(int dirfd, const char *path, int flags); /* AT_REMOVEDIR */
int rename(const char *oldpath, const char *newpath);
int renameat(int olddirfd, const char *oldpath, int newdirfd,
	     const char *newpath);
int symlink(const char *target, const char *linkpath);
/* Not NUL-terminated: returns the bytes stored, at most bufsiz. */
ssize_t readlink(const char *restrict path, char *restrict buf, size_t bufsiz);

/* buf must not be NULL (no malloc in libminc); returns buf or NULL. */
char *getcwd(char *buf, size_t size);
int chdir(const char *path);
int fchdir(int fd);

int dup(int fd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags); /* O_CLOEXEC */
int pipe(int fds[2]);
int pipe2(int fds[2], int flags); /* O_CLOEXEC, O_NONBLOCK, O_DIRECT */

int truncate(const char *path, off_t length);
int ftruncate(int fd, off_t length);

#endif
