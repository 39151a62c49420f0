/*
 * fs-xattr - extended attributes on files nobody set one on: getxattr,
 * lgetxattr and fgetxattr by namespace (security.*, trusted.*, the POSIX
 * ACL names, user.*, unknown ones), the name rules (empty, 255 and 256
 * bytes, a bad pointer), the order of the errors (the file before the
 * name), a symbolic link's user.* name, and the empty lists of listxattr,
 * llistxattr and flistxattr. Expected: the reference Linux's results
 * (its root is a tmpfs). Works in /tmp/fs-xattr.PID.
 */
#include <sys/syscall.h>

#include "fs-test.h"

static long sc4(long n, long a, long b, long c, long d)
{
	return __syscall6(n, a, b, c, d, 0, 0);
}

static void get(const char *what, long nr, long target, const char *name, long want)
{
	char value[64];
	check_result(what, sc4(nr, target, (long)name, (long)value, sizeof(value)), want);
}

int main(void)
{
	scratch_enter("fs-xattr");
	check_result("a file", put_file("f", "data", 4), 0);
	CHECK_CALL("a directory", mkdir("d", 0755), 0);
	CHECK_CALL("a link to the file", symlink("f", "l"), 0);

	static const struct { const char *name; long want; } names[] = {
		{ "security.selinux", -ENODATA },
		{ "security.capability", -ENODATA },
		{ "trusted.note", -ENODATA },
		{ "system.posix_acl_access", -ENODATA },
		{ "system.posix_acl_default", -ENODATA },
		{ "user.comment", -EOPNOTSUPP },
		{ "system.other", -EOPNOTSUPP },
		{ "unknown.name", -EOPNOTSUPP },
		{ "nodot", -EOPNOTSUPP },
		{ "security.", -EINVAL },
	};
	char what[96];
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(what, sizeof(what), "getxattr(file, %s)", names[i].name);
		get(what, __NR_getxattr, (long)"f", names[i].name, names[i].want);
		snprintf(what, sizeof(what), "getxattr(directory, %s)", names[i].name);
		get(what, __NR_getxattr, (long)"d", names[i].name, names[i].want);
	}
	get("lgetxattr(link, user.comment)", __NR_lgetxattr, (long)"l", "user.comment", -ENODATA);
	get("getxattr(link, user.comment) follows it", __NR_getxattr, (long)"l", "user.comment",
	    -EOPNOTSUPP);
	get("lgetxattr(link, security.selinux)", __NR_lgetxattr, (long)"l", "security.selinux",
	    -ENODATA);

	char name[300];
	memset(name, 'a', sizeof(name));
	memcpy(name, "user.", 5);
	name[255] = 0;
	get("a 255-byte name", __NR_getxattr, (long)"f", name, -EOPNOTSUPP);
	name[255] = 'a';
	name[256] = 0;
	get("a 256-byte name", __NR_getxattr, (long)"f", name, -ERANGE);
	get("an empty name", __NR_getxattr, (long)"f", "", -ERANGE);
	get("a name at NULL", __NR_getxattr, (long)"f", NULL, -EFAULT);
	get("a missing file before an empty name", __NR_getxattr, (long)"nothing", "", -ENOENT);
	get("a path at NULL", __NR_getxattr, 0, "user.x", -EFAULT);

	int fd = open("f", O_RDONLY);
	get("fgetxattr(security.selinux)", __NR_fgetxattr, fd, "security.selinux", -ENODATA);
	get("fgetxattr(user.comment)", __NR_fgetxattr, fd, "user.comment", -EOPNOTSUPP);
	get("fgetxattr on a closed descriptor", __NR_fgetxattr, 99, "user.x", -EBADF);
	get("fgetxattr on a closed descriptor, empty name", __NR_fgetxattr, 99, "", -EBADF);

	char list[256];
	check_result("listxattr(file)", sc4(__NR_listxattr, (long)"f", (long)list, sizeof(list), 0),
		     0);
	check_result("listxattr(directory), no buffer",
		     sc4(__NR_listxattr, (long)"d", 0, 0, 0), 0);
	check_result("llistxattr(link)", sc4(__NR_llistxattr, (long)"l", (long)list, sizeof(list), 0),
		     0);
	check_result("flistxattr(file)", sc4(__NR_flistxattr, fd, (long)list, sizeof(list), 0), 0);
	check_result("flistxattr on a closed descriptor",
		     sc4(__NR_flistxattr, 99, (long)list, sizeof(list), 0), -EBADF);
	check_result("listxattr(missing)",
		     sc4(__NR_listxattr, (long)"nothing", (long)list, sizeof(list), 0), -ENOENT);
	close(fd);
	scratch_leave();
	return check_exit();
}
