/*
 * nc - netcat over IPv4: copies standard input to a socket and the
 * socket to standard output.
 *   nc [-u] [-w SECS] A.B.C.D PORT    connect (TCP; -u: UDP)
 *   nc -l -p PORT [-u] [-w SECS]      listen on 0.0.0.0:PORT; TCP takes
 *                                     one connection, UDP answers whoever
 *                                     sent the first datagram
 * At the end of standard input a TCP connection is shut down for writing
 * and nc reads on until the peer closes; the peer's end of file likewise
 * leaves standard input to be sent to the end (a half-closed connection
 * still carries the other way). UDP ends at the end of standard input
 * (or, listening, reads on). -w: give up after SECS seconds without traffic. Exits 0, or 1
 * on an error (the message names the call).
 */
#include <errno.h>
#include <minos_files.h>
#include <minos_net.h>
#include <minos_util.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

static char buf[65536];

static __attribute__((noreturn)) void fail(const char *what)
{
	dprintf(2, "nc: %s: %s\n", what, strerror(errno));
	exit(1);
}

static __attribute__((noreturn)) void usage(void)
{
	dprintf(2, "usage: nc [-u] [-w SECS] A.B.C.D PORT | nc -l -p PORT [-u] [-w SECS]\n");
	exit(1);
}

static int write_out(int fd, const char *p, long n)
{
	while (n > 0) {
		long w = write(fd, p, (size_t)n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

/* Copies both ways until both directions have ended (or, with udp and
 * !listening, until standard input ends). */
static int relay(int s, bool udp, bool listening, int wait_ms)
{
	bool in_open = true, sock_open = true;
	for (;;) {
		/* A negative fd is left out of poll. */
		struct pollfd p[2] = { { sock_open ? s : -1, POLLIN, 0 },
				       { in_open ? 0 : -1, POLLIN, 0 } };
		int r = poll(p, 2, wait_ms > 0 ? wait_ms : -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			fail("poll");
		if (r == 0)
			return 0; /* -w: quiet for too long */
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			long n = net_recvfrom(s, buf, sizeof(buf), 0, NULL, NULL);
			if (n < 0 && errno != EINTR)
				fail("recv");
			if (n == 0 && !udp) {
				sock_open = false;
				if (!in_open)
					return 0;
			}
			if (n > 0 && write_out(1, buf, n) < 0)
				fail("write");
		}
		if (in_open && (p[1].revents & (POLLIN | POLLHUP))) {
			long n = read(0, buf, sizeof(buf));
			if (n < 0 && errno != EINTR)
				fail("read");
			if (n == 0) {
				in_open = false;
				if (udp && !listening)
					return 0;
				if (!udp)
					net_shutdown(s, SHUT_WR);
				if (!udp && !sock_open)
					return 0;
			} else if (n > 0 && net_sendto(s, buf, (size_t)n, 0, NULL, 0) < 0) {
				fail("send");
			}
		}
	}
}

int main(int argc, char **argv)
{
	bool listen_mode = false, udp = false;
	long port = -1, wait_s = 0;
	int opt;
	while ((opt = getopt(argc, argv, "lup:w:")) != -1) {
		switch (opt) {
		case 'l': listen_mode = true; break;
		case 'u': udp = true; break;
		case 'p': port = atol(optarg); break;
		case 'w': wait_s = atol(optarg); break;
		default: usage();
		}
	}
	int type = udp ? SOCK_DGRAM : SOCK_STREAM;
	int wait_ms = (int)wait_s * 1000;
	int s = net_socket(AF_INET, type, 0);
	if (s < 0)
		fail("socket");
	if (listen_mode) {
		if (optind != argc || port < 0 || port > 65535)
			usage();
		int one = 1;
		net_setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		struct sockaddr_in a = net_sin(0, (unsigned short)port);
		if (net_bind(s, &a, sizeof(a)) < 0)
			fail("bind");
		if (udp) {
			/* The first datagram names the peer. */
			struct sockaddr_in from;
			unsigned flen = sizeof(from);
			long n = net_recvfrom(s, buf, sizeof(buf), 0, &from, &flen);
			if (n < 0)
				fail("recvfrom");
			if (write_out(1, buf, n) < 0)
				fail("write");
			if (net_connect(s, &from, flen) < 0)
				fail("connect");
			return relay(s, true, true, wait_ms);
		}
		if (net_listen(s, 1) < 0)
			fail("listen");
		int c = net_accept(s, NULL, NULL);
		if (c < 0)
			fail("accept");
		close(s);
		return relay(c, false, true, wait_ms);
	}
	unsigned addr;
	if (optind != argc - 2 || !net_parse_ip(argv[optind], &addr))
		usage();
	port = atol(argv[optind + 1]);
	if (port <= 0 || port > 65535)
		usage();
	struct sockaddr_in a = net_sin(addr, (unsigned short)port);
	if (net_connect(s, &a, sizeof(a)) < 0)
		fail("connect");
	return relay(s, udp, false, wait_ms);
}
