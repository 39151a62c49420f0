/*
 * cat - copies each file named, or standard input for "-" or when none is
 * named, to standard output, byte for byte and in order. -u (unbuffered)
 * is accepted and changes nothing: cat never buffers. A file that cannot
 * be opened or read is reported ("cat: NAME: strerror") and skipped.
 * Exits 0, or 1 if anything failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <minos_util.h>
#include <string.h>
#include <unistd.h>

static char buf[65536];

/* Copies fd to standard output: 0, or 1 after reporting an error. */
static int cat_fd(int fd, const char *name)
{
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			warn_err(errno, "%s", name);
			return 1;
		}
		if (write_all(STDOUT_FILENO, buf, (size_t)n) < 0)
			die(1, errno, "write error");
	}
}

int main(int argc, char **argv)
{
	int status = 0, opt;

	prog_name = "cat";
	while ((opt = getopt(argc, argv, "u")) != -1) {
		if (opt == '?')
			try_help(1);
	}
	if (optind == argc)
		return cat_fd(STDIN_FILENO, "-");
	for (int i = optind; i < argc; i++) {
		int fd;

		if (strcmp(argv[i], "-") == 0) {
			status |= cat_fd(STDIN_FILENO, "-");
			continue;
		}
		fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			warn_err(errno, "%s", argv[i]);
			status = 1;
			continue;
		}
		status |= cat_fd(fd, argv[i]);
		close(fd);
	}
	return status;
}
