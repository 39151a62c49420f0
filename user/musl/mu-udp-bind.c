/*
 * mu-udp-bind - bind(2) on UDP sockets: EADDRINUSE for a port taken (by
 * the same address or the wildcard), shared with SO_REUSEADDR or
 * SO_REUSEPORT set on both, EADDRNOTAVAIL for an address not this
 * machine's, EINVAL when already bound or for a short address, the
 * ephemeral range for port 0 and for autobind (getsockname shows whether
 * the port is in range, never the number), and a port free again after
 * close. Expected: the reference Linux's results.
 */
#include "mu-inet.h"

static void show_bind(const char *what, int fd, const char *ip, int port)
{
	struct sockaddr_in a = sin_of(ip, port);
	show(what, bind(fd, SA(a), sizeof(a)));
}

static void reuse(const char *what, int opt)
{
	int one = 1;
	char label[128];
	int a = udp_socket(), b = udp_socket();
	setsockopt(a, SOL_SOCKET, opt, &one, sizeof(one));
	snprintf(label, sizeof(label), "%s: first bind", what);
	show_bind(label, a, "127.0.0.1", 7100 + opt);
	snprintf(label, sizeof(label), "%s: second without the option", what);
	show_bind(label, b, "127.0.0.1", 7100 + opt);
	setsockopt(b, SOL_SOCKET, opt, &one, sizeof(one));
	snprintf(label, sizeof(label), "%s: second with it", what);
	show_bind(label, b, "127.0.0.1", 7100 + opt);
	close(a);
	close(b);
}

int main(void)
{
	sock_test_start();
	int a = udp_socket(), b = udp_socket(), c = udp_socket();

	show_bind("bind 127.0.0.1:7050", a, "127.0.0.1", 7050);
	show_sockname("its name", a);
	show_bind("bind again (already bound)", a, "127.0.0.1", 7051);
	show_bind("already bound, non-local address", a, "192.0.2.1", 7051);
	show_bind("same address and port", b, "127.0.0.1", 7050);
	show_bind("0.0.0.0, same port", b, "0.0.0.0", 7050);
	show_bind("127.0.0.2, same port", b, "127.0.0.2", 7050);
	show_sockname("its name", b);
	show_bind("0.0.0.0 while 127.0.0.1 and .2 hold it", c, "0.0.0.0", 7050);
	close(c);

	c = udp_socket();
	show_bind("non-local 192.0.2.1", c, "192.0.2.1", 7052);
	show_bind("non-local 10.99.0.1", c, "10.99.0.1", 7052);
	show_bind("127.1.2.3 (all of 127/8 is local)", c, "127.1.2.3", 7052);
	show_sockname("its name", c);
	close(c);

	c = udp_socket();
	struct sockaddr_in s = sin_of("127.0.0.1", 7053);
	show("addrlen 15", bind(c, SA(s), 15));
	show("addrlen 0", bind(c, SA(s), 0));
	show("addrlen 2", bind(c, SA(s), 2));
	s.sin_family = AF_UNIX;
	show("family AF_UNIX", bind(c, SA(s), sizeof(s)));
	s.sin_family = AF_INET6;
	show("family AF_INET6", bind(c, SA(s), sizeof(s)));
	s.sin_family = AF_UNSPEC;
	show("family AF_UNSPEC, 127.0.0.1", bind(c, SA(s), sizeof(s)));
	struct sockaddr_in any = sin_of("0.0.0.0", 7053);
	any.sin_family = AF_UNSPEC;
	show("family AF_UNSPEC, 0.0.0.0", bind(c, SA(any), sizeof(any)));
	show_sockname("its name", c);
	close(c);

	/* Port 0: the kernel picks one in the ephemeral range. */
	c = udp_socket();
	show_bind("bind 127.0.0.1:0", c, "127.0.0.1", 0);
	show_sockname("its name", c);
	int p1 = port_of(c);
	int d = udp_socket();
	show_bind("bind 0.0.0.0:0", d, "0.0.0.0", 0);
	check("two port-0 binds get different ports", port_of(d) != p1);
	close(d);
	close(c);

	/* Autobind: sendto on an unbound socket. */
	c = udp_socket();
	struct sockaddr_in to = sin_of("127.0.0.1", 7099);
	show("sendto from an unbound socket", sendto(c, "x", 1, 0, SA(to), sizeof(to)));
	show_sockname("autobound", c);
	show_bind("bind after autobind", c, "127.0.0.1", 7054);
	close(c);

	/* Many ephemeral ports: all in range, all different. */
	enum { N = 64 };
	int fds[N], ports[N], in_range = 1, distinct = 1;
	for (int i = 0; i < N; i++) {
		fds[i] = udp_bound("0.0.0.0", 0);
		ports[i] = port_of(fds[i]);
		in_range &= ephemeral(ports[i]);
		for (int j = 0; j < i; j++)
			distinct &= ports[j] != ports[i];
	}
	check("64 ephemeral ports in 32768-60999", in_range);
	check("64 ephemeral ports all different", distinct);
	for (int i = 0; i < N; i++)
		close(fds[i]);

	reuse("SO_REUSEADDR", SO_REUSEADDR);
	reuse("SO_REUSEPORT", SO_REUSEPORT);

	/* Closing frees the port. */
	close(a);
	close(b);
	a = udp_socket();
	show_bind("127.0.0.1:7050 after close", a, "127.0.0.1", 7050);
	close(a);

	/* getpeername on an unconnected socket. */
	struct sockaddr_in peer;
	socklen_t plen = sizeof(peer);
	a = udp_socket();
	show("getpeername, not connected", getpeername(a, SA(peer), &plen));
	close(a);
	return sock_test_exit();
}
