/*
 * mu-unix-scm - ancillary data over AF_UNIX: SCM_RIGHTS passes a pipe end
 * and an open file to another process (the received descriptors share the
 * file's offset), MSG_CTRUNC when the control buffer is too small,
 * MSG_CMSG_CLOEXEC, descriptors in flight keep their files open and are
 * closed if never received, malformed control data is refused (EINVAL,
 * EBADF), and SO_PASSCRED brings SCM_CREDENTIALS. Works in /tmp and
 * removes its file. Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "mu-sock.h"

static int sv[2];

/* Sends one byte with n descriptors. */
static long send_fds(int s, const int *fds, int n)
{
	char c = 'F';
	struct iovec iov = { &c, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int) * 8)];
		struct cmsghdr align;
	} u;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (n) {
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		struct cmsghdr *c1 = CMSG_FIRSTHDR(&mh);
		c1->cmsg_level = SOL_SOCKET;
		c1->cmsg_type = SCM_RIGHTS;
		c1->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(c1), fds, sizeof(int) * n);
	}
	return sendmsg(s, &mh, 0);
}

/* Receives one byte and up to max descriptors, with a control buffer of
 * room bytes; returns how many came, -1 on error. */
static int recv_fds(int s, int *fds, int max, size_t room, int flags, int *mflags)
{
	char c;
	struct iovec iov = { &c, 1 };
	union {
		char buf[512];
		struct cmsghdr align;
	} u;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = room ? u.buf : NULL,
			     .msg_controllen = room };
	if (recvmsg(s, &mh, flags) < 0)
		return -1;
	*mflags = mh.msg_flags;
	int n = 0;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		int k = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		for (int i = 0; i < k && n < max; i++)
			memcpy(&fds[n++], CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
	}
	return n;
}

static void pass_pipe_and_file(void)
{
	int p[2], fds[2], got[2], mflags;
	char buf[16];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	int f = open("/tmp/mu-unix-scm.txt", O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(f, "0123456789", 10);
	lseek(f, 2, SEEK_SET);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		int n = recv_fds(sv[1], got, 2, 512, 0, &mflags);
		if (n != 2)
			_exit(10 + n);
		/* the write end: tell the parent through it; the file: read
		 * from the shared offset */
		char r[4] = { 0 };
		read(got[1], r, 3);
		write(got[0], r, 3);
		_exit(0);
	}
	close(sv[1]);
	fds[0] = p[1];
	fds[1] = f;
	check_eq("sendmsg with a pipe end and a file", send_fds(sv[0], fds, 2), 1);
	check_eq("the child reads the pipe the parent made", read(p[0], buf, 3), 3);
	check("  the file's bytes from the shared offset", !memcmp(buf, "234", 3));
	check_eq("  and the offset moved for the parent too", lseek(f, 0, SEEK_CUR), 5);
	int status;
	waitpid(pid, &status, 0);
	check_eq("the child's status", WIFEXITED(status) ? WEXITSTATUS(status) : 99, 0);
	close(p[1]);
	check_eq("pipe EOF once every write end is closed", read(p[0], buf, 1), 0);
	close(p[0]);
	close(f);
	unlink("/tmp/mu-unix-scm.txt");
}

