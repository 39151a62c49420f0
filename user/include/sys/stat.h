/*
 * sys/stat.h - struct stat (Linux's x86-64 layout, shared with the kernel),
 * the st_mode bits, and the stat, mkdir and umask calls with glibc's
 * prototypes (-1 and errno on failure). fstatat is newfstatat(2).
 */
#ifndef MINC_SYS_STAT_H
#define MINC_SYS_STAT_H

#include <sys/types.h>

#include <uapi/stat.h>

/* Permission bits (include/uapi/linux/stat.h). */
#define S_IRWXU 00700
#define S_IRUSR 00400
#define S_IWUSR 00200
#define S_IXUSR 00100
#define S_IRWXG 00070
#define S_IRGRP 00040
#define S_IWGRP 00020
#define S_IXGRP 00010
#define S_IRWXO 00007
#define S_IROTH 00004
#define S_IWOTH 00002
#define S_IXOTH 00001
#define S_ISBLK(m) (((m) & S_IFMT) == S_IFBLK)
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)

int stat(const char *restrict path, struct stat *restrict st);
int fstat(int fd, struct stat *st);
int lstat(const char *restrict path, struct stat *restrict st);
/* flags: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH (fcntl.h). */
int fstatat(int dirfd, const char *restrict path, struct stat *restrict st,
	    int flags);
int mkdir(const char *path, mode_t mode);
int mkdirat(int dirfd, const char *path, mode_t mode);
mode_t umask(mode_t mask); /* cannot fail: returns the old mask */

/* st_rdev's parts, as glibc's gnu_dev_major/minor decode them. */
static inline unsigned int major(dev_t dev)
{
	return (unsigned int)(((dev >> 32) & 0xfffff000) | ((dev >> 8) & 0xfff));
}
static inline unsigned int minor(dev_t dev)
{
	return (unsigned int)(((dev >> 12) & 0xffffff00) | (dev & 0xff));
}

#endif
