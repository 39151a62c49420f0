/*
 * mu-lock - advisory locks between owners: fcntl(2) record locks held by
 * one process and tested, taken or waited for by another (conflicts
 * only when one side writes, EAGAIN, F_GETLK's report of the lock in
 * the way with its owner's pid, ranges split by an unlock and merged
 * when they touch, a change of type in place, locks to the end of file,
 * negative lengths, EOVERFLOW), every close of the file dropping the
 * process's record locks, F_SETLKW sleeping until the lock goes, EDEADLK
 * when two processes would wait for each other, EINTR when a signal
 * handler runs; open-file-description locks (F_OFD_*: owned by the open
 * file, so they conflict inside one process, survive other closes and
 * are shared with a forked child; F_OFD_GETLK's pid is -1); flock(2)
 * (two opens conflict, a dup or a forked child holds the same lock,
 * conversion, LOCK_NB, independent of record locks). Expected: the
 * reference Linux's results. Works in /tmp/mu-lock.PID.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "mu-check.h"

static char path[64];

static long lk(int fd, int cmd, short type, long start, long len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &fl);
}

/* F_GETLK (or F_OFD_GETLK) of a lock of type over [start, start+len):
 * prints what stands in the way; its pid is compared with owner's. */
static void getlk(const char *what, int fd, int cmd, short type, long start, long len, int owner)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	if (fcntl(fd, cmd, &fl) != 0) {
		printf("%s: -%s: FAIL\n", what, errno_name(errno));
		failures++;
		return;
	}
	if (fl.l_type == F_UNLCK) {
		printf("%s: unlocked\n", what);
		return;
	}
	printf("%s: %s start %ld len %ld whence %d pid %s\n", what,
	       fl.l_type == F_WRLCK ? "write" : "read", (long)fl.l_start, (long)fl.l_len,
	       fl.l_whence, fl.l_pid == owner ? "owner's" : fl.l_pid == -1 ? "-1" : "other");
}

/* Runs fn(arg) in a child with its own descriptor on the file, and waits. */
static void in_child(void (*fn)(int fd, int parent), int flags)
{
	int parent = getpid();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(path, flags);
		fn(fd, parent);
		fflush(stdout);
		_exit(failures);
	}
	int status;
	waitpid(pid, &status, 0);
	failures += WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static void child_ranges(int fd, int parent)
{
	check_eq("child: read lock beside the write lock", lk(fd, F_SETLK, F_RDLCK, 0, 10), 0);
	check_errno("child: read lock over it", lk(fd, F_SETLK, F_RDLCK, 5, 10), EAGAIN);
	check_errno("child: write lock over it", lk(fd, F_SETLK, F_WRLCK, 25, 1), EAGAIN);
	getlk("child: F_GETLK of all", fd, F_GETLK, F_RDLCK, 0, 0, parent);
	getlk("child: F_GETLK of its own range", fd, F_GETLK, F_WRLCK, 0, 10, parent);
}

static void child_split(int fd, int parent)
{
	getlk("child: F_GETLK of the hole", fd, F_GETLK, F_WRLCK, 15, 5, parent);
	getlk("child: F_GETLK across the hole", fd, F_GETLK, F_WRLCK, 12, 10, parent);
	getlk("child: F_GETLK of the right part", fd, F_GETLK, F_WRLCK, 18, 3, parent);
	check_eq("child: write lock in the hole", lk(fd, F_SETLK, F_WRLCK, 15, 5), 0);
}

static void child_downgraded(int fd, int parent)
{
	check_eq("child: read lock on the read-locked range", lk(fd, F_SETLK, F_RDLCK, 10, 20), 0);
	check_errno("child: write lock there", lk(fd, F_SETLK, F_WRLCK, 10, 1), EAGAIN);
	getlk("child: F_GETLK for writing", fd, F_GETLK, F_WRLCK, 0, 0, parent);
}

static void child_merged(int fd, int parent)
{
	getlk("child: F_GETLK of merged locks", fd, F_GETLK, F_RDLCK, 0, 0, parent);
}

static void child_free(int fd, int parent)
{
	(void)parent;
	check_eq("child: write lock on the whole file", lk(fd, F_SETLK, F_WRLCK, 0, 0), 0);
}

static void child_lengths(int fd, int parent)
{
	getlk("child: F_GETLK after a negative length", fd, F_GETLK, F_WRLCK, 0, 100, parent);
	getlk("child: F_GETLK of a lock to the end", fd, F_GETLK, F_WRLCK, 1000, 1, parent);
}

