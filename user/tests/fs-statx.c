/*
 * fs-statx - statx(2), statfs(2) and fstatfs(2) as Debian's coreutils
 * (ls, stat, df) call them: statx's fields against fstat's for a file, a
 * directory, a symbolic link and the root; the mask returned, whatever
 * was asked; the attribute bits; AT_EMPTY_PATH on a descriptor and
 * AT_SYMLINK_NOFOLLOW; the errors (flags, the reserved mask bit, both
 * sync types, a NULL or empty path, a bad buffer, a closed descriptor);
 * then statfs's stable values for a tmpfs (type, block size, name length,
 * fragment size, flags), a pipe's and a socket's file system, and the
 * errors. Sizes that depend on RAM are only checked for being there.
 * Expected: the reference Linux's results (its root is a tmpfs). Works in
 * /tmp/fs-statx.PID.
 */
#include <minos_rawcall.h>
#include <stdint.h>

#include "fs-test.h"

#define AT_FDCWD_ (-100)
#define AT_SYMLINK_NOFOLLOW_ 0x100
#define AT_EMPTY_PATH_ 0x1000
#define AT_STATX_FORCE_SYNC 0x2000
#define AT_STATX_DONT_SYNC 0x4000
#define STATX_BASIC_STATS 0x7ff
#define STATX_ALL 0xfff
#define STATX_ATTR_MOUNT_ROOT 0x2000

struct sx_time {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct sx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct sx_time atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t mnt_id;
	uint64_t spare[13];
};

struct fsinfo {
	long type, bsize;
	uint64_t blocks, bfree, bavail, files, ffree;
	int fsid[2];
	long namelen, frsize, flags, spare[4];
};

/* statx's view of path against lstat's (or stat's when following). */
static void compare(const char *what, const char *path, int flags)
{
	struct sx x;
	struct stat st;
	char line[128];

	memset(&x, 0xa5, sizeof(x));
	long r = sys(__NR_statx, AT_FDCWD_, path, flags, STATX_BASIC_STATS, &x);
	snprintf(line, sizeof(line), "statx(%s)", what);
	check_result(line, r, 0);
	if (r)
		return;
	int sr = (flags & AT_SYMLINK_NOFOLLOW_) ? lstat(path, &st) : stat(path, &st);
	snprintf(line, sizeof(line), "%s: mask 0x%x, blksize %u", what, x.mask & ~0x1000u,
		 x.blksize);
	check(line, 1);
	snprintf(line, sizeof(line), "%s: mount-id bit %s", what, (x.mask & 0x1000) ? "set" : "clear");
	check(line, 1);
	snprintf(line, sizeof(line), "%s: attributes 0x%llx of 0x%llx", what,
		 (unsigned long long)x.attributes, (unsigned long long)x.attributes_mask);
	check(line, 1);
	/* The root's own mode, links and size depend on the image. */
	if (strcmp(path, "/") == 0)
		snprintf(line, sizeof(line), "%s: mode, nlink, uid, gid, size as stat", what);
	else
		snprintf(line, sizeof(line), "%s: mode 0%o nlink %u uid %u gid %u size %llu as stat",
			 what, x.mode, x.nlink, x.uid, x.gid, (unsigned long long)x.size);
	check(line, sr == 0 && x.mode == st.st_mode && x.nlink == st.st_nlink &&
			     x.uid == st.st_uid && x.gid == st.st_gid &&
			     x.size == (uint64_t)st.st_size);
	snprintf(line, sizeof(line), "%s: ino, blocks and times as stat", what);
	check(line, x.ino == st.st_ino && x.blocks == (uint64_t)st.st_blocks &&
			    x.mtime.tv_sec == st.st_mtim.tv_sec &&
			    x.mtime.tv_nsec == (uint32_t)st.st_mtim.tv_nsec &&
			    x.ctime.tv_sec == st.st_ctim.tv_sec && x.atime.tv_sec == st.st_atim.tv_sec);
	snprintf(line, sizeof(line), "%s: device numbers as stat", what);
	check(line, ((uint64_t)x.dev_major << 8 | x.dev_minor) == st.st_dev &&
			    x.rdev_major == 0 && x.rdev_minor == 0);
	snprintf(line, sizeof(line), "%s: reserved fields zero", what);
	check(line, x.atime.reserved == 0 && x.spare0 == 0);
}

static void statfs_of(const char *what, long r, const struct fsinfo *f)
{
	char line[160];
	snprintf(line, sizeof(line), "%s", what);
	check_result(line, r, 0);
	if (r)
		return;
	snprintf(line, sizeof(line), "%s: type 0x%lx bsize %ld namelen %ld frsize %ld flags 0x%lx",
		 what, f->type, f->bsize, f->namelen, f->frsize, f->flags & ~0x1000L);
	check(line, 1);
}

