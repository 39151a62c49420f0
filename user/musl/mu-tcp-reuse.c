/*
 * mu-tcp-reuse - TIME-WAIT and SO_REUSEADDR: the side that closes first
 * keeps its port in TIME-WAIT for 60 s; binding that port again fails
 * with EADDRINUSE, unless both the old socket (here the listener, whose
 * accepted connection inherits it) and the new one set SO_REUSEADDR.
 * Also: a port held by a listener stays refused even with SO_REUSEADDR,
 * and after the listener closes (no connection left) it is free.
 * Expected: the reference Linux's output.
 */
#include "mu-tcp.h"

#define PORT_REUSE 7151
#define PORT_PLAIN 7152
#define PORT_LISTEN 7153

static int bind_port(int port, int reuse)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (reuse)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof(reuse));
	int r = bind(fd, SIN("0.0.0.0", port), sizeof(struct sockaddr_in));
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

/* One connection to port, which the server's side closes first (its end
 * goes to TIME-WAIT); then the listener closes. */
static void leave_time_wait(int port, int reuse)
{
	int l = tcp_listener("0.0.0.0", port, 5, reuse);
	int c = tcp_client(port);
	int s = accept(l, NULL, NULL);
	close(s); /* active close: FIN first */
	char b;
	show("client reads end of file", read(c, &b, 1));
	close(c);
	close(l);
	sleep_ms(50);
}

int main(void)
{
	sock_test_start();
	int one = 1;

	leave_time_wait(PORT_REUSE, 1);
	show("TIME-WAIT (old had SO_REUSEADDR): bind without", bind_port(PORT_REUSE, 0));
	show("TIME-WAIT (old had SO_REUSEADDR): bind with", bind_port(PORT_REUSE, 1));
	int l = tcp_listener("0.0.0.0", PORT_REUSE, 5, 1);
	show("listen again on the port", l >= 0 ? 0 : -1);
	int c = tcp_client(PORT_REUSE);
	show("connect to the new listener", c >= 0 ? 0 : -1);
	close(c);
	close(l);

	leave_time_wait(PORT_PLAIN, 0);
	show("TIME-WAIT (old without): bind without", bind_port(PORT_PLAIN, 0));
	show("TIME-WAIT (old without): bind with", bind_port(PORT_PLAIN, 1));

	l = tcp_listener("0.0.0.0", PORT_LISTEN, 5, 1);
	show("listener's port: bind with SO_REUSEADDR", bind_port(PORT_LISTEN, 1));
	int two = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(two, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	close(l);
	show("after the listener closed: bind without", bind_port(PORT_LISTEN, 0));
	show("bind, two sockets with SO_REUSEADDR, first",
	     bind(two, SIN("0.0.0.0", PORT_LISTEN), sizeof(struct sockaddr_in)));
	int three = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(three, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	show("bind, two sockets with SO_REUSEADDR, second",
	     bind(three, SIN("0.0.0.0", PORT_LISTEN), sizeof(struct sockaddr_in)));
	show("listen on the first", listen(two, 1));
	show("listen on the second", listen(three, 1));
	close(two);
	close(three);
	return sock_test_exit();
}
