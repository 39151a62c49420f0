/*
 * fs-xattr-set - setting and removing extended attributes on Linux 6.1's
 * tmpfs, as root: security.* and trusted.* are kept (read back, sizes,
 * -ERANGE for a short buffer, XATTR_CREATE and XATTR_REPLACE, replacing,
 * removing, the list and its order, an empty value, a symbolic link's own
 * attributes, fsetxattr and fremovexattr); user.* is -EOPNOTSUPP on a
 * file and -EPERM on a link; unknown names, a bare "security." and the
 * errors in Linux's order (the file, the flags, the name, the size, the
 * value). Expected: the reference Linux's results (its root is a tmpfs).
 * Works in /tmp/fs-xattr-set.PID.
 */
#include <minos_rawcall.h>

#include "fs-test.h"

#define XATTR_CREATE 1
#define XATTR_REPLACE 2

static void get(const char *what, const char *path, const char *name, long size)
{
	char value[64], line[160];
	memset(value, 0, sizeof(value));
	long r = sys(__NR_getxattr, path, name, value, size);
	char res[32];
	snprintf(line, sizeof(line), "%s: %s \"%.*s\"", what, check_result_str(r, res, sizeof(res)),
		 r > 0 ? (int)r : 0, value);
	check(line, 1);
}

static void list(const char *what, long nr, long target)
{
	char buf[256], line[300];
	memset(buf, 0, sizeof(buf));
	long r = sys(nr, target, buf, sizeof(buf));
	int n = snprintf(line, sizeof(line), "%s: %ld [", what, r);
	for (long i = 0; i < r && n < 280; i++)
		line[n++] = buf[i] ? buf[i] : ' ';
	snprintf(line + n, sizeof(line) - (size_t)n, "]");
	check(line, r >= 0);
}