static void record_locks(void)
{
	int fd = open(path, O_RDWR);
	check_eq("write lock [10, 30)", lk(fd, F_SETLK, F_WRLCK, 10, 20), 0);
	in_child(child_ranges, O_RDWR);
	check_eq("unlock [15, 20)", lk(fd, F_SETLK, F_UNLCK, 15, 5), 0);
	in_child(child_split, O_RDWR);
	check_eq("read lock [10, 30): the type changes in place", lk(fd, F_SETLK, F_RDLCK, 10, 20), 0);
	in_child(child_downgraded, O_RDWR);
	check_eq("unlock everything", lk(fd, F_SETLK, F_UNLCK, 0, 0), 0);
	check_eq("read lock [0, 5)", lk(fd, F_SETLK, F_RDLCK, 0, 5), 0);
	check_eq("read lock [5, 10)", lk(fd, F_SETLK, F_RDLCK, 5, 5), 0);
	check_eq("read lock [7, 12)", lk(fd, F_SETLK, F_RDLCK, 7, 5), 0);
	in_child(child_merged, O_RDWR);
	int other = open(path, O_RDONLY);
	check_eq("close of another descriptor of the file", close(other), 0);
	in_child(child_free, O_RDWR);
	check_eq("write lock [20, 30) given as start 30, length -10",
		 lk(fd, F_SETLK, F_WRLCK, 30, -10), 0);
	check_eq("write lock from 1000 to the end", lk(fd, F_SETLK, F_WRLCK, 1000, 0), 0);
	in_child(child_lengths, O_RDWR);
	check_errno("length reaching past the largest offset",
		    lk(fd, F_SETLK, F_WRLCK, INT64_MAX - 5, 10), EOVERFLOW);
	check_errno("negative length before the file", lk(fd, F_SETLK, F_WRLCK, 5, -10), EINVAL);
	close(fd);
}

static void record_wait(void)
{
	int fd = open(path, O_RDWR);
	int me = getpid();
	check_eq("parent: write lock [0, 1)", lk(fd, F_SETLK, F_WRLCK, 0, 1), 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int cfd = open(path, O_RDWR);
		long r = lk(cfd, F_SETLKW, F_WRLCK, 0, 1);
		check_eq("child: F_SETLKW returns once the parent unlocks", r, 0);
		getlk("child: F_GETLK of its own lock", cfd, F_GETLK, F_WRLCK, 0, 1, me);
		_exit(failures);
	}
	wait_asleep(pid);
	printf("parent: the child sleeps in F_SETLKW; unlocking\n");
	fflush(stdout);
	long unlocked = lk(fd, F_SETLK, F_UNLCK, 0, 1);
	int status;
	waitpid(pid, &status, 0); /* the child's lines first, whoever runs first */
	failures += WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	check_eq("parent: unlock", unlocked, 0);
	close(fd);
}

static void record_deadlock(void)
{
	int fd = open(path, O_RDWR), ready[2];
	pipe(ready);
	check_eq("parent: write lock [0, 1)", lk(fd, F_SETLK, F_WRLCK, 0, 1), 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int cfd = open(path, O_RDWR);
		lk(cfd, F_SETLK, F_WRLCK, 1, 1);
		write(ready[1], "x", 1);
		long r = lk(cfd, F_SETLKW, F_WRLCK, 0, 1); /* waits for the parent */
		check_eq("child: F_SETLKW on the parent's lock, after EDEADLK", r, 0);
		_exit(failures);
	}
	char c;
	read(ready[0], &c, 1);
	wait_asleep(pid);
	check_errno("parent: F_SETLKW on the child's lock", lk(fd, F_SETLKW, F_WRLCK, 1, 1),
		    EDEADLK);
	check_errno("parent: F_SETLK on it", lk(fd, F_SETLK, F_WRLCK, 1, 1), EAGAIN);
	long unlocked = lk(fd, F_SETLK, F_UNLCK, 0, 1);
	int status;
	waitpid(pid, &status, 0);
	failures += WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	check_eq("parent: unlock", unlocked, 0);
	close(fd);
}

static void on_alarm(int sig) { (void)sig; }

static void record_eintr(void)
{
	int fd = open(path, O_RDWR);
	check_eq("parent: write lock", lk(fd, F_SETLK, F_WRLCK, 0, 0), 0);
	int other = open(path, O_RDONLY);
	check_eq("parent: LOCK_EX", flock(other, LOCK_EX), 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_alarm };
		sigaction(SIGALRM, &sa, NULL);
		int cfd = open(path, O_RDWR);
		alarm(1);
		check_errno("child: F_SETLKW ended by a handler", lk(cfd, F_SETLKW, F_RDLCK, 0, 1),
			    EINTR);
		alarm(1);
		check_errno("child: flock ended by a handler", flock(open(path, O_RDONLY), LOCK_SH),
			    EINTR);
		_exit(failures);
	}
	int status;
	waitpid(pid, &status, 0);
	failures += WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	close(other);
	close(fd);
}

