/*
 * fs-attr - the calls that change what stat(2) shows, and their
 * neighbours, as root: chown(2), fchown(2), lchown(2), fchownat(2) (-1
 * keeps an id; the set-user-ID and set-group-ID bits a chown clears;
 * AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH), chmod(2), fchmod(2), fchmodat(2),
 * utimensat(2) (UTIME_NOW, UTIME_OMIT, NULL times, a descriptor,
 * AT_SYMLINK_NOFOLLOW), utimes(2), futimesat(2), utime(2), faccessat2(2)
 * (AT_EACCESS, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH), readlinkat(2)'s edge
 * cases, fsync(2) and fdatasync(2) on every kind of descriptor; each with
 * Linux's errors for bad input. Expected: the reference Linux's results.
 * Works in /tmp/fs-attr.PID.
 */
#include <minos_rawcall.h>
#include <time.h>

#include "fs-test.h"

#define AT_FDCWD_ (-100)
#define AT_SYMLINK_NOFOLLOW_ 0x100
#define AT_EACCESS_ 0x200
#define AT_EMPTY_PATH_ 0x1000
#define UTIME_NOW_ ((1l << 30) - 1l)
#define UTIME_OMIT_ ((1l << 30) - 2l)

static struct stat st(const char *path)
{
	struct stat s;
	memset(&s, 0, sizeof(s));
	lstat(path, &s);
	return s;
}

static void show_mode(const char *what, const char *path)
{
	char line[128];
	struct stat s = st(path);
	snprintf(line, sizeof(line), "%s: mode 0%o uid %u gid %u", what, s.st_mode, s.st_uid,
		 s.st_gid);
	check(line, 1);
}

static void chown_bits(const char *what, unsigned mode, long uid, long gid)
{
	char line[128];
	sys(__NR_chmod, "s", mode);
	snprintf(line, sizeof(line), "chown(%ld, %ld) of a %04o file", uid, gid, mode);
	check_result(line, sys(__NR_chown, "s", uid, gid), 0);
	show_mode(what, "s");
}

static void times_of(const char *what, const char *path)
{
	char line[160];
	struct stat s = st(path);
	snprintf(line, sizeof(line), "%s: atime %ld.%09ld mtime %ld.%09ld", what,
		 (long)s.st_atim.tv_sec, s.st_atim.tv_nsec, (long)s.st_mtim.tv_sec, s.st_mtim.tv_nsec);
	check(line, 1);
}