static void truncated(void)
{
	int p[2], got[8], mflags = 0, fds[3];

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pipe(p);
	fds[0] = p[0];
	fds[1] = p[1];
	fds[2] = p[0];
	send_fds(sv[0], fds, 3);
	int n = recv_fds(sv[1], got, 8, CMSG_LEN(sizeof(int)), 0, &mflags);
	check_eq("room for one of three: descriptors received", n, 1);
	check_eq("  MSG_CTRUNC", !!(mflags & MSG_CTRUNC), 1);
	struct stat st;
	check("  the one received is the pipe", fstat(got[0], &st) == 0 && S_ISFIFO(st.st_mode));
	send_fds(sv[0], fds, 2);
	n = recv_fds(sv[1], got, 8, 0, 0, &mflags);
	check_eq("no control buffer: descriptors received", n, 0);
	check_eq("  MSG_CTRUNC", !!(mflags & MSG_CTRUNC), 1);
	send_fds(sv[0], fds, 1);
	n = recv_fds(sv[1], got, 8, sizeof(struct cmsghdr), 0, &mflags);
	check_eq("room for the header only", n, 0);
	check_eq("  MSG_CTRUNC", !!(mflags & MSG_CTRUNC), 1);
	send_fds(sv[0], fds, 1);
	n = recv_fds(sv[1], got, 8, 512, MSG_CMSG_CLOEXEC, &mflags);
	check_eq("MSG_CMSG_CLOEXEC: received", n, 1);
	check_eq("  FD_CLOEXEC set", fcntl(got[0], F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	check_eq("  msg_flags shows MSG_CMSG_CLOEXEC", !!(mflags & MSG_CMSG_CLOEXEC), 1);
	check_eq("  no MSG_CTRUNC", !!(mflags & MSG_CTRUNC), 0);
	send_fds(sv[0], fds, 1);
	n = recv_fds(sv[1], got, 8, 512, 0, &mflags);
	check_eq("FD_CLOEXEC clear without the flag", fcntl(got[0], F_GETFD) & FD_CLOEXEC, 0);
	send_fds(sv[0], fds, 1);
	n = recv_fds(sv[1], got, 8, 512, MSG_PEEK, &mflags);
	check_eq("MSG_PEEK: a descriptor anyway", n, 1);
	int again[8];
	n = recv_fds(sv[1], again, 8, 512, 0, &mflags);
	check_eq("  and again on the real read", n, 1);
	check("  two distinct descriptors", again[0] != got[0]);
	/* a stream read stops after a message that carried descriptors */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	send_fds(sv[0], fds, 1);
	send(sv[0], "more", 4, 0);
	char buf[16];
	struct iovec iov = { buf, sizeof(buf) };
	union {
		char b[64];
		struct cmsghdr a;
	} u;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b, .msg_controllen = sizeof(u.b) };
	check_eq("stream: the read with descriptors stops at its message", recvmsg(sv[1], &mh, 0), 1);
	check_eq("  the rest comes next", recv(sv[1], buf, sizeof(buf), 0), 4);
}

static void in_flight(void)
{
	int p[2];
	char buf[4];

	/* A write end in flight keeps the pipe open; dropped with the socket. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	send_fds(sv[0], &p[1], 1);
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	check_errno("the write end in flight: no EOF", read(p[0], buf, 1), EAGAIN);
	close(sv[1]);
	close(sv[0]);
	check_eq("never received, the socket closed: EOF", read(p[0], buf, 1), 0);
	close(p[0]);

	/* A socket whose own queue holds its descriptor, then closed: only
	 * the queue refers to it (Linux's garbage collector frees it). */
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pipe(p);
	int fds[2] = { p[1], sv[1] };
	check_eq("send the receiving end's descriptor to itself", send_fds(sv[0], fds, 2), 1);
	close(p[1]);
	close(sv[1]);
	close(sv[0]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	sleep_ms(200); /* Linux may collect in the background */
	long r = read(p[0], buf, 1);
	printf("pipe after a socket was closed holding itself: %s\n",
	       r == 0 ? "EOF" : r < 0 && errno == EAGAIN ? "open" : "other");
}

/* A chain: each socket waits in the queue of the next, the last holds a
 * pipe's write end; closing the head closes them all. */
static void chain(void)
{
	int p[2], sv2[2], head = -1;
	char buf[4];

	pipe(p);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	int ok = 1;
	for (int i = 0; i < 500 && ok; i++) {
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv2) != 0)
			ok = 0;
		else if (send_fds(sv2[0], i == 0 ? &p[1] : &head, 1) != 1)
			ok = 0;
		close(i == 0 ? p[1] : head);
		close(sv2[0]);
		head = sv2[1];
	}
	check("a chain of 500 sockets, each in flight in the next", ok);
	check_errno("the pipe's write end is held at the far end", read(p[0], buf, 1), EAGAIN);
	close(head);
	check_eq("closing the head closes the chain: EOF", read(p[0], buf, 1), 0);
}

static long send_control(int s, const void *ctl, size_t len)
{
	char c = 'x';
	struct iovec iov = { &c, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = (void *)ctl, .msg_controllen = len };
	/* musl's sendmsg refuses more than 1024 bytes of control data
	 * itself (ENOMEM): ask the kernel */
	return syscall(SYS_sendmsg, s, &mh, MSG_DONTWAIT);
}

