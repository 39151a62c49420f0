/*
 * rm - removes the files named. -r/-R: directories too, with everything
 * in them; -d: empty directories; -f: no message for names that do not
 * exist, and no error for no names at all. Refuses, as GNU rm, to remove
 * "." or ".." and to work recursively on "/". Never asks: there is no -i.
 * Exits 0, or 1 if anything was not removed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <minos_files.h>
#include <minos_util.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

static bool force, recursive, empty_dirs;

/* The names in directory path (without . and ..), NULL-terminated, from
 * xalloc; NULL if it cannot be read (errno). */
static char **list_dir(const char *path)
{
	static char dents[32768];
	size_t cap = 32, n = 0;
	char **v = xalloc(cap * sizeof(*v));
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t got = getdents64(fd, dents, sizeof(dents));

		if (got <= 0) {
			int err = errno;
			close(fd);
			if (got < 0) {
				errno = err;
				return NULL;
			}
			break;
		}
		for (ssize_t off = 0; off < got;) {
			struct linux_dirent64 *d = (void *)(dents + off);

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
				continue;
			if (n + 1 >= cap) {
				char **bigger = xalloc(2 * cap * sizeof(*v));
				memcpy(bigger, v, n * sizeof(*v));
				v = bigger;
				cap *= 2;
			}
			v[n++] = xstrdup(d->d_name);
		}
	}
	v[n] = NULL;
	return v;
}

static int remove_path(const char *path);

/* Empties directory path, then removes it; 0, or 1 after messages. */
static int remove_tree(const char *path)
{
	void *mark = xalloc_mark();
	char **names = list_dir(path);
	int failed = 0;

	if (!names) {
		warn_err(errno, "cannot remove '%s'", path);
		return 1;
	}
	for (char **p = names; *p; p++) {
		char child[PATH_MAX];

		if (path_join(child, sizeof(child), path, *p) < 0) {
			warn_err(errno, "cannot remove '%s/%s'", path, *p);
			failed = 1;
			continue;
		}
		failed |= remove_path(child);
	}
	xalloc_release(mark);
	if (failed)
		return 1; /* not empty: its rmdir would only fail again */
	if (rmdir(path) < 0) {
		warn_err(errno, "cannot remove '%s'", path);
		return 1;
	}
	return 0;
}

static int remove_path(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		if (force && errno == ENOENT)
			return 0;
		warn_err(errno, "cannot remove '%s'", path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0) {
			warn_err(errno, "cannot remove '%s'", path);
			return 1;
		}
		return 0;
	}
	if (recursive)
		return remove_tree(path);
	if (!empty_dirs) {
		warn_err(EISDIR, "cannot remove '%s'", path);
		return 1;
	}
	if (rmdir(path) < 0) {
		warn_err(errno, "cannot remove '%s'", path);
		return 1;
	}
	return 0;
}

/* Whether the last component of path is "." or "..". */
static bool is_dot_or_dotdot(const char *path)
{
	char base[PATH_MAX];

	path_base(path, base, sizeof(base));
	return strcmp(base, ".") == 0 || strcmp(base, "..") == 0;
}

/* Whether path names the root: only slashes. */
static bool is_root(const char *path)
{
	if (*path != '/')
		return false;
	while (*path == '/')
		path++;
	return *path == '\0';
}

int main(int argc, char **argv)
{
	int status = 0, opt;

	prog_name = "rm";
	while ((opt = getopt(argc, argv, "frRd")) != -1) {
		switch (opt) {
		case 'f': force = true; break;
		case 'r':
		case 'R': recursive = true; break;
		case 'd': empty_dirs = true; break;
		default: try_help(1);
		}
	}
	if (optind == argc) {
		if (force)
			return 0;
		warn_err(0, "missing operand");
		try_help(1);
	}
	for (int i = optind; i < argc; i++) {
		const char *path = argv[i];

		if (recursive && is_dot_or_dotdot(path)) {
			warn_err(0, "refusing to remove '.' or '..' directory: skipping '%s'",
				 path);
			status = 1;
		} else if (recursive && is_root(path)) {
			warn_err(0, "it is dangerous to operate recursively on '/'");
			warn_err(0, "use --no-preserve-root to override this failsafe");
			status = 1;
		} else {
			status |= remove_path(path);
		}
	}
	return status;
}
