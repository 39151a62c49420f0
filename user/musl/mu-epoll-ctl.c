/*
 * mu-epoll-ctl - epoll instances and their items, on pipes: epoll_create
 * and epoll_create1 (their -EINVAL, EPOLL_CLOEXEC), what fstat says of an
 * instance (Linux's anonymous inode: mode 0600 without a file type, one
 * inode for all), epoll_ctl's errors in Linux's order (-EBADF, -EPERM for
 * a regular file or a directory, -EINVAL for the instance itself or a
 * non-epoll descriptor, an unknown op and EPOLLEXCLUSIVE's rules,
 * -EEXIST, -ENOENT, -ELOOP), then what epoll_wait reports: the data word
 * as given, level-triggered items at every call, edge-triggered ones only
 * after a new event, one-shot ones once until EPOLL_CTL_MOD, EPOLLHUP and
 * EPOLLERR without asking, and items leaving the set when their file is
 * released (closing one of two descriptors of it is not enough).
 * Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "mu-poll.h"

static int ep_add(int ep, int fd, unsigned events, unsigned long long data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int ep_mod(int ep, int fd, unsigned events, unsigned long long data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };
	return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
}

/* How many events epoll_wait gives without waiting; the first in *first. */
static int ready(int ep, struct epoll_event *first)
{
	struct epoll_event evs[8];
	int n = epoll_wait(ep, evs, 8, 0);
	if (n > 0 && first)
		*first = evs[0];
	return n;
}

static void create(void)
{
	/* Raw: musl's epoll_create() does not pass size on. */
	check_err("epoll_create(0)", syscall(SYS_epoll_create, 0), EINVAL);
	check_err("epoll_create(-1)", syscall(SYS_epoll_create, -1), EINVAL);
	check_err("epoll_create1(O_NONBLOCK)", epoll_create1(O_NONBLOCK), EINVAL);
	int a = syscall(SYS_epoll_create, 1);
	int b = epoll_create1(EPOLL_CLOEXEC);
	check("epoll_create(1)", a >= 0);
	check("epoll_create1(EPOLL_CLOEXEC)", b >= 0);
	check_eq("... FD_CLOEXEC set", fcntl(b, F_GETFD), FD_CLOEXEC);
	check_eq("epoll_create: FD_CLOEXEC not set", fcntl(a, F_GETFD), 0);
	check_eq("open flags", fcntl(a, F_GETFL) & O_ACCMODE, O_RDWR);
	struct stat sa, sb;
	check("fstat", fstat(a, &sa) == 0 && fstat(b, &sb) == 0);
	printf("st_mode: %#o\n", sa.st_mode);
	check_eq("st_nlink", sa.st_nlink, 1);
	check_eq("st_size", sa.st_size, 0);
	check("one inode for both instances", sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev);
	close(a);
	close(b);
}

