/*
 * mu-unix-pair - AF_UNIX socket pairs: a stream pair moves bytes both
 * ways and glues writes together, a datagram pair keeps message
 * boundaries (MSG_TRUNC, MSG_PEEK), FIONREAD counts what waits, poll
 * reports readiness, shutdown and close give EOF and EPIPE (SIGPIPE unless
 * MSG_NOSIGNAL), O_NONBLOCK and MSG_DONTWAIT give EAGAIN, SO_PEERCRED names
 * the creating process, and a pair survives fork. Each part runs in a
 * section of its own (mu-sock.h). Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "mu-sock.h"

static int sv[2];

static void pair(int type)
{
	if (socketpair(AF_UNIX, type, 0, sv) != 0) {
		printf("socketpair: -%s: FAIL\n", errno_name(errno));
		_exit(1);
	}
}

static short revents(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP };
	poll(&p, 1, 0);
	return p.revents;
}

static void show_poll(const char *what, int fd)
{
	short r = revents(fd);
	printf("%s:%s%s%s%s%s\n", what, r & POLLIN ? " POLLIN" : "", r & POLLOUT ? " POLLOUT" : "",
	       r & POLLHUP ? " POLLHUP" : "", r & POLLRDHUP ? " POLLRDHUP" : "",
	       r & POLLERR ? " POLLERR" : "");
}

static void stream_basics(void)
{
	char buf[64];
	struct stat st;
	int n;

	pair(SOCK_STREAM);
	check("fstat: S_IFSOCK", fstat(sv[0], &st) == 0 && S_ISSOCK(st.st_mode));
	printf("fstat: mode %o, nlink %ld, size %ld\n", (unsigned)st.st_mode, (long)st.st_nlink,
	       (long)st.st_size);
	check("fstat: the two ends differ", fstat(sv[1], &st) == 0);
	check_eq("F_GETFL", fcntl(sv[0], F_GETFL) & O_ACCMODE, O_RDWR);
	check_errno("lseek", lseek(sv[0], 0, SEEK_SET), ESPIPE);
	show_poll("poll, nothing sent", sv[0]);
	check_eq("write hello", write(sv[0], "hello", 5), 5);
	check_eq("write world", write(sv[0], " world", 6), 6);
	check_eq("FIONREAD", ioctl(sv[1], FIONREAD, &n) == 0 ? n : -1, 11);
	show_poll("poll, 11 bytes waiting", sv[1]);
	memset(buf, 0, sizeof(buf));
	check_eq("recv MSG_PEEK 3", recv(sv[1], buf, 3, MSG_PEEK), 3);
	check("peeked hel", !memcmp(buf, "hel", 3));
	memset(buf, 0, sizeof(buf));
	check_eq("read all (writes glued)", read(sv[1], buf, sizeof(buf)), 11);
	check("read hello world", !strcmp(buf, "hello world"));
	check_eq("send back", send(sv[1], "pong", 4, 0), 4);
	check_eq("recv 2 of 4", recv(sv[0], buf, 2, 0), 2);
	check_eq("recv the other 2", recv(sv[0], buf, sizeof(buf), 0), 2);
	check_errno("recv MSG_DONTWAIT, empty", recv(sv[0], buf, 1, MSG_DONTWAIT), EAGAIN);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	check_errno("read O_NONBLOCK, empty", read(sv[0], buf, 1), EAGAIN);
	check_eq("FIONREAD, empty", ioctl(sv[0], FIONREAD, &n) == 0 ? n : -1, 0);
	struct sockaddr_un a;
	socklen_t len = sizeof(a);
	check_eq("recvfrom: no name for an unnamed peer", recvfrom(sv[1], buf, 1, MSG_DONTWAIT, (struct sockaddr *)&a, &len), -1);
	write(sv[0], "x", 1);
	len = sizeof(a);
	check_eq("recvfrom: 1 byte", recvfrom(sv[1], buf, 1, 0, (struct sockaddr *)&a, &len), 1);
	check_eq("recvfrom: address length", len, 0);
}

static void stream_fill(void)
{
	static char big[65536];
	long total = 0, r;

	pair(SOCK_STREAM | SOCK_NONBLOCK);
	check_eq("SOCK_NONBLOCK: F_GETFL has O_NONBLOCK", !!(fcntl(sv[0], F_GETFL) & O_NONBLOCK), 1);
	while ((r = write(sv[0], big, sizeof(big))) > 0)
		total += r;
	check_errno("write until full", r, EAGAIN);
	check("some was written, less than 1 MiB", total > 0 && total < (1 << 20));
	show_poll("poll, writer full", sv[0]);
	long got = 0;
	while ((r = read(sv[1], big, sizeof(big))) > 0)
		got += r;
	check_eq("read all back: same count", got == total, 1);
	show_poll("poll, writer after drain", sv[0]);
}

static void stream_shutdown(void)
{
	char buf[8];

	pair(SOCK_STREAM);
	write(sv[0], "ab", 2);
	check_eq("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR), 0);
	check_errno("write after SHUT_WR: EPIPE (MSG_NOSIGNAL)", send(sv[0], "c", 1, MSG_NOSIGNAL), EPIPE);
	show_poll("poll, reader after peer SHUT_WR", sv[1]);
	check_eq("reader gets the data", read(sv[1], buf, sizeof(buf)), 2);
	check_eq("then EOF", read(sv[1], buf, sizeof(buf)), 0);
	check_eq("and EOF again", read(sv[1], buf, sizeof(buf)), 0);
	check_eq("other direction still works", write(sv[1], "z", 1), 1);
	check_eq("read it", read(sv[0], buf, 1), 1);
	check_eq("shutdown SHUT_RD", shutdown(sv[0], SHUT_RD), 0);
	check_eq("read after own SHUT_RD: EOF", read(sv[0], buf, 1), 0);
	check_errno("peer's write after SHUT_RD: EPIPE", send(sv[1], "z", 1, MSG_NOSIGNAL), EPIPE);
	show_poll("poll, both directions shut", sv[0]);
	check_errno("shutdown how 3", shutdown(sv[0], 3), EINVAL);
	check_errno("shutdown how -1", shutdown(sv[0], -1), EINVAL);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	check_errno("read on an unconnected socket", read(s, buf, 1), EINVAL);
	check_errno("write on an unconnected socket", write(s, "x", 1), ENOTCONN);
	check_errno("send MSG_NOSIGNAL on an unconnected socket", send(s, "x", 1, MSG_NOSIGNAL), ENOTCONN);
	check_eq("shutdown on an unconnected socket", shutdown(s, SHUT_RDWR), 0);
	check_errno("write after that", send(s, "x", 1, MSG_NOSIGNAL), ENOTCONN);
	show_poll("poll, fresh unconnected stream socket", socket(AF_UNIX, SOCK_STREAM, 0));
}

static void stream_close(void)
{
	char buf[8];

	pair(SOCK_STREAM);
	write(sv[0], "last", 4);
	close(sv[0]);
	show_poll("poll, peer closed with data left", sv[1]);
	check_eq("data written before close", read(sv[1], buf, sizeof(buf)), 4);
	check_eq("EOF after close", read(sv[1], buf, sizeof(buf)), 0);
	check_errno("send to closed peer, MSG_NOSIGNAL", send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
	signal(SIGPIPE, SIG_IGN);
	check_errno("write to closed peer, SIGPIPE ignored", write(sv[1], "x", 1), EPIPE);
	signal(SIGPIPE, SIG_DFL);

	/* Closing with unread data resets the peer once. */
	pair(SOCK_STREAM);
	write(sv[1], "unread", 6);
	close(sv[0]);
	check_errno("read after peer closed with unread data", read(sv[1], buf, 1), ECONNRESET);
	check_eq("then EOF", read(sv[1], buf, 1), 0);
	int err = -1;
	socklen_t len = sizeof(err);
	getsockopt(sv[1], SOL_SOCKET, SO_ERROR, &err, &len);
	check_eq("SO_ERROR after the reset was read", err, 0);

	pair(SOCK_STREAM);
	write(sv[1], "unread", 6);
	close(sv[0]);
	len = sizeof(err);
	getsockopt(sv[1], SOL_SOCKET, SO_ERROR, &err, &len);
	check_eq("SO_ERROR: ECONNRESET", err, ECONNRESET);
	len = sizeof(err);
	getsockopt(sv[1], SOL_SOCKET, SO_ERROR, &err, &len);
	check_eq("SO_ERROR read again: cleared", err, 0);
}

