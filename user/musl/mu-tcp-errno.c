/*
 * mu-tcp-errno - the errors of each call on a TCP socket, one line each:
 * connect to a port nobody listens on (ECONNREFUSED), bind twice, a port
 * in use, listen on an unbound socket (autobind), accept on a socket that
 * does not listen, accept with nothing waiting (O_NONBLOCK), connect on a
 * connected or listening socket (EISCONN), reads, writes, shutdown and
 * getpeername before any connection, the IPPROTO_TCP options and their
 * bounds, and poll on a fresh socket. Expected: the reference Linux's.
 */
#include "mu-tcp.h"

#define PORT 7101
#define CLOSED_PORT 7109

static void options(int fd)
{
	int v = -1;
	socklen_t len = sizeof(v);
	show("TCP_NODELAY default", getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &len) ? -1 : v);
	v = 1;
	show("set TCP_NODELAY 1", setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v)));
	len = sizeof(v);
	v = -1;
	show("TCP_NODELAY now", getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &len) ? -1 : v);
	const struct {
		const char *name;
		int opt, bad, good;
	} opts[] = {
		{ "TCP_KEEPIDLE", TCP_KEEPIDLE, 32768, 60 },
		{ "TCP_KEEPINTVL", TCP_KEEPINTVL, 0, 10 },
		{ "TCP_KEEPCNT", TCP_KEEPCNT, 128, 3 },
	};
	char what[64];
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		len = sizeof(v);
		snprintf(what, sizeof(what), "%s default", opts[i].name);
		show(what, getsockopt(fd, IPPROTO_TCP, opts[i].opt, &v, &len) ? -1 : v);
		snprintf(what, sizeof(what), "%s = %d", opts[i].name, opts[i].bad);
		show(what, setsockopt(fd, IPPROTO_TCP, opts[i].opt, &opts[i].bad, sizeof(int)));
		snprintf(what, sizeof(what), "%s = %d", opts[i].name, opts[i].good);
		show(what, setsockopt(fd, IPPROTO_TCP, opts[i].opt, &opts[i].good, sizeof(int)));
		len = sizeof(v);
		snprintf(what, sizeof(what), "%s now", opts[i].name);
		show(what, getsockopt(fd, IPPROTO_TCP, opts[i].opt, &v, &len) ? -1 : v);
	}
	v = 40;
	show("TCP_MAXSEG = 40", setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &v, sizeof(v)));
	v = 1000;
	show("TCP_MAXSEG = 1000", setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &v, sizeof(v)));
	len = sizeof(v);
	show("TCP_MAXSEG unconnected", getsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &v, &len) ? -1 : v);
	show("TCP_NODELAY short length", setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, 2));
	show("unknown TCP option 99", setsockopt(fd, IPPROTO_TCP, 99, &v, sizeof(v)));
	len = 2;
	v = 0;
	show("getsockopt TCP_KEEPCNT into 2 bytes",
	     getsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &v, &len) ? -1 : (long)len);
}

int main(void)
{
	sock_test_start();
	char c = 0;

	int fd = socket(AF_INET, SOCK_STREAM, 0);
	show("socket", fd >= 0 ? 0 : -1);
	struct pollfd p = { fd, POLLIN | POLLOUT | POLLRDHUP, 0 };
	show("poll fresh socket", poll(&p, 1, 0));
	printf("fresh socket revents: %#x\n", p.revents);
	show("read unconnected", read(fd, &c, 1));
	show("send unconnected (MSG_NOSIGNAL)", send(fd, &c, 1, MSG_NOSIGNAL));
	show("shutdown unconnected", shutdown(fd, SHUT_WR));
	show("shutdown how 3", shutdown(fd, 3));
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	show("getpeername unconnected", getpeername(fd, SA(a), &len));
	show("accept not listening", accept(fd, NULL, NULL));
	show("connect closed port", connect(fd, SIN("127.0.0.1", CLOSED_PORT), sizeof(struct sockaddr_in)));
	int err = -1;
	len = sizeof(err);
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	show("SO_ERROR after refusal", err);
	show("connect short address", connect(fd, SIN("127.0.0.1", PORT), 8));
	show("connect AF_UNIX address",
	     connect(fd, (struct sockaddr *)&(struct sockaddr_un){ AF_UNIX, "x" }, sizeof(struct sockaddr_in)));
	options(fd);
	close(fd);

	int l = socket(AF_INET, SOCK_STREAM, 0);
	show("bind 127.0.0.1", bind(l, SIN("127.0.0.1", PORT), sizeof(struct sockaddr_in)));
	show("bind again", bind(l, SIN("127.0.0.1", PORT + 1), sizeof(struct sockaddr_in)));
	int l2 = socket(AF_INET, SOCK_STREAM, 0);
	show("bind same port, 0.0.0.0", bind(l2, SIN("0.0.0.0", PORT), sizeof(struct sockaddr_in)));
	show("bind a foreign address", bind(l2, SIN("192.0.2.1", PORT), sizeof(struct sockaddr_in)));
	show("listen", listen(l, 5));
	show("listen again (new backlog)", listen(l, 10));
	show("connect on a listener", connect(l, SIN("127.0.0.1", PORT), sizeof(struct sockaddr_in)));
	show("read on a listener", read(l, &c, 1));
	fcntl(l, F_SETFL, O_NONBLOCK);
	show("accept, nothing waiting", accept(l, NULL, NULL));
	p = (struct pollfd){ l, POLLIN | POLLOUT, 0 };
	show("poll idle listener", poll(&p, 1, 0));
	close(l2);

	/* listen on an unbound socket: bound to an ephemeral port first */
	int l3 = socket(AF_INET, SOCK_STREAM, 0);
	show("listen unbound", listen(l3, 1));
	show_sockname("autobound listener", l3);

	int cfd = tcp_client(PORT);
	show("connect", cfd >= 0 ? 0 : -1);
	p = (struct pollfd){ l, POLLIN, 0 };
	show("poll listener with a connection", poll(&p, 1, 1000));
	int s = accept(l, NULL, NULL);
	show("accept", s >= 0 ? 0 : -1);
	show("connect again", connect(cfd, SIN("127.0.0.1", PORT), sizeof(struct sockaddr_in)));
	show("listen on a connected socket", listen(cfd, 1));
	show("bind a connected socket", bind(cfd, SIN("127.0.0.1", 0), sizeof(struct sockaddr_in)));
	show("send MSG_OOB", send(cfd, "x", 1, MSG_OOB) > 0 ? 1 : -1);
	show("write 0 bytes", write(cfd, &c, 0));
	p = (struct pollfd){ cfd, POLLIN | POLLOUT, 0 };
	show("poll connected", poll(&p, 1, 0));
	printf("connected revents: %#x\n", p.revents);
	close(cfd);
	close(s);
	close(l3);
	close(l);
	return sock_test_exit();
}
