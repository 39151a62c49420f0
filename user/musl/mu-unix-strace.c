/*
 * mu-unix-strace - socket calls for the strace comparison
 * (tests/strace.tests): families, types and flags, AF_UNIX path, abstract
 * and automatic addresses, shutdown modes, an int option, message flags,
 * and errors, each decoded in the line as Debian's strace decodes it. It
 * prints nothing itself.
 */
#define _GNU_SOURCE
#include <stddef.h>

#include "mu-sock.h"

#define PATH "/tmp/mu-unix-strace.sock"

int main(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = PATH };
	struct sockaddr_un ab = { .sun_family = AF_UNIX, .sun_path = "\0mu-strace" };
	socklen_t ablen = offsetof(struct sockaddr_un, sun_path) + 10;
	int sv[2], one = 1;
	char buf[16];

	unlink(PATH);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	socket(1000, SOCK_STREAM, 0);
	socket(AF_UNIX, 11, 0);
	socket(AF_UNIX, SOCK_SEQPACKET, 5);
	socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv);
	bind(s, (struct sockaddr *)&a, sizeof(a));
	listen(s, 5);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof(a));
	int n = accept4(s, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	accept4(s, NULL, NULL, SOCK_NONBLOCK);
	sendto(c, "hello", 5, MSG_DONTWAIT | MSG_NOSIGNAL, NULL, 0);
	recvfrom(n, buf, sizeof(buf), 0, NULL, NULL);
	recvfrom(n, buf, sizeof(buf), MSG_DONTWAIT | MSG_PEEK, NULL, NULL);
	setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	setsockopt(c, 6, 1, &one, sizeof(one));
	shutdown(c, SHUT_WR);
	shutdown(c, 7);
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(d, (struct sockaddr *)&ab, ablen);
	int e = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(e, (struct sockaddr *)&(struct sockaddr_un){ .sun_family = AF_UNIX }, 2);
	sendto(e, "x", 1, 0, (struct sockaddr *)&ab, ablen);
	connect(e, (struct sockaddr *)&a, 1);
	close(n);
	close(c);
	close(s);
	unlink(PATH);
	return 0;
}
