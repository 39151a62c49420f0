/*
 * cp - copies files: `cp SOURCE DEST`, or `cp SOURCE... DIRECTORY` into
 * that directory under their own names. A new file gets the source's
 * permission bits less the umask; an existing one keeps its own and is
 * truncated. -r/-R copies directories with everything in them, symbolic
 * links inside as links; without it, links are followed and directories
 * skipped with a message. -f: when a destination cannot be opened,
 * removes it and tries again. Exits 0, or 1 if anything failed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <minos_files.h>
#include <minos_util.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

static bool recursive, force;
/* The directory the copy created at the top, which must not be copied
 * into itself when it lies inside the source (cp -r . sub). */
static struct stat made_top;
static bool made_top_valid;

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Copies the data of a regular (or other readable) file. */
static int copy_file(const char *src, const char *dst, const struct stat *sst)
{
	struct stat dst_st;
	int in, out, failed = 0;

	if (stat(dst, &dst_st) == 0) {
		if (same_file(sst, &dst_st)) {
			warn_err(0, "'%s' and '%s' are the same file", src, dst);
			return 1;
		}
		if (S_ISDIR(dst_st.st_mode)) {
			warn_err(0, "cannot overwrite directory '%s' with non-directory",
				 dst);
			return 1;
		}
	}
	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		warn_err(errno, "cannot open '%s' for reading", src);
		return 1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		   sst->st_mode & 0777);
	if (out < 0 && force && unlink(dst) == 0)
		out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			   sst->st_mode & 0777);
	if (out < 0) {
		warn_err(errno, "cannot create regular file '%s'", dst);
		close(in);
		return 1;
	}
	switch (copy_fd(in, out)) {
	case -1:
		warn_err(errno, "error reading '%s'", src);
		failed = 1;
		break;
	case -2:
		warn_err(errno, "error writing '%s'", dst);
		failed = 1;
		break;
	}
	close(in);
	if (close(out) < 0 && !failed) {
		warn_err(errno, "error writing '%s'", dst);
		failed = 1;
	}
	return failed;
}

static int copy_link(const char *src, const char *dst)
{
	char target[PATH_MAX];
	ssize_t n = readlink(src, target, sizeof(target) - 1);

	if (n < 0) {
		warn_err(errno, "cannot read symbolic link '%s'", src);
		return 1;
	}
	target[n] = '\0';
	if (symlink(target, dst) < 0 && !(force && errno == EEXIST &&
					   unlink(dst) == 0 &&
					   symlink(target, dst) == 0)) {
		warn_err(errno, "cannot create symbolic link '%s'", dst);
		return 1;
	}
	return 0;
}

static int copy_path(const char *src, const char *dst, bool top);

/*
 * Whether dst's directory is dir or lies below it: walks up from it by
 * "..", comparing each with dir, until the root (its own parent).
 */
static bool is_inside(const struct stat *dir, const char *dst)
{
	char up[PATH_MAX];
	struct stat st, parent;
	size_t len;

	len = strlen(dst);
	while (len > 1 && dst[len - 1] == '/')
		len--;
	while (len > 0 && dst[len - 1] != '/')
		len--;
	if (len == 0)
		snprintf(up, sizeof(up), ".");
	else
		snprintf(up, sizeof(up), "%.*s", (int)len, dst);
	if (stat(up, &st) < 0)
		return false;
	for (;;) {
		if (same_file(&st, dir))
			return true;
		if (strlen(up) + 4 >= sizeof(up))
			return false;
		memcpy(up + strlen(up), "/..", 4);
		if (stat(up, &parent) < 0 || same_file(&parent, &st))
			return false; /* the root, its own parent */
		st = parent;
	}
}

/* Copies directory src to dst, creating dst if needed. */
static int copy_dir(const char *src, const char *dst, const struct stat *sst,
		    bool top)
{
	static char dents[32768];
	struct stat dst_st;
	int fd, failed = 0;

	if (top && is_inside(sst, dst)) {
		warn_err(0, "cannot copy a directory, '%s', into itself, '%s'", src,
			 dst);
		return 1;
	}
	if (mkdir(dst, (sst->st_mode & 0777) | S_IRWXU) < 0) {
		if (errno != EEXIST || stat(dst, &dst_st) < 0 ||
		    !S_ISDIR(dst_st.st_mode)) {
			if (errno == EEXIST)
				warn_err(0, "cannot overwrite non-directory '%s' with directory '%s'",
					 dst, src);
			else
				warn_err(errno, "cannot create directory '%s'", dst);
			return 1;
		}
	} else if (!made_top_valid && stat(dst, &made_top) == 0) {
		made_top_valid = true;
	}
	fd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		warn_err(errno, "cannot access '%s'", src);
		return 1;
	}
	for (;;) {
		ssize_t got = getdents64(fd, dents, sizeof(dents));

		if (got < 0) {
			warn_err(errno, "cannot access '%s'", src);
			failed = 1;
		}
		if (got <= 0)
			break;
		/* The records are copied out: the recursion reuses dents. */
		void *mark = xalloc_mark();
		char *batch = xalloc((size_t)got);
		memcpy(batch, dents, (size_t)got);
		for (ssize_t off = 0; off < got;) {
			struct linux_dirent64 *d = (void *)(batch + off);
			char s[PATH_MAX], t[PATH_MAX];
			struct stat cst;

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
				continue;
			if (path_join(s, sizeof(s), src, d->d_name) < 0 ||
			    path_join(t, sizeof(t), dst, d->d_name) < 0) {
				warn_err(errno, "cannot copy '%s/%s'", src, d->d_name);
				failed = 1;
				continue;
			}
			if (made_top_valid && lstat(s, &cst) == 0 &&
			    same_file(&cst, &made_top))
				continue; /* the copy itself, made inside src */
			failed |= copy_path(s, t, false);
		}
		xalloc_release(mark);
	}
	close(fd);
	return failed;
}

/* Copies src to dst, whatever src is; top for an operand. */
static int copy_path(const char *src, const char *dst, bool top)
{
	struct stat st;

	/* -r copies links as links; otherwise they are followed. */
	if ((recursive ? lstat(src, &st) : stat(src, &st)) < 0) {
		warn_err(errno, "cannot stat '%s'", src);
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!recursive) {
			warn_err(0, "-r not specified; omitting directory '%s'", src);
			return 1;
		}
		return copy_dir(src, dst, &st, top);
	}
	if (S_ISLNK(st.st_mode))
		return copy_link(src, dst);
	return copy_file(src, dst, &st);
}

/* A command-line operand: a directory needs -r. */
static int copy_operand(const char *src, const char *dst)
{
	return copy_path(src, dst, true);
}

int main(int argc, char **argv)
{
	int opt;

	prog_name = "cp";
	while ((opt = getopt(argc, argv, "rRf")) != -1) {
		switch (opt) {
		case 'r':
		case 'R': recursive = true; break;
		case 'f': force = true; break;
		default: try_help(1);
		}
	}
	return for_each_to_target(argc, argv, optind, "copy", copy_operand);
}