static void sigpipe_kills(void)
{
	pair(SOCK_STREAM);
	close(sv[1]);
	write(sv[0], "x", 1);
	printf("still alive after write to a closed peer: FAIL\n");
	failures++;
}

static void sigpipe(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		sigpipe_kills();
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	check("write to a closed peer: killed by SIGPIPE", WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);

	pid = fork();
	if (pid == 0) {
		pair(SOCK_STREAM);
		close(sv[1]);
		long r = send(sv[0], "x", 1, MSG_NOSIGNAL);
		_exit(r == -1 && errno == EPIPE ? 7 : 1);
	}
	waitpid(pid, &status, 0);
	check("send MSG_NOSIGNAL: no signal, EPIPE", WIFEXITED(status) && WEXITSTATUS(status) == 7);

	pid = fork();
	if (pid == 0) {
		pair(SOCK_DGRAM);
		shutdown(sv[0], SHUT_WR);
		long r = write(sv[0], "x", 1);
		_exit(r == -1 && errno == EPIPE ? 7 : 1);
	}
	waitpid(pid, &status, 0);
	check("datagram write after SHUT_WR: EPIPE, no signal", WIFEXITED(status) && WEXITSTATUS(status) == 7);
}

static void dgram(void)
{
	char buf[64];
	int n;

	pair(SOCK_DGRAM);
	check_eq("send 3", send(sv[0], "one", 3, 0), 3);
	check_eq("send 5", send(sv[0], "three", 5, 0), 5);
	check_eq("send 0", send(sv[0], "", 0, 0), 0);
	check_eq("FIONREAD: the first message", ioctl(sv[1], FIONREAD, &n) == 0 ? n : -1, 3);
	check_eq("recv: one message", recv(sv[1], buf, sizeof(buf), 0), 3);
	check_eq("recv MSG_PEEK", recv(sv[1], buf, sizeof(buf), MSG_PEEK), 5);
	check_eq("recv 2 of 5 with MSG_TRUNC: the full length", recv(sv[1], buf, 2, MSG_TRUNC), 5);
	check_eq("recv the empty message", recv(sv[1], buf, sizeof(buf), 0), 0);
	check_errno("recv MSG_DONTWAIT, empty", recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);

	struct iovec iov = { buf, 2 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	send(sv[0], "truncated", 9, 0);
	check_eq("recvmsg into 2 bytes", recvmsg(sv[1], &mh, 0), 2);
	check_eq("msg_flags MSG_TRUNC", !!(mh.msg_flags & MSG_TRUNC), 1);
	send(sv[1], "back", 4, 0);
	check_eq("the other way", recv(sv[0], buf, sizeof(buf), 0), 4);
	show_poll("poll, dgram idle", sv[0]);

	struct sockaddr_un a;
	socklen_t len = sizeof(a);
	send(sv[0], "x", 1, 0);
	check_eq("recvfrom from an unnamed peer", recvfrom(sv[1], buf, 1, 0, (struct sockaddr *)&a, &len), 1);
	check_eq("recvfrom: address length", len, 0);

	int big_size = 300000;
	char *big = calloc(1, (size_t)big_size);
	check_errno("send beyond the send buffer: EMSGSIZE", send(sv[0], big, (size_t)big_size, 0), EMSGSIZE);
	check_eq("send 200000 bytes", send(sv[0], big, 200000, 0), 200000);
	check_eq("recv them in one", recv(sv[1], big, (size_t)big_size, 0), 200000);
	close(sv[0]);
	check_errno("send to a closed peer: ECONNREFUSED", send(sv[1], "x", 1, 0), ECONNREFUSED);
	check_errno("send again: ENOTCONN", send(sv[1], "x", 1, 0), ENOTCONN);
	check_errno("recv from a closed peer, MSG_DONTWAIT", recv(sv[1], buf, 1, MSG_DONTWAIT), EAGAIN);
}

static void peercred(void)
{
	struct ucred c;
	socklen_t len = sizeof(c);

	pair(SOCK_STREAM);
	check_eq("SO_PEERCRED", getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &c, &len), 0);
	check_eq("SO_PEERCRED length", len, sizeof(c));
	check("pid is ours", c.pid == getpid());
	check_eq("uid", c.uid, getuid());
	check_eq("gid", c.gid, getgid());
	len = 4;
	c.pid = -5;
	check_eq("SO_PEERCRED, 4 bytes", getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &c, &len), 0);
	check_eq("length stays 4", len, 4);
	check("the pid came", c.pid == getpid());
	pid_t parent = getpid();
	if (fork() == 0) {
		len = sizeof(c);
		getsockopt(sv[1], SOL_SOCKET, SO_PEERCRED, &c, &len);
		check("in a child: still the creator's pid", c.pid == parent);
		int p2[2];
		socketpair(AF_UNIX, SOCK_STREAM, 0, p2);
		len = sizeof(c);
		getsockopt(p2[0], SOL_SOCKET, SO_PEERCRED, &c, &len);
		check("a pair made in the child: the child's pid", c.pid == getpid());
		_exit(failures);
	}
	int status;
	wait(&status);
	failures += WEXITSTATUS(status);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	len = sizeof(c);
	check_eq("SO_PEERCRED unconnected", getsockopt(s, SOL_SOCKET, SO_PEERCRED, &c, &len), 0);
	printf("unconnected: pid %d uid %d gid %d\n", c.pid, (int)c.uid, (int)c.gid);
}