static void malformed(void)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * 300)];
		struct cmsghdr h;
	} u;
	struct cmsghdr *h = &u.h;
	int p[2];
	char sink[64];

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pipe(p);
	memset(&u, 0, sizeof(u));
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(h), &(int){ 999 }, sizeof(int));
	check_errno("SCM_RIGHTS with a closed descriptor", send_control(sv[0], h, CMSG_SPACE(sizeof(int))), EBADF);
	h->cmsg_len = 8;
	check_errno("cmsg_len below the header", send_control(sv[0], h, CMSG_SPACE(sizeof(int))), EINVAL);
	h->cmsg_len = CMSG_LEN(sizeof(int)) + 64;
	check_errno("cmsg_len beyond msg_controllen", send_control(sv[0], h, CMSG_SPACE(sizeof(int))), EINVAL);
	h->cmsg_len = CMSG_LEN(0);
	check_eq("SCM_RIGHTS with no descriptor", send_control(sv[0], h, CMSG_SPACE(0)), 1);
	recv(sv[1], sink, sizeof(sink), 0);
	h->cmsg_len = CMSG_LEN(sizeof(int) * 254);
	for (int i = 0; i < 254; i++)
		memcpy(CMSG_DATA(h) + i * sizeof(int), &p[0], sizeof(int));
	check_errno("254 descriptors (SCM_MAX_FD is 253)", send_control(sv[0], h, CMSG_SPACE(sizeof(int) * 254)), EINVAL);
	h->cmsg_len = CMSG_LEN(sizeof(int) * 253);
	check_eq("253 descriptors", send_control(sv[0], h, CMSG_SPACE(sizeof(int) * 253)), 1);
	recv(sv[1], sink, sizeof(sink), 0);
	h->cmsg_len = CMSG_LEN(sizeof(int));
	h->cmsg_type = 99;
	check_errno("an unknown SOL_SOCKET type", send_control(sv[0], h, CMSG_SPACE(sizeof(int))), EINVAL);
	h->cmsg_level = 6; /* SOL_TCP: not ours, skipped */
	check_eq("another level: ignored", send_control(sv[0], h, CMSG_SPACE(sizeof(int))), 1);
	recv(sv[1], sink, sizeof(sink), 0);
	check_eq("msg_controllen below a header: ignored", send_control(sv[0], h, 8), 1);
	recv(sv[1], sink, sizeof(sink), 0);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_CREDENTIALS;
	h->cmsg_len = CMSG_LEN(4);
	check_errno("SCM_CREDENTIALS of the wrong size", send_control(sv[0], h, CMSG_SPACE(4)), EINVAL);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(h), &p[0], sizeof(int));
	check_errno("the control data is checked before the connection", send_control(s, h, CMSG_SPACE(sizeof(int))), ENOTCONN);
	h->cmsg_len = 8;
	check_errno("  a bad one first", send_control(s, h, CMSG_SPACE(sizeof(int))), EINVAL);
}

static void credentials(void)
{
	int on = 1;
	char c;
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred)) + 64];
		struct cmsghdr h;
	} u;
	struct iovec iov = { &c, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	check_eq("SO_PASSCRED on", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)), 0);
	send(sv[0], "c", 1, 0);
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof(u.buf);
	check_eq("recvmsg", recvmsg(sv[1], &mh, 0), 1);
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	check("SCM_CREDENTIALS came", cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_CREDENTIALS);
	check_eq("  cmsg_len", cm ? (long)cm->cmsg_len : -1, CMSG_LEN(sizeof(struct ucred)));
	check_eq("  msg_controllen", mh.msg_controllen, CMSG_SPACE(sizeof(struct ucred)));
	struct ucred cr;
	if (cm)
		memcpy(&cr, CMSG_DATA(cm), sizeof(cr));
	check("  the sender's pid", cm && cr.pid == getpid());
	send(sv[0], "c", 1, 0);
	mh.msg_control = NULL;
	mh.msg_controllen = 0;
	check_eq("no control buffer", recvmsg(sv[1], &mh, 0), 1);
	check_eq("  MSG_CTRUNC", !!(mh.msg_flags & MSG_CTRUNC), 1);

	/* A sender may name another process as root may. */
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr h;
	} s;
	struct msghdr sm = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = s.buf, .msg_controllen = sizeof(s.buf) };
	struct cmsghdr *sc = CMSG_FIRSTHDR(&sm);
	sc->cmsg_level = SOL_SOCKET;
	sc->cmsg_type = SCM_CREDENTIALS;
	sc->cmsg_len = CMSG_LEN(sizeof(struct ucred));
	struct ucred claim = { .pid = child, .uid = 0, .gid = 0 };
	memcpy(CMSG_DATA(sc), &claim, sizeof(claim));
	check_eq("send claiming the child's pid", sendmsg(sv[0], &sm, 0), 1);
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof(u.buf);
	recvmsg(sv[1], &mh, 0);
	cm = CMSG_FIRSTHDR(&mh);
	if (cm)
		memcpy(&cr, CMSG_DATA(cm), sizeof(cr));
	check("  the receiver sees the child's pid", cm && cr.pid == child);
	claim.uid = (uid_t)-1;
	memcpy(CMSG_DATA(sc), &claim, sizeof(claim));
	check_errno("  uid -1", sendmsg(sv[0], &sm, 0), EINVAL);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	claim.uid = 0;
	memcpy(CMSG_DATA(sc), &claim, sizeof(claim));
	check_errno("  a pid that is gone", sendmsg(sv[0], &sm, 0), ESRCH);
}

int main(void)
{
	sock_test_start();
	section("SCM_RIGHTS", pass_pipe_and_file, 10);
	section("truncation and flags", truncated, 10);
	section("in flight", in_flight, 10);
	section("a chain in flight", chain, 30);
	section("malformed", malformed, 10);
	section("SCM_CREDENTIALS", credentials, 10);
	return sock_test_exit();
}
