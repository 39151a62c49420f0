/*
 * fs-stat - stat, fstat, lstat and fstatat (newfstatat, with AT_EMPTY_PATH
 * and AT_SYMLINK_NOFOLLOW), access and faccessat, and umask applied to
 * creat and mkdir. A line shows st_mode's type and permission bits, nlink
 * and (for files and links) the size; inode numbers, devices and times are
 * never printed: they are only compared (same file, mtime moved on).
 * Expected: the reference Linux's results. Works in /tmp/fs-stat.PID.
 */
#include <sys/syscall.h>

#include "fs-test.h"

#define WAIT_NS 30000000L /* longer than a file-time tick (Linux: 4 ms) */

/* Nonzero, so it is placed in .rodata: memory the kernel may not write. */
static const struct stat ro_st = { .st_nlink = 1 };

static const char *type_name(unsigned int mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return "reg";
	case S_IFDIR: return "dir";
	case S_IFLNK: return "lnk";
	case S_IFIFO: return "fifo";
	case S_IFCHR: return "chr";
	case S_IFBLK: return "blk";
	case S_IFSOCK: return "sock";
	default: return "?";
	}
}

/*
 * Compares "TYPE PERM nlink=N[ size=N]" for the result of a stat call
 * with want; directories' sizes depend on the file system and are left out.
 */