static void forked(void)
{
	char buf[32];

	pair(SOCK_STREAM);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		int n = (int)read(sv[1], buf, sizeof(buf));
		for (int i = 0; i < n; i++)
			buf[i] = (char)(buf[i] - 'a' + 'A');
		write(sv[1], buf, (size_t)n);
		_exit(0);
	}
	close(sv[1]);
	write(sv[0], "fork", 4);
	memset(buf, 0, sizeof(buf));
	check_eq("the child answers", read(sv[0], buf, sizeof(buf)), 4);
	check("FORK", !strcmp(buf, "FORK"));
	check_eq("EOF when the child exits", read(sv[0], buf, sizeof(buf)), 0);
	waitpid(pid, NULL, 0);

	/* A blocked reader is woken by data from the other process. */
	pair(SOCK_STREAM);
	pid = fork();
	if (pid == 0) {
		sleep_ms(100);
		write(sv[1], "late", 4);
		_exit(0);
	}
	check_eq("blocking read waits for the child", read(sv[0], buf, sizeof(buf)), 4);
	waitpid(pid, NULL, 0);
	struct pollfd p = { .fd = sv[0], .events = POLLIN };
	pid = fork();
	if (pid == 0) {
		sleep_ms(100);
		write(sv[1], "poll", 4);
		_exit(0);
	}
	check_eq("poll waits for the child's write", poll(&p, 1, 5000), 1);
	check_eq("POLLIN", p.revents & POLLIN, POLLIN);
	waitpid(pid, NULL, 0);
}

