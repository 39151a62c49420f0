/*
 * rmdir - removes the empty directories named. -p: then removes each
 * parent named in the path too ("a/b/c": a/b/c, a/b, a), stopping at the
 * first that cannot be. Exits 0, or 1 if any removal failed.
 */
#include <errno.h>
#include <limits.h>
#include <minos_files.h>
#include <minos_util.h>
#include <stdbool.h>
#include <string.h>

/* Removes path, then with -p its parents; 0, or 1 after a message. */
static int remove_dir(const char *path, bool parents)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (rmdir(path) < 0) {
		warn_err(errno, "failed to remove '%s'", path);
		return 1;
	}
	if (!parents || len >= sizeof(buf))
		return 0;
	memcpy(buf, path, len + 1);
	for (;;) {
		/* Strip trailing slashes, then the last component. */
		while (len > 0 && buf[len - 1] == '/')
			len--;
		while (len > 0 && buf[len - 1] != '/')
			len--;
		while (len > 0 && buf[len - 1] == '/')
			len--;
		if (len == 0)
			return 0;
		buf[len] = '\0';
		if (rmdir(buf) < 0) {
			warn_err(errno, "failed to remove directory '%s'", buf);
			return 1;
		}
	}
}

int main(int argc, char **argv)
{
	bool parents = false;
	int status = 0, opt;

	prog_name = "rmdir";
	while ((opt = getopt(argc, argv, "p")) != -1) {
		if (opt == 'p')
			parents = true;
		else
			try_help(1);
	}
	if (optind == argc) {
		warn_err(0, "missing operand");
		try_help(1);
	}
	for (int i = optind; i < argc; i++)
		status |= remove_dir(argv[i], parents);
	return status;
}