static void check_stat(const char *what, int r, const struct stat *st, const char *want)
{
	char got[96];

	if (r < 0) {
		snprintf(got, sizeof(got), "-%s", strerrorname_np(errno));
	} else {
		int n = snprintf(got, sizeof(got), "%s %04o nlink=%lu", type_name(st->st_mode),
				 st->st_mode & 07777, st->st_nlink);
		if (!S_ISDIR(st->st_mode))
			snprintf(got + n, sizeof(got) - (size_t)n, " size=%ld", st->st_size);
	}
	if (!strcmp(got, want)) {
		printf("%s: %s\n", what, got);
	} else {
		printf("%s: %s, expected %s: FAIL\n", what, got, want);
		check_failures++;
	}
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

static long ns_of(const struct timespec *t)
{
	return t->tv_sec * 1000000000L + t->tv_nsec;
}

/* Spins until CLOCK_REALTIME is WAIT_NS past t; 0 if the clock stands still. */
static int wait_past(const struct timespec *t)
{
	struct timespec now;

	for (long i = 0; i < 500000000L; i++) {
		if (__syscall2(__NR_clock_gettime, CLOCK_REALTIME, (long)&now) < 0)
			return 0;
		if (ns_of(&now) > ns_of(t) + WAIT_NS)
			return 1;
	}
	return 0;
}

static void modes_and_umask(void)
{
	struct stat st;
	int fd, r;

	umask(022);
	printf("umask(022) returns the old mask: %04o\n", umask(022));
	fd = creat("f", 0666);
	r = fstat(fd, &st);
	check_stat("creat(\"f\", 0666), fstat", r, &st, "reg 0644 nlink=1 size=0");
	CHECK_CALL("write 100 bytes", write(fd, "0123456789012345678901234567890123456789"
		   "0123456789012345678901234567890123456789012345678901234567890123456789",
		   100), 100);
	r = fstat(fd, &st);
	check_stat("fstat after the write", r, &st, "reg 0644 nlink=1 size=100");
	r = stat("f", &st);
	check_stat("stat(\"f\")", r, &st, "reg 0644 nlink=1 size=100");
	close(fd);

	close(open("p600", O_WRONLY | O_CREAT, 0600));
	r = stat("p600", &st);
	check_stat("open(O_CREAT, 0600)", r, &st, "reg 0600 nlink=1 size=0");
	close(open("p640", O_WRONLY | O_CREAT, 0640));
	r = stat("p640", &st);
	check_stat("open(O_CREAT, 0640)", r, &st, "reg 0640 nlink=1 size=0");
	mkdir("d", 0777);
	r = stat("d", &st);
	check_stat("mkdir(\"d\", 0777)", r, &st, "dir 0755 nlink=2");
	mkdir("d/sub", 0700);
	r = stat("d/sub", &st);
	check_stat("mkdir(\"d/sub\", 0700)", r, &st, "dir 0700 nlink=2");
	r = stat("d", &st);
	check_stat("d with a subdirectory", r, &st, "dir 0755 nlink=3");
	rmdir("d/sub");
	r = stat("d", &st);
	check_stat("d after rmdir(\"d/sub\")", r, &st, "dir 0755 nlink=2");

	umask(0);
	close(creat("u0", 0666));
	r = stat("u0", &st);
	check_stat("umask 0, creat(0666)", r, &st, "reg 0666 nlink=1 size=0");
	printf("umask(077) returns the old mask: %04o\n", umask(077));
	mkdir("m", 0777);
	r = stat("m", &st);
	check_stat("umask 077, mkdir(0777)", r, &st, "dir 0700 nlink=2");
	printf("umask(022) returns the old mask: %04o\n", umask(022));
	printf("umask(01777) keeps 0777 of it: %04o\n", umask(01777));
	umask(022);
}

static void links_and_at(void)
{
	struct stat st, st2;
	int r, fd, dirfd;

	CHECK_CALL("symlink(\"f\", \"l\")", symlink("f", "l"), 0);
	r = lstat("l", &st);
	check_stat("lstat(\"l\")", r, &st, "lnk 0777 nlink=1 size=1");
	r = stat("l", &st);
	check_stat("stat(\"l\")", r, &st, "reg 0644 nlink=1 size=100");
	symlink("d", "dl");
	r = lstat("dl", &st);
	check_stat("lstat(\"dl\") (a link to d)", r, &st, "lnk 0777 nlink=1 size=1");
	r = lstat("dl/", &st);
	check_stat("lstat(\"dl/\") follows it", r, &st, "dir 0755 nlink=2");

	put_file("d/inner", "inner", 5);
	fd = open("f", O_RDONLY);
	dirfd = open("d", O_RDONLY | O_DIRECTORY);
	r = fstatat(AT_FDCWD, "l", &st, AT_SYMLINK_NOFOLLOW);
	check_stat("fstatat(AT_FDCWD, \"l\", AT_SYMLINK_NOFOLLOW)", r, &st,
		   "lnk 0777 nlink=1 size=1");
	r = fstatat(AT_FDCWD, "l", &st, 0);
	check_stat("fstatat(AT_FDCWD, \"l\", 0)", r, &st, "reg 0644 nlink=1 size=100");
	r = fstatat(dirfd, "inner", &st, 0);
	check_stat("fstatat(dirfd of d, \"inner\", 0)", r, &st, "reg 0644 nlink=1 size=5");
	r = fstatat(fd, "", &st, AT_EMPTY_PATH);
	check_stat("fstatat(fd of f, \"\", AT_EMPTY_PATH)", r, &st, "reg 0644 nlink=1 size=100");
	r = fstatat(dirfd, "", &st, AT_EMPTY_PATH);
	check_stat("fstatat(dirfd of d, \"\", AT_EMPTY_PATH)", r, &st, "dir 0755 nlink=2");
	r = fstatat(AT_FDCWD, "", &st, AT_EMPTY_PATH);
	check_stat("fstatat(AT_FDCWD, \"\", AT_EMPTY_PATH) (d and m inside)", r, &st, "dir 0755 nlink=4");
	r = fstatat(fd, "", &st, 0);
	check_stat("fstatat(fd of f, \"\", 0)", r, &st, "-ENOENT");
	r = fstatat(fd, "x", &st, 0);
	check_stat("fstatat(fd of f, \"x\", 0)", r, &st, "-ENOTDIR");
	r = fstatat(99, "x", &st, 0);
	check_stat("fstatat(99, \"x\", 0)", r, &st, "-EBADF");
	r = fstatat(AT_FDCWD, "f", &st, 0x1);
	check_stat("fstatat(AT_FDCWD, \"f\", flags 1)", r, &st, "-EINVAL");
	char abs[PATH_MAX];
	snprintf(abs, sizeof(abs), "%s/f", scratch_path);
	r = fstatat(99, abs, &st, 0);
	check_stat("fstatat(99, absolute path of f, 0): dirfd unused", r, &st,
		   "reg 0644 nlink=1 size=100");

	stat("f", &st);
	fstat(fd, &st2);
	check("stat(\"f\") and fstat(fd of f) are the same file", same_file(&st, &st2));
	fstatat(dirfd, "..", &st2, 0);
	stat(".", &st);
	check("fstatat(dirfd of d, \"..\") is \".\"", same_file(&st, &st2));
	stat(scratch_path, &st2);
	check("\".\" is the scratch directory", same_file(&st, &st2));
	stat("/", &st);
	stat("/..", &st2);
	check("\"/..\" is \"/\"", S_ISDIR(st.st_mode) && same_file(&st, &st2));
	close(fd);
	close(dirfd);
}

static void errors(void)
{
	struct stat st;
	int r;

	r = stat("missing", &st);
	check_stat("stat(\"missing\")", r, &st, "-ENOENT");
	r = stat("", &st);
	check_stat("stat(\"\")", r, &st, "-ENOENT");
	r = stat("f/", &st);
	check_stat("stat(\"f/\")", r, &st, "-ENOTDIR");
	r = stat("f/x", &st);
	check_stat("stat(\"f/x\")", r, &st, "-ENOTDIR");
	r = stat(NULL, &st);
	check_stat("stat(NULL)", r, &st, "-EFAULT");
	r = stat("f", NULL);
	check_stat("stat(\"f\", NULL)", r, &st, "-EFAULT");
	r = stat("f", (struct stat *)0x10000000UL);
	check_stat("stat(\"f\", unmapped buffer)", r, &st, "-EFAULT");
	r = stat("f", (struct stat *)&ro_st);
	check_stat("stat(\"f\", read-only buffer)", r, &st, "-EFAULT");
	check("the read-only buffer is unchanged", ro_st.st_nlink == 1 && ro_st.st_size == 0);
	r = fstat(99, &st);
	check_stat("fstat(99)", r, &st, "-EBADF");
	r = lstat("missing/x", &st);
	check_stat("lstat(\"missing/x\")", r, &st, "-ENOENT");
}

static void access_checks(void)
{
	int dirfd = open("d", O_RDONLY | O_DIRECTORY);

	CHECK_CALL("access(\"f\", F_OK)", access("f", F_OK), 0);
	CHECK_CALL("access(\"f\", R_OK|W_OK)", access("f", R_OK | W_OK), 0);
	CHECK_CALL("access(\"f\", X_OK) on a 0644 file", access("f", X_OK), -EACCES);
	CHECK_CALL("access(\"d\", X_OK)", access("d", X_OK), 0);
	CHECK_CALL("access(\"missing\", F_OK)", access("missing", F_OK), -ENOENT);
	CHECK_CALL("access(\"f\", 8)", access("f", 8), -EINVAL);
	CHECK_CALL("access(\"l\", R_OK) follows the link", access("l", R_OK), 0);
	CHECK_CALL("faccessat(dirfd of d, \"inner\", R_OK, 0)",
		   faccessat(dirfd, "inner", R_OK, 0), 0);
	CHECK_CALL("faccessat(AT_FDCWD, \"inner\", R_OK, 0)",
		   faccessat(AT_FDCWD, "inner", R_OK, 0), -ENOENT);
	close(dirfd);
}

static void times(void)
{
	struct stat before, after, dbefore, dafter;
	int fd = open("f", O_WRONLY | O_APPEND);

	fstat(fd, &before);
	stat(".", &dbefore);
	if (!wait_past(&before.st_mtim) || !wait_past(&dbefore.st_mtim)) {
		check("CLOCK_REALTIME moves on", 0);
		close(fd);
		return;
	}
	write(fd, "more", 4);
	fstat(fd, &after);
	check("a write moves mtime on", ns_of(&after.st_mtim) > ns_of(&before.st_mtim));
	check("and ctime", ns_of(&after.st_ctim) > ns_of(&before.st_ctim));
	close(fd);
	close(creat("newer", 0644));
	stat(".", &dafter);
	check("creating a file moves the directory's mtime on",
	      ns_of(&dafter.st_mtim) > ns_of(&dbefore.st_mtim));
}

int main(void)
{
	scratch_enter("fs-stat");
	modes_and_umask();
	links_and_at();
	errors();
	access_checks();
	times();
	scratch_leave();
	return check_exit();
}