int main(void)
{
	scratch_enter("fs-attr");
	check_result("a file", put_file("f", "data", 4), 0);
	check_result("another file", put_file("s", "suid", 4), 0);
	CHECK_CALL("a directory", mkdir("d", 0755), 0);
	CHECK_CALL("a link", symlink("f", "l"), 0);
	CHECK_CALL("a dangling link", symlink("nothing", "dl"), 0);

	/* ---- chown ---- */
	check_result("chown(f, 1000, 100)", sys(__NR_chown, "f", 1000, 100), 0);
	show_mode("  then", "f");
	check_result("chown(f, -1, 7)", sys(__NR_chown, "f", -1, 7), 0);
	show_mode("  then", "f");
	check_result("chown(f, 8, -1)", sys(__NR_chown, "f", 8, -1), 0);
	show_mode("  then", "f");
	check_result("chown(l, 5, 5) follows", sys(__NR_chown, "l", 5, 5), 0);
	show_mode("  the file", "f");
	show_mode("  the link", "l");
	check_result("lchown(l, 6, 6)", sys(__NR_lchown, "l", 6, 6), 0);
	show_mode("  the file", "f");
	show_mode("  the link", "l");
	check_result("lchown of a dangling link", sys(__NR_lchown, "dl", 1, 1), 0);
	check_result("chown of a dangling link", sys(__NR_chown, "dl", 1, 1), -ENOENT);
	check_result("chown(d, 3, 4)", sys(__NR_chown, "d", 3, 4), 0);
	show_mode("  then", "d");
	chown_bits("  set-user-ID cleared", 04755, 0, 0);
	chown_bits("  with -1 -1 too", 04755, -1, -1);
	chown_bits("  set-group-ID with group x", 02755, 0, 0);
	chown_bits("  set-group-ID without group x", 02745, 0, 0);
	chown_bits("  both", 06777, 0, 0);
	chown_bits("  sticky kept", 01755, 0, 0);
	sys(__NR_chmod, "d", 06755);
	check_result("chown of a set-ID directory", sys(__NR_chown, "d", 0, 0), 0);
	show_mode("  kept", "d");
	int fd = open("f", O_RDWR);
	check_result("fchown", sys(__NR_fchown, fd, 11, 12), 0);
	show_mode("  then", "f");
	check_result("fchown of a closed descriptor", sys(__NR_fchown, 99, 0, 0), -EBADF);
	int opath = open("f", O_PATH);
	check_result("fchown of an O_PATH descriptor", sys(__NR_fchown, opath, 0, 0), -EBADF);
	check_result("fchownat(O_PATH, \"\", AT_EMPTY_PATH)",
		     sys(__NR_fchownat, opath, "", 21, 22, AT_EMPTY_PATH_), 0);
	show_mode("  then", "f");
	check_result("fchownat(\"\") without AT_EMPTY_PATH", sys(__NR_fchownat, opath, "", 0, 0, 0),
		     -ENOENT);
	check_result("fchownat(l, AT_SYMLINK_NOFOLLOW)",
		     sys(__NR_fchownat, AT_FDCWD_, "l", 31, 32, AT_SYMLINK_NOFOLLOW_), 0);
	show_mode("  the link", "l");
	check_result("fchownat with a bad flag", sys(__NR_fchownat, AT_FDCWD_, "f", 0, 0, 0x200),
		     -EINVAL);
	check_result("fchownat with a bad flag and a missing file",
		     sys(__NR_fchownat, AT_FDCWD_, "nothing", 0, 0, 0x1), -EINVAL);
	check_result("chown of a missing file", sys(__NR_chown, "nothing", 0, 0), -ENOENT);
	check_result("chown with a NULL path", sys(__NR_chown, 0, 0, 0), -EFAULT);
	check_result("chown of an empty path", sys(__NR_chown, "", 0, 0), -ENOENT);
	sys(__NR_chown, "f", 0, 0);

	/* ---- chmod ---- */
	check_result("chmod(f, 0600)", sys(__NR_chmod, "f", 0600), 0);
	show_mode("  then", "f");
	check_result("chmod(f, 0177777) keeps 07777", sys(__NR_chmod, "f", 0177777), 0);
	show_mode("  then", "f");
	check_result("chmod(l, 0640) follows", sys(__NR_chmod, "l", 0640), 0);
	show_mode("  the file", "f");
	show_mode("  the link", "l");
	check_result("fchmod", sys(__NR_fchmod, fd, 0604), 0);
	show_mode("  then", "f");
	check_result("fchmod of an O_PATH descriptor", sys(__NR_fchmod, opath, 0644), -EBADF);
	check_result("fchmod of a closed descriptor", sys(__NR_fchmod, 99, 0644), -EBADF);
	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	check_result("fchmodat(dirfd, ../f)", sys(__NR_fchmodat, dfd, "../f", 0644), 0);
	show_mode("  then", "f");
	check_result("chmod of a missing file", sys(__NR_chmod, "nothing", 0644), -ENOENT);
	check_result("chmod of a dangling link", sys(__NR_chmod, "dl", 0644), -ENOENT);

	/* ---- times ---- */
	struct timespec ts[2] = { { 1000000000, 123456789 }, { 1500000000, 987654321 } };
	check_result("utimensat(f, times)", sys(__NR_utimensat, AT_FDCWD_, "f", ts, 0), 0);
	times_of("  then", "f");
	struct timespec omit_a[2] = { { 5, UTIME_OMIT_ }, { 1600000000, 0 } };
	check_result("utimensat(f, {OMIT, t})", sys(__NR_utimensat, AT_FDCWD_, "f", omit_a, 0), 0);
	times_of("  then", "f");
	struct timespec both_omit[2] = { { 0, UTIME_OMIT_ }, { 0, UTIME_OMIT_ } };
	check_result("utimensat of a missing file, both OMIT",
		     sys(__NR_utimensat, AT_FDCWD_, "nothing", both_omit, 0), 0);
	check_result("utimensat with a bad flag, both OMIT",
		     sys(__NR_utimensat, AT_FDCWD_, "f", both_omit, 0x1), 0);
	struct stat before = st("f");
	struct timespec now_m[2] = { { 0, UTIME_OMIT_ }, { 0, UTIME_NOW_ } };
	check_result("utimensat(f, {OMIT, NOW})", sys(__NR_utimensat, AT_FDCWD_, "f", now_m, 0), 0);
	struct stat after = st("f");
	check("  atime kept, mtime now", after.st_atim.tv_sec == before.st_atim.tv_sec &&
					      after.st_mtim.tv_sec > 1700000000);
	check_result("utimensat(f, NULL)", sys(__NR_utimensat, AT_FDCWD_, "f", 0, 0), 0);
	after = st("f");
	check("  both now", after.st_atim.tv_sec > 1700000000 && after.st_mtim.tv_sec > 1700000000);
	check("  ctime now too", after.st_ctim.tv_sec > 1700000000);
	check_result("utimensat(l, AT_SYMLINK_NOFOLLOW)",
		     sys(__NR_utimensat, AT_FDCWD_, "l", ts, AT_SYMLINK_NOFOLLOW_), 0);
	times_of("  the link", "l");
	check_result("utimensat(l) follows", sys(__NR_utimensat, AT_FDCWD_, "l", ts, 0), 0);
	times_of("  the file", "f");
	check_result("utimensat(fd, NULL path)", sys(__NR_utimensat, fd, 0, omit_a, 0), 0);
	times_of("  then", "f");
	check_result("utimensat(fd, NULL path, a flag)",
		     sys(__NR_utimensat, fd, 0, omit_a, AT_SYMLINK_NOFOLLOW_), -EINVAL);
	check_result("utimensat(closed fd, NULL path)", sys(__NR_utimensat, 99, 0, omit_a, 0), -EBADF);
	check_result("utimensat(O_PATH fd, NULL path)", sys(__NR_utimensat, opath, 0, omit_a, 0),
		     -EBADF);
	check_result("utimensat(O_PATH fd, \"\", AT_EMPTY_PATH)",
		     sys(__NR_utimensat, opath, "", ts, AT_EMPTY_PATH_), 0);
	check_result("utimensat(AT_FDCWD, NULL path)", sys(__NR_utimensat, AT_FDCWD_, 0, ts, 0),
		     -EFAULT);
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	check_result("utimensat with nsec 1e9", sys(__NR_utimensat, AT_FDCWD_, "f", bad, 0), -EINVAL);
	bad[0].tv_nsec = -1;
	check_result("utimensat with nsec -1", sys(__NR_utimensat, AT_FDCWD_, "f", bad, 0), -EINVAL);
	check_result("  on a missing file", sys(__NR_utimensat, AT_FDCWD_, "nothing", bad, 0),
		     -ENOENT);
	check_result("utimensat with a bad flag", sys(__NR_utimensat, AT_FDCWD_, "f", ts, 0x1),
		     -EINVAL);
	check_result("utimensat with times at NULL+1", sys(__NR_utimensat, AT_FDCWD_, "f", 1, 0),
		     -EFAULT);
	struct timespec neg[2] = { { -5, 0 }, { -100, 500 } };
	check_result("utimensat before 1970", sys(__NR_utimensat, AT_FDCWD_, "f", neg, 0), 0);
	times_of("  then", "f");
	struct timeval tv[2] = { { 1200000000, 250000 }, { 1300000000, 999999 } };
	check_result("utimes(f)", sys(__NR_utimes, "f", tv), 0);
	times_of("  then", "f");
	check_result("utimes(f, NULL)", sys(__NR_utimes, "f", 0), 0);
	struct timeval badtv[2] = { { 0, 1000000 }, { 0, 0 } };
	check_result("utimes with usec 1e6", sys(__NR_utimes, "f", badtv), -EINVAL);
	check_result("  before the path", sys(__NR_utimes, "nothing", badtv), -EINVAL);
	check_result("futimesat(dirfd, ../f)", sys(__NR_futimesat, dfd, "../f", tv), 0);
	times_of("  then", "f");
	long ub[2] = { 1100000000, 1110000000 };
	check_result("utime(f)", sys(__NR_utime, "f", ub), 0);
	times_of("  then", "f");
	check_result("utime of a missing file", sys(__NR_utime, "nothing", ub), -ENOENT);

	/* ---- faccessat2 ---- */
	sys(__NR_chmod, "f", 0644);
	check_result("faccessat2(f, R_OK|W_OK)", sys(__NR_faccessat2, AT_FDCWD_, "f", 6, 0), 0);
	check_result("faccessat2(f, X_OK)", sys(__NR_faccessat2, AT_FDCWD_, "f", 1, 0), -EACCES);
	check_result("faccessat2(f, X_OK, AT_EACCESS)",
		     sys(__NR_faccessat2, AT_FDCWD_, "f", 1, AT_EACCESS_), -EACCES);
	check_result("faccessat2(d, X_OK)", sys(__NR_faccessat2, AT_FDCWD_, "d", 1, 0), 0);
	check_result("faccessat2(dangling link)", sys(__NR_faccessat2, AT_FDCWD_, "dl", 0, 0),
		     -ENOENT);
	check_result("faccessat2(dangling link, AT_SYMLINK_NOFOLLOW)",
		     sys(__NR_faccessat2, AT_FDCWD_, "dl", 0, AT_SYMLINK_NOFOLLOW_), 0);
	check_result("faccessat2(fd, \"\", AT_EMPTY_PATH)",
		     sys(__NR_faccessat2, fd, "", 4, AT_EMPTY_PATH_), 0);
	check_result("faccessat2(fd, \"\")", sys(__NR_faccessat2, fd, "", 4, 0), -ENOENT);
	check_result("faccessat2 with a bad flag", sys(__NR_faccessat2, AT_FDCWD_, "f", 0, 0x1),
		     -EINVAL);
	check_result("faccessat2 with a bad mode", sys(__NR_faccessat2, AT_FDCWD_, "f", 8, 0),
		     -EINVAL);
	check_result("faccessat2 with a bad flag and a missing file",
		     sys(__NR_faccessat2, AT_FDCWD_, "nothing", 0, 0x4000), -EINVAL);
	check_result("faccessat2 of a missing file", sys(__NR_faccessat2, AT_FDCWD_, "nothing", 0, 0),
		     -ENOENT);

	/* ---- readlinkat ---- */
	char buf[64];
	memset(buf, 0, sizeof(buf));
	check_result("readlinkat(l)", sys(__NR_readlinkat, AT_FDCWD_, "l", buf, sizeof(buf)), 1);
	check_result("readlinkat(dirfd, ../dl)",
		     sys(__NR_readlinkat, dfd, "../dl", buf, sizeof(buf)), 7);
	check_result("readlinkat with size 3", sys(__NR_readlinkat, AT_FDCWD_, "dl", buf, 3), 3);
	check_result("readlinkat with size 0", sys(__NR_readlinkat, AT_FDCWD_, "dl", buf, 0), -EINVAL);
	check_result("readlinkat with size -1", sys(__NR_readlinkat, AT_FDCWD_, "dl", buf, -1),
		     -EINVAL);
	check_result("  before a missing file",
		     sys(__NR_readlinkat, AT_FDCWD_, "nothing", buf, 0), -EINVAL);
	check_result("readlinkat of a file", sys(__NR_readlinkat, AT_FDCWD_, "f", buf, 64), -EINVAL);
	check_result("readlinkat of a missing file",
		     sys(__NR_readlinkat, AT_FDCWD_, "nothing", buf, 64), -ENOENT);
	check_result("readlinkat(\"\") of the current directory",
		     sys(__NR_readlinkat, AT_FDCWD_, "", buf, 64), -ENOENT);
	check_result("readlinkat(fd, \"\") of a file", sys(__NR_readlinkat, fd, "", buf, 64), -ENOENT);
	int lfd = open("l", O_PATH | O_NOFOLLOW);
	check_result("readlinkat(O_PATH link, \"\")", sys(__NR_readlinkat, lfd, "", buf, 64), 1);
	check_result("readlinkat into NULL", sys(__NR_readlinkat, AT_FDCWD_, "l", 0, 64), -EFAULT);
	check_result("readlinkat with a closed dirfd", sys(__NR_readlinkat, 99, "l", buf, 64), -EBADF);
	check_result("readlink(\"\")", sys(__NR_readlink, "", buf, 64), -ENOENT);

	/* ---- fsync, fdatasync ---- */
	int p[2], sv[2];
	pipe(p);
	sys(__NR_socketpair, 1, 1, 0, sv);
	int null = open("/dev/null", O_WRONLY);
	check_result("fsync(file)", sys(__NR_fsync, fd), 0);
	check_result("fdatasync(file)", sys(__NR_fdatasync, fd), 0);
	check_result("fsync(directory)", sys(__NR_fsync, dfd), 0);
	check_result("fsync(pipe)", sys(__NR_fsync, p[1]), -EINVAL);
	check_result("fdatasync(pipe)", sys(__NR_fdatasync, p[0]), -EINVAL);
	check_result("fsync(socket)", sys(__NR_fsync, sv[0]), -EINVAL);
	check_result("fsync(/dev/null)", sys(__NR_fsync, null), -EINVAL);
	check_result("fsync(O_PATH)", sys(__NR_fsync, opath), -EBADF);
	check_result("fsync(closed)", sys(__NR_fsync, 99), -EBADF);
	check_result("fdatasync(closed)", sys(__NR_fdatasync, -1), -EBADF);

	close(fd);
	close(opath);
	close(dfd);
	close(lfd);
	scratch_leave();
	return check_exit();
}
