/*
 * touch - creates each file named that does not exist (empty, mode 0666
 * less the umask) and sets the times of each to now with utimensat(2).
 * On a kernel without utimensat its ENOSYS is ignored, so there touch
 * only creates. -c: creates nothing, only updates times. Exits 0, or 1 if a
 * file could be neither created nor updated.
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <minos_util.h>
#include <stdbool.h>
#include <sys/syscall.h>

/* utimensat(AT_FDCWD, path, NULL, 0): both times to now. */
static int set_times_now(const char *path)
{
	long r = __syscall6(__NR_utimensat, AT_FDCWD, (long)path, 0, 0, 0, 0);

	if (__syscall_is_error(r)) {
		errno = (int)-r;
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool no_create = false;
	int status = 0, opt;

	prog_name = "touch";
	while ((opt = getopt(argc, argv, "c")) != -1) {
		if (opt == 'c')
			no_create = true;
		else
			try_help(1);
	}
	if (optind == argc) {
		warn_err(0, "missing file operand");
		try_help(1);
	}
	for (int i = optind; i < argc; i++) {
		const char *path = argv[i];
		int open_errno = 0;

		if (!no_create) {
			int fd = open(path, O_WRONLY | O_CREAT | O_NOCTTY |
						    O_NONBLOCK | O_CLOEXEC,
				      0666);
			if (fd < 0)
				open_errno = errno; /* a directory, perhaps */
			else
				close(fd);
		}
		if (set_times_now(path) == 0)
			continue;
		if (errno == ENOSYS && !open_errno)
			continue; /* created (or there): the kernel cannot set times */
		if (no_create && errno == ENOENT)
			continue;
		/* The open's error says more than the time update's. */
		warn_err(open_errno && open_errno != EISDIR ? open_errno : errno,
			 "cannot touch '%s'", path);
		status = 1;
	}
	return status;
}