static void ofd_locks(void)
{
	int a = open(path, O_RDWR), b = open(path, O_RDWR);
	int me = getpid();
	check_errno("F_OFD_SETLK with a pid", ({
			    struct flock fl = { .l_type = F_WRLCK, .l_pid = 1 };
			    fcntl(a, F_OFD_SETLK, &fl);
		    }),
		    EINVAL);
	check_eq("OFD write lock [0, 10) on a", lk(a, F_OFD_SETLK, F_WRLCK, 0, 10), 0);
	check_errno("OFD lock on b, another open file", lk(b, F_OFD_SETLK, F_RDLCK, 5, 1),
		    EAGAIN);
	getlk("F_OFD_GETLK on b", b, F_OFD_GETLK, F_RDLCK, 0, 0, me);
	getlk("F_GETLK on b: the process's record lock would conflict too", b, F_GETLK, F_RDLCK,
	      0, 0, me);
	check_errno("record lock on b", lk(b, F_SETLK, F_RDLCK, 0, 1), EAGAIN);
	check_eq("record lock on b beside it", lk(b, F_SETLK, F_RDLCK, 10, 1), 0);
	getlk("F_OFD_GETLK on a: the record lock", a, F_OFD_GETLK, F_WRLCK, 10, 1, me);
	check_eq("close(b): the OFD lock on a stays", close(b), 0);
	b = open(path, O_RDWR);
	check_errno("OFD lock on a new open file", lk(b, F_OFD_SETLK, F_WRLCK, 0, 1), EAGAIN);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		check_eq("child: OFD lock on the inherited a (its own)",
			 lk(a, F_OFD_SETLK, F_WRLCK, 0, 20), 0);
		_exit(failures);
	}
	int status;
	waitpid(pid, &status, 0);
	failures += WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	getlk("F_OFD_GETLK on b after the child's change", b, F_OFD_GETLK, F_RDLCK, 0, 0, me);
	check_eq("close(a): its last descriptor", close(a), 0);
	check_eq("OFD lock on b now", lk(b, F_OFD_SETLK, F_WRLCK, 0, 0), 0);
	close(b);
}

static void flock_child(int fd, int parent)
{
	(void)parent;
	check_errno("child: LOCK_SH|LOCK_NB on its own open", flock(fd, LOCK_SH | LOCK_NB),
		    EWOULDBLOCK);
}

static void flock_locks(void)
{
	int a = open(path, O_RDONLY), b = open(path, O_RDONLY);
	check_eq("LOCK_EX on a", flock(a, LOCK_EX), 0);
	check_eq("LOCK_EX on a again", flock(a, LOCK_EX | LOCK_NB), 0);
	check_errno("LOCK_EX|LOCK_NB on b", flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	check_errno("LOCK_SH|LOCK_NB on b", flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	check_eq("record lock on b: independent", lk(b, F_SETLK, F_RDLCK, 0, 0), 0);
	int d = dup(a);
	check_eq("LOCK_SH on a dup of a: converts a's lock", flock(d, LOCK_SH), 0);
	check_eq("LOCK_SH|LOCK_NB on b", flock(b, LOCK_SH | LOCK_NB), 0);
	check_errno("LOCK_EX|LOCK_NB on a", flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	check_eq("LOCK_UN on b", flock(b, LOCK_UN), 0);
	check_eq("LOCK_EX|LOCK_NB on a now", flock(a, LOCK_EX | LOCK_NB), 0);
	in_child(flock_child, O_RDONLY);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		check_eq("child: LOCK_UN through the inherited a", flock(a, LOCK_UN), 0);
		_exit(failures);
	}
	int status;
	waitpid(pid, &status, 0);
	failures += WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	check_eq("LOCK_EX|LOCK_NB on b after the child's unlock", flock(b, LOCK_EX | LOCK_NB), 0);
	close(b);
	check_eq("LOCK_EX|LOCK_NB on a after b's close", flock(a, LOCK_EX | LOCK_NB), 0);
	check_errno("LOCK_SH|LOCK_EX", flock(a, LOCK_SH | LOCK_EX), EINVAL);
	check_errno("op 0", flock(a, 0), EINVAL);
	check_errno("closed descriptor", flock(99, LOCK_SH), EBADF);
	close(a);
	close(d);
}

int main(void)
{
	check_start();
	snprintf(path, sizeof(path), "/tmp/mu-lock.%d", getpid());
	mkdir(path, 0700);
	strcat(path, "/f");
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(fd, "0123456789012345678901234567890123456789", 40);
	close(fd);
	section("record locks", record_locks, 20);
	section("F_SETLKW", record_wait, 20);
	section("EDEADLK", record_deadlock, 20);
	section("EINTR", record_eintr, 20);
	section("OFD locks", ofd_locks, 20);
	section("flock", flock_locks, 20);
	unlink(path);
	*strrchr(path, '/') = 0;
	rmdir(path);
	return check_exit();
}