static void mmsg(void)
{
	char a[8] = "one", b[8] = "two!", c[8] = "three", in[4][8];
	struct iovec iov[4] = { { a, 3 }, { b, 4 }, { c, 5 } };
	struct mmsghdr v[4];

	pair(SOCK_DGRAM);
	memset(v, 0, sizeof(v));
	for (int i = 0; i < 3; i++) {
		v[i].msg_hdr.msg_iov = &iov[i];
		v[i].msg_hdr.msg_iovlen = 1;
	}
	check_eq("sendmmsg 3", sendmmsg(sv[0], v, 3, 0), 3);
	printf("msg_len: %u %u %u\n", v[0].msg_len, v[1].msg_len, v[2].msg_len);
	struct iovec rio[4];
	memset(v, 0, sizeof(v));
	for (int i = 0; i < 4; i++) {
		rio[i] = (struct iovec){ in[i], 4 };
		v[i].msg_hdr.msg_iov = &rio[i];
		v[i].msg_hdr.msg_iovlen = 1;
	}
	check_eq("recvmmsg up to 4, MSG_WAITFORONE", recvmmsg(sv[1], v, 4, MSG_WAITFORONE, NULL), 3);
	printf("msg_len: %u %u %u, third truncated: %d\n", v[0].msg_len, v[1].msg_len, v[2].msg_len,
	       !!(v[2].msg_hdr.msg_flags & MSG_TRUNC));
	check_errno("recvmmsg, none waiting, MSG_DONTWAIT", recvmmsg(sv[1], v, 4, MSG_DONTWAIT, NULL), EAGAIN);
	struct timespec bad = { 0, 1000000000 };
	check_errno("recvmmsg, tv_nsec 10^9", recvmmsg(sv[1], v, 4, 0, &bad), EINVAL);
	send(sv[0], "x", 1, 0);
	struct timespec t = { 5, 0 };
	check_eq("recvmmsg with a timeout, one waiting, MSG_WAITFORONE", recvmmsg(sv[1], v, 4, MSG_WAITFORONE, &t), 1);
	check("  time left written back, at most 5 s", t.tv_sec <= 5 && t.tv_sec >= 3);
	check_errno("sendmmsg on a pipe", sendmmsg(0, v, 1, 0), ENOTSOCK);
	check_eq("sendmmsg of 0", sendmmsg(sv[0], v, 0, 0), 0);
}