static void ctl_errors(void)
{
	int ep = epoll_create1(0), ep2 = epoll_create1(0);
	int p[2];
	make_pipe(p);
	int file = open("/bin/mu-epoll-ctl", O_RDONLY);
	int dir = open("/", O_RDONLY | O_DIRECTORY);
	struct epoll_event ev = { .events = EPOLLIN };

	check_err("bad epfd", epoll_ctl(99, EPOLL_CTL_ADD, p[0], &ev), EBADF);
	check_err("bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 99, &ev), EBADF);
	check_err("a regular file", epoll_ctl(ep, EPOLL_CTL_ADD, file, &ev), EPERM);
	check_err("a directory", epoll_ctl(ep, EPOLL_CTL_ADD, dir, &ev), EPERM);
	check_err("a regular file, DEL", epoll_ctl(ep, EPOLL_CTL_DEL, file, NULL), EPERM);
	check_err("the instance itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
	check_err("epfd not an instance", epoll_ctl(p[0], EPOLL_CTL_ADD, p[1], &ev), EINVAL);
	check_err("unknown op", epoll_ctl(ep, 7, p[0], &ev), EINVAL);
	check_err("unreadable event", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], (void *)16), EFAULT);
	check_err("MOD before ADD", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), ENOENT);
	check_err("DEL before ADD", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), ENOENT);
	check_eq("ADD", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), 0);
	check_err("ADD again", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
	check_eq("MOD", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), 0);
	check_eq("DEL, event NULL", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), 0);
	check_err("DEL again", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), ENOENT);

	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	check_err("EPOLLEXCLUSIVE with MOD", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), EINVAL);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
	check_err("EPOLLEXCLUSIVE with EPOLLONESHOT", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLRDHUP;
	check_err("EPOLLEXCLUSIVE with EPOLLRDHUP", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	check_err("EPOLLEXCLUSIVE on an instance", epoll_ctl(ep, EPOLL_CTL_ADD, ep2, &ev), EINVAL);
	check_eq("EPOLLEXCLUSIVE ADD", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), 0);
	ev.events = EPOLLIN;
	check_err("MOD of an EPOLLEXCLUSIVE item", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), EINVAL);
	check_eq("DEL of an EPOLLEXCLUSIVE item", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), 0);

	check_eq("an instance in another", epoll_ctl(ep, EPOLL_CTL_ADD, ep2, &ev), 0);
	check_err("... and back: a loop", epoll_ctl(ep2, EPOLL_CTL_ADD, ep, &ev), ELOOP);
}

static void triggers(void)
{
	int ep = epoll_create1(0);
	int p[2];
	make_pipe(p);
	struct epoll_event e = { 0 };

	check_eq("LT: empty pipe", ready(ep, NULL), 0);
	ep_add(ep, p[0], EPOLLIN, 0x123456789abcdef0ULL);
	check_eq("LT: nothing yet", ready(ep, NULL), 0);
	put_byte(p[1]);
	check_eq("LT: a byte in", ready(ep, &e), 1);
	check_events("LT: events", e.events, EPOLLIN);
	check("LT: data as given", e.data.u64 == 0x123456789abcdef0ULL);
	check_eq("LT: again", ready(ep, NULL), 1);
	check_eq("LT: and again", ready(ep, NULL), 1);

	ep_mod(ep, p[0], EPOLLIN | EPOLLET, 2);
	check_eq("ET: after MOD, ready", ready(ep, &e), 1);
	check("ET: the new data", e.data.u64 == 2);
	check_eq("ET: again, no new event", ready(ep, NULL), 0);
	put_byte(p[1]);
	check_eq("ET: another byte", ready(ep, NULL), 1);
	check_eq("ET: again", ready(ep, NULL), 0);
	char c;
	if (read(p[0], &c, 1) != 1)
		check("read", 0);
	check_eq("ET: a byte read, one left", ready(ep, NULL), 0);
	ep_mod(ep, p[0], EPOLLIN | EPOLLET, 3);
	check_eq("ET: after another MOD", ready(ep, NULL), 1);

	ep_mod(ep, p[0], EPOLLIN | EPOLLONESHOT, 4);
	check_eq("ONESHOT: first", ready(ep, NULL), 1);
	check_eq("ONESHOT: disarmed", ready(ep, NULL), 0);
	put_byte(p[1]);
	check_eq("ONESHOT: disarmed, even after a new byte", ready(ep, NULL), 0);
	check_err("ONESHOT: ADD again", ep_add(ep, p[0], EPOLLIN, 5), EEXIST);
	ep_mod(ep, p[0], EPOLLIN | EPOLLONESHOT, 5);
	check_eq("ONESHOT: rearmed by MOD", ready(ep, &e), 1);
	check("ONESHOT: the new data", e.data.u64 == 5);

	/* The write end, edge-triggered: writing wakes readers, not it. */
	int ew = epoll_create1(0);
	ep_add(ew, p[1], EPOLLOUT | EPOLLET, 6);
	check_eq("ET write end: first", ready(ew, &e), 1);
	check_events("ET write end: events", e.events, EPOLLOUT);
	check_eq("ET write end: again", ready(ew, NULL), 0);
	put_byte(p[1]);
	check_eq("ET write end: after a write", ready(ew, NULL), 0);
	int flags = fcntl(p[1], F_GETFL);
	fcntl(p[1], F_SETFL, flags | O_NONBLOCK);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	static char big[65536];
	long filled = 0, w;
	while ((w = write(p[1], big, sizeof(big))) > 0)
		filled += w;
	check("pipe filled", filled > 0);
	check_eq("ET write end: full", ready(ew, NULL), 0);
	while (read(p[0], big, sizeof(big)) > 0)
		;
	check_eq("ET write end: emptied", ready(ew, &e), 1);
	check_eq("ET write end: again", ready(ew, NULL), 0);

	/* Hang-ups are reported without being asked for. */
	ep_mod(ep, p[0], 0, 7);
	check_eq("no events asked, writer open", ready(ep, NULL), 0);
	close(p[1]);
	check_eq("no events asked, writer closed", ready(ep, &e), 1);
	check_events("... events", e.events, EPOLLHUP);
	ep_mod(ep, p[0], EPOLLIN | EPOLLRDHUP, 8);
	check_eq("EPOLLRDHUP asked, writer closed", ready(ep, &e), 1);
	check_events("... events (pipes have no EPOLLRDHUP)", e.events, EPOLLHUP);
	close(ew);

	int q[2];
	make_pipe(q);
	int er = epoll_create1(0);
	ep_add(er, q[1], EPOLLOUT, 9);
	close(q[0]);
	check_eq("write end, reader closed", ready(er, &e), 1);
	check_events("... events", e.events, EPOLLOUT | EPOLLERR);
	ep_mod(er, q[1], EPOLLIN, 10);
	check_eq("... only EPOLLIN asked", ready(er, &e), 1);
	check_events("... events", e.events, EPOLLERR);
}

