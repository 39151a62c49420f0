/*
 * mv - renames files: `mv SOURCE DEST`, or `mv SOURCE... DIRECTORY` into
 * that directory under their own names, with rename(2). Across file
 * systems (EXDEV) a regular file or a symbolic link is copied and the
 * original removed; a directory is not moved there. -f is accepted (mv
 * never asks). Exits 0, or 1 if anything failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <minos_files.h>
#include <minos_util.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

/* rename's EXDEV fallback for what is not a directory: copy, then unlink. */
static int move_across(const char *src, const char *dst, const struct stat *st)
{
	if (S_ISLNK(st->st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(src, target, sizeof(target) - 1);

		if (n < 0)
			return -1;
		target[n] = '\0';
		if (unlink(dst) < 0 && errno != ENOENT)
			return -1;
		if (symlink(target, dst) < 0)
			return -1;
	} else if (S_ISREG(st->st_mode)) {
		int in = open(src, O_RDONLY | O_CLOEXEC), out, r;

		if (in < 0)
			return -1;
		out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			   st->st_mode & 07777);
		if (out < 0) {
			close(in);
			return -1;
		}
		r = copy_fd(in, out);
		close(in);
		if (close(out) < 0 || r < 0) {
			unlink(dst);
			return -1;
		}
	} else {
		errno = EXDEV;
		return -1;
	}
	return unlink(src);
}

static int move(const char *src, const char *dst)
{
	struct stat sst, dst_st;

	if (lstat(src, &sst) < 0) {
		warn_err(errno, "cannot stat '%s'", src);
		return 1;
	}
	if (lstat(dst, &dst_st) == 0) {
		if (sst.st_dev == dst_st.st_dev && sst.st_ino == dst_st.st_ino) {
			warn_err(0, "'%s' and '%s' are the same file", src, dst);
			return 1;
		}
		if (S_ISDIR(sst.st_mode) && !S_ISDIR(dst_st.st_mode)) {
			warn_err(0, "cannot overwrite non-directory '%s' with directory '%s'",
				 dst, src);
			return 1;
		}
		if (!S_ISDIR(sst.st_mode) && S_ISDIR(dst_st.st_mode)) {
			warn_err(0, "cannot overwrite directory '%s' with non-directory",
				 dst);
			return 1;
		}
	}
	if (rename(src, dst) == 0)
		return 0;
	if (errno == EXDEV && move_across(src, dst, &sst) == 0)
		return 0;
	if (errno == EINVAL && S_ISDIR(sst.st_mode))
		warn_err(0, "cannot move '%s' to a subdirectory of itself, '%s'", src,
			 dst);
	else
		warn_err(errno, "cannot move '%s' to '%s'", src, dst);
	return 1;
}

int main(int argc, char **argv)
{
	int opt;

	prog_name = "mv";
	while ((opt = getopt(argc, argv, "f")) != -1) {
		if (opt != 'f')
			try_help(1);
	}
	return for_each_to_target(argc, argv, optind, "move", move);
}
