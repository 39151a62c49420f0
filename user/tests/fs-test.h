/*
 * fs-test.h - shared by the file tests (fs-*, pipe-*, io-*): each works in
 * a scratch directory of its own, /tmp/NAME.PID, which it enters at the
 * start and removes with everything in it at the end. The pid keeps runs
 * apart and is never printed: paths in output lines are relative to the
 * scratch directory. The C-library results (-1 and errno) are turned back
 * into the raw form (-errno) that check_result() prints as "-ENOENT".
 */
#ifndef MINOS_USER_TESTS_FS_TEST_H
#define MINOS_USER_TESTS_FS_TEST_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <minos_files.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

/* A C-library result as the raw system call gave it: -1 becomes -errno. */
static inline long rv(long r)
{
	return r == -1 ? -(long)errno : r;
}

/* Checks a C-library call against the raw result wanted ("-ENOENT" etc.). */
#define CHECK_CALL(what, call, want) check_result((what), rv(call), (want))

static char scratch_path[64];

/*
 * Removes path and, for a directory, everything under it; 0 when it is
 * gone. Entries are removed during a pass over the listing, and passes
 * repeat while one removes something: a directory's order may change as
 * it shrinks, so a pass may miss entries.
 */
static inline int remove_tree(const char *path)
{
	struct stat st;
	char buf[1024];
	char child[PATH_MAX];
	int removed = 1;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	while (removed) {
		int fd = open(path, O_RDONLY | O_DIRECTORY);
		ssize_t n;

		removed = 0;
		if (fd < 0)
			break;
		while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
			for (ssize_t off = 0; off < n;) {
				struct linux_dirent64 *d = (void *)(buf + off);
				off += d->d_reclen;
				if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
					continue;
				snprintf(child, sizeof(child), "%s/%s", path, d->d_name);
				if (remove_tree(child) == 0)
					removed = 1;
			}
		}
		close(fd);
	}
	return rmdir(path);
}

/* Creates /tmp/NAME.PID and makes it the working directory, or exits. */
static inline void scratch_enter(const char *name)
{
	mkdir("/tmp", 01777); /* Linux has it; a bare MinOS root may not */
	snprintf(scratch_path, sizeof(scratch_path), "/tmp/%s.%d", name,
		 (int)getpid());
	remove_tree(scratch_path); /* a crashed earlier run with this pid */
	if (mkdir(scratch_path, 0755) < 0 || chdir(scratch_path) < 0) {
		printf("scratch directory under /tmp: FAIL (%s)\n", strerror(errno));
		exit(1);
	}
}

/* Leaves the scratch directory and removes it, as one more check. */
static inline void scratch_leave(void)
{
	struct stat st;

	chdir("/");
	remove_tree(scratch_path);
	check("scratch directory removed", lstat(scratch_path, &st) < 0 && errno == ENOENT);
}

/* Creates (or truncates) path with len bytes of data; 0 or -errno. */
static inline long put_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	long r;

	if (fd < 0)
		return -errno;
	r = write(fd, data, len);
	r = r == (long)len ? 0 : r < 0 ? -errno : -EIO;
	close(fd);
	return r;
}

/* Reads up to size - 1 bytes of path into buf, NUL-terminated; the count
 * or -errno. */
static inline long get_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

#endif
