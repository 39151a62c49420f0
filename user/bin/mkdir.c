/*
 * mkdir - creates the directories named, with mode 0777 less the umask.
 * -p: creates missing parents too and accepts directories that exist.
 * -m MODE: the octal mode of the directories named, umask ignored
 * (parents made by -p keep 0777 less the umask, as GNU's). Exits 0, or 1
 * if any failed.
 */
#include <errno.h>
#include <limits.h>
#include <minos_util.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_MODE 0777

static bool parents;
static mode_t parent_mode = DEFAULT_MODE; /* -p's parents: umask applied */

/* mkdir that accepts an existing directory: what -p wants. */
static int mkdir_or_exists(const char *path, mode_t mode)
{
	struct stat st;

	if (mkdir(path, mode) == 0)
		return 0;
	if (errno == EEXIST && stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		errno = EEXIST;
	}
	return -1;
}

/* Creates each ancestor of path in turn, then path itself. */
static int make_parents(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (size_t i = 1; i < len; i++) {
		if (buf[i] != '/' || buf[i - 1] == '/')
			continue;
		buf[i] = '\0';
		if (mkdir_or_exists(buf, parent_mode) < 0) {
			/* A file where a parent should be: as GNU says it. */
			if (errno == EEXIST)
				errno = ENOTDIR;
			warn_err(errno, "cannot create directory '%s'", buf);
			return 1;
		}
		buf[i] = '/';
	}
	if (mkdir_or_exists(path, mode) < 0) {
		warn_err(errno, "cannot create directory '%s'", path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	mode_t mode = DEFAULT_MODE;
	bool mode_given = false;
	int status = 0, opt;

	prog_name = "mkdir";
	while ((opt = getopt(argc, argv, "pm:")) != -1) {
		char *end;

		switch (opt) {
		case 'p':
			parents = true;
			break;
		case 'm':
			mode = (mode_t)strtoul(optarg, &end, 8);
			if (*optarg == '\0' || *end != '\0' || mode > 07777)
				die(1, 0, "invalid mode '%s'", optarg);
			mode_given = true;
			break;
		default:
			try_help(1);
		}
	}
	if (mode_given) {
		/* The mode is exact: no umask for the directories named. */
		mode_t mask = umask(0);
		parent_mode = DEFAULT_MODE & ~mask;
	}
	if (optind == argc) {
		warn_err(0, "missing operand");
		try_help(1);
	}
	for (int i = optind; i < argc; i++) {
		if (parents) {
			status |= make_parents(argv[i], mode);
		} else if (mkdir(argv[i], mode) < 0) {
			warn_err(errno, "cannot create directory '%s'", argv[i]);
			status = 1;
		}
	}
	return status;
}
