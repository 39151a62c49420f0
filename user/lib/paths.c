/*
 * paths.c - the calls that take path names: stat and friends, access,
 * directories (mkdir, rmdir, getdents64, the working directory), unlink,
 * rename, symbolic links, truncate and umask. Invariant: each wrapper is one
 * system call, its result returned as the kernel gave it or as -1 with
 * errno; fstatat is newfstatat(2), as in glibc.
 */
#include <dirent.h>
#include <fcntl.h>
#include <minos_files.h>
#include <sys/stat.h>

#include "internal.h"

/* SYSCALL_RET for the calls with a fourth or fifth argument. */
#define SYSCALL5_RET(nr, a1, a2, a3, a4, a5) \
	__syscall_ret(__syscall6((nr), (long)(a1), (long)(a2), (long)(a3), \
				 (long)(a4), (long)(a5), 0))

int stat(const char *restrict path, struct stat *restrict st)
{
	return (int)SYSCALL_RET(__NR_stat, path, st, 0);
}

int fstat(int fd, struct stat *st)
{
	return (int)SYSCALL_RET(__NR_fstat, fd, st, 0);
}

int lstat(const char *restrict path, struct stat *restrict st)
{
	return (int)SYSCALL_RET(__NR_lstat, path, st, 0);
}

int fstatat(int dirfd, const char *restrict path, struct stat *restrict st,
	    int flags)
{
	return (int)SYSCALL5_RET(__NR_newfstatat, dirfd, path, st, flags, 0);
}

int access(const char *path, int mode)
{
	return (int)SYSCALL_RET(__NR_access, path, mode, 0);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	/* faccessat(2) has no flags argument; faccessat2(2) does. */
	if (flags == 0)
		return (int)SYSCALL_RET(__NR_faccessat, dirfd, path, mode);
	return (int)SYSCALL5_RET(__NR_faccessat2, dirfd, path, mode, flags, 0);
}

int mkdir(const char *path, mode_t mode)
{
	return (int)SYSCALL_RET(__NR_mkdir, path, mode, 0);
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
	return (int)SYSCALL_RET(__NR_mkdirat, dirfd, path, mode);
}

int rmdir(const char *path)
{
	return (int)SYSCALL_RET(__NR_rmdir, path, 0, 0);
}

int unlink(const char *path)
{
	return (int)SYSCALL_RET(__NR_unlink, path, 0, 0);
}

int unlinkat(int dirfd, const char *path, int flags)
{
	return (int)SYSCALL_RET(__NR_unlinkat, dirfd, path, flags);
}

int rename(const char *oldpath, const char *newpath)
{
	return (int)SYSCALL_RET(__NR_rename, oldpath, newpath, 0);
}

int renameat(int olddirfd, const char *oldpath, int newdirfd,
	     const char *newpath)
{
	return (int)SYSCALL5_RET(__NR_renameat, olddirfd, oldpath, newdirfd,
				 newpath, 0);
}

int symlink(const char *target, const char *linkpath)
{
	return (int)SYSCALL_RET(__NR_symlink, target, linkpath, 0);
}

ssize_t readlink(const char *restrict path, char *restrict buf, size_t bufsiz)
{
	return SYSCALL_RET(__NR_readlink, path, buf, bufsiz);
}

ssize_t getdents64(int fd, void *buf, size_t count)
{
	return SYSCALL_RET(__NR_getdents64, fd, buf, count);
}

/* The raw call returns the length including the NUL; the C function buf. */
char *getcwd(char *buf, size_t size)
{
	return SYSCALL_RET(__NR_getcwd, buf, size, 0) < 0 ? NULL : buf;
}

int chdir(const char *path)
{
	return (int)SYSCALL_RET(__NR_chdir, path, 0, 0);
}

int fchdir(int fd)
{
	return (int)SYSCALL_RET(__NR_fchdir, fd, 0, 0);
}

int truncate(const char *path, off_t length)
{
	return (int)SYSCALL_RET(__NR_truncate, path, length, 0);
}

mode_t umask(mode_t mask)
{
	return (mode_t)__syscall1(__NR_umask, mask); /* cannot fail */
}