int main(void)
{
	struct sx x;
	struct fsinfo fs;

	scratch_enter("fs-statx");
	check_result("a file", put_file("f", "hello statx", 11), 0);
	CHECK_CALL("a directory", mkdir("d", 0750), 0);
	CHECK_CALL("a link", symlink("f", "l"), 0);

	compare("file", "f", 0);
	compare("directory", "d", 0);
	compare("link, followed", "l", 0);
	compare("link itself", "l", AT_SYMLINK_NOFOLLOW_);
	compare("root", "/", 0);
	check_result("statx asking for nothing", sys(__NR_statx, AT_FDCWD_, "f", 0, 0, &x), 0);
	check("  still fills the basic mask", (x.mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
	check_result("statx asking for everything", sys(__NR_statx, AT_FDCWD_, "f", 0, STATX_ALL, &x), 0);
	check_result("AT_STATX_FORCE_SYNC", sys(__NR_statx, AT_FDCWD_, "f", AT_STATX_FORCE_SYNC, 1, &x), 0);
	check_result("AT_STATX_DONT_SYNC", sys(__NR_statx, AT_FDCWD_, "f", AT_STATX_DONT_SYNC, 1, &x), 0);

	int fd = open("f", O_RDONLY);
	memset(&x, 0, sizeof(x));
	check_result("AT_EMPTY_PATH on a descriptor", sys(__NR_statx, fd, "", AT_EMPTY_PATH_, 1, &x), 0);
	check("  the file's size", x.size == 11 && (x.mode & S_IFMT) == S_IFREG);
	check_result("AT_EMPTY_PATH on AT_FDCWD", sys(__NR_statx, AT_FDCWD_, "", AT_EMPTY_PATH_, 1, &x), 0);
	check("  the current directory", (x.mode & S_IFMT) == S_IFDIR);
	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	check_result("relative to a directory descriptor", sys(__NR_statx, dfd, "..", 0, 1, &x), 0);
	check_result("relative to a file descriptor", sys(__NR_statx, fd, "x", 0, 1, &x), -ENOTDIR);
	check_result("a closed descriptor", sys(__NR_statx, 99, "x", 0, 1, &x), -EBADF);
	check_result("an absolute path ignores a closed descriptor",
		     sys(__NR_statx, 99, "/", 0, 1, &x), 0);
	check_result("an empty path without AT_EMPTY_PATH", sys(__NR_statx, AT_FDCWD_, "", 0, 1, &x),
		     -ENOENT);
	check_result("a NULL path", sys(__NR_statx, AT_FDCWD_, 0, 0, 1, &x), -EFAULT);
	check_result("a missing file", sys(__NR_statx, AT_FDCWD_, "nothing", 0, 1, &x), -ENOENT);
	check_result("a file as a directory", sys(__NR_statx, AT_FDCWD_, "f/x", 0, 1, &x), -ENOTDIR);
	check_result("an unknown flag", sys(__NR_statx, AT_FDCWD_, "f", 0x1, 1, &x), -EINVAL);
	check_result("AT_REMOVEDIR", sys(__NR_statx, AT_FDCWD_, "f", 0x200, 1, &x), -EINVAL);
	check_result("both sync types", sys(__NR_statx, AT_FDCWD_, "f", 0x6000, 1, &x), -EINVAL);
	check_result("the reserved mask bit", sys(__NR_statx, AT_FDCWD_, "f", 0, 0x80000000u, &x),
		     -EINVAL);
	check_result("the reserved bit before a missing file",
		     sys(__NR_statx, AT_FDCWD_, "nothing", 0, 0x80000000u, &x), -EINVAL);
	check_result("a bad flag before a NULL path", sys(__NR_statx, AT_FDCWD_, 0, 0x1, 1, &x), -EINVAL);
	check_result("a NULL buffer", sys(__NR_statx, AT_FDCWD_, "f", 0, 1, 0), -EFAULT);
	check_result("a kernel buffer", sys(__NR_statx, AT_FDCWD_, "f", 0, 1, 0xffff800000000000ul),
		     -EFAULT);

	/* statfs */
	memset(&fs, 0, sizeof(fs));
	statfs_of("statfs(/)", sys(__NR_statfs, "/", &fs), &fs);
	check("  has blocks, free blocks and inodes",
	      fs.blocks > 0 && fs.bfree > 0 && fs.bfree <= fs.blocks && fs.bavail == fs.bfree &&
		      fs.files > 0 && fs.ffree > 0 && fs.ffree <= fs.files);
	statfs_of("statfs(file)", sys(__NR_statfs, "f", &fs), &fs);
	statfs_of("statfs(link)", sys(__NR_statfs, "l", &fs), &fs);
	statfs_of("statfs(/tmp)", sys(__NR_statfs, "/tmp", &fs), &fs);
	statfs_of("fstatfs(file)", sys(__NR_fstatfs, fd, &fs), &fs);
	statfs_of("fstatfs(directory)", sys(__NR_fstatfs, dfd, &fs), &fs);
	int p[2];
	pipe(p);
	statfs_of("fstatfs(pipe)", sys(__NR_fstatfs, p[0], &fs), &fs);
	int sv[2];
	check_result("socketpair", sys(__NR_socketpair, 1, 1, 0, sv), 0);
	statfs_of("fstatfs(socket)", sys(__NR_fstatfs, sv[0], &fs), &fs);
	int opath = open("f", O_PATH);
	statfs_of("fstatfs(O_PATH descriptor)", sys(__NR_fstatfs, opath, &fs), &fs);
	check_result("statfs of a missing file", sys(__NR_statfs, "nothing", &fs), -ENOENT);
	check_result("statfs of an empty path", sys(__NR_statfs, "", &fs), -ENOENT);
	check_result("statfs with a NULL path", sys(__NR_statfs, 0, &fs), -EFAULT);
	check_result("statfs with a NULL buffer", sys(__NR_statfs, "f", 0), -EFAULT);
	check_result("fstatfs of a closed descriptor", sys(__NR_fstatfs, 99, &fs), -EBADF);
	check_result("fstatfs with a NULL buffer", sys(__NR_fstatfs, fd, 0), -EFAULT);
	close(fd);
	close(dfd);
	close(opath);
	scratch_leave();
	return check_exit();
}