int main(void)
{
	scratch_enter("fs-xattr-set");
	check_result("a file", put_file("f", "data", 4), 0);
	CHECK_CALL("a directory", mkdir("d", 0755), 0);
	CHECK_CALL("a link", symlink("f", "l"), 0);

	check_result("setxattr(security.a)", sys(__NR_setxattr, "f", "security.a", "one", 3, 0), 0);
	get("  read back", "f", "security.a", 64);
	get("  with size 0", "f", "security.a", 0);
	get("  with size 2", "f", "security.a", 2);
	check_result("setxattr(trusted.b)", sys(__NR_setxattr, "f", "trusted.b", "two!", 4, 0), 0);
	check_result("setxattr(security.c), empty", sys(__NR_setxattr, "f", "security.c", "", 0, 0), 0);
	get("  read back", "f", "security.c", 64);
	list("listxattr", __NR_listxattr, (long)"f");
	check_result("listxattr, size 0", sys(__NR_listxattr, "f", 0, 0), 32);
	char small[8];
	check_result("listxattr, size 8", sys(__NR_listxattr, "f", small, 8), -ERANGE);
	check_result("XATTR_CREATE of an existing name",
		     sys(__NR_setxattr, "f", "security.a", "x", 1, XATTR_CREATE), -EEXIST);
	check_result("XATTR_REPLACE of a missing name",
		     sys(__NR_setxattr, "f", "security.z", "x", 1, XATTR_REPLACE), -ENODATA);
	check_result("XATTR_REPLACE of security.a",
		     sys(__NR_setxattr, "f", "security.a", "uno", 3, XATTR_REPLACE), 0);
	get("  read back", "f", "security.a", 64);
	list("  the order kept", __NR_listxattr, (long)"f");
	check_result("XATTR_CREATE of security.d",
		     sys(__NR_setxattr, "f", "security.d", "dd", 2, XATTR_CREATE), 0);
	check_result("both flags", sys(__NR_setxattr, "f", "security.a", "x", 1, 3), -EEXIST);
	check_result("removexattr(security.a)", sys(__NR_removexattr, "f", "security.a"), 0);
	get("  then", "f", "security.a", 64);
	check_result("  again", sys(__NR_removexattr, "f", "security.a"), -ENODATA);
	list("listxattr", __NR_listxattr, (long)"f");
	list("  through the link", __NR_listxattr, (long)"l");
	list("llistxattr of the link", __NR_llistxattr, (long)"l");
	check_result("lsetxattr(link, security.l)", sys(__NR_lsetxattr, "l", "security.l", "L", 1, 0),
		     0);
	list("llistxattr of the link", __NR_llistxattr, (long)"l");
	check_result("lgetxattr(link, security.l)",
		     sys(__NR_lgetxattr, "l", "security.l", small, sizeof(small)), 1);
	check_result("getxattr(link, security.l) follows",
		     sys(__NR_getxattr, "l", "security.l", small, sizeof(small)), -ENODATA);
	check_result("lsetxattr(link, user.x)", sys(__NR_lsetxattr, "l", "user.x", "x", 1, 0), -EPERM);
	check_result("lremovexattr(link, user.x)", sys(__NR_lremovexattr, "l", "user.x"), -EPERM);
	check_result("lremovexattr(link, security.l)", sys(__NR_lremovexattr, "l", "security.l"), 0);
	check_result("setxattr(dir, trusted.t)", sys(__NR_setxattr, "d", "trusted.t", "T", 1, 0), 0);
	list("listxattr(dir)", __NR_listxattr, (long)"d");

	int fd = open("f", O_RDONLY);
	check_result("fsetxattr(security.f)", sys(__NR_fsetxattr, fd, "security.f", "F", 1, 0), 0);
	list("flistxattr", __NR_flistxattr, fd);
	check_result("fremovexattr(security.f)", sys(__NR_fremovexattr, fd, "security.f"), 0);
	check_result("fsetxattr on a closed descriptor",
		     sys(__NR_fsetxattr, 99, "security.f", "F", 1, 0), -EBADF);
	check_result("fremovexattr on a closed descriptor", sys(__NR_fremovexattr, 99, "x"), -EBADF);

	/* names tmpfs has no home for, and the errors */
	check_result("setxattr(user.x)", sys(__NR_setxattr, "f", "user.x", "x", 1, 0), -EOPNOTSUPP);
	check_result("setxattr(dir, user.x)", sys(__NR_setxattr, "d", "user.x", "x", 1, 0),
		     -EOPNOTSUPP);
	check_result("removexattr(user.x)", sys(__NR_removexattr, "f", "user.x"), -EOPNOTSUPP);
	check_result("setxattr(other.x)", sys(__NR_setxattr, "f", "other.x", "x", 1, 0), -EOPNOTSUPP);
	check_result("setxattr(security.)", sys(__NR_setxattr, "f", "security.", "x", 1, 0), -EINVAL);
	check_result("removexattr(trusted.)", sys(__NR_removexattr, "f", "trusted."), -EINVAL);
	check_result("removexattr(system.posix_acl_access)",
		     sys(__NR_removexattr, "f", "system.posix_acl_access"), 0);
	check_result("setxattr with flag 4", sys(__NR_setxattr, "f", "security.a", "x", 1, 4), -EINVAL);
	check_result("  before an empty name", sys(__NR_setxattr, "f", "", "x", 1, 4), -EINVAL);
	check_result("  after a missing file", sys(__NR_setxattr, "nothing", "", "x", 1, 4), -ENOENT);
	check_result("an empty name", sys(__NR_setxattr, "f", "", "x", 1, 0), -ERANGE);
	check_result("a NULL name", sys(__NR_setxattr, "f", 0, "x", 1, 0), -EFAULT);
	check_result("a value of 65537 bytes", sys(__NR_setxattr, "f", "security.a", "x", 65537, 0),
		     -E2BIG);
	check_result("  before the name space", sys(__NR_setxattr, "f", "user.a", "x", 65537, 0),
		     -E2BIG);
	check_result("a NULL value", sys(__NR_setxattr, "f", "security.a", 0, 4, 0), -EFAULT);
	check_result("  before the name space", sys(__NR_setxattr, "f", "user.a", 0, 4, 0), -EFAULT);
	check_result("a NULL value of size 0", sys(__NR_setxattr, "f", "security.n", 0, 0, 0), 0);
	get("  read back", "f", "security.n", 64);
	check_result("a NULL path", sys(__NR_setxattr, 0, "security.a", "x", 1, 0), -EFAULT);
	check_result("removexattr of a missing file", sys(__NR_removexattr, "nothing", "security.a"),
		     -ENOENT);
	check_result("removexattr with an empty name", sys(__NR_removexattr, "f", ""), -ERANGE);
	check_result("getxattr into NULL with a size",
		     sys(__NR_getxattr, "f", "security.n", 0, 0), 0);
	check_result("getxattr(security.d) into NULL with a size",
		     sys(__NR_getxattr, "f", "security.d", 0, 8), -EFAULT);
	close(fd);
	scratch_leave();
	return check_exit();
}
