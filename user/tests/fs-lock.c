/*
 * fs-lock - advisory locks as one owner sees them: fcntl(2)'s F_SETLK,
 * F_SETLKW, F_GETLK and the F_OFD_ forms (a process's own locks never
 * conflict, F_GETLK answers F_UNLCK) and flock(2); the errors (a lock
 * type the descriptor's mode does not allow, a bad type or whence, a
 * start before the file, a bad pointer, an O_PATH or closed descriptor,
 * F_OFD_ with a pid). Expected: the reference Linux's results. Works in
 * /tmp/fs-lock.PID. Locks between owners: user/musl/mu-lock.c.
 */
#include <minos_rawcall.h>

#include "fs-test.h"

#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

struct flock_ {
	short type, whence;
	long start, len;
	int pid;
};

static long lk(int fd, int cmd, short type, short whence, long start, long len)
{
	struct flock_ fl = { type, whence, start, len, 0 };
	return sys(__NR_fcntl, fd, cmd, &fl);
}

int main(void)
{
	scratch_enter("fs-lock");
	check_result("a file", put_file("f", "0123456789", 10), 0);
	int rw = open("f", O_RDWR), ro = open("f", O_RDONLY), wo = open("f", O_WRONLY);

	check_result("F_SETLK write lock", lk(rw, F_SETLK, F_WRLCK, 0, 0, 0), 0);
	check_result("F_SETLK read lock over it", lk(rw, F_SETLK, F_RDLCK, 0, 0, 5), 0);
	check_result("F_SETLKW write lock", lk(rw, F_SETLKW, F_WRLCK, 1, 2, 3), 0);
	struct flock_ fl = { F_WRLCK, 0, 0, 0, 1234 };
	check_result("F_GETLK", sys(__NR_fcntl, rw, F_GETLK, &fl), 0);
	check("  F_UNLCK, the rest kept", fl.type == F_UNLCK && fl.whence == 0 && fl.start == 0 &&
						 fl.len == 0 && fl.pid == 1234);
	check_result("F_SETLK unlock", lk(rw, F_SETLK, F_UNLCK, 0, 0, 0), 0);
	check_result("a read lock on a write-only descriptor", lk(wo, F_SETLK, F_RDLCK, 0, 0, 0),
		     -EBADF);
	check_result("a write lock on a read-only descriptor", lk(ro, F_SETLK, F_WRLCK, 0, 0, 0),
		     -EBADF);
	check_result("unlock on a read-only descriptor", lk(ro, F_SETLK, F_UNLCK, 0, 0, 0), 0);
	check_result("F_GETLK of a write lock on a read-only descriptor",
		     lk(ro, F_GETLK, F_WRLCK, 0, 0, 0), 0);
	check_result("F_GETLK of F_UNLCK", lk(rw, F_GETLK, F_UNLCK, 0, 0, 0), -EINVAL);
	check_result("type 7", lk(rw, F_SETLK, 7, 0, 0, 0), -EINVAL);
	check_result("whence 3", lk(rw, F_SETLK, F_WRLCK, 3, 0, 0), -EINVAL);
	check_result("a start before the file", lk(rw, F_SETLK, F_WRLCK, 0, -1, 0), -EINVAL);
	check_result("from the end, back 4", lk(rw, F_SETLK, F_WRLCK, 2, -4, 2), 0);
	check_result("from the end, back 11", lk(rw, F_SETLK, F_WRLCK, 2, -11, 2), -EINVAL);
	check_result("a negative length reaching before 0", lk(rw, F_SETLK, F_WRLCK, 0, 2, -3),
		     -EINVAL);
	check_result("a negative length", lk(rw, F_SETLK, F_WRLCK, 0, 5, -3), 0);
	check_result("a NULL struct", sys(__NR_fcntl, rw, F_SETLK, 0), -EFAULT);
	check_result("F_SETLK unlock of everything", lk(rw, F_SETLK, F_UNLCK, 0, 0, 0), 0);
	check_result("F_OFD_SETLK", lk(rw, F_OFD_SETLK, F_WRLCK, 0, 0, 0), 0);
	struct flock_ ofd = { F_WRLCK, 0, 0, 0, 5 };
	check_result("F_OFD_SETLK with a pid", sys(__NR_fcntl, rw, F_OFD_SETLK, &ofd), -EINVAL);
	ofd.pid = 0;
	check_result("F_OFD_GETLK through the same open", sys(__NR_fcntl, rw, F_OFD_GETLK, &ofd), 0);
	check("  F_UNLCK", ofd.type == F_UNLCK);
	int opath = open("f", O_PATH);
	check_result("F_SETLK on an O_PATH descriptor", lk(opath, F_SETLK, F_RDLCK, 0, 0, 0), -EBADF);
	check_result("F_SETLK on a closed descriptor", lk(99, F_SETLK, F_RDLCK, 0, 0, 0), -EBADF);

	check_result("flock(LOCK_EX)", sys(__NR_flock, rw, 2), 0);
	check_result("flock(LOCK_SH|LOCK_NB) on the same open", sys(__NR_flock, rw, 1 | 4), 0);
	check_result("flock(LOCK_UN)", sys(__NR_flock, rw, 8), 0);
	check_result("flock(LOCK_EX|LOCK_NB) on another open", sys(__NR_flock, ro, 2 | 4), 0);
	check_result("  and unlocked", sys(__NR_flock, ro, 8), 0);
	check_result("flock(LOCK_SH) on write-only", sys(__NR_flock, wo, 1), 0);
	check_result("flock(0)", sys(__NR_flock, rw, 0), -EINVAL);
	check_result("flock(LOCK_SH|LOCK_EX)", sys(__NR_flock, rw, 3), -EINVAL);
	check_result("flock on an O_PATH descriptor", sys(__NR_flock, opath, 2), -EBADF);
	check_result("flock on a closed descriptor", sys(__NR_flock, 99, 2), -EBADF);
	close(rw);
	close(ro);
	close(wo);
	close(opath);
	scratch_leave();
	return check_exit();
}
