/*
 * mu-udp-conn - connected UDP sockets: connect autobinds and fixes the
 * source address, send without an address goes to the peer and recv only
 * takes the peer's datagrams; a datagram to a closed port brings back an
 * ICMP port unreachable, which a connected socket reports as ECONNREFUSED
 * on its next call (recv, send, SO_ERROR, poll's POLLERR) and an
 * unconnected one ignores; connect(AF_UNSPEC) disconnects. Expected: the
 * reference Linux's results.
 */
#include <poll.h>

#include "mu-inet.h"

#define CLOSED_PORT 7301

static void wait_a_little(void) { sleep_ms(50); }

int main(void)
{
	sock_test_start();
	char buf[64];
	struct sockaddr_in closed = sin_of("127.0.0.1", CLOSED_PORT);

	/* ECONNREFUSED on recv. */
	int c = udp_socket();
	show("connect to a closed port", connect(c, SA(closed), sizeof(closed)));
	show_sockname("connected: name", c);
	struct sockaddr_in peer;
	socklen_t plen = sizeof(peer);
	show("getpeername", getpeername(c, SA(peer), &plen));
	show_addr("peer", &peer, plen);
	show("send", send(c, "hello", 5, 0));
	wait_a_little();
	struct pollfd p = { c, POLLIN | POLLOUT, 0 };
	show("poll", poll(&p, 1, 0));
	printf("poll revents: %#x\n", p.revents);
	show("recv after port unreachable", recv(c, buf, sizeof(buf), MSG_DONTWAIT));
	show("recv again", recv(c, buf, sizeof(buf), MSG_DONTWAIT));

	/* ECONNREFUSED on the next send. */
	show("send", send(c, "again", 5, 0));
	wait_a_little();
	show("send after port unreachable", send(c, "third", 5, 0));
	show("send again", send(c, "fourth", 6, 0));

	/* ECONNREFUSED through SO_ERROR. */
	wait_a_little();
	int err = -1;
	socklen_t elen = sizeof(err);
	show("getsockopt SO_ERROR", getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &elen));
	printf("SO_ERROR: %s\n", err ? errno_name(err) : "0");
	elen = sizeof(err);
	getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &elen);
	printf("SO_ERROR again: %s\n", err ? errno_name(err) : "0");

	/* Blocking recv wakes with the error. */
	show("send", send(c, "fifth", 5, 0));
	show("blocking recv", recv(c, buf, sizeof(buf), 0));

	/* Disconnect. */
	struct sockaddr unspec;
	memset(&unspec, 0, sizeof(unspec));
	unspec.sa_family = AF_UNSPEC;
	show("connect AF_UNSPEC", connect(c, &unspec, sizeof(unspec)));
	show_sockname("after disconnect: name", c);
	plen = sizeof(peer);
	show("getpeername after disconnect", getpeername(c, SA(peer), &plen));
	show("send without address after disconnect", send(c, "x", 1, 0));
	close(c);

	/* An unconnected socket never sees the error. */
	int u = udp_socket();
	show("unconnected sendto a closed port", sendto(u, "x", 1, 0, SA(closed), sizeof(closed)));
	wait_a_little();
	show("unconnected recv", recv(u, buf, sizeof(buf), MSG_DONTWAIT));
	elen = sizeof(err);
	getsockopt(u, SOL_SOCKET, SO_ERROR, &err, &elen);
	printf("unconnected SO_ERROR: %s\n", err ? errno_name(err) : "0");
	show("send without address, unconnected", send(u, "x", 1, 0));
	close(u);

	/* A connected socket takes only its peer's datagrams. */
	int srv = udp_bound("127.0.0.1", 7302);
	int other = udp_bound("127.0.0.1", 7303);
	int cl = udp_bound("127.0.0.1", 7304);
	struct sockaddr_in to_srv = sin_of("127.0.0.1", 7302), to_cl = sin_of("127.0.0.1", 7304);
	show("connect to 7302", connect(cl, SA(to_srv), sizeof(to_srv)));
	show("other sends to the client", sendto(other, "other", 5, 0, SA(to_cl), sizeof(to_cl)));
	show("server sends to the client", sendto(srv, "server", 6, 0, SA(to_cl), sizeof(to_cl)));
	wait_a_little();
	struct sockaddr_in from;
	socklen_t flen = sizeof(from);
	ssize_t n = recvfrom(cl, buf, sizeof(buf), MSG_DONTWAIT, SA(from), &flen);
	show("client recvfrom", n);
	if (n > 0)
		printf("client got: %.*s\n", (int)n, buf);
	show_addr("client got it from", &from, flen);
	show("client recv again", recv(cl, buf, sizeof(buf), MSG_DONTWAIT));
	show("other's datagram to a connected socket: other recv", recv(other, buf, sizeof(buf), MSG_DONTWAIT));
	show("send to the peer", send(cl, "to-server", 9, 0));
	flen = sizeof(from);
	n = recvfrom(srv, buf, sizeof(buf), MSG_DONTWAIT, SA(from), &flen);
	show("server recvfrom", n);
	show_addr("server got it from", &from, flen);
	show("sendto another address on a connected socket",
	     sendto(cl, "y", 1, 0, SIN("127.0.0.1", 7303), sizeof(struct sockaddr_in)));
	show("other recv", recv(other, buf, sizeof(buf), MSG_DONTWAIT));
	show("connect again to 7303", connect(cl, SIN("127.0.0.1", 7303), sizeof(struct sockaddr_in)));
	plen = sizeof(peer);
	getpeername(cl, SA(peer), &plen);
	show_addr("new peer", &peer, plen);
	show("write to the peer", write(cl, "by-write", 8));
	memset(buf, 0, sizeof(buf));
	show("read by the peer", read(other, buf, sizeof(buf)));
	printf("read: %s\n", buf);
	show("write on an unconnected socket", write(other, "x", 1));
	show("bind after connect", bind(cl, SIN("127.0.0.1", 7305), sizeof(struct sockaddr_in)));
	close(srv);
	close(other);
	close(cl);

	/* connect's checks. */
	c = udp_socket();
	struct sockaddr_in bad = sin_of("127.0.0.1", 7306);
	show("connect addrlen 15", connect(c, SA(bad), 15));
	show("connect addrlen 1", connect(c, SA(bad), 1));
	bad.sin_family = AF_INET6;
	show("connect family AF_INET6", connect(c, SA(bad), sizeof(bad)));
	show_sockname("after failed connects", c);
	show("connect to 255.255.255.255 (no route on lo alone)",
	     connect(c, SIN("255.255.255.255", 7306), sizeof(struct sockaddr_in)));
	show("connect to 0.0.0.0", connect(c, SIN("0.0.0.0", 7306), sizeof(struct sockaddr_in)));
	plen = sizeof(peer);
	getpeername(c, SA(peer), &plen);
	show_addr("peer of a connect to 0.0.0.0", &peer, plen);
	close(c);
	return sock_test_exit();
}
