/*
 * mu-tcp-reset - end of file and resets: after the peer closes, read
 * returns 0; a write then reaches a closed socket, which answers with a
 * RST, and the next write fails with EPIPE and SIGPIPE (or EPIPE alone
 * with MSG_NOSIGNAL). A peer that closes with unread data, or with
 * SO_LINGER {1, 0}, resets the connection: read gives ECONNRESET once,
 * then 0; write gives EPIPE. Expected: the reference Linux's output.
 */
#include "mu-tcp.h"

#define PORT 7141

static volatile sig_atomic_t sigpipes;
static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

/* The server's side of one case, in a child: accepts, then acts. */
enum how { CLOSE_AT_ONCE, CLOSE_UNREAD, LINGER_ZERO };

static pid_t serve(int l, enum how how)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	int s = accept(l, NULL, NULL);
	if (s < 0)
		_exit(1);
	if (how == CLOSE_UNREAD) {
		struct pollfd p = { s, POLLIN, 0 };
		poll(&p, 1, 5000); /* the data is there, unread */
	}
	if (how == LINGER_ZERO) {
		/* Wait for the client's byte, so that its connect() has
		 * returned: a RST that overtakes it makes connect() fail with
		 * ECONNRESET on Linux. Read, so no data is left unread. */
		char go;
		if (read(s, &go, 1) != 1)
			_exit(1);
		struct linger lg = { 1, 0 };
		setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	}
	close(s);
	_exit(0);
}

static void settle(int fd)
{
	/* Let what is in flight arrive: poll for the peer's FIN or RST. */
	struct pollfd p = { fd, POLLIN | POLLRDHUP, 0 };
	poll(&p, 1, 2000);
	sleep_ms(50);
}

int main(void)
{
	sock_test_start();
	signal(SIGPIPE, on_sigpipe);
	int l = tcp_listener("127.0.0.1", PORT, 5, 0);
	char buf[16];

	/* 1: the peer closes; we read end of file, then write into a RST. */
	pid_t pid = serve(l, CLOSE_AT_ONCE);
	int c = tcp_client(PORT);
	show("connect", c >= 0 ? 0 : -1);
	waitpid(pid, NULL, 0);
	settle(c);
	show("read after peer close", read(c, buf, sizeof(buf)));
	show("write to a closed peer", write(c, "hello", 5));
	settle(c);
	show("write after the RST", write(c, "again", 5));
	check_eq("SIGPIPE count", sigpipes, 1);
	show("send MSG_NOSIGNAL", send(c, "again", 5, MSG_NOSIGNAL));
	check_eq("SIGPIPE count after MSG_NOSIGNAL", sigpipes, 1);
	show("read after the RST", read(c, buf, sizeof(buf)));
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	show("getpeername after the RST", getpeername(c, SA(a), &len));
	close(c);

	/* 2: the peer closes with our data unread: RST. */
	pid = serve(l, CLOSE_UNREAD);
	c = tcp_client(PORT);
	show("connect", c >= 0 ? 0 : -1);
	show("write data the peer will not read", write(c, "unread", 6));
	waitpid(pid, NULL, 0);
	settle(c);
	struct pollfd p = { c, POLLIN | POLLOUT | POLLRDHUP, 0 };
	poll(&p, 1, 0);
	printf("revents after RST: %#x\n", p.revents);
	int err = -1;
	len = sizeof(err);
	getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len);
	show("SO_ERROR after RST", err);
	show("read after RST (error taken)", read(c, buf, sizeof(buf)));
	close(c);

	pid = serve(l, CLOSE_UNREAD);
	c = tcp_client(PORT);
	show("connect", c >= 0 ? 0 : -1);
	write(c, "unread", 6);
	waitpid(pid, NULL, 0);
	settle(c);
	show("read after RST", read(c, buf, sizeof(buf)));
	show("read again", read(c, buf, sizeof(buf)));
	show("send MSG_NOSIGNAL after RST", send(c, "x", 1, MSG_NOSIGNAL));
	close(c);

	/* 3: SO_LINGER {1, 0}: close resets at once. */
	pid = serve(l, LINGER_ZERO);
	c = tcp_client(PORT);
	show("connect", c >= 0 ? 0 : -1);
	show("write the byte the peer reads", write(c, "g", 1));
	waitpid(pid, NULL, 0);
	settle(c);
	show("read after a lingering close", read(c, buf, sizeof(buf)));
	show("write after it (MSG_NOSIGNAL)", send(c, "x", 1, MSG_NOSIGNAL));
	close(c);
	close(l);
	return sock_test_exit();
}
