/*
 * io-devices - the character devices every program expects: /dev/null
 * (reads end of file, swallows writes), /dev/zero (reads zeros),
 * /dev/urandom (random bytes), their stat (type, Linux's device numbers
 * 1:3, 1:5, 1:9, mode 0666), poll on them, and ioctl(TIOCGWINSZ) refused
 * with ENOTTY by everything that is not a terminal (devices, a pipe, a
 * regular file). Expected: the reference Linux's results. Works in
 * /tmp/io-devices.PID (one regular file).
 */
#include <poll.h>
#include <sys/ioctl.h>

#include "fs-test.h"

static char buf[100000];

static int all_bytes(const char *p, size_t n, char c)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != c)
			return 0;
	}
	return 1;
}

/* "chr 1:3 0666" for path, compared with want. */
static void check_device(const char *path, const char *want)
{
	struct stat st;
	char got[64];

	if (stat(path, &st) < 0)
		snprintf(got, sizeof(got), "-%s", strerrorname_np(errno));
	else
		snprintf(got, sizeof(got), "%s %u:%u %04o", S_ISCHR(st.st_mode) ? "chr" : "not-chr",
			 major(st.st_rdev), minor(st.st_rdev), st.st_mode & 07777);
	if (!strcmp(got, want)) {
		printf("stat(\"%s\"): %s\n", path, got);
	} else {
		printf("stat(\"%s\"): %s, expected %s: FAIL\n", path, got, want);
		check_failures++;
	}
}

static void dev_null(void)
{
	int fd = open("/dev/null", O_RDWR);
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLOUT };

	check("open(\"/dev/null\", O_RDWR)", fd >= 0);
	CHECK_CALL("read(/dev/null, 100)", read(fd, buf, 100), 0);
	CHECK_CALL("write(/dev/null, 100)", write(fd, buf, 100), 100);
	CHECK_CALL("write(/dev/null, 100000)", write(fd, buf, sizeof(buf)), 100000);
	CHECK_CALL("read again", read(fd, buf, 100), 0);
	CHECK_CALL("lseek(/dev/null, 100, SEEK_SET)", lseek(fd, 100, SEEK_SET), 0);
	CHECK_CALL("poll(/dev/null, POLLIN|POLLOUT)", poll(&pfd, 1, 0), 1);
	printf("  revents: 0x%x\n", pfd.revents);
	check_device("/dev/null", "chr 1:3 0666");
	close(fd);
	CHECK_CALL("open(\"/dev/null\", O_RDONLY|O_DIRECTORY)",
		   open("/dev/null", O_RDONLY | O_DIRECTORY), -ENOTDIR);
	CHECK_CALL("open(\"/dev/null/x\", O_RDONLY)", open("/dev/null/x", O_RDONLY), -ENOTDIR);
	fd = open("/dev/null", O_WRONLY);
	CHECK_CALL("read on an O_WRONLY /dev/null", read(fd, buf, 1), -EBADF);
	close(fd);
}

static void dev_zero(void)
{
	int fd = open("/dev/zero", O_RDWR);

	check("open(\"/dev/zero\", O_RDWR)", fd >= 0);
	memset(buf, 0x5a, sizeof(buf));
	CHECK_CALL("read(/dev/zero, 64)", read(fd, buf, 64), 64);
	check("64 zeros, the rest of the buffer untouched",
	      all_bytes(buf, 64, 0) && all_bytes(buf + 64, 64, 0x5a));
	memset(buf, 0x5a, sizeof(buf));
	CHECK_CALL("read(/dev/zero, 100000)", read(fd, buf, sizeof(buf)), 100000);
	check("100000 zeros", all_bytes(buf, sizeof(buf), 0));
	CHECK_CALL("write(/dev/zero, 10)", write(fd, "0123456789", 10), 10);
	CHECK_CALL("pread(/dev/zero, 16 at 12345)", pread(fd, buf, 16, 12345), 16);
	check_device("/dev/zero", "chr 1:5 0666");
	close(fd);
}

static void dev_urandom(void)
{
	char a[32], b[32];
	int fd = open("/dev/urandom", O_RDONLY);

	check("open(\"/dev/urandom\", O_RDONLY)", fd >= 0);
	memset(a, 0, sizeof(a));
	CHECK_CALL("read(/dev/urandom, 32)", read(fd, a, sizeof(a)), 32);
	CHECK_CALL("read(/dev/urandom, 32) again", read(fd, b, sizeof(b)), 32);
	check("not all zero", !all_bytes(a, sizeof(a), 0));
	check("the two reads differ", memcmp(a, b, sizeof(a)) != 0);
	CHECK_CALL("read(/dev/urandom, 4096)", read(fd, buf, 4096), 4096);
	check_device("/dev/urandom", "chr 1:9 0666");
	close(fd);
}

static void not_terminals(void)
{
	struct winsize ws;
	int p[2];
	int null = open("/dev/null", O_RDWR);
	int zero = open("/dev/zero", O_RDONLY);
	int file = open("f", O_RDWR | O_CREAT, 0644);

	pipe(p);
	CHECK_CALL("ioctl(/dev/null, TIOCGWINSZ)", ioctl(null, TIOCGWINSZ, &ws), -ENOTTY);
	CHECK_CALL("ioctl(/dev/zero, TIOCGWINSZ)", ioctl(zero, TIOCGWINSZ, &ws), -ENOTTY);
	CHECK_CALL("ioctl(pipe read end, TIOCGWINSZ)", ioctl(p[0], TIOCGWINSZ, &ws), -ENOTTY);
	CHECK_CALL("ioctl(pipe write end, TIOCGWINSZ)", ioctl(p[1], TIOCGWINSZ, &ws), -ENOTTY);
	CHECK_CALL("ioctl(regular file, TIOCGWINSZ)", ioctl(file, TIOCGWINSZ, &ws), -ENOTTY);
	CHECK_CALL("ioctl(/dev/null, TCGETS)", ioctl(null, TCGETS, buf), -ENOTTY);
	CHECK_CALL("ioctl(99, TIOCGWINSZ)", ioctl(99, TIOCGWINSZ, &ws), -EBADF);
	close(p[0]);
	close(p[1]);
	close(null);
	close(zero);
	close(file);
}

int main(void)
{
	scratch_enter("io-devices");
	dev_null();
	dev_zero();
	dev_urandom();
	not_terminals();
	scratch_leave();
	return check_exit();
}