static void on_alarm(int sig) { (void)sig; }

static void blocking(void)
{
	static char chunk[100000];
	long got = 0, r;

	/* A writer blocked on a full buffer goes on as the reader drains. */
	pair(SOCK_STREAM);
	pid_t pid = fork();
	if (pid == 0) {
		long sent = 0;
		for (int i = 0; i < 20; i++) {
			r = write(sv[0], chunk, sizeof(chunk));
			if (r > 0)
				sent += r;
		}
		_exit(sent == 20 * (long)sizeof(chunk) ? 0 : 1);
	}
	close(sv[0]);
	sleep_ms(100);
	while ((r = read(sv[1], chunk, sizeof(chunk))) > 0)
		got += r;
	check_eq("2 MB through a blocking writer", got, 20 * (long)sizeof(chunk));
	int status;
	waitpid(pid, &status, 0);
	check_eq("  the writer wrote it all", WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);

	/* A blocked reader sees EOF when the other process closes. */
	pair(SOCK_STREAM);
	pid = fork();
	if (pid == 0) {
		sleep_ms(100);
		_exit(0);
	}
	close(sv[0]);
	check_eq("a blocked read, the peer's last holder exits: EOF", read(sv[1], chunk, 1), 0);
	waitpid(pid, NULL, 0);

	/* A signal without SA_RESTART interrupts a blocked accept. */
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&(struct sockaddr_un){ .sun_family = AF_UNIX }, 2);
	listen(l, 1);
	struct itimerval it = { .it_value = { 0, 100000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	check_errno("accept interrupted by a handler", accept(l, NULL, NULL), EINTR);
	pair(SOCK_DGRAM);
	setitimer(ITIMER_REAL, &it, NULL);
	check_errno("datagram recv interrupted by a handler", recv(sv[0], chunk, 1, 0), EINTR);
	struct timeval tv = { 0, 100000 };
	setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	check_errno("accept with SO_RCVTIMEO", accept(l, NULL, NULL), EAGAIN);
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	check_errno("datagram recv with SO_RCVTIMEO", recv(sv[0], chunk, 1, 0), EAGAIN);
	it.it_value.tv_usec = 50000;
	tv.tv_sec = 5;
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setitimer(ITIMER_REAL, &it, NULL);
	check_errno("a signal during a recv with a timeout", recv(sv[0], chunk, 1, 0), EINTR);
}

int main(void)
{
	sock_test_start();
	section("stream basics", stream_basics, 10);
	section("stream fill", stream_fill, 20);
	section("stream shutdown", stream_shutdown, 10);
	section("stream close", stream_close, 10);
	section("SIGPIPE", sigpipe, 10);
	section("datagram", dgram, 10);
	section("SO_PEERCRED", peercred, 10);
	section("fork", forked, 10);
	section("sendmmsg and recvmmsg", mmsg, 10);
	section("blocking", blocking, 20);
	return sock_test_exit();
}
