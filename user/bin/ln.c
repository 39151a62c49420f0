/*
 * ln - makes links: `ln TARGET LINK`, `ln TARGET` (a link of the same
 * name here) or `ln TARGET... DIRECTORY` (links of the same names there).
 * Hard links by default (link(2): MinOS may answer ENOSYS, reported as
 * any error); -s makes symbolic links, -f removes existing destinations
 * first, -n treats a destination that is a symbolic link to a directory
 * as a file. Messages as GNU ln's. Exits 0, or 1 if any link failed.
 */
#include <errno.h>
#include <limits.h>
#include <minos_files.h>
#include <minos_util.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static bool symbolic, force, no_deref;

static int make_link(const char *target, const char *link)
{
	struct stat st;
	int r;

	/* A hard link needs its target to exist: say so by name. The
	 * target is not followed if it is a symbolic link (linkat's default). */
	if (!symbolic && lstat(target, &st) < 0) {
		warn_err(errno, "failed to access '%s'", target);
		return 1;
	}
	if (!symbolic && S_ISDIR(st.st_mode)) {
		warn_err(0, "%s: hard link not allowed for directory", target);
		return 1;
	}
	if (force && lstat(link, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			warn_err(0, "'%s': cannot overwrite directory", link);
			return 1;
		}
		if (unlink(link) < 0) {
			warn_err(errno, "cannot remove '%s'", link);
			return 1;
		}
	}
	if (symbolic)
		r = symlink(target, link);
	else
		r = (int)syscall(__NR_link, target, link);
	if (r == 0)
		return 0;
	/* GNU ln's wording: the short form when the link's place is the
	 * problem, the long one when it may be the target. */
	if (symbolic)
		warn_err(errno, errno == ENAMETOOLONG || !*target
					? "failed to create symbolic link '%s' -> '%s'"
					: "failed to create symbolic link '%s'%.0s",
			 link, target);
	else if (errno == EEXIST || errno == ENOSPC || errno == EROFS)
		warn_err(errno, "failed to create hard link '%s'", link);
	else
		warn_err(errno, "failed to create hard link '%s' => '%s'", link,
			 target);
	return 1;
}

int main(int argc, char **argv)
{
	struct stat st;
	const char *dir = NULL;
	int status = 0, opt, n, last;

	prog_name = "ln";
	while ((opt = getopt(argc, argv, "sfn")) != -1) {
		switch (opt) {
		case 's': symbolic = true; break;
		case 'f': force = true; break;
		case 'n': no_deref = true; break;
		default: try_help(1);
		}
	}
	n = argc - optind;
	if (n == 0) {
		warn_err(0, "missing file operand");
		try_help(1);
	}
	last = argc;
	if (n == 1) {
		dir = "."; /* ln TARGET: the link goes here */
	} else {
		const char *t = argv[argc - 1];
		int r = no_deref ? lstat(t, &st) : stat(t, &st);

		if (r == 0 && S_ISDIR(st.st_mode)) {
			dir = t;
			last = argc - 1;
		} else if (n > 2) {
			if (r < 0)
				die(1, errno, "target '%s'", t);
			die(1, 0, "target '%s' is not a directory", t);
		}
	}
	if (!dir)
		return make_link(argv[optind], argv[optind + 1]);
	for (int i = optind; i < last; i++) {
		char base[PATH_MAX], link[PATH_MAX];

		path_base(argv[i], base, sizeof(base));
		if (path_join(link, sizeof(link), dir, base) < 0) {
			warn_err(errno, "cannot link '%s'", argv[i]);
			status = 1;
			continue;
		}
		status |= make_link(argv[i], link);
	}
	return status;
}