static void auto_removal(void)
{
	int ep = epoll_create1(0);
	int p[2];
	make_pipe(p);
	struct epoll_event e = { 0 };

	ep_add(ep, p[0], EPOLLIN, 11);
	put_byte(p[1]);
	int dup_fd = dup(p[0]);
	close(p[0]);
	check_eq("one of two descriptors closed: still reported", ready(ep, &e), 1);
	check("... with its data", e.data.u64 == 11);
	check_err("... DEL through the closed descriptor", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), EBADF);
	check_err("... DEL through the other: not that item", epoll_ctl(ep, EPOLL_CTL_DEL, dup_fd, NULL), ENOENT);
	check_eq("... the other added too", ep_add(ep, dup_fd, EPOLLIN, 12), 0);
	check_eq("... both reported", ready(ep, NULL), 2);
	close(dup_fd);
	check_eq("the file released: no item left", ready(ep, NULL), 0);

	int q[2];
	make_pipe(q); /* takes the closed descriptor numbers again */
	put_byte(q[1]);
	check_eq("a new file with the same number: not in the set", ready(ep, NULL), 0);
	check_eq("... ADD it", ep_add(ep, q[0], EPOLLIN, 13), 0);
	check_eq("... reported", ready(ep, &e), 1);
	check("... with the new data", e.data.u64 == 13);

	/* A child's copy keeps the file open. */
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		sleep_ms(300);
		_exit(0);
	}
	close(q[0]);
	check_eq("closed here, still open in a child", ready(ep, NULL), 1);
	waitpid(child, NULL, 0);
	check_eq("... after the child exits", ready(ep, NULL), 0);
}

int main(void)
{
	sig_test_start();
	section("create", create, 10);
	section("epoll_ctl errors", ctl_errors, 10);
	section("triggers", triggers, 10);
	section("automatic removal", auto_removal, 10);
	return sig_test_exit();
}
