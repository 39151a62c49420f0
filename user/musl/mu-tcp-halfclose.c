/*
 * mu-tcp-halfclose - shutdown(SHUT_WR) closes one direction only: the
 * client sends a request and shuts its side; the server reads it to end of
 * file and still writes its answer back, then closes; the client reads the
 * answer, then end of file (read returns 0, again and again). Also:
 * writing after one's own SHUT_WR (EPIPE, and SIGPIPE without
 * MSG_NOSIGNAL), poll's POLLRDHUP after the peer's FIN, getsockname and
 * getpeername of both ends matched against each other. Expected: the
 * reference Linux's output.
 */
#include "mu-tcp.h"

#define PORT 7111

static volatile sig_atomic_t sigpipes;
static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static int same(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
	return a->sin_addr.s_addr == b->sin_addr.s_addr && a->sin_port == b->sin_port;
}

static void server(int l)
{
	char buf[256];
	int s = accept(l, NULL, NULL);
	if (s < 0)
		_exit(1);
	long n = read_all(s, buf, sizeof(buf));
	char reply[300];
	int len = snprintf(reply, sizeof(reply), "got %ld bytes: %.*s", n, (int)(n > 0 ? n : 0), buf);
	write_all(s, reply, (size_t)len);
	close(s);
	_exit(0);
}

int main(void)
{
	sock_test_start();
	signal(SIGPIPE, on_sigpipe);
	int l = tcp_listener("127.0.0.1", PORT, 5, 0);
	show("listen", l >= 0 ? 0 : -1);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		server(l);
	int c = tcp_client(PORT);
	show("connect", c >= 0 ? 0 : -1);

	struct sockaddr_in me, peer;
	socklen_t len = sizeof(me);
	show("getsockname", getsockname(c, SA(me), &len));
	show_addr("client's name", &me, len);
	len = sizeof(peer);
	show("getpeername", getpeername(c, SA(peer), &len));
	show_addr("client's peer", &peer, len);
	check("client's peer is the listener's port", ntohs(peer.sin_port) == PORT);

	const char req[] = "GET / HTTP/1.0";
	show("write request", write_all(c, req, strlen(req)));
	show("shutdown SHUT_WR", shutdown(c, SHUT_WR));
	show("write after SHUT_WR", write(c, "x", 1));
	check_eq("SIGPIPE count", sigpipes, 1);
	show("send MSG_NOSIGNAL after SHUT_WR", send(c, "x", 1, MSG_NOSIGNAL));
	check_eq("SIGPIPE count still", sigpipes, 1);

	char buf[512];
	long n = read_all(c, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("answer: %s\n", buf);
	struct pollfd p = { c, POLLIN | POLLOUT | POLLRDHUP, 0 };
	poll(&p, 1, 1000);
	printf("revents after both FINs: %#x\n", p.revents);
	show("read at end of file", read(c, buf, 1));
	show("read at end of file again", read(c, buf, 1));
	int status;
	waitpid(pid, &status, 0);
	show("server status", WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status));
	close(c);

	/* The names from the server's side, in one process this time. */
	int c2 = tcp_client(PORT);
	int s = accept(l, NULL, NULL);
	struct sockaddr_in cn, cp, sn, sp, acc;
	socklen_t l1 = sizeof(cn), l2 = sizeof(cp), l3 = sizeof(sn), l4 = sizeof(sp);
	getsockname(c2, SA(cn), &l1);
	getpeername(c2, SA(cp), &l2);
	getsockname(s, SA(sn), &l3);
	getpeername(s, SA(sp), &l4);
	check("client name == server's peer", same(&cn, &sp));
	check("server name == client's peer", same(&sn, &cp));
	check("client port ephemeral", ephemeral(ntohs(cn.sin_port)));
	close(s);
	socklen_t la = sizeof(acc);
	int c3 = tcp_client(PORT);
	s = accept(l, SA(acc), &la);
	l1 = sizeof(cn);
	getsockname(c3, SA(cn), &l1);
	check("accept's address == client's name", same(&acc, &cn));
	check_eq("accept's address length", la, sizeof(acc));
	close(s);
	close(c2);
	close(c3);
	close(l);
	return sock_test_exit();
}
